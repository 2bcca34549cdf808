import type { Grid } from "@semiclassical/grid";
import {
  createGrid,
  fftN,
  ParameterError,
  requireFinite,
  requirePositive,
} from "@semiclassical/grid";
import { KineticOperator } from "./kinetic.js";
import { symmetricEigen } from "./linalg/index.js";

/** Options of {@link lowestEigenstates}. */
export interface EigenstateOptions {
  /** Semiclassical parameter eps. */
  epsilon: number;
  /** Kinetic prefactor kappa (1 = the seed's convention, 1/2 = physics). */
  kappa: number;
  /** V_ext sampled on the grid (grid.size real values, row-major). */
  potential: Float64Array;
  /** Number K of lowest eigenpairs wanted. */
  count: number;
  /**
   * Residual tolerance: every returned pair has ||h u - E u|| <= tolerance (u unit Euclidean
   * vector). Default 1e-12 max(1, ||h||) with ||h|| <= max t(k) + max |V|, i.e. about 100 times the
   * round-off floor of applying h.
   */
  tolerance?: number;
  /** Grids with at most this many points are diagonalized densely (default 512: measured faster than the
   *  filtered subspace iteration up to there, 2.2 s against 4.7 s for 241 orbitals on 512 points). */
  denseLimit?: number;
  /** Maximal number of filter sweeps per grid level (default 200). */
  maxSweeps?: number;
  /** Largest Chebyshev filter degree per sweep (default 24; capped so that cond(Y) < ~1e7). */
  degree?: number;
}

/** Result of {@link lowestEigenstates}. */
export interface Eigenstates {
  /** Eigenvalues E_0 <= ... <= E_{K-1}. */
  readonly energies: Float64Array;
  /** K orbitals, grid-normalized (sum_i |phi(x_i)|^2 dx^d = 1), interleaved complex (imaginary 0). */
  readonly orbitals: Float64Array;
  /** ||h u_k - E_k u_k|| for unit vectors u_k = phi_k sqrt(dx^d). */
  readonly residuals: Float64Array;
  /** The tolerance that every residual meets. */
  readonly tolerance: number;
  /** "dense" (symmetricEigen) or "chebyshev" (multilevel filtered subspace iteration). */
  readonly method: "dense" | "chebyshev";
  /** Filter sweeps per grid level, coarsest first (empty for "dense"). */
  readonly sweeps: readonly number[];
}

/** The real symmetric operator h = T + diag(V) on one grid, applied to pairs of real vectors. */
class Hamiltonian {
  readonly grid: Grid;
  readonly potential: Float64Array;
  readonly kinetic: KineticOperator;
  readonly upper: number;
  readonly lower: number;
  private readonly pair: Float64Array;

  constructor(grid: Grid, epsilon: number, kappa: number, potential: Float64Array) {
    this.grid = grid;
    this.potential = potential;
    this.kinetic = new KineticOperator(grid, epsilon, kappa);
    let vMax = Number.NEGATIVE_INFINITY;
    let vMin = Number.POSITIVE_INFINITY;
    for (const v of potential) {
      vMax = Math.max(vMax, v);
      vMin = Math.min(vMin, v);
    }
    // kappa > 0: 0 <= T <= max t(k), so vMin <= h <= max t(k) + vMax
    this.upper = this.kinetic.maximum + vMax;
    this.lower = vMin;
    this.pair = new Float64Array(2 * grid.size);
  }

  /** out_k = h y_k for the vectors k in [from, to) of a block (vector k at offset k n). */
  applyBlock(y: Float64Array, out: Float64Array, from: number, to: number): void {
    const n = this.grid.size;
    const z = this.pair;
    const v = this.potential;
    for (let k = from; k < to; k += 2) {
      const two = k + 1 < to;
      const a = k * n;
      const b = (k + 1) * n;
      for (let i = 0; i < n; i++) {
        z[2 * i] = y[a + i];
        z[2 * i + 1] = two ? y[b + i] : 0;
      }
      this.kinetic.apply(z, z);
      for (let i = 0; i < n; i++) out[a + i] = z[2 * i] + v[i] * y[a + i];
      if (two) for (let i = 0; i < n; i++) out[b + i] = z[2 * i + 1] + v[i] * y[b + i];
    }
  }
}

function dot(x: Float64Array, a: number, b: number, n: number, y: Float64Array = x): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[a + i] * y[b + i];
  return s;
}

/**
 * out[k * count + l] = <x_k, y_l> for k, l < count (vectors of length n, vector-major), with 2 x 2
 * register blocking. If symmetric, only l <= k is computed and mirrored to l > k. Cost count^2 n (or half).
 */
