/**
 * Blocked Householder reduction of a dense Hermitian (real symmetric) matrix to real symmetric
 * tridiagonal form T = Q^* A Q, Q = H_0 H_1 ... H_{n-2}, H_k = I - tau_k v_k v_k^*
 * (LAPACK zhetrd / dsytrd, lower, with the panel factorization zlatrd / dlatrd).
 *
 * Panels of b = 32 columns: for panel column c the column is brought up to date with the panel's
 * earlier reflectors, its reflector is formed (zlarfg: beta real, so T comes out real: the phase
 * factors of EISPACK htridi), and w_c = tau (A v - V (W^* v) - W (V^* v)) - (tau/2)(w^* v) v
 * uses the matrix as it was at the panel's start (one hemv of the trailing triangle). After the
 * panel the trailing triangle gets the rank-2b update A <- A - V W^* - W V^* at once (her2k),
 * so that half of the (16/3) n^3 flops (complex; (4/3) n^3 real) is a cache-friendly
 * matrix-matrix kernel and the other half is one read-only sweep per column. Both kernels run as
 * WebAssembly SIMD where available (dense-kernels.ts), else in JavaScript. Same reflectors as the
 * unblocked zhetd2 up to round-off; backward stable: T = Q^*(A + E)Q with ||E|| ~ n eps ||A||.
 *
 * Storage of the result (what the back-transformations read): reflector entries v_i (i >= k + 2)
 * over a[i][k] (v_{k+1} = 1 implicit), tau_k in tau (complex: tau[2k], tau[2k + 1]).
 * @internal
 */
import { type DenseKernels, javascriptKernels } from "./dense-kernels.js";
import { simdKernels } from "./simd-kernels.js";

/** Panel width b (LAPACK's default nb for zhetrd is 32). */
const BLOCK = 32;

/** Kernels and workspace of `length` doubles: SIMD when possible, else JavaScript. @internal */
export function kernelsFor(length: number, kernels?: DenseKernels): [DenseKernels, Float64Array] {
  const preferred = kernels ?? simdKernels(length);
  let heap: Float64Array | undefined;
  try {
    heap = preferred?.workspace(length);
  } catch {
    // WebAssembly memory could not grow (RangeError): the JavaScript kernels take over.
  }
  if (preferred && heap) return [preferred, heap];
  const fallback = javascriptKernels();
  return [fallback, fallback.workspace(length) as Float64Array];
}

/** Writes A_ij of a Hermitian matrix (j <= i) as (Re, Im) into out[0], out[1]. @internal */
export type HermitianEntry = (i: number, j: number, out: Float64Array) => void;

/** Offsets (in doubles) of the complex reduction's arrays in the workspace; see reduceHermitian. */
interface ComplexLayout {
  ld: number;
  n: number;
  /** Width of the current panel; V_p at X row p, W_p at X row nb + p (swapped in Y). */
  nb: number;
  AR: number;
  AI: number;
  XR: number;
  XI: number;
  YR: number;
  YI: number;
  UR: number;
  UI: number;
  TR: number;
  TI: number;
  /** Coefficients of the panel's matrix-vector products (2b each, re and im). */
  CR: number;
  CI: number;
}

/** T <- column c (rows c..n-1) of A - sum_{p<j} V_p W_p^* + W_p V_p^*: the column as of now. */
function currentColumn(k: DenseKernels, h: Float64Array, L: ComplexLayout, c: number, j: number) {
  const { ld, n, nb, TR, TI, CR, CI } = L;
  for (let i = c; i < n; i++) {
    h[TR + i] = h[L.AR + i * ld + c];
    h[TI + i] = h[L.AI + i * ld + c];
  }
  if (j === 0) return;
  // coefficients conj(W_p[c]) of V_p and conj(V_p[c]) of W_p
  for (let p = 0; p < j; p++) {
    h[CR + p] = h[L.XR + (nb + p) * ld + c];
    h[CI + p] = -h[L.XI + (nb + p) * ld + c];
    h[CR + BLOCK + p] = h[L.XR + p * ld + c];
    h[CI + BLOCK + p] = -h[L.XI + p * ld + c];
  }
  k.combine(ld, c, n, j, L.XR, L.XI, CR, CI, TR, TI);
  k.combine(ld, c, n, j, L.XR + nb * ld, L.XI + nb * ld, CR + BLOCK, CI + BLOCK, TR, TI);
}

