import { ParameterError } from "@semiclassical/grid";
import { requireOrder, scaledTridiagonalSpectrum, zeroMatrixEigen } from "./tridiagonal.js";
import type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";

/**
 * Householder reflector H = I - tau v v^* with v_s = 1 (s = c + 1) that maps column c of the
 * (working, lower-triangle) matrix below the diagonal to beta e_s with beta real (LAPACK zlarfg):
 * H^* x = beta e_1. Writes v_i (i > s) over a[i][c] and into (outR, outI), tau into tau[2c..2c+1],
 * beta into offDiagonal[c]. The real beta is the phase factor that makes T real (EISPACK htridi).
 */
function reflector(
  n: number,
  a: Float64Array,
  c: number,
  offDiagonal: Float64Array,
  tau: Float64Array,
  outR: Float64Array,
  outI: Float64Array,
): void {
  const s = c + 1;
  const head = 2 * (s * n + c);
  const alphaRe = a[head];
  const alphaIm = a[head + 1];
  let tail2 = 0;
  for (let i = s + 1; i < n; i++) {
    const q = 2 * (i * n + c);
    tail2 += a[q] * a[q] + a[q + 1] * a[q + 1];
  }
  outR[s] = 1;
  outI[s] = 0;
  if (tail2 === 0 && alphaIm === 0) {
    tau[2 * c] = 0;
    tau[2 * c + 1] = 0;
    offDiagonal[c] = alphaRe;
    for (let i = s + 1; i < n; i++) {
      outR[i] = 0;
      outI[i] = 0;
    }
    return;
  }
  let beta = Math.sqrt(alphaRe * alphaRe + alphaIm * alphaIm + tail2);
  if (alphaRe >= 0) beta = -beta;
  tau[2 * c] = (beta - alphaRe) / beta;
  tau[2 * c + 1] = -alphaIm / beta;
  // v_i = x_i / (alpha - beta)
  const dr = alphaRe - beta;
  const di = alphaIm;
  const den = dr * dr + di * di;
  const sr = dr / den;
  const si = -di / den;
  for (let i = s + 1; i < n; i++) {
    const q = 2 * (i * n + c);
    const xr = a[q];
    const xi = a[q + 1];
    const yr = xr * sr - xi * si;
    const yi = xr * si + xi * sr;
    a[q] = yr;
    a[q + 1] = yi;
    outR[i] = yr;
    outI[i] = yi;
  }
  offDiagonal[c] = beta;
}

/**
 * One pass over the lower triangle rows/columns start..n-1: the rank-2 update
 * A <- A - v w^* - w v^* of the current step, fused with the product p = A u (u = the next
 * reflector, p accumulated, A Hermitian so each stored entry is used twice). One sweep of memory
 * per Householder step; 16 flops per stored entry.
 */
function updateAndMultiply(
  n: number,
  a: Float64Array,
  start: number,
  vr: Float64Array,
  vi: Float64Array,
  wr: Float64Array,
  wi: Float64Array,
  ur: Float64Array,
  ui: Float64Array,
  pr: Float64Array,
  pi: Float64Array,
): void {
  for (let i = start; i < n; i++) {
    const vri = vr[i];
    const vii = vi[i];
    const wri = wr[i];
    const wii = wi[i];
    const uri = ur[i];
    const uii = ui[i];
    let accR = 0;
    let accI = 0;
    let q = 2 * (i * n + start);
    for (let j = start; j < i; j++, q += 2) {
      const vrj = vr[j];
      const vij = vi[j];
      const wrj = wr[j];
      const wij = wi[j];
      const ar = a[q] - (vri * wrj + vii * wij + wri * vrj + wii * vij);
      const ai = a[q + 1] - (vii * wrj - vri * wij + wii * vrj - wri * vij);
      a[q] = ar;
      a[q + 1] = ai;
      const urj = ur[j];
      const uij = ui[j];
      accR += ar * urj - ai * uij;
      accI += ar * uij + ai * urj;
      pr[j] += ar * uri + ai * uii;
      pi[j] += ar * uii - ai * uri;
    }
    const diagonal = a[q] - 2 * (vri * wri + vii * wii);
    a[q] = diagonal;
    a[q + 1] = 0;
    pr[i] += accR + diagonal * uri;
    pi[i] += accI + diagonal * uii;
  }
}