function gram(
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
function combine(
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
function choleskyQR(y: Float64Array, count: number, n: number, work: Float64Array): boolean {
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
function orthonormalize(
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
function gramSchmidt(y: Float64Array, count: number, n: number, random: () => number): void {
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

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rayleigh-Ritz on the span of an orthonormal block Q: H_s = Q^T h Q, H_s = Z diag(theta) Z^T,
 * Q <- Q Z, HQ <- h Q. Returns theta (ascending). Cost B matvecs x 2 + 1.5 B^2 n + B^3.
 */
function rayleighRitz(
  h: Hamiltonian,
  q: Float64Array,
  hq: Float64Array,
  work: Float64Array,
  count: number,
): Float64Array {
  const n = h.grid.size;
  h.applyBlock(q, hq, 0, count);
  const hs = new Float64Array(count * count);
  gram(q, hq, count, n, true, hs);
  const eig = symmetricEigen(count, hs, { vectors: true });
  combine(q, eig.vectors, count, count, n, work);
  q.set(work.subarray(0, count * n));
  h.applyBlock(q, hq, 0, count);
  return eig.values;
}

/**
 * Chebyshev filter of degree m (Zhou and Saad 2007, scaled three-term recurrence): damps the part
 * of the spectrum in [a, b] and amplifies what lies below a, normalized at a0. On entry x = Q,
 * hx = h Q; on exit x holds the filtered block. y, ynew are work blocks.
 */
function chebyshevFilter(
  h: Hamiltonian,
  x: Float64Array,
  hx: Float64Array,
  y: Float64Array,
  ynew: Float64Array,
  count: number,
  m: number,
  a: number,
  b: number,
  a0: number,
): void {
  const n = h.grid.size;
  const len = count * n;
  const e = (b - a) / 2;
  const c = (b + a) / 2;
  let sigma = e / (a0 - c);
  const tau = 2 / sigma;
  let f = sigma / e;
  for (let i = 0; i < len; i++) y[i] = (hx[i] - c * x[i]) * f;
  let prev = x;
  let cur = y;
  let next = ynew;
  for (let deg = 2; deg <= m; deg++) {
    const sigmaNew = 1 / (tau - sigma);
    h.applyBlock(cur, next, 0, count);
    f = (2 * sigmaNew) / e;
    const g = sigma * sigmaNew;
    for (let i = 0; i < len; i++) next[i] = (next[i] - c * cur[i]) * f - g * prev[i];
    const t = prev;
    prev = cur;
    cur = next;
    next = t;
    sigma = sigmaNew;
  }
  if (cur !== x) x.set(cur.subarray(0, len));
}

/** Residual norms ||h q_k - theta_k q_k|| of the first `count` vectors. */
function residualNorms(
  q: Float64Array,
  hq: Float64Array,
  theta: Float64Array,
  count: number,
  n: number,
): Float64Array {
  const r = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    const a = k * n;
    for (let i = 0; i < n; i++) {
      const d = hq[a + i] - theta[k] * q[a + i];
      s += d * d;
    }
    r[k] = Math.sqrt(s);
  }
  return r;
}

/**
 * Filtered subspace iteration on one grid from the orthonormal start block q (B vectors); stops
 * when the first `wanted` residuals are below tol. Returns the Ritz values and sweep count; q holds
 * the Ritz vectors.
 */
function subspaceIteration(
  h: Hamiltonian,
  q: Float64Array,
  block: number,
  wanted: number,
  tol: number,
  maxSweeps: number,
  degree: number,
  random: () => number,
  tighten?: () => number | undefined,
): { theta: Float64Array; residuals: Float64Array; sweeps: number; tightened: boolean } {
  const n = h.grid.size;
  const hq = new Float64Array(block * n);
  const y = new Float64Array(block * n);
  const ynew = new Float64Array(block * n);
  orthonormalize(q, block, n, random, y);
  let theta = rayleighRitz(h, q, hq, y, block);
  let residuals = residualNorms(q, hq, theta, wanted, n);
  let sweeps = 0;
  let tightened = false;
  for (;;) {
    if (Math.max(...residuals) <= tol) {
      const next = tightened || tighten === undefined ? undefined : tighten();
      if (next === undefined) break;
      tightened = true;
      if (next >= tol) break;
      tol = next;
      continue;
    }
    if (sweeps >= maxSweeps) {
      throw new ParameterError(
        "maxSweeps",
        `lowestEigenstates did not converge in ${maxSweeps} sweeps on ${n} points: ` +
          `largest residual ${Math.max(...residuals).toExponential(3)} > tolerance ${tol.toExponential(3)}; ` +
          "raise maxSweeps or tolerance",
      );
    }
    const a = theta[block - 1];
    const b = Math.max(h.upper, a + 1e-12 * Math.abs(a) + 1e-300);
    // keep the amplification ratio of the filter (hence cond(Y)) below ~1e7
    const ell = 1 + (2 * (a - theta[0])) / (b - a);
    const m = Math.max(2, Math.min(degree, Math.floor(Math.acosh(1e7) / Math.acosh(ell))));
    chebyshevFilter(h, q, hq, y, ynew, block, m, a, b, theta[0]);
    orthonormalize(q, block, n, random, y);
    theta = rayleighRitz(h, q, hq, y, block);
    residuals = residualNorms(q, hq, theta, wanted, n);
    sweeps++;
  }
  return { theta, residuals, sweeps, tightened };
}

/** Trigonometric interpolation of real block vectors from a coarse grid to a finer one. */
function prolongate(coarse: Grid, fine: Grid, q: Float64Array, block: number): Float64Array {
  const nc = coarse.size;
  const nf = fine.size;
  const out = new Float64Array(block * nf);
  const zc = new Float64Array(2 * nc);
  const zf = new Float64Array(2 * nf);
  // fine index of every coarse FFT index
  const map = new Int32Array(nc);
  for (let index = 0; index < nc; index++) {
    let rest = index;
    let fineIndex = 0;
    for (let a = 0; a < coarse.dimension; a++) {
      const j = Math.floor(rest / coarse.strides[a]);
      rest -= j * coarse.strides[a];
      const n = coarse.shape[a];
      const k = j < n / 2 ? j : j - n;
      const nfa = fine.shape[a];
      fineIndex += ((k + nfa) % nfa) * fine.strides[a];
    }
    map[index] = fineIndex;
  }
  const scale = nf / nc;
  for (let k = 0; k < block; k++) {
    zc.fill(0);
    for (let i = 0; i < nc; i++) zc[2 * i] = q[k * nc + i];
    fftN(zc, coarse.shape, "forward");
    zf.fill(0);
    for (let i = 0; i < nc; i++) {
      zf[2 * map[i]] = zc[2 * i] * scale;
      zf[2 * map[i] + 1] = zc[2 * i + 1] * scale;
    }
    fftN(zf, fine.shape, "inverse");
    for (let i = 0; i < nf; i++) out[k * nf + i] = zf[2 * i];
  }
  return out;
}

/** Fraction of the Fourier weight of the first `wanted` vectors above half the Nyquist wave number. */
function spectralTail(grid: Grid, q: Float64Array, wanted: number): number {
  const n = grid.size;
  const z = new Float64Array(2 * n);
  const high = new Uint8Array(n);
  for (let index = 0; index < n; index++) {
    let rest = index;
    for (let a = 0; a < grid.dimension; a++) {
      const j = Math.floor(rest / grid.strides[a]);
      rest -= j * grid.strides[a];
      const na = grid.shape[a];
      const k = j < na / 2 ? j : na - j;
      if (k >= na / 4) high[index] = 1;
    }
  }
  let worst = 0;
  for (let k = 0; k < wanted; k++) {
    z.fill(0);
    for (let i = 0; i < n; i++) z[2 * i] = q[k * n + i];
    fftN(z, grid.shape, "forward");
    let all = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const w = z[2 * i] ** 2 + z[2 * i + 1] ** 2;
      all += w;
      if (high[i]) tail += w;
    }
    worst = Math.max(worst, Math.sqrt(tail / all));
  }
  return worst;
}

function subsample(fine: Grid, coarse: Grid, values: Float64Array): Float64Array {
  const out = new Float64Array(coarse.size);
  for (let index = 0; index < coarse.size; index++) {
    let rest = index;
    let f = 0;
    for (let a = 0; a < coarse.dimension; a++) {
      const j = Math.floor(rest / coarse.strides[a]);
      rest -= j * coarse.strides[a];
      f += j * (fine.shape[a] / coarse.shape[a]) * fine.strides[a];
    }
    out[index] = values[f];
  }
  return out;
}

function coarsen(grid: Grid): Grid | undefined {
  // halve the axis with the most points (keeping >= 8 points per axis)
  let axis = -1;
  for (let a = 0; a < grid.dimension; a++) {
    if (grid.shape[a] >= 16 && (axis < 0 || grid.shape[a] > grid.shape[axis])) axis = a;
  }
  if (axis < 0) return undefined;
  const points = grid.shape.map((n, a) => (a === axis ? n / 2 : n));
  const center = grid.origin.map((o, a) => o + grid.box[a] / 2);
  return createGrid({ dimension: grid.dimension, points, box: grid.box, center });
}

function denseSolve(
  h: Hamiltonian,
  count: number,
): { values: Float64Array; vectors: Float64Array } {
  const n = h.grid.size;
  const matrix = new Float64Array(n * n);
  const e = new Float64Array(2 * n);
  for (let l = 0; l < n; l++) {
    e.fill(0);
    e[2 * l] = 1;
    h.kinetic.apply(e, e);
    for (let i = 0; i < n; i++) matrix[i * n + l] = e[2 * i];
  }
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < i; l++) {
      const s = 0.5 * (matrix[i * n + l] + matrix[l * n + i]);
      matrix[i * n + l] = s;
      matrix[l * n + i] = s;
    }
    matrix[i * n + i] += h.potential[i];
  }
  const eig = symmetricEigen(n, matrix, { vectors: true });
  const vectors = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) vectors[k * n + i] = eig.vectors[i * n + k];
  }
  return { values: eig.values.slice(0, count), vectors };
}