/** Below this largest |x_i| the squares in a reflector's norm can underflow (2^-450 ~ 3.5e-136). */
const TINY_VECTOR = 2 ** -450;

/**
 * Rescales a reflector's vector in place, exactly, as LAPACK's zlarfg / dlarfg do: when
 * max |x_i| over h[begin..end) (and, for a complex vector, the same count of imaginary parts from
 * `imaginary` on) is below 2^-450, every entry is multiplied by 2^600, so that the squares in the
 * norm (down to the smallest subnormal, 2^-1074 -> 2^-474) stay normal. Returns the factor
 * (2^600 or 1). tau and v do not depend on it and beta is divided by it; where no square
 * underflowed the scaled arithmetic is the unscaled one times powers of two, so the numbers are
 * the same bit for bit. Without it a column whose entries are all below ~1e-154 (a numerically
 * low-rank matrix, e.g. the projector onto one Gaussian packet) gave beta = 0 and NaN
 * eigenvalues. Cost O(end - begin).
 */
function rescaleTinyVector(
  h: Float64Array,
  begin: number,
  end: number,
  imaginary?: number,
): number {
  const count = end - begin;
  const parts = imaginary === undefined ? [begin] : [begin, imaginary];
  let largest = 0;
  for (const p of parts)
    for (let i = p; i < p + count; i++) largest = Math.max(largest, Math.abs(h[i]));
  if (!(largest < TINY_VECTOR && largest > 0)) return 1;
  const scale = 2 ** 600;
  for (const p of parts) for (let i = p; i < p + count; i++) h[i] *= scale;
  return scale;
}

/**
 * Reflector (zlarfg) of x = T[s..n-1]: H^* x = beta e_1 with beta real, H = I - tau v v^*,
 * v_s = 1, v written to X row j. Writes tau[2c..2c+1] and offDiagonal[c] = beta.
 */
function complexReflector(
  h: Float64Array,
  L: ComplexLayout,
  c: number,
  j: number,
  offDiagonal: Float64Array,
  tau: Float64Array,
): void {
  const { n, TR, TI } = L;
  const s = c + 1;
  const scale = rescaleTinyVector(h, TR + s, TR + n, TI + s);
  const alphaRe = h[TR + s];
  const alphaIm = h[TI + s];
  let tail2 = 0;
  for (let i = s + 1; i < n; i++) tail2 += h[TR + i] * h[TR + i] + h[TI + i] * h[TI + i];
  const vr = L.XR + j * L.ld;
  const vi = L.XI + j * L.ld;
  h[vr + s] = 1;
  h[vi + s] = 0;
  tau[2 * c] = 0;
  tau[2 * c + 1] = 0;
  if (tail2 === 0 && alphaIm === 0) {
    offDiagonal[c] = alphaRe / scale;
    h.fill(0, vr + s + 1, vr + n);
    h.fill(0, vi + s + 1, vi + n);
    return;
  }
  let beta = Math.sqrt(alphaRe * alphaRe + alphaIm * alphaIm + tail2);
  if (alphaRe >= 0) beta = -beta;
  tau[2 * c] = (beta - alphaRe) / beta;
  tau[2 * c + 1] = -alphaIm / beta;
  // v_i = x_i / (alpha - beta)
  const dr = alphaRe - beta;
  const den = dr * dr + alphaIm * alphaIm;
  const sr = dr / den;
  const si = -alphaIm / den;
  for (let i = s + 1; i < n; i++) {
    const xr = h[TR + i];
    const xi = h[TI + i];
    h[vr + i] = xr * sr - xi * si;
    h[vi + i] = xr * si + xi * sr;
  }
  offDiagonal[c] = beta / scale;
}

