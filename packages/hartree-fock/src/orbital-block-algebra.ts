/**
 * The K x K linear algebra of the adaptively compressed exchange (compressed-exchange.ts): the
 * Gram-type inner products <a_k, b_l> of two orbital blocks (2 x 2 register blocking, also by
 * row blocks for the thread team) and a pivoted LU factorization and solve of the complex K x K
 * midpoint system. Internal to the package except `innerProducts`.
 */
import type { Grid } from "@semiclassical/grid";

/**
 * P_kl = <a_k, b_l> = sum_i conj(a_k(x_i)) b_l(x_i) dx^d for K vectors each (interleaved complex,
 * K x K row-major interleaved out). With `hermitian`, only blocks with l >= k are computed and
 * the lower triangle is set to P_lk = conj(P_kl), the diagonal made real (exact Hermitian
 * symmetry). 2 x 2 register blocking. Cost M K^2 complex multiply-adds (about half Hermitian).
 */
export function innerProducts(
  grid: Grid,
  a: Float64Array,
  b: Float64Array,
  count: number,
  out: Float64Array,
  hermitian: boolean,
): Float64Array {
  innerProductBlocks(grid, a, b, count, out, hermitian, 0, Math.ceil(count / 2));
  if (hermitian) hermitianMirror(out, count);
  return out;
}

/**
 * The rows k = 2r, 2r + 1 (r in [begin, end)) of {@link innerProducts} (with `hermitian`, only
 * l >= k and no mirror). Cost M (K - 2 begin) complex multiply-adds per block pair of rows.
 */
export function innerProductBlocks(
  grid: Grid,
  a: Float64Array,
  b: Float64Array,
  count: number,
  out: Float64Array,
  hermitian: boolean,
  begin: number,
  end: number,
): void {
  const m = grid.size;
  const dv = grid.cellVolume;
  // 2 x 2 blocks of (k, l): four complex dot products share each pass over the four vectors.
  for (let k = 2 * begin; k < Math.min(count, 2 * end); k += 2) {
    const k1 = Math.min(k + 1, count - 1);
    const a0 = 2 * k * m;
    const a1 = 2 * k1 * m;
    for (let l = hermitian ? k : 0; l < count; l += 2) {
      const l1 = Math.min(l + 1, count - 1);
      const b0 = 2 * l * m;
      const b1 = 2 * l1 * m;
      let r00 = 0;
      let i00 = 0;
      let r01 = 0;
      let i01 = 0;
      let r10 = 0;
      let i10 = 0;
      let r11 = 0;
      let i11 = 0;
      for (let i = 0; i < 2 * m; i += 2) {
        const xr = a[a0 + i];
        const xi = a[a0 + i + 1];
        const yr = a[a1 + i];
        const yi = a[a1 + i + 1];
        const ur = b[b0 + i];
        const ui = b[b0 + i + 1];
        const vr = b[b1 + i];
        const vi = b[b1 + i + 1];
        r00 += xr * ur + xi * ui;
        i00 += xr * ui - xi * ur;
        r01 += xr * vr + xi * vi;
        i01 += xr * vi - xi * vr;
        r10 += yr * ur + yi * ui;
        i10 += yr * ui - yi * ur;
        r11 += yr * vr + yi * vi;
        i11 += yr * vi - yi * vr;
      }
      out[2 * (k * count + l)] = r00 * dv;
      out[2 * (k * count + l) + 1] = i00 * dv;
      out[2 * (k * count + l1)] = r01 * dv;
      out[2 * (k * count + l1) + 1] = i01 * dv;
      out[2 * (k1 * count + l)] = r10 * dv;
      out[2 * (k1 * count + l) + 1] = i10 * dv;
      out[2 * (k1 * count + l1)] = r11 * dv;
      out[2 * (k1 * count + l1) + 1] = i11 * dv;
    }
  }
}

/** The lower triangle of a K x K matrix <- conj(upper), the diagonal made real. Cost O(K^2). */
export function hermitianMirror(out: Float64Array, count: number): void {
  for (let k = 0; k < count; k++) {
    const d = 2 * (k * count + k);
    out[d + 1] = 0;
    for (let l = k + 1; l < count; l++) {
      const o = 2 * (k * count + l);
      const t = 2 * (l * count + k);
      out[t] = out[o];
      out[t + 1] = -out[o + 1];
    }
  }
}

/**
 * In-place LU factorization with partial pivoting of a K x K complex matrix (interleaved,
 * row-major): P A = L U, unit L below the diagonal. Returns false on an exactly zero pivot.
 * Cost K^3/3 complex multiply-adds.
 */
export function luFactorPivoted(n: number, a: Float64Array, pivots: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const o = 2 * (i * n + k);
      const v = Math.abs(a[o]) + Math.abs(a[o + 1]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (!(best > 0)) return false;
    if (p !== k) {
      for (let j = 0; j < 2 * n; j++) {
        const t = a[2 * k * n + j];
        a[2 * k * n + j] = a[2 * p * n + j];
        a[2 * p * n + j] = t;
      }
    }
    const d = 2 * (k * n + k);
    const den = a[d] * a[d] + a[d + 1] * a[d + 1];
    const ir = a[d] / den;
    const ii = -a[d + 1] / den;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      const lr = a[o] * ir - a[o + 1] * ii;
      const li = a[o] * ii + a[o + 1] * ir;
      a[o] = lr;
      a[o + 1] = li;
      if (lr === 0 && li === 0) continue;
      for (let j = k + 1; j < n; j++) {
        const u = 2 * (k * n + j);
        const t = 2 * (i * n + j);
        a[t] -= lr * a[u] - li * a[u + 1];
        a[t + 1] -= lr * a[u + 1] + li * a[u];
      }
    }
  }
  return true;
}

/**
 * Solves A X = B in place for the n columns of B (n x n interleaved complex) with the factors of
 * {@link luFactorPivoted}. Cost n^3 complex multiply-adds.
 */
export function luSolvePivoted(
  n: number,
  lu: Float64Array,
  pivots: Int32Array,
  b: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p === k) continue;
    for (let j = 0; j < 2 * n; j++) {
      const t = b[2 * k * n + j];
      b[2 * k * n + j] = b[2 * p * n + j];
      b[2 * p * n + j] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const o = 2 * (i * n + k);
      const lr = lu[o];
      const li = lu[o + 1];
      if (lr === 0 && li === 0) continue;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[2 * k * n + j];
        const bi = b[2 * k * n + j + 1];
        b[2 * i * n + j] -= lr * br - li * bi;
        b[2 * i * n + j + 1] -= lr * bi + li * br;
      }
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const o = 2 * (i * n + k);
      const ur = lu[o];
      const ui = lu[o + 1];
      if (ur === 0 && ui === 0) continue;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[2 * k * n + j];
        const bi = b[2 * k * n + j + 1];
        b[2 * i * n + j] -= ur * br - ui * bi;
        b[2 * i * n + j + 1] -= ur * bi + ui * br;
      }
    }
    const d = 2 * (i * n + i);
    const den = lu[d] * lu[d] + lu[d + 1] * lu[d + 1];
    const ir = lu[d] / den;
    const ii = -lu[d + 1] / den;
    for (let j = 0; j < 2 * n; j += 2) {
      const br = b[2 * i * n + j];
      const bi = b[2 * i * n + j + 1];
      b[2 * i * n + j] = br * ir - bi * ii;
      b[2 * i * n + j + 1] = br * ii + bi * ir;
    }
  }
}
