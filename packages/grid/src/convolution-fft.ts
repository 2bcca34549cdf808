import { type FftDirection, type FftPlan, fftPlan } from "./fft.js";

/**
 * FFTs of a zero-padded row-major complex array of shape `shape` (= 2n per axis for the
 * convolutions) whose data lives in the corner i_b < active[b]. Transforms skip the lines that are
 * known to be zero (forward) or whose outputs are not wanted (inverse): going forward over axes
 * d-1, ..., 0, data is non-zero only where i_b < n_b on the axes not yet transformed; going
 * backward over axes 0, ..., d-1, only outputs with i_b < n_b are kept. Strided axes go through
 * {@link FftPlan.transformLines} (16 lines gathered at a time, the same path as fftAxis). Plans are
 * made here; transforms allocate nothing (after a plan's first strided use).
 */
export class PaddedFft {
  private readonly plans: FftPlan[];
  private readonly strides: number[];
  /** Per axis: offsets of the line blocks to transform (axes before it restricted to active). */
  private readonly outerOffsets: Int32Array[];

  private readonly transformed: number;

  /** `transformedAxes`: only axes 0..transformedAxes-1 are transformed (default: all). */
  constructor(shape: readonly number[], active: readonly number[], transformedAxes = shape.length) {
    this.transformed = transformedAxes;
    // plans only for the transformed axes (others may have any length)
    const transformed = (n: number, axis: number) => (axis < transformedAxes ? n : 2);
    this.plans = shape.map((n, axis) => fftPlan(transformed(n, axis)));
    this.strides = shape.map((_, axis) => {
      let stride = 1;
      for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
      return stride;
    });
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
    for (let axis = this.transformed - 1; axis >= 0; axis--) this.axis(data, axis, "forward");
  }

  /** Inverse transform, correct on the corner i_b < active[b] only. */
  inverse(data: Float64Array): void {
    for (let axis = 0; axis < this.transformed; axis++) this.axis(data, axis, "inverse");
  }

  private axis(data: Float64Array, axis: number, direction: FftDirection): void {
    const stride = this.strides[axis];
    for (const base of this.outerOffsets[axis]) {
      if (stride === 1) this.plans[axis].transformLine(data, base, 1, direction);
      else this.plans[axis].transformLines(data, base, stride, stride, direction);
    }
  }
}

/**
 * Real-to-complex and complex-to-real versions of {@link PaddedFft} for d >= 2: a real array on
 * the grid (shape n, row-major), zero-padded to 2n per axis, is transformed into the half
 * spectrum of shape (2n_0, ..., 2n_{d-2}, n_{d-1} + 1) (Hermitian symmetry gives the rest). The
 * last axis is done two rows at a time (rows r, r' as real and imaginary part of one complex
 * FFT, then separated), so a convolution costs about half of the complex one. Buffers allocated
 * once here.
 */
export class RealPaddedFft {
  /** Shape of the half spectrum. */
  readonly halfShape: readonly number[];
  /** Number of complex values in the half spectrum. */
  readonly halfSize: number;
  private readonly grid: readonly number[];
  private readonly leading: PaddedFft;
  private readonly rowPlan: FftPlan;
  private readonly line: Float64Array;
  private readonly transformedLine: Float64Array;
  /** Per row of the grid: offset (in complex units) of that row in the half spectrum. */
  private readonly rowOffsets: Int32Array;

  constructor(grid: readonly number[]) {
    const d = grid.length;
    const last = grid[d - 1];
    this.grid = grid;
    this.halfShape = [...grid.slice(0, d - 1).map((n) => 2 * n), last + 1];
    this.halfSize = this.halfShape.reduce((p, n) => p * n, 1);
    this.leading = new PaddedFft(this.halfShape, grid, d - 1);
    this.rowPlan = fftPlan(2 * last);
    this.line = new Float64Array(4 * last);
    this.transformedLine = new Float64Array(4 * last);
    const rows = grid.slice(0, d - 1).reduce((p, n) => p * n, 1);
    this.rowOffsets = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      this.rowOffsets[row] = paddedRowIndex(row, grid) * (last + 1);
    }
  }

  /** Half spectrum of the zero-padded real array `values` (grid shape) into `half`. */
  forward(values: Float64Array, half: Float64Array): void {
    const last = this.grid[this.grid.length - 1];
    const size = 2 * last;
    const line = this.line;
    const z = this.transformedLine;
    half.fill(0);
    for (let row = 0; row < this.rowOffsets.length; row += 2) {
      const a = row * last;
      const b = a + last;
      for (let j = 0; j < last; j++) {
        line[2 * j] = values[a + j];
        line[2 * j + 1] = values[b + j];
      }
      line.fill(0, 2 * last);
      this.rowPlan.transform(line, z, "forward");
      const outA = 2 * this.rowOffsets[row];
      const outB = 2 * this.rowOffsets[row + 1];
      for (let k = 0; k <= last; k++) {
        const m = k === 0 ? 0 : size - k;
        const re = z[2 * k];
        const im = z[2 * k + 1];
        const reM = z[2 * m];
        const imM = z[2 * m + 1];
        // X_a = (Z_k + conj Z_-k)/2, X_b = (Z_k - conj Z_-k)/(2i)
        half[outA + 2 * k] = 0.5 * (re + reM);
        half[outA + 2 * k + 1] = 0.5 * (im - imM);
        half[outB + 2 * k] = 0.5 * (im + imM);
        half[outB + 2 * k + 1] = 0.5 * (reM - re);
      }
    }
    this.leading.forward(half);
  }

  /**
   * Real array (grid shape) from a Hermitian half spectrum: the corner i_b < n_b of the inverse
   * zero-padded transform. Overwrites `half`.
   */
  inverse(half: Float64Array, out: Float64Array): void {
    this.leading.inverse(half);
    const last = this.grid[this.grid.length - 1];
    const size = 2 * last;
    const line = this.line;
    const z = this.transformedLine;
    for (let row = 0; row < this.rowOffsets.length; row += 2) {
      const inA = 2 * this.rowOffsets[row];
      const inB = 2 * this.rowOffsets[row + 1];
      for (let k = 0; k <= last; k++) {
        const aRe = half[inA + 2 * k];
        const aIm = half[inA + 2 * k + 1];
        const bRe = half[inB + 2 * k];
        const bIm = half[inB + 2 * k + 1];
        // Z_k = A_k + i B_k; Z_{-k} = conj(A_k) + i conj(B_k)
        line[2 * k] = aRe - bIm;
        line[2 * k + 1] = aIm + bRe;
        if (k > 0 && k < last) {
          line[2 * (size - k)] = aRe + bIm;
          line[2 * (size - k) + 1] = bRe - aIm;
        }
      }
      this.rowPlan.transform(line, z, "inverse");
      const a = row * last;
      const b = a + last;
      for (let j = 0; j < last; j++) {
        out[a + j] = z[2 * j];
        out[b + j] = z[2 * j + 1];
      }
    }
  }
}

/**
 * Row `row` of a grid of shape n (rows = all axes but the last, row-major) as a row index of the
 * zero-padded grid of shape 2n: the same multi-index on the leading axes.
 */
export function paddedRowIndex(row: number, n: readonly number[]): number {
  let rest = row;
  let paddedRow = 0;
  let scale = 1;
  for (let a = n.length - 2; a >= 0; a--) {
    const i = rest % n[a];
    rest = (rest - i) / n[a];
    paddedRow += i * scale;
    scale *= 2 * n[a];
  }
  return paddedRow;
}