/** U -= V_p (W_p^* v) + W_p (V_p^* v) for p < j on rows s..n-1 (v = X row j). */
function panelCorrections(k: DenseKernels, L: ComplexLayout, s: number, j: number): void {
  if (j === 0) return;
  const { ld, n, nb, XR, XI, UR, UI, CR, CI } = L;
  const vr = XR + j * ld;
  const vi = XI + j * ld;
  const wr = XR + nb * ld;
  const wi = XI + nb * ld;
  k.dots(ld, s, n, j, XR, XI, vr, vi, CR, CI);
  k.dots(ld, s, n, j, wr, wi, vr, vi, CR + BLOCK, CI + BLOCK);
  k.combine(ld, s, n, j, XR, XI, CR + BLOCK, CI + BLOCK, UR, UI);
  k.combine(ld, s, n, j, wr, wi, CR, CI, UR, UI);
}

/**
 * w = tau U - (tau/2) ((tau U)^* v) v on rows s..n-1, stored as W_j (X row nb + j, Y row j),
 * and v as Y row nb + j.
 */
function completeW(h: Float64Array, L: ComplexLayout, s: number, j: number, tau: Float64Array) {
  const { ld, n, UR, UI } = L;
  const tauR = tau[2 * (s - 1)];
  const tauI = tau[2 * (s - 1) + 1];
  const vr = L.XR + j * ld;
  const vi = L.XI + j * ld;
  let dotR = 0;
  let dotI = 0;
  for (let i = s; i < n; i++) {
    const r = tauR * h[UR + i] - tauI * h[UI + i];
    const m = tauR * h[UI + i] + tauI * h[UR + i];
    h[UR + i] = r;
    h[UI + i] = m;
    dotR += r * h[vr + i] + m * h[vi + i];
    dotI += r * h[vi + i] - m * h[vr + i];
  }
  const cR = -0.5 * (tauR * dotR - tauI * dotI);
  const cI = -0.5 * (tauR * dotI + tauI * dotR);
  const wr = L.XR + (L.nb + j) * ld;
  const wi = L.XI + (L.nb + j) * ld;
  const yw = j * ld;
  const yv = (L.nb + j) * ld;
  for (let i = s; i < n; i++) {
    const xr = h[vr + i];
    const xi = h[vi + i];
    const r = h[UR + i] + cR * xr - cI * xi;
    const m = h[UI + i] + cR * xi + cI * xr;
    h[wr + i] = r;
    h[wi + i] = m;
    h[L.YR + yw + i] = r;
    h[L.YI + yw + i] = m;
    h[L.YR + yv + i] = xr;
    h[L.YI + yv + i] = xi;
  }
}

/**
 * Reduces the Hermitian matrix in the lower triangle of `a` (interleaved complex, row-major
 * n x n, scaled to max |a_ij| ~ 1 by the caller) to real tridiagonal (diagonal, offDiagonal):
 * see the file comment. Overwrites a[i][k] (i >= k + 2) with the reflectors, writes tau (2n).
 * The workspace holds Re A, Im A with row stride ld = n + 8, X = [V; W] and Y = [W; V] (2b rows
 * each, re and im), and vectors U (= A v) and T (the current column).
 * With `input` (eigenvalues only) the matrix is read as a / input.scale and `a` is left as it
 * is (no reflectors stored): the same numbers without a scaled working copy of the caller's data;
 * with `input.entry` the entries A_ij (j <= i) come from it instead of `a` (a matrix that is
 * never stored, e.g. a reflection sector's block).
 * Cost ~ (16/3) n^3 flops; allocates (reuses) a workspace of 2 n (n + 8) + 8 b (n + 8) doubles.
 */
