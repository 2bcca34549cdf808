/**
 * Back-transformation of eigenvectors of the tridiagonal T to those of A = Q T Q^* after the
 * blocked reductions (blocked-tridiagonal.ts): x = Q z = H_0 H_1 ... H_{n-2} z, each
 * H_k = I - tau_k v_k v_k^* applied as z <- z - tau_k (v_k^* z) v_k (LAPACK zunmtr / dormtr,
 * EISPACK htribk / trbak1), on blocks of 32 vectors at a time with the SIMD kernels dots and
 * rank1 (complex) or dotsReal and rank1Real (dense-kernels.ts).
 * @internal
 */
import { kernelsFor } from "./blocked-tridiagonal.js";
import type { DenseKernels } from "./dense-kernels.js";

/** Vectors per block: 32 x n doubles (256 KiB at n = 1024) stay in cache for all reflectors. */
const VECTOR_BLOCK = 32;

/**
 * rows[r] <- Q rows[r] for the `count` vectors stored as rows (row r at r n), Q from the
 * reflectors reduceSymmetric left in the lower triangle of `a` (v_i at a[i][k], i >= k + 2,
 * v_{k+1} = 1) and tau. Cost ~ 2 n^2 count flops; allocates (reuses) a workspace of
 * n^2 + 33 n doubles.
 */
export function backTransformSymmetricRows(
  n: number,
  a: Float64Array,
  tau: Float64Array,
  rows: Float64Array,
  count: number,
  kernels?: DenseKernels,
): void {
  if (n < 2 || count === 0) return;
  const ld = n;
  const P = 0;
  const Z = P + (n - 1) * ld;
  const C = Z + VECTOR_BLOCK * ld;
  const [k, h] = kernelsFor(C + VECTOR_BLOCK, kernels);
  // Packed reflectors: row k holds v_i of H_k (i = k+1..n-1), contiguous.
  for (let r = 0; r < n - 1; r++) {
    h[P + r * ld + r + 1] = 1;
    for (let i = r + 2; i < n; i++) h[P + r * ld + i] = a[i * n + r];
  }
  for (let r0 = 0; r0 < count; r0 += VECTOR_BLOCK) {
    const m = Math.min(VECTOR_BLOCK, count - r0);
    h.set(rows.subarray(r0 * n, (r0 + m) * n), Z);
    for (let r = n - 2; r >= 0; r--) {
      const t = tau[r];
      if (t === 0) continue;
      const v = P + r * ld;
      k.dotsReal(ld, r + 1, n, m, Z, v, C);
      for (let q = 0; q < m; q++) h[C + q] *= t;
      k.rank1Real(ld, r + 1, n, m, Z, C, v);
    }
    rows.set(h.subarray(Z, Z + m * n), r0 * n);
  }
}

/**
 * X = Q Z for the complex reduction (reduceHermitian): the eigenvectors z_r of the real T given
 * as rows (row r at r n), Q = H_0 ... H_{n-2} with H_k = I - tau_k v_k v_k^* from the reflectors
 * in the lower triangle of `a` (interleaved complex, v_i at a[i][k], i >= k + 2, v_{k+1} = 1)
 * and tau (2n): x_r <- x_r - tau_k (v_k^* x_r) v_k for k = n-2, ..., 0 (EISPACK htribk), 32
 * vectors at a time with the SIMD kernels dots and rank1. Returns X interleaved complex row-major
 * n x n, column r = x_r. Cost ~ 8 n^2 count flops; allocates 2 n^2 doubles (X) and (reuses) a
 * workspace of 2 n^2 + 66 n doubles.
 */
export function backTransformHermitianRows(
  n: number,
  a: Float64Array,
  tau: Float64Array,
  rows: Float64Array,
  kernels?: DenseKernels,
): Float64Array {
  const ld = n;
  const PR = 0;
  const PI = PR + (n - 1) * ld;
  const ZR = PI + (n - 1) * ld;
  const ZI = ZR + VECTOR_BLOCK * ld;
  const CR = ZI + VECTOR_BLOCK * ld;
  const CI = CR + VECTOR_BLOCK;
  const [k, h] = kernelsFor(CI + VECTOR_BLOCK, kernels);
  for (let r = 0; r < n - 1; r++) {
    h[PR + r * ld + r + 1] = 1;
    h[PI + r * ld + r + 1] = 0;
    for (let i = r + 2; i < n; i++) {
      h[PR + r * ld + i] = a[2 * (i * n + r)];
      h[PI + r * ld + i] = a[2 * (i * n + r) + 1];
    }
  }
  const x = new Float64Array(2 * n * n);
  for (let r0 = 0; r0 < n; r0 += VECTOR_BLOCK) {
    const m = Math.min(VECTOR_BLOCK, n - r0);
    h.set(rows.subarray(r0 * n, (r0 + m) * n), ZR);
    h.fill(0, ZI, ZI + m * ld);
    for (let r = n - 2; r >= 0; r--) {
      const tr = tau[2 * r];
      const ti = tau[2 * r + 1];
      if (tr === 0 && ti === 0) continue;
      const vr = PR + r * ld;
      const vi = PI + r * ld;
      // out_q = sum conj(x_q) v = conj(v^* x_q); coefficient tau (v^* x_q)
      k.dots(ld, r + 1, n, m, ZR, ZI, vr, vi, CR, CI);
      for (let q = 0; q < m; q++) {
        const or = h[CR + q];
        const oi = h[CI + q];
        h[CR + q] = tr * or + ti * oi;
        h[CI + q] = ti * or - tr * oi;
      }
      k.rank1(ld, r + 1, n, m, ZR, ZI, CR, CI, vr, vi);
    }
    for (let q = 0; q < m; q++) {
      const col = r0 + q;
      for (let i = 0; i < n; i++) {
        x[2 * (i * n + col)] = h[ZR + q * ld + i];
        x[2 * (i * n + col) + 1] = h[ZI + q * ld + i];
      }
    }
  }
  return x;
}