/**
 * Reduces the Hermitian matrix held in the lower triangle of `a` (interleaved, row-major n x n)
 * to real symmetric tridiagonal form T = Q^* A Q, Q = H_0 H_1 ... H_{n-2} (LAPACK zhetd2 lower,
 * EISPACK htridi). On return diagonal/offDiagonal hold T, a[i][k] (i >= k + 2) the reflector
 * vectors and tau[2k..2k+1] their scalars. Cost ~ (16/3) n^3 flops; allocates 8 n doubles.
 */
function tridiagonalize(
  n: number,
  a: Float64Array,
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  tau: Float64Array,
): void {
  diagonal[0] = a[0];
  if (n === 1) return;
  let vr = new Float64Array(n);
  let vi = new Float64Array(n);
  let ur = new Float64Array(n);
  let ui = new Float64Array(n);
  let pr = new Float64Array(n);
  let pi = new Float64Array(n);
  let qr = new Float64Array(n);
  let qi = new Float64Array(n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  // Step 0: reflector of column 0 and p = A_22 v (w = 0: no update yet).
  reflector(n, a, 0, offDiagonal, tau, vr, vi);
  updateAndMultiply(n, a, 1, ur, ui, wr, wi, vr, vi, pr, pi);
  for (let k = 0; k < n - 1; k++) {
    const s = k + 1;
    const tr = tau[2 * k];
    const ti = tau[2 * k + 1];
    // p <- tau A v;  w = p - (tau/2) (p^* v) v
    let dotR = 0;
    let dotI = 0;
    for (let i = s; i < n; i++) {
      const r = tr * pr[i] - ti * pi[i];
      const m = tr * pi[i] + ti * pr[i];
      pr[i] = r;
      pi[i] = m;
      dotR += r * vr[i] + m * vi[i];
      dotI += r * vi[i] - m * vr[i];
    }
    const alphaR = -0.5 * (tr * dotR - ti * dotI);
    const alphaI = -0.5 * (tr * dotI + ti * dotR);
    for (let i = s; i < n; i++) {
      wr[i] = pr[i] + alphaR * vr[i] - alphaI * vi[i];
      wi[i] = pi[i] + alphaR * vi[i] + alphaI * vr[i];
    }
    // Column s of A - v w^* - w v^* (it holds the next reflector's input).
    const vrs = vr[s];
    const vis = vi[s];
    const wrs = wr[s];
    const wis = wi[s];
    for (let i = s; i < n; i++) {
      const q = 2 * (i * n + s);
      a[q] -= vr[i] * wrs + vi[i] * wis + wr[i] * vrs + wi[i] * vis;
      a[q + 1] -= vi[i] * wrs - vr[i] * wis + wi[i] * vrs - wr[i] * vis;
    }
    a[2 * (s * n + s) + 1] = 0;
    diagonal[s] = a[2 * (s * n + s)];
    if (s < n - 1) {
      reflector(n, a, s, offDiagonal, tau, ur, ui);
      qr.fill(0);
      qi.fill(0);
      updateAndMultiply(n, a, s + 1, vr, vi, wr, wi, ur, ui, qr, qi);
      [vr, ur] = [ur, vr];
      [vi, ui] = [ui, vi];
      [pr, qr] = [qr, pr];
      [pi, qi] = [qi, pi];
    }
  }
}

/**
 * X <- Q X for X = Z (real, given as rows: row k = column k of Z), Q = H_0 ... H_{n-2} from
 * {@link tridiagonalize} (EISPACK htribk). Returns X interleaved complex row-major n x n.
 * The reflectors are packed into contiguous rows and applied to one block of 32 columns of X at
 * a time (all n - 1 reflectors per block, the block staying in cache).
 * Cost ~ 8 n^3 flops; allocates 4 n^2 + O(n) doubles.
 */
function backTransform(n: number, a: Float64Array, tau: Float64Array, rows: Float64Array) {
  const x = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) x[2 * (i * n + k)] = rows[k * n + i];
  }
  // Packed reflectors: row k holds v_i (i = k+1..n-1) of H_k, v_{k+1} = 1.
  const v = new Float64Array(2 * n * n);
  for (let k = 0; k < n - 1; k++) {
    v[2 * (k * n + k + 1)] = 1;
    for (let i = k + 2; i < n; i++) {
      v[2 * (k * n + i)] = a[2 * (i * n + k)];
      v[2 * (k * n + i) + 1] = a[2 * (i * n + k) + 1];
    }
  }
  const block = 32;
  const tr = new Float64Array(block);
  const ti = new Float64Array(block);
  for (let c0 = 0; c0 < n; c0 += block) {
    const width = Math.min(block, n - c0);
    for (let k = n - 2; k >= 0; k--) {
      const tauR = tau[2 * k];
      const tauI = tau[2 * k + 1];
      if (tauR === 0 && tauI === 0) continue;
      tr.fill(0);
      ti.fill(0);
      // t = v^* X (rows k+1..n-1, this column block)
      for (let i = k + 1; i < n; i++) {
        const vr = v[2 * (k * n + i)];
        const vi = v[2 * (k * n + i) + 1];
        let q = 2 * (i * n + c0);
        for (let j = 0; j < width; j++, q += 2) {
          const xr = x[q];
          const xi = x[q + 1];
          tr[j] += vr * xr + vi * xi;
          ti[j] += vr * xi - vi * xr;
        }
      }
      // X -= (tau v) t
      for (let i = k + 1; i < n; i++) {
        const vr = v[2 * (k * n + i)];
        const vi = v[2 * (k * n + i) + 1];
        const cr = tauR * vr - tauI * vi;
        const ci = tauR * vi + tauI * vr;
        let q = 2 * (i * n + c0);
        for (let j = 0; j < width; j++, q += 2) {
          x[q] -= cr * tr[j] - ci * ti[j];
          x[q + 1] -= cr * ti[j] + ci * tr[j];
        }
      }
    }
  }
  return x;
}