export function reduceHermitian(
  n: number,
  a: Float64Array,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  tau: Float64Array,
  kernels?: DenseKernels,
  input?: { readonly scale: number; readonly entry?: HermitianEntry },
): void {
  const ld = n + 8;
  const rows = 2 * BLOCK;
  const XR = 2 * n * ld;
  const XI = XR + rows * ld;
  const YR = XI + rows * ld;
  const YI = YR + rows * ld;
  const UR = YI + rows * ld;
  const TR = UR + 2 * ld;
  const CR = TR + 2 * ld;
  const CI = CR + rows;
  const L: ComplexLayout = {
    ld,
    n,
    nb: 0,
    AR: 0,
    AI: n * ld,
    XR,
    XI,
    YR,
    YI,
    UR,
    UI: UR + ld,
    TR,
    TI: TR + ld,
    CR,
    CI,
  };
  const [k, h] = kernelsFor(CI + rows, kernels);
  if (input === undefined) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        h[L.AR + i * ld + j] = a[2 * (i * n + j)];
        h[L.AI + i * ld + j] = a[2 * (i * n + j) + 1];
      }
    }
  } else if (input.entry !== undefined) {
    const { scale, entry } = input;
    const z = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        entry(i, j, z);
        h[L.AR + i * ld + j] = z[0] / scale;
        h[L.AI + i * ld + j] = z[1] / scale;
      }
      entry(i, i, z);
      h[L.AR + i * ld + i] = z[0] / scale;
      h[L.AI + i * ld + i] = 0;
    }
  } else {
    const { scale } = input;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        h[L.AR + i * ld + j] = a[2 * (i * n + j)] / scale;
        h[L.AI + i * ld + j] = a[2 * (i * n + j) + 1] / scale;
      }
      // the imaginary part of the diagonal is ignored (A is taken to be exactly Hermitian)
      h[L.AR + i * ld + i] = a[2 * (i * n + i)] / scale;
      h[L.AI + i * ld + i] = 0;
    }
  }
  const storeReflectors = input === undefined;
  // Y's entries past n are read by the SIMD update (it works on whole chunks): keep them zero.
  for (let q = 0; q < rows; q++) {
    h.fill(0, YR + q * ld + n, YR + (q + 1) * ld);
    h.fill(0, YI + q * ld + n, YI + (q + 1) * ld);
  }
  for (let k0 = 0; k0 < n - 1; k0 += BLOCK) {
    L.nb = Math.min(BLOCK, n - 1 - k0);
    for (let j = 0; j < L.nb; j++) {
      const c = k0 + j;
      const s = c + 1;
      currentColumn(k, h, L, c, j);
      diagonal[c] = h[L.TR + c];
      complexReflector(h, L, c, j, offDiagonal, tau);
      const vr = XR + j * ld;
      const vi = XI + j * ld;
      for (let i = s + 1; storeReflectors && i < n; i++) {
        a[2 * (i * n + c)] = h[vr + i];
        a[2 * (i * n + c) + 1] = h[vi + i];
      }
      // U = A v with A as at the panel's start, then the panel's corrections.
      h.fill(0, UR + s, UR + n);
      h.fill(0, L.UI + s, L.UI + n);
      k.hemv(ld, s, n, L.AR, L.AI, vr, vi, UR, L.UI);
      panelCorrections(k, L, s, j);
      completeW(h, L, s, j, tau);
    }
    if (k0 + L.nb < n) k.her2k(ld, k0 + L.nb, n, 2 * L.nb, L.AR, L.AI, XR, XI, YR, YI);
  }
  diagonal[n - 1] = h[L.AR + (n - 1) * ld + n - 1];
}

/**
 * Real symmetric counterpart of {@link reduceHermitian} (LAPACK dsytrd / dlatrd, lower) on the
 * lower triangle of `a` (row-major n x n, scaled by the caller): writes (diagonal, offDiagonal),
 * the reflectors over a[i][k] (i >= k + 2) and tau (n). Workspace: A (row stride n + 8),
 * X = [V; W], Y = [W; V], vectors U = A v and T (the current column), coefficients C.
 * Cost ~ (4/3) n^3 flops; allocates (reuses) a workspace of n (n + 8) + 4 b (n + 8) doubles.
 */
