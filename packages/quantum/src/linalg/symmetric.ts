import { ParameterError } from "@semiclassical/grid";
import { backTransformSymmetricRows } from "./back-transform.js";
import { reduceSymmetric } from "./blocked-tridiagonal.js";
import { tridiagonalEigenvectors } from "./inverse-iteration.js";
import {
  requireOrder,
  scaledTridiagonalSpectrum,
  tridiagonalQL,
  zeroMatrixEigen,
} from "./tridiagonal.js";
import type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";

/**
 * Eigenvalues (ascending) and optionally eigenvectors of a real symmetric n x n matrix
 * (row-major; only the lower triangle j <= i is read). Blocked Householder tridiagonalization
 * (LAPACK dsytrd, WebAssembly SIMD kernels where available), implicit-shift QL (tql1/tql2),
 * back-transformation (trbak1). Backward stable:
 * |lambda_k - lambda~_k| <~ n eps_mach ||A||. Vectors: real row-major n x n, column k = unit
 * eigenvector for values[k]. Cost ~ (4/3) n^3 flops (values) + ~ 8 n^3 (vectors).
 * Allocates n^2 doubles (working copy; input untouched) + a reduction workspace of ~n^2 doubles
 * (kept for reuse when it lives in WebAssembly memory) + 4 n^2 for vectors.
 */
export function symmetricEigen(
  n: number,
  data: ArrayLike<number>,
  options: { vectors: true },
): EigenResultWithVectors;
export function symmetricEigen(
  n: number,
  data: ArrayLike<number>,
  options?: EigenOptions,
): EigenResult;
export function symmetricEigen(
  n: number,
  data: ArrayLike<number>,
  options: EigenOptions = {},
): EigenResult {
  requireOrder(n);
  if (data.length !== n * n) {
    throw new ParameterError("data", `must hold n^2 = ${n * n} numbers, got ${data.length}`);
  }
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = Math.abs(data[i * n + j]);
      if (!(x <= scale)) scale = x;
    }
  }
  if (!Number.isFinite(scale)) {
    throw new ParameterError("data", "contains NaN or Infinity in its lower triangle");
  }
  const wantVectors = options.vectors === true;
  if (scale === 0) return zeroMatrixEigen(n, wantVectors, 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = data[i * n + j] / scale;
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const tau = new Float64Array(n);
  reduceSymmetric(n, a, diagonal, offDiagonal, tau);
  const { values, rows } = scaledTridiagonalSpectrum(n, diagonal, offDiagonal, scale, wantVectors);
  if (!rows) return { values };
  backTransformSymmetricRows(n, a, tau, rows, n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) vectors[i * n + k] = rows[k * n + i];
  }
  return { values, vectors };
}

/**
 * All eigenvalues (ascending) of the real symmetric n x n matrix in the lower triangle of `data`
 * (row-major, finite, not all zero: the caller's checks) and unit eigenvectors of the `count`
 * lowest, vector-major (vector k at k n). Blocked Householder tridiagonalization (dsytrd), eigenvalues by
 * implicit QL without vectors (tql1), eigenvectors of T by inverse iteration
 * ({@link tridiagonalEigenvectors}, LAPACK dstein) and back-transformation of those `count`
 * vectors only (the dsyevx route). Eigenvalues as accurate as {@link symmetricEigen}'s; the
 * vectors' residuals ~ eps_mach ||A|| (callers check them). Cost ~ (4/3) n^3 + 2 n^2 count flops
 * + O(n count^2) (against ~ 9.3 n^3 for all vectors); allocates 2 n^2 + count n doubles.
 * @internal
 */
export function lowestSymmetricEigenpairs(
  n: number,
  data: ArrayLike<number>,
  count: number,
): { values: Float64Array; vectors: Float64Array } {
  const reduction = symmetricReduction(n, data);
  return { values: reduction.values, vectors: reduction.lowestVectors(count) };
}

/**
 * The first half of {@link lowestSymmetricEigenpairs}: the reduction and all eigenvalues
 * (ascending), and a function giving the unit eigenvectors (vector-major) of the `count` lowest,
 * for callers that choose `count` from the values. Cost ~ (4/3) n^3 flops, then 2 n^2 count
 * + O(n count^2) per call of lowestVectors; holds n^2 doubles until released.
 * @internal
 */
export function symmetricReduction(
  n: number,
  data: ArrayLike<number>,
): { values: Float64Array; lowestVectors: (count: number) => Float64Array } {
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) scale = Math.max(scale, Math.abs(data[i * n + j]));
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = data[i * n + j] / scale;
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const tau = new Float64Array(n);
  reduceSymmetric(n, a, diagonal, offDiagonal, tau);
  const d = diagonal.slice();
  const e = offDiagonal.slice();
  tridiagonalQL(n, d, e);
  const scaled = d.sort();
  const values = scaled.map((x) => x * scale);
  const lowestVectors = (count: number): Float64Array => {
    if (count === 0) return new Float64Array(0);
    const rows = tridiagonalEigenvectors(diagonal, offDiagonal, scaled, count);
    backTransformSymmetricRows(n, a, tau, rows, count);
    return rows;
  };
  return { values, lowestVectors };
}
