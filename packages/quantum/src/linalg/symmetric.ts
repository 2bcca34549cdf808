import { ParameterError } from "@semiclassical/grid";
import { tridiagonalEigenvectors } from "./inverse-iteration.js";
import {
  requireOrder,
  scaledTridiagonalSpectrum,
  tridiagonalQL,
  zeroMatrixEigen,
} from "./tridiagonal.js";
import type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";

/**
 * Real Householder reduction of the symmetric matrix in the lower triangle of `a` (row-major
 * n x n) to tridiagonal T = Q^T A Q, Q = H_0 ... H_{n-2}, H_k = I - tau_k v v^T, v_{k+1} = 1,
 * v_i stored over a[i][k] (i >= k + 2) (LAPACK dsytd2 lower, EISPACK tred1). The rank-2 update
 * of step k is fused with the matrix-vector product of step k + 1 (one memory sweep per step).
 * Cost ~ (4/3) n^3 flops; allocates 8 n doubles.
 */
function tridiagonalizeReal(
  n: number,
  a: Float64Array,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  tau: Float64Array,
): void {
  diagonal[0] = a[0];
  if (n === 1) return;
  let v = new Float64Array(n);
  let u = new Float64Array(n);
  let p = new Float64Array(n);
  let q = new Float64Array(n);
  const w = new Float64Array(n);
  const reflect = (c: number, out: Float64Array) => {
    const s = c + 1;
    const alpha = a[s * n + c];
    let tail2 = 0;
    for (let i = s + 1; i < n; i++) tail2 += a[i * n + c] * a[i * n + c];
    out[s] = 1;
    if (tail2 === 0) {
      tau[c] = 0;
      offDiagonal[c] = alpha;
      for (let i = s + 1; i < n; i++) out[i] = 0;
      return;
    }
    let beta = Math.sqrt(alpha * alpha + tail2);
    if (alpha >= 0) beta = -beta;
    tau[c] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = s + 1; i < n; i++) {
      const y = a[i * n + c] * scale;
      a[i * n + c] = y;
      out[i] = y;
    }
    offDiagonal[c] = beta;
  };
  const sweep = (start: number, vv: Float64Array, uu: Float64Array, pp: Float64Array) => {
    for (let i = start; i < n; i++) {
      const vI = vv[i];
      const wI = w[i];
      const uI = uu[i];
      let acc = 0;
      let idx = i * n + start;
      for (let j = start; j < i; j++, idx++) {
        const x = a[idx] - (vI * w[j] + wI * vv[j]);
        a[idx] = x;
        acc += x * uu[j];
        pp[j] += x * uI;
      }
      const x = a[idx] - 2 * vI * wI;
      a[idx] = x;
      pp[i] += acc + x * uI;
    }
  };
  reflect(0, v);
  sweep(1, u, v, p);
  for (let k = 0; k < n - 1; k++) {
    const s = k + 1;
    const t = tau[k];
    let dot = 0;
    for (let i = s; i < n; i++) {
      p[i] *= t;
      dot += p[i] * v[i];
    }
    const alpha = -0.5 * t * dot;
    for (let i = s; i < n; i++) w[i] = p[i] + alpha * v[i];
    const vS = v[s];
    const wS = w[s];
    for (let i = s; i < n; i++) a[i * n + s] -= v[i] * wS + w[i] * vS;
    diagonal[s] = a[s * n + s];
    if (s < n - 1) {
      reflect(s, u);
      q.fill(0);
      sweep(s + 1, v, u, q);
      [v, u] = [u, v];
      [p, q] = [q, p];
    }
  }
}

/**
 * Eigenvalues (ascending) and optionally eigenvectors of a real symmetric n x n matrix
 * (row-major; only the lower triangle j <= i is read). Householder tridiagonalization (tred1),
 * implicit-shift QL (tql1/tql2), back-transformation (trbak1). Backward stable:
 * |lambda_k - lambda~_k| <~ n eps_mach ||A||. Vectors: real row-major n x n, column k = unit
 * eigenvector for values[k]. Cost ~ (4/3) n^3 flops (values) + ~ 8 n^3 (vectors).
 * Allocates n^2 doubles (working copy; input untouched) + 4 n^2 for vectors.
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
  tridiagonalizeReal(n, a, diagonal, offDiagonal, tau);
  const { values, rows } = scaledTridiagonalSpectrum(n, diagonal, offDiagonal, scale, wantVectors);
  if (!rows) return { values };
  backTransformRows(n, a, tau, rows, n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) vectors[i * n + k] = rows[k * n + i];
  }
  return { values, vectors };
}

/**
 * X = Q Z for `count` eigenvectors z_r of T given as rows (row r = vector r), Q = H_0 ... H_{n-2}
 * from {@link tridiagonalizeReal}: z_r <- z_r - tau (v . z_r) v on entries k+1..n-1 for
 * k = n-2, ..., 0. The reflectors are packed contiguously (row k = v of H_k, v_{k+1} = 1) and
 * applied to blocks of 16 vectors at a time, so each block stays in cache while all reflectors
 * pass over it. Cost ~ 2 n^2 count flops; allocates n^2 doubles.
 */
function backTransformRows(
  n: number,
  a: Float64Array,
  tau: Float64Array,
  rows: Float64Array,
  count: number,
): void {
  const packed = new Float64Array(n * n);
  for (let k = 0; k < n - 1; k++) {
    packed[k * n + k + 1] = 1;
    for (let i = k + 2; i < n; i++) packed[k * n + i] = a[i * n + k];
  }
  const block = 16;
  for (let r0 = 0; r0 < count; r0 += block) {
    const r1 = Math.min(count, r0 + block);
    for (let k = n - 2; k >= 0; k--) {
      const t = tau[k];
      if (t === 0) continue;
      const v = k * n;
      for (let r = r0; r < r1; r++) {
        const row = r * n;
        let dot = 0;
        for (let i = k + 1; i < n; i++) dot += packed[v + i] * rows[row + i];
        const c = t * dot;
        for (let i = k + 1; i < n; i++) rows[row + i] -= c * packed[v + i];
      }
    }
  }
}

/**
 * All eigenvalues (ascending) of the real symmetric n x n matrix in the lower triangle of `data`
 * (row-major, finite, not all zero: the caller's checks) and unit eigenvectors of the `count`
 * lowest, vector-major (vector k at k n). Householder tridiagonalization (tred1), eigenvalues by
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
  tridiagonalizeReal(n, a, diagonal, offDiagonal, tau);
  const d = diagonal.slice();
  const e = offDiagonal.slice();
  tridiagonalQL(n, d, e);
  const values = d.sort();
  const rows = tridiagonalEigenvectors(diagonal, offDiagonal, values, count);
  backTransformRows(n, a, tau, rows, count);
  for (let k = 0; k < n; k++) values[k] *= scale;
  return { values, vectors: rows };
}
