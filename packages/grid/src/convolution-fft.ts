import { type FftDirection, fftPlan } from "./fft.js";

/**
 * In-place FFT along `axis` of a row-major complex array of shape `shape` (interleaved layout),
 * transforming only the lines whose coordinates on the axes b < axis are below `active[b]`.
 * This prunes the zero-padded part of a (2n)^d convolution: going forward over axes d-1, ..., 0,
 * data is non-zero only where i_b < n_b on the axes not yet transformed; going backward over
 * axes 0, ..., d-1, only outputs with i_b < n_b are wanted. Cost O(lines * n log n), no allocation.
 */
export function prunedFftAxis(
  data: Float64Array,
  shape: readonly number[],
  active: readonly number[],
  axis: number,
  direction: FftDirection,
): void {
  const plan = fftPlan(shape[axis]);
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
  const block = stride * shape[axis];
  // outer coordinates: axes 0..axis-1, restricted to active[b]
  if (axis === 0) {
    for (let inner = 0; inner < stride; inner++) plan.transformLine(data, inner, stride, direction);
    return;
  }
  if (axis === 1) {
    for (let i0 = 0; i0 < active[0]; i0++) {
      const base = i0 * block;
      for (let inner = 0; inner < stride; inner++) {
        plan.transformLine(data, base + inner, stride, direction);
      }
    }
    return;
  }
  // axis === 2 (d = 3)
  const block1 = block * shape[1];
  for (let i0 = 0; i0 < active[0]; i0++) {
    for (let i1 = 0; i1 < active[1]; i1++) {
      const base = i0 * block1 + i1 * block;
      for (let inner = 0; inner < stride; inner++) {
        plan.transformLine(data, base + inner, stride, direction);
      }
    }
  }
}

/** Forward FFT of a zero-padded array whose data lies in the corner i_b < active[b]. */
export function paddedForward(
  data: Float64Array,
  shape: readonly number[],
  active: readonly number[],
): void {
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    prunedFftAxis(data, shape, active, axis, "forward");
  }
}

/** Inverse FFT computing only the outputs in the corner i_b < active[b] correctly. */
export function cornerInverse(
  data: Float64Array,
  shape: readonly number[],
  active: readonly number[],
): void {
  for (let axis = 0; axis < shape.length; axis++) {
    prunedFftAxis(data, shape, active, axis, "inverse");
  }
}
