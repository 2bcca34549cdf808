import { type FftDirection, type FftPlan, fftPlan } from "./fft.js";

/** Lines transformed together along a strided axis (gathered into contiguous buffers). */
const BLOCK = 16;

/**
 * FFTs of a zero-padded row-major complex array of shape `shape` (= 2n per axis for the
 * convolutions) whose data lives in the corner i_b < active[b]. Transforms skip the lines that are
 * known to be zero (forward) or whose outputs are not wanted (inverse): going forward over axes
 * d-1, ..., 0, data is non-zero only where i_b < n_b on the axes not yet transformed; going
 * backward over axes 0, ..., d-1, only outputs with i_b < n_b are kept. Strided axes are done
 * BLOCK lines at a time through contiguous buffers (cache-friendly gathers). Buffers and plans are
 * allocated once here; transforms allocate nothing.
 */
export class PaddedFft {
  private readonly shape: readonly number[];
  private readonly plans: FftPlan[];
  private readonly strides: number[];
  private readonly inputs: Float64Array[][];
  private readonly outputs: Float64Array[][];
  /** Per axis: offsets of the line blocks to transform (axes before it restricted to active). */
  private readonly outerOffsets: Int32Array[];

  constructor(shape: readonly number[], active: readonly number[]) {
    this.shape = shape;
    this.plans = shape.map((n) => fftPlan(n));
    this.strides = shape.map((_, axis) => {
      let stride = 1;
      for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
      return stride;
    });
    const views = (n: number) => {
      const buffer = new Float64Array(2 * n * BLOCK);
      return Array.from({ length: BLOCK }, (_, b) => buffer.subarray(2 * n * b, 2 * n * (b + 1)));
    };
    this.inputs = shape.map((n) => views(n));
    this.outputs = shape.map((n) => views(n));
    this.outerOffsets = shape.map((_, axis) => {
      let count = 1;
      for (let a = 0; a < axis; a++) count *= active[a];
      const offsets = new Int32Array(count);
      for (let o = 0; o < count; o++) {
        let rest = o;
        let base = 0;
        for (let a = axis - 1; a >= 0; a--) {
          const i = rest % active[a];
          rest = (rest - i) / active[a];
          base += i * this.strides[a];
        }
        offsets[o] = base;
      }
      return offsets;
    });
  }

  /** Forward transform of the padded array (data in the corner). */
  forward(data: Float64Array): void {
    for (let axis = this.shape.length - 1; axis >= 0; axis--) this.axis(data, axis, "forward");
  }

  /** Inverse transform, correct on the corner i_b < active[b] only. */
  inverse(data: Float64Array): void {
    for (let axis = 0; axis < this.shape.length; axis++) this.axis(data, axis, "inverse");
  }

  private axis(data: Float64Array, axis: number, direction: FftDirection): void {
    const stride = this.strides[axis];
    for (const base of this.outerOffsets[axis]) {
      if (stride === 1) {
        this.contiguous(data, base, axis, direction);
      } else {
        for (let inner = 0; inner < stride; inner += BLOCK) {
          this.strided(
            data,
            base + inner,
            Math.min(BLOCK, stride - inner),
            stride,
            axis,
            direction,
          );
        }
      }
    }
  }

  private contiguous(
    data: Float64Array,
    offset: number,
    axis: number,
    direction: FftDirection,
  ): void {
    const n = this.shape[axis];
    const input = this.inputs[axis][0];
    const output = this.outputs[axis][0];
    const start = 2 * offset;
    for (let i = 0; i < 2 * n; i++) input[i] = data[start + i];
    this.plans[axis].transform(input, output, direction);
    for (let i = 0; i < 2 * n; i++) data[start + i] = output[i];
  }

  private strided(
    data: Float64Array,
    offset: number,
    count: number,
    stride: number,
    axis: number,
    direction: FftDirection,
  ): void {
    const n = this.shape[axis];
    const inputs = this.inputs[axis];
    const outputs = this.outputs[axis];
    for (let j = 0; j < n; j++) {
      const p = 2 * (offset + j * stride);
      for (let b = 0; b < count; b++) {
        const line = inputs[b];
        line[2 * j] = data[p + 2 * b];
        line[2 * j + 1] = data[p + 2 * b + 1];
      }
    }
    const plan = this.plans[axis];
    for (let b = 0; b < count; b++) plan.transform(inputs[b], outputs[b], direction);
    for (let j = 0; j < n; j++) {
      const p = 2 * (offset + j * stride);
      for (let b = 0; b < count; b++) {
        const line = outputs[b];
        data[p + 2 * b] = line[2 * j];
        data[p + 2 * b + 1] = line[2 * j + 1];
      }
    }
  }
}