/**
 * The K lowest eigenpairs of h_0 = -kappa eps^2 Laplacian + V_ext on a grid (THEORY.md section
 * 4), with the spectral (FFT) Laplacian and V_ext sampled on the grid. h_0 is real symmetric, so
 * the orbitals are real.
 *
 * Method (the dense O(n^3) route is far too slow at n = 2048): grids with size <= denseLimit are
 * diagonalized densely (symmetricEigen). Larger grids use a multilevel Chebyshev-filtered
 * subspace iteration (Zhou, Saad, Tiago, Chelikowsky, J. Comput. Phys. 219, 2006) on a block of
 * B = K + max(10, K/8) real vectors: h is applied with one complex FFT pair per two vectors, the
 * filter degree is capped so that the filtered block stays well conditioned (cond < ~1e7), the
 * block is orthonormalized by Cholesky QR twice (Gram-Schmidt twice as fallback) and rotated by a
 * Rayleigh-Ritz step. Levels: the coarsest grid of the same box holding >= 2B points is solved
 * first (densely if small enough), its Ritz vectors are interpolated trigonometrically to the next
 * finer grid, converged there to 1e-8 ||h||, and so on. As soon as a level resolves the wanted
 * orbitals (their Fourier weight above half its Nyquist wave number is below 1e-10), they are
 * converged to the tolerance there and interpolated straight to the target grid, where K
 * matrix-vector products check the residuals ||h u - E u|| <= tolerance (E the Rayleigh
 * quotients); filter sweeps run on the target grid only if that check fails. Cost per sweep on
 * n points: ~24 B/2 FFT pairs + ~3.5 B^2 n flops + a B x B eigenproblem; allocates ~5 B n doubles.
 * Throws a ParameterError if a level does not converge in maxSweeps sweeps.
 */