/**
 * Eigenvalues (ascending) and optionally eigenvectors of a complex Hermitian n x n matrix A
 * (interleaved complex, row-major: A_ij = data[2(i n + j)] + i data[2(i n + j) + 1]).
 *
 * Only the lower triangle (j <= i) is read, and the imaginary parts of the diagonal are ignored,
 * so A is taken to be exactly Hermitian. Algorithm: scaling by max |A_ij|, complex Householder
 * reduction to real tridiagonal form with phase factors (LAPACK zhetd2 / EISPACK htridi),
 * implicit-shift QL (tql1 / tql2), back-transformation (htribk). Backward stable: the computed
 * spectrum is exact for A + E with ||E|| ~ n eps_mach ||A||, so |lambda_k - lambda~_k| <~
 * n eps_mach ||A|| and ||A x_k - lambda_k x_k|| <~ n eps_mach ||A||.
 *
 * Vectors: interleaved complex row-major n x n, column k = unit eigenvector for values[k].
 * Cost ~ 5.3 n^3 flops (values; n = 1024: ~2.5 s on one core) plus ~ 14 n^3 for vectors
 * (QL rotations ~6 n^3, back-transformation 8 n^3; n = 1024: ~10 s).
 * Allocates 2 n^2 doubles (working copy; the input is not modified) + 2 n^2 (real) + 2 n^2
 * (complex) for vectors.
 */
export function hermitianEigen(
  n: number,
  data: Float64Array,
  options: { vectors: true },
): EigenResultWithVectors;
export function hermitianEigen(n: number, data: Float64Array, options?: EigenOptions): EigenResult;
export function hermitianEigen(
  n: number,
  data: Float64Array,
  options: EigenOptions = {},
): EigenResult {
  requireOrder(n);
  if (data.length !== 2 * n * n) {
    throw new ParameterError(
      "data",
      `must hold 2 n^2 = ${2 * n * n} numbers (interleaved complex n x n), got ${data.length}`,
    );
  }
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let q = 2 * i * n;
    for (let j = 0; j < i; j++, q += 2) {
      const r = Math.abs(data[q]);
      const m = Math.abs(data[q + 1]);
      if (r > scale) scale = r;
      if (m > scale) scale = m;
      if (Number.isNaN(r) || Number.isNaN(m)) scale = Number.NaN;
    }
    const r = Math.abs(data[q]);
    if (r > scale || Number.isNaN(r)) scale = r;
    if (Number.isNaN(scale)) break;
  }
  if (!Number.isFinite(scale)) {
    throw new ParameterError("data", "contains NaN or Infinity in its lower triangle");
  }
  const wantVectors = options.vectors === true;
  if (scale === 0) return zeroMatrixEigen(n, wantVectors, 2);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    let q = 2 * i * n;
    for (let j = 0; j < i; j++, q += 2) {
      a[q] = data[q] / scale;
      a[q + 1] = data[q + 1] / scale;
    }
    a[q] = data[q] / scale;
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const tau = new Float64Array(2 * n);
  tridiagonalize(n, a, diagonal, offDiagonal, tau);
  const { values, rows } = scaledTridiagonalSpectrum(n, diagonal, offDiagonal, scale, wantVectors);
  if (!rows) return { values };
  return { values, vectors: backTransform(n, a, tau, rows) };
}
