/**
 * Kernels on blocks of real vectors (vector-major: vector k of length n at offset k n): inner
 * products, Gram matrices, linear combinations and orthonormalization, for the filtered subspace
 * iteration of lowestEigenstates. Internal (not exported from the package).
 */

/** Inner product <x_a, y_b> = sum_i x[a + i] y[b + i] of two length-n slices. Cost n. */
export function dot(x: Float64Array, a: number, b: number, n: number, y: Float64Array = x): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[a + i] * y[b + i];
  return s;
}

/**
 * out[k * count + l] = <x_k, y_l> for k, l < count (vectors of length n, vector-major), with 2 x 2
 * register blocking. If symmetric, only l <= k is computed and mirrored to l > k. Cost count^2 n (or half).
 */
export function gram(
  x: Float64Array,
  y: Float64Array,
  count: number,
  n: number,
  symmetric: boolean,
  out: Float64Array,
): void {
  for (let k = 0; k < count; k += 2) {
    const k1 = Math.min(k + 1, count - 1);
    const a0 = k * n;
    const a1 = k1 * n;
    const lEnd = symmetric ? k1 + 1 : count;
    for (let l = 0; l < lEnd; l += 2) {
      const l1 = Math.min(l + 1, count - 1);
      const b0 = l * n;
      const b1 = l1 * n;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let i = 0; i < n; i++) {
        const xa = x[a0 + i];
        const xb = x[a1 + i];
        const ya = y[b0 + i];
        const yb = y[b1 + i];
        s00 += xa * ya;
        s01 += xa * yb;
        s10 += xb * ya;
        s11 += xb * yb;
      }
      out[k * count + l] = s00;
      out[k * count + l1] = s01;
      out[k1 * count + l] = s10;
      out[k1 * count + l1] = s11;
    }
  }
  if (symmetric) {
    for (let k = 0; k < count; k++) {
      for (let l = 0; l < k; l++) out[l * count + k] = out[k * count + l];
    }
  }
}

/**
 * out_k = sum_l c[l * cols + k] y_l for k < cols (vector-major blocks), 4 outputs at a time.
 * Only rows l in [lFrom(k), count) are used when `upper` (c upper triangular: l <= k).
 * Cost count cols n.
 */
export function combine(
  y: Float64Array,
  c: Float64Array,
  count: number,
  cols: number,
  n: number,
  out: Float64Array,
  upper = false,
): void {
  out.fill(0, 0, cols * n);
  for (let k = 0; k < cols; k += 4) {
    const kk = Math.min(4, cols - k);
    const o0 = k * n;
    const o1 = (k + Math.min(1, kk - 1)) * n;
    const o2 = (k + Math.min(2, kk - 1)) * n;
    const o3 = (k + Math.min(3, kk - 1)) * n;
    const lEnd = upper ? Math.min(count, k + kk) : count;
    for (let l = 0; l < lEnd; l++) {
      const row = l * cols + k;
      const c0 = c[row];
      const c1 = kk > 1 ? c[row + 1] : 0;
      const c2 = kk > 2 ? c[row + 2] : 0;
      const c3 = kk > 3 ? c[row + 3] : 0;
      const b = l * n;
      if (kk === 4) {
        for (let i = 0; i < n; i++) {
          const v = y[b + i];
          out[o0 + i] += c0 * v;
          out[o1 + i] += c1 * v;
          out[o2 + i] += c2 * v;
          out[o3 + i] += c3 * v;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = y[b + i];
          out[o0 + i] += c0 * v;
          if (kk > 1) out[o1 + i] += c1 * v;
          if (kk > 2) out[o2 + i] += c2 * v;
        }
      }
    }
  }
}

/**
 * Cholesky QR: Y <- Y R^-1 with Y^T Y = R^T R. Returns false (Y untouched) if the Gram matrix is
 * not numerically positive definite. Cost ~ count^2 n + count^3/3.
 */
export function choleskyQR(y: Float64Array, count: number, n: number, work: Float64Array): boolean {
  const g = new Float64Array(count * count);
  gram(y, y, count, n, true, g);
  // R upper triangular, stored in g (row-major, R[k][l] for l >= k)
  for (let k = 0; k < count; k++) {
    let d = g[k * count + k];
    for (let m = 0; m < k; m++) d -= g[m * count + k] ** 2;
    if (!(d > 1e-15 * g[k * count + k])) return false;
    d = Math.sqrt(d);
    g[k * count + k] = d;
    for (let l = k + 1; l < count; l++) {
      let s = g[k * count + l];
      for (let m = 0; m < k; m++) s -= g[m * count + k] * g[m * count + l];
      g[k * count + l] = s / d;
    }
  }
  // inverse of R (upper triangular) into rinv
  const rinv = new Float64Array(count * count);
  for (let k = 0; k < count; k++) {
    rinv[k * count + k] = 1 / g[k * count + k];
    for (let l = k - 1; l >= 0; l--) {
      let s = 0;
      for (let m = l + 1; m <= k; m++) s += g[l * count + m] * rinv[m * count + k];
      rinv[l * count + k] = -s / g[l * count + l];
    }
  }
  // Y R^-1: column k = sum_{l <= k} rinv[l][k] y_l
  combine(y, rinv, count, count, n, work, true);
  y.set(work.subarray(0, count * n));
  return true;
}

/**
 * Orthonormalizes a block: Cholesky QR twice (CholQR2, orthogonal to round-off when cond(Y) <
 * 1e7), falling back to modified Gram-Schmidt twice when the Gram matrix is too ill-conditioned.
 */
export function orthonormalize(
  y: Float64Array,
  count: number,
  n: number,
  random: () => number,
  work: Float64Array,
): void {
  if (choleskyQR(y, count, n, work) && choleskyQR(y, count, n, work)) return;
  gramSchmidt(y, count, n, random);
}

/** Modified Gram-Schmidt, twice ("twice is enough"); refills collapsed vectors with noise. */
export function gramSchmidt(y: Float64Array, count: number, n: number, random: () => number): void {
  for (let k = 0; k < count; k++) {
    const a = k * n;
    const norm0 = Math.sqrt(dot(y, a, a, n));
    for (let pass = 0; pass < 2; pass++) {
      for (let l = 0; l < k; l++) {
        const b = l * n;
        const c = dot(y, a, b, n);
        for (let i = 0; i < n; i++) y[a + i] -= c * y[b + i];
      }
    }
    let norm = Math.sqrt(dot(y, a, a, n));
    if (!(norm > 1e-10 * norm0) || norm === 0) {
      for (let i = 0; i < n; i++) y[a + i] = random() - 0.5;
      k--; // redo this vector against the previous ones
      continue;
    }
    norm = 1 / norm;
    for (let i = 0; i < n; i++) y[a + i] *= norm;
  }
}