export function lowestEigenstates(grid: Grid, options: EigenstateOptions): Eigenstates {
  const { epsilon, kappa, potential, count } = options;
  requirePositive("epsilon", epsilon);
  requireFinite("kappa", kappa);
  if (kappa <= 0) throw new ParameterError("kappa", `must be > 0, got ${kappa}`);
  const n = grid.size;
  if (!(potential instanceof Float64Array) || potential.length !== n) {
    throw new ParameterError(
      "potential",
      `must be a Float64Array of grid.size = ${n} samples, got length ${potential?.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(potential[i])) {
      throw new ParameterError("potential", `sample ${i} is ${potential[i]}; must be finite`);
    }
  }
  if (!Number.isInteger(count) || count < 1 || count > n) {
    throw new ParameterError("count", `must be an integer in [1, ${n}] (grid.size), got ${count}`);
  }
  const denseLimit = options.denseLimit ?? 512;
  const maxSweeps = options.maxSweeps ?? 200;
  const degree = options.degree ?? 24;
  if (!Number.isInteger(degree) || degree < 2) {
    throw new ParameterError("degree", `must be an integer >= 2, got ${degree}`);
  }
  const fine = new Hamiltonian(grid, epsilon, kappa, potential);
  const norm = Math.max(Math.abs(fine.upper), Math.abs(fine.lower));
  const tolerance = options.tolerance ?? 1e-12 * Math.max(1, norm);
  requirePositive("tolerance", tolerance);
  const dv = grid.cellVolume;
  const finish = (
    values: Float64Array,
    vectors: Float64Array,
    residuals: Float64Array,
    method: "dense" | "chebyshev",
    sweeps: number[],
  ): Eigenstates => {
    const orbitals = new Float64Array(2 * count * n);
    const s = 1 / Math.sqrt(dv);
    for (let k = 0; k < count; k++) {
      for (let i = 0; i < n; i++) orbitals[2 * (k * n + i)] = s * vectors[k * n + i];
    }
    return Object.freeze({
      energies: values.slice(0, count),
      orbitals,
      residuals: residuals.slice(0, count),
      tolerance,
      method,
      sweeps,
    });
  };

  if (n <= denseLimit) {
    const { values, vectors } = denseSolve(fine, count);
    const hq = new Float64Array(count * n);
    fine.applyBlock(vectors, hq, 0, count);
    return finish(values, vectors, residualNorms(vectors, hq, values, count, n), "dense", []);
  }

  const block = Math.min(n, count + Math.max(10, Math.ceil(count / 8)));
  const random = seededRandom(12345);
  // grid levels: coarsest first, each with at least 2B points
  const levels: Grid[] = [grid];
  for (;;) {
    const next = coarsen(levels[0]);
    if (next === undefined || next.size < 2 * block) break;
    levels.unshift(next);
  }
  let current = levels[0];
  let q: Float64Array;
  const sweeps: number[] = [];
  const loose = 1e-8 * Math.max(1, norm);
  const resolves = (g: Grid, vectors: Float64Array) => spectralTail(g, vectors, count) < 1e-10;
  const nextLevel = (g: Grid) => levels[levels.indexOf(g) + 1];
  if (current !== grid && current.size <= denseLimit) {
    const h = new Hamiltonian(current, epsilon, kappa, subsample(grid, current, potential));
    q = denseSolve(h, block).vectors;
    sweeps.push(0);
    const target = resolves(current, q) ? grid : nextLevel(current);
    q = prolongate(current, target, q, block);
    current = target;
  } else {
    q = new Float64Array(block * current.size);
    for (let i = 0; i < q.length; i++) q[i] = random() - 0.5;
  }
  while (current !== grid) {
    const h = new Hamiltonian(current, epsilon, kappa, subsample(grid, current, potential));
    // converge loosely; if the level then resolves the wanted orbitals, converge tightly here
    const level = current;
    const run = subspaceIteration(h, q, block, count, loose, maxSweeps, degree, random, () =>
      resolves(level, q) ? tolerance : undefined,
    );
    sweeps.push(run.sweeps);
    const target = run.tightened ? grid : nextLevel(current);
    q = prolongate(current, target, q, block);
    current = target;
  }
  if (sweeps.length > 0) {
    // vectors interpolated from a level that resolves them: check them on the target grid first
    const direct = checkInterpolated(fine, q, count);
    if (Math.max(...direct.residuals) <= tolerance) {
      sweeps.push(0);
      return finish(direct.theta, q, direct.residuals, "chebyshev", sweeps);
    }
  }
  const run = subspaceIteration(fine, q, block, count, tolerance, maxSweeps, degree, random);
  sweeps.push(run.sweeps);
  return finish(run.theta, q, run.residuals, "chebyshev", sweeps);
}

/**
 * Normalizes the first `count` vectors and returns their Rayleigh quotients and residuals (the
 * interpolated Ritz vectors of a resolving level are orthonormal to round-off: trigonometric
 * interpolation is an isometry up to a constant on band-limited vectors). Cost count matvecs.
 */
function checkInterpolated(
  h: Hamiltonian,
  q: Float64Array,
  count: number,
): { theta: Float64Array; residuals: Float64Array } {
  const n = h.grid.size;
  for (let k = 0; k < count; k++) {
    const s = 1 / Math.sqrt(dot(q, k * n, k * n, n));
    for (let i = 0; i < n; i++) q[k * n + i] *= s;
  }
  const hq = new Float64Array(count * n);
  h.applyBlock(q, hq, 0, count);
  const theta = new Float64Array(count);
  for (let k = 0; k < count; k++) theta[k] = dot(q, k * n, k * n, n, hq);
  // Rayleigh quotients of a non-rotated block need not be sorted if levels are nearly degenerate
  for (let k = 1; k < count; k++) {
    if (theta[k] < theta[k - 1])
      return { theta, residuals: new Float64Array(count).fill(Infinity) };
  }
  let worstOverlap = 0;
  for (let k = 0; k < count && k < 4; k++) {
    for (let l = k + 1; l < count; l++)
      worstOverlap = Math.max(worstOverlap, Math.abs(dot(q, k * n, l * n, n)));
  }
  if (worstOverlap > 1e-12) return { theta, residuals: new Float64Array(count).fill(Infinity) };
  return { theta, residuals: residualNorms(q, hq, theta, count, n) };
}