export function reduceSymmetric(
  n: number,
  a: Float64Array,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  tau: Float64Array,
  kernels?: DenseKernels,
): void {
  const ld = n + 8;
  const rows = 2 * BLOCK;
  const A = 0;
  const X = n * ld;
  const Y = X + rows * ld;
  const U = Y + rows * ld;
  const T = U + ld;
  const C = T + ld;
  const [k, h] = kernelsFor(C + rows, kernels);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) h[A + i * ld + j] = a[i * n + j];
  }
  for (let q = 0; q < rows; q++) h.fill(0, Y + q * ld + n, Y + (q + 1) * ld);
  for (let k0 = 0; k0 < n - 1; k0 += BLOCK) {
    const nb = Math.min(BLOCK, n - 1 - k0);
    const W = X + nb * ld;
    for (let j = 0; j < nb; j++) {
      const c = k0 + j;
      const s = c + 1;
      const v = X + j * ld;
      // Column c as of now: A(i, c) -= sum_p V_p[i] W_p[c] + W_p[i] V_p[c].
      for (let i = c; i < n; i++) h[T + i] = h[A + i * ld + c];
      if (j > 0) {
        for (let p = 0; p < j; p++) {
          h[C + p] = h[W + p * ld + c];
          h[C + BLOCK + p] = h[X + p * ld + c];
        }
        k.combineReal(ld, c, n, j, X, C, T);
        k.combineReal(ld, c, n, j, W, C + BLOCK, T);
      }
      diagonal[c] = h[T + c];
      tau[c] = realReflector(h, n, s, T, v, offDiagonal, c);
      for (let i = s + 1; i < n; i++) a[i * n + c] = h[v + i];
      // U = A v (A as at the panel's start) - V (W^* v) - W (V^* v)
      h.fill(0, U + s, U + n);
      k.symv(ld, s, n, A, v, U);
      if (j > 0) {
        k.dotsReal(ld, s, n, j, X, v, C);
        k.dotsReal(ld, s, n, j, W, v, C + BLOCK);
        k.combineReal(ld, s, n, j, X, C + BLOCK, U);
        k.combineReal(ld, s, n, j, W, C, U);
      }
      // w = tau U - (tau/2) (tau U . v) v, stored as W_j (X row nb + j, Y row j); v as Y row nb + j
      const t = tau[c];
      let dot = 0;
      for (let i = s; i < n; i++) {
        h[U + i] *= t;
        dot += h[U + i] * h[v + i];
      }
      const correction = -0.5 * t * dot;
      const w = W + j * ld;
      for (let i = s; i < n; i++) {
        const x = h[U + i] + correction * h[v + i];
        h[w + i] = x;
        h[Y + j * ld + i] = x;
        h[Y + (nb + j) * ld + i] = h[v + i];
      }
    }
    if (k0 + nb < n) k.syr2k(ld, k0 + nb, n, 2 * nb, A, X, Y);
  }
  diagonal[n - 1] = h[A + (n - 1) * ld + n - 1];
}

/**
 * Real reflector (dlarfg) of x = h[T + s..T + n-1]: H x = beta e_1, H = I - tau v v^T, v_s = 1,
 * v written at h[v + s..]; sets offDiagonal[c] = beta and returns tau.
 */
function realReflector(
  h: Float64Array,
  n: number,
  s: number,
  T: number,
  v: number,
  offDiagonal: Float64Array,
  c: number,
): number {
  const scale = rescaleTinyVector(h, T + s, T + n);
  const alpha = h[T + s];
  let tail2 = 0;
  for (let i = s + 1; i < n; i++) tail2 += h[T + i] * h[T + i];
  h[v + s] = 1;
  if (tail2 === 0) {
    offDiagonal[c] = alpha / scale;
    h.fill(0, v + s + 1, v + n);
    return 0;
  }
  let beta = Math.sqrt(alpha * alpha + tail2);
  if (alpha >= 0) beta = -beta;
  const inverse = 1 / (alpha - beta);
  for (let i = s + 1; i < n; i++) h[v + i] = h[T + i] * inverse;
  offDiagonal[c] = beta / scale;
  return (beta - alpha) / beta;
}
