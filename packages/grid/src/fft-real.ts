import { type ComplexArray, fftPlan } from "./fft.js";
import { activeKernel } from "./fft-wasm.js";
import { type LineLayout, lineLayout, requireLength, TILE } from "./line-batches.js";
import { requirePowerOfTwo } from "./validation.js";

/**
 * Half spectrum along one axis of a real row-major array (numpy.fft.rfft(values, axis=axis)):
 * values of shape (n_0, .., n_a, .., n_{d-1}) go to the interleaved complex array of shape
 * (n_0, .., n_a/2 + 1, .., n_{d-1}) holding X_k = sum_j x_j e^{-2 pi i j k / n_a} along the axis,
 * k = 0 .. n_a/2 (X_{n_a-k} = conj X_k gives the rest). n_a a power of two >= 2.
 * The last axis goes through {@link FftPlan.forwardRealRows} (one complex FFT of size n/2 per
 * line); another axis, with the WebAssembly kernel and an even number of lines per block, two
 * neighbouring lines at a time as the real and imaginary parts of one complex line (transformed
 * 16 at a time in the kernel, then separated by a SIMD pass); otherwise TILE lines gathered into
 * rows. Cost O(size log n_a); allocates the result unless `out` (2 * halfSize doubles) is given,
 * and about 2 TILE n doubles of gather tiles on the last path.
 */
export function realFftAxis(
  values: Float64Array,
  shape: readonly number[],
  axis: number,
  out?: ComplexArray,
): ComplexArray {
  const layout = realLayout(values, shape, axis);
  const { n, stride } = layout;
  const half = n / 2 + 1;
  const halfSize = (layout.size / n) * half;
  const result = out ?? new Float64Array(2 * halfSize);
  requireLength(
    "out",
    result,
    2 * halfSize,
    `shape [${shape.join(", ")}] with n/2 + 1 on axis ${axis}, complex`,
  );
  const plan = fftPlan(n);
  if (stride === 1) {
    plan.forwardRealRows(values, result, layout.lines);
    return result;
  }
  const kernel = activeKernel();
  let tiles: RealTiles | undefined;
  for (let o = 0; o * n * stride < layout.size; o++) {
    const inOffset = o * n * stride;
    const outOffset = o * half * stride;
    if (stride % 2 === 0 && kernel?.realLines(values, inOffset, result, outOffset, n, stride)) {
      continue;
    }
    tiles ??= realTiles(n);
    for (let inner = 0; inner < stride; inner += TILE) {
      const width = Math.min(TILE, stride - inner);
      for (let j = 0; j < n; j++) {
        const p = inOffset + j * stride + inner;
        for (let t = 0; t < width; t++) tiles.real[t * n + j] = values[p + t];
      }
      plan.forwardRealRows(tiles.real, tiles.half, width);
      for (let k = 0; k < half; k++) {
        const p = 2 * (outOffset + k * stride + inner);
        for (let t = 0; t < width; t++) {
          result[p + 2 * t] = tiles.half[2 * (t * half + k)];
          result[p + 2 * t + 1] = tiles.half[2 * (t * half + k) + 1];
        }
      }
    }
  }
  return result;
}

/**
 * The inverse of {@link realFftAxis} (numpy.fft.irfft(half, n_a, axis=axis)): `half` has the
 * shape of the real array `shape` with n_a/2 + 1 on `axis` (interleaved complex); the result
 * (shape `shape`) holds x_j = (1/n_a) sum_{k<n_a} X_k e^{+2 pi i j k / n_a} along the axis with
 * X_{n_a-k} = conj X_k (imaginary parts of X_0 and X_{n_a/2} ignored), so
 * inverseRealFftAxis(realFftAxis(x)) = x. Same paths and cost as {@link realFftAxis}; `half` is
 * unchanged; allocates the result unless `out` (size doubles) is given.
 */
export function inverseRealFftAxis(
  half: ComplexArray,
  shape: readonly number[],
  axis: number,
  out?: Float64Array,
): Float64Array {
  const layout = lineLayout(shape, axis);
  const { n, stride } = layout;
  requirePowerOfTwo(`shape[${axis}]`, n);
  const halfLength = n / 2 + 1;
  requireLength(
    "half",
    half,
    2 * (layout.size / n) * halfLength,
    `shape [${shape.join(", ")}] with n/2 + 1 on axis ${axis}, complex`,
  );
  const result = out ?? new Float64Array(layout.size);
  requireLength("out", result, layout.size, `shape [${shape.join(", ")}]`);
  const plan = fftPlan(n);
  if (stride === 1) {
    plan.inverseRealRows(half, result, layout.lines);
    return result;
  }
  const kernel = activeKernel();
  let tiles: RealTiles | undefined;
  for (let o = 0; o * n * stride < layout.size; o++) {
    const inOffset = o * halfLength * stride;
    const outOffset = o * n * stride;
    if (
      stride % 2 === 0 &&
      kernel?.realInverseLines(half, inOffset, result, outOffset, n, stride)
    ) {
      continue;
    }
    tiles ??= realTiles(n);
    for (let inner = 0; inner < stride; inner += TILE) {
      const width = Math.min(TILE, stride - inner);
      for (let k = 0; k < halfLength; k++) {
        const p = 2 * (inOffset + k * stride + inner);
        for (let t = 0; t < width; t++) {
          tiles.half[2 * (t * halfLength + k)] = half[p + 2 * t];
          tiles.half[2 * (t * halfLength + k) + 1] = half[p + 2 * t + 1];
        }
      }
      plan.inverseRealRows(tiles.half, tiles.real, width);
      for (let j = 0; j < n; j++) {
        const p = outOffset + j * stride + inner;
        for (let t = 0; t < width; t++) result[p + t] = tiles.real[t * n + j];
      }
    }
  }
  return result;
}

interface RealTiles {
  readonly real: Float64Array;
  readonly half: Float64Array;
}

/** Gather tiles of TILE lines: n reals and n/2 + 1 complex numbers each. */
function realTiles(n: number): RealTiles {
  return {
    real: new Float64Array(TILE * n),
    half: new Float64Array(2 * TILE * (n / 2 + 1)),
  };
}

function realLayout(values: Float64Array, shape: readonly number[], axis: number): LineLayout {
  const layout = lineLayout(shape, axis);
  requirePowerOfTwo(`shape[${axis}]`, layout.n);
  requireLength("values", values, layout.size, `shape [${shape.join(", ")}]`);
  return layout;
}
