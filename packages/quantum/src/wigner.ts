import type { Grid, PhaseSpaceGrid, UniformAxis } from "@semiclassical/grid";
import {
  assertResolves,
  createGrid,
  createPhaseSpaceGrid,
  fftN,
  fftPlan,
  ParameterError,
  requirePositive,
} from "@semiclassical/grid";
import { resampleArray, sameAxis } from "./resample.js";
import type { DenseDensityMatrix, DensityMatrix } from "./states.js";

/** W on a phase-space grid; values row-major, index = ix * grid.velocity.size + iv. */
export interface PhaseSpaceFunction {
  readonly grid: PhaseSpaceGrid;
  readonly values: Float64Array;
}

/** Largest phase-space array (in doubles) the Wigner and Weyl transforms accept: 2^27. */
export const MAX_PHASE_SPACE_SIZE = 2 ** 27;

/**
 * The half-grid phase space of the discrete Wigner transform (THEORY.md section 2) for a position
 * grid (n_a points, spacing dx_a, origin x_0a) at semiclassical parameter eps:
 * - positions X_p = x_0 + p dx/2, p = 0..2n-1 per axis (the pairs i + j = p; p = 2n - 1 has no pair
 *   and carries W = 0),
 * - velocities v_q = -pi eps/(2 dx) + q dv, q = 0..n-1, dv = pi eps/(n dx): the band
 *   |v| < pi eps/(2 dx) sampled by n points.
 * Cost O(d).
 */
export function wignerPhaseSpace(grid: Grid, epsilon: number): PhaseSpaceGrid {
  requirePositive("epsilon", epsilon);
  const position = createGrid({
    dimension: grid.dimension,
    points: grid.shape.map((n) => 2 * n),
    box: grid.box,
    center: grid.origin.map((o, a) => o + grid.box[a] / 2),
  });
  const velocity = createGrid({
    dimension: grid.dimension,
    points: grid.shape,
    box: grid.spacing.map((dx) => (Math.PI * epsilon) / dx),
    center: 0,
  });
  return createPhaseSpaceGrid(position, velocity);
}

function requireSize(phaseSpace: PhaseSpaceGrid, parameter: string): void {
  if (phaseSpace.size > MAX_PHASE_SPACE_SIZE) {
    throw new ParameterError(
      parameter,
      `the half-grid phase space has ${phaseSpace.size} points (2^d n^2 for n = ${phaseSpace.velocity.size} ` +
        `grid points), more than ${MAX_PHASE_SPACE_SIZE}; use a smaller grid (2D/3D Wigner transforms are ` +
        "meant for small grids)",
    );
  }
}

/** Reads A_IJ (complex) for dense or orbital states without forming the dense matrix. */
type EntryReader = (i: number, j: number, out: Float64Array) => void;

function entryReader(state: DensityMatrix): EntryReader {
  const n = state.grid.size;
  if (state.form === "dense") {
    const data = state.data;
    return (i, j, out) => {
      const q = 2 * (i * n + j);
      out[0] = data[q];
      out[1] = data[q + 1];
    };
  }
  // transposed copy: u[(i K + k)] = phi_k(x_i), weights w_k = lambda_k dx^d
  const count = state.occupations.length;
  const u = new Float64Array(2 * n * count);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      u[2 * (i * count + k)] = state.orbitals[2 * (k * n + i)];
      u[2 * (i * count + k) + 1] = state.orbitals[2 * (k * n + i) + 1];
    }
  }
  const w = Float64Array.from(state.occupations, (l) => l * state.grid.cellVolume);
  return (i, j, out) => {
    let re = 0;
    let im = 0;
    const a = 2 * i * count;
    const b = 2 * j * count;
    for (let k = 0; k < count; k++) {
      const ar = u[a + 2 * k];
      const ai = u[a + 2 * k + 1];
      const br = u[b + 2 * k];
      const bi = u[b + 2 * k + 1];
      re += w[k] * (ar * br + ai * bi);
      im += w[k] * (ai * br - ar * bi);
    }
    out[0] = re;
    out[1] = im;
  };
}

/** Multiplies (re, im) by i^m (m any integer) in place in out. */
function timesIPower(m: number, re: number, im: number, out: Float64Array, at: number): void {
  switch (((m % 4) + 4) % 4) {
    case 0:
      out[at] = re;
      out[at + 1] = im;
      break;
    case 1:
      out[at] = -im;
      out[at + 1] = re;
      break;
    case 2:
      out[at] = -re;
      out[at + 1] = -im;
      break;
    default:
      out[at] = im;
      out[at + 1] = -re;
  }
}

/**
 * Per-axis bookkeeping of the pairs (i, j) with i + j = p on one axis: i runs over [lo, hi], and
 * m = i - j = 2 i - p, k = (m - r)/2 = i - (p + r)/2 (r = p mod 2) is stored at FFT index k mod n.
 */
function pairRange(p: number, n: number): { lo: number; hi: number; base: number; r: number } {
  const r = p & 1;
  return { lo: Math.max(0, p - n + 1), hi: Math.min(n - 1, p), base: (p + r) / 2, r };
}

/**
 * Writes the multi-index p of the flat half-grid index pIndex (row-major, strides halfStrides)
 * and returns the per-axis {@link pairRange}s, or undefined when some axis has no pair.
 */
function pairRangesAt(
  pIndex: number,
  halfStrides: readonly number[],
  shape: readonly number[],
  p: number[],
): ReturnType<typeof pairRange>[] | undefined {
  let rest = pIndex;
  for (let a = 0; a < p.length; a++) {
    p[a] = Math.floor(rest / halfStrides[a]);
    rest -= p[a] * halfStrides[a];
  }
  const ranges = p.map((pa, a) => pairRange(pa, shape[a]));
  return ranges.some((rg) => rg.lo > rg.hi) ? undefined : ranges;
}

/** Phase factors e^{-i pi q / n} (q = 0..n-1) per axis, interleaved. */
function halfShiftPhases(n: number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let q = 0; q < n; q++) {
    out[2 * q] = Math.cos((Math.PI * q) / n);
    out[2 * q + 1] = -Math.sin((Math.PI * q) / n);
  }
  return out;
}

/**
 * Discrete Wigner transform onto the half-grid phase space (THEORY.md section 2):
 * W(X_p, v_q) = pi^-d sum_{i + j = p} A_ij e^{-i v_q.(x_i - x_j)/eps}, with A_ij = omega(x_i;x_j) dx^d,
 * on {@link wignerPhaseSpace}: X_p = x_0 + p dx/2 and v_q = -pi eps/(2dx) + q pi eps/(n dx).
 *
 * For fixed p the differences m = i - j all have the parity r of p, so with m = 2k + r and
 * v_q m dx/eps = -pi m/2 + pi m q/n the sum is an n-point DFT in k:
 * W(X_p, v_q) = pi^-d e^{-i pi r q/n} sum_k [A_ij i^m] e^{-2 pi i k q/n}. It is exact and invertible
 * ({@link weylQuantize} is its inverse to round-off), real for Hermitian A, and:
 * sum_q W(x_i, v_q) dv^d = A_ii/dx^d eps^d = rho(x_i) eps^d N exactly on the grid points (p even);
 * at midpoints (p odd) the v-marginal is the band-limited (sinc) interpolation of the density;
 * so sum W dX^d dv^d = 1 (to the accuracy of that interpolation) when eps^d N = 1.
 * The band |v| < pi eps/(2 dx) holds the state exactly when the grid resolves it
 * (dx <= pi eps/(2 v_max)). Works on orbital states without forming the dense matrix.
 *
 * Cost: 1D O(n^2 log n) (2n FFTs of size n) plus O(n^2) entries (O(K n^2) for K orbitals);
 * d > 1: O(2^d n^2 log n) with n = grid.size, limited to {@link MAX_PHASE_SPACE_SIZE}.
 * Allocates the result (2^d n^2 doubles) and O(n) work space.
 */
export function wignerTransform(state: DensityMatrix): PhaseSpaceFunction {
  const grid = state.grid;
  const phaseSpace = wignerPhaseSpace(grid, state.epsilon);
  requireSize(phaseSpace, "state.grid");
  const values = new Float64Array(phaseSpace.size);
  const read = entryReader(state);
  const d = grid.dimension;
  const n = grid.size;
  const scale = Math.PI ** -d;
  const entry = new Float64Array(2);
  const b = new Float64Array(2 * n);
  const spectrum = new Float64Array(2 * n);
  const phases = grid.shape.map(halfShiftPhases);
  const vSize = phaseSpace.velocity.size;
  if (d === 1) {
    const plan = fftPlan(n);
    const ph = phases[0];
    for (let p = 0; p < 2 * n - 1; p++) {
      const { lo, hi, base, r } = pairRange(p, n);
      b.fill(0);
      for (let i = lo; i <= hi; i++) {
        read(i, p - i, entry);
        const k = i - base;
        timesIPower(2 * i - p, entry[0], entry[1], b, 2 * (k < 0 ? k + n : k));
      }
      plan.transform(b, spectrum, "forward");
      const row = p * vSize;
      if (r === 0) {
        for (let q = 0; q < n; q++) values[row + q] = scale * spectrum[2 * q];
      } else {
        for (let q = 0; q < n; q++) {
          values[row + q] =
            scale * (spectrum[2 * q] * ph[2 * q] - spectrum[2 * q + 1] * ph[2 * q + 1]);
        }
      }
    }
    return Object.freeze({ grid: phaseSpace, values });
  }
  const halfStrides = phaseSpace.position.strides;
  const shape = grid.shape;
  const strides = grid.strides;
  const p = new Array<number>(d).fill(0);
  for (let pIndex = 0; pIndex < phaseSpace.position.size; pIndex++) {
    const ranges = pairRangesAt(pIndex, halfStrides, shape, p);
    if (ranges === undefined) continue;
    b.fill(0);
    forEachPair(ranges, p, strides, shape, (iFlat, jFlat, kFlat, mSum) => {
      read(iFlat, jFlat, entry);
      timesIPower(mSum, entry[0], entry[1], b, 2 * kFlat);
    });
    fftN(b, shape, "forward");
    const row = pIndex * vSize;
    for (let q = 0; q < n; q++) {
      let re = b[2 * q];
      let im = b[2 * q + 1];
      let restQ = q;
      for (let a = 0; a < d; a++) {
        const qa = Math.floor(restQ / strides[a]);
        restQ -= qa * strides[a];
        if (ranges[a].r === 1) {
          const cr = phases[a][2 * qa];
          const ci = phases[a][2 * qa + 1];
          const t = re * cr - im * ci;
          im = re * ci + im * cr;
          re = t;
        }
      }
      values[row + q] = scale * re;
    }
  }
  return Object.freeze({ grid: phaseSpace, values });
}

/**
 * Calls f for every multi-index pair (i, j) with i + j = p (per axis in the given ranges):
 * flat indices of i, j on the grid, flat FFT index of k = i - (p + r)/2 mod n, and sum_a m_a.
 */
function forEachPair(
  ranges: ReturnType<typeof pairRange>[],
  p: number[],
  strides: readonly number[],
  shape: readonly number[],
  f: (iFlat: number, jFlat: number, kFlat: number, mSum: number) => void,
): void {
  const d = ranges.length;
  const i = ranges.map((rg) => rg.lo);
  for (;;) {
    let iFlat = 0;
    let jFlat = 0;
    let kFlat = 0;
    let mSum = 0;
    for (let a = 0; a < d; a++) {
      iFlat += i[a] * strides[a];
      jFlat += (p[a] - i[a]) * strides[a];
      const k = i[a] - ranges[a].base;
      kFlat += (k < 0 ? k + shape[a] : k) * strides[a];
      mSum += 2 * i[a] - p[a];
    }
    f(iFlat, jFlat, kFlat, mSum);
    let a = d - 1;
    while (a >= 0) {
      if (i[a] < ranges[a].hi) {
        i[a]++;
        break;
      }
      i[a] = ranges[a].lo;
      a--;
    }
    if (a < 0) return;
  }
}

/** Options of {@link weylQuantize}. */
export interface WeylOptions {
  /**
   * Resolution check for W on another grid (default true): the velocities where
   * max_x |W(x, v)| > supportThreshold max |W| must lie in the band |v_a| < pi eps/(2 dx_a) of the
   * target grid; otherwise a ParameterError names the numbers.
   */
  checkResolution?: boolean;
  /** Relative threshold defining the velocity support of W (default 1e-8). */
  supportThreshold?: number;
}

function axisOf(g: Grid, a: number): UniformAxis {
  return { points: g.shape[a], origin: g.origin[a], spacing: g.spacing[a] };
}

/**
 * Weyl quantization (THEORY.md section 1): omega(x;y) = N int W((x+y)/2, v) e^{i v.(x-y)/eps} dv
 * with N = eps^-d, returned as the dense matrix A_ij = omega(x_i;x_j) dx^d on `target`.
 *
 * W may live on ANY phase-space grid. If it is the half grid of (target, eps)
 * ({@link wignerPhaseSpace}), the exact inverse of {@link wignerTransform} is applied, so
 * weylQuantize(wignerTransform(A)) = A to round-off. Otherwise W is first interpolated
 * spectrally (trigonometric interpolation per axis by the chirp z-transform, zero outside W's
 * box) to the midpoints X_p and velocities v_q of the half grid, then the same exact inverse is
 * applied: per p, an inverse n-point FFT over v_q (A_ij = pi^d i^-m [IFFT(e^{i pi r q/n} W(X_p,.))]_k).
 * The result is symmetrized to exact Hermiticity, (A + A^*)/2. Entries of the half-grid data that
 * no pair (i, j) on the grid can carry (the row p = 2n - 1, |m| >= n) are dropped.
 *
 * Cost: 1D O(n^2 log n) + interpolation O((N_x + 2n)(N_v + n) log); allocates 2 n^2 doubles
 * (result) plus the interpolated W (2^d n^2 doubles).
 */
export function weylQuantize(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: WeylOptions = {},
): DenseDensityMatrix {
  requirePositive("epsilon", epsilon);
  const d = target.dimension;
  const source = W.grid;
  if (source.position.dimension !== d) {
    throw new ParameterError(
      "W.grid",
      `has dimension ${source.position.dimension}, the target grid ${d}`,
    );
  }
  if (W.values.length !== source.size) {
    throw new ParameterError(
      "W.values",
      `must hold W.grid.size = ${source.size} values, got ${W.values.length}`,
    );
  }
  const half = wignerPhaseSpace(target, epsilon);
  requireSize(half, "target");
  const sources: UniformAxis[] = [];
  const targets: UniformAxis[] = [];
  for (let a = 0; a < d; a++) {
    sources.push(axisOf(source.position, a));
    targets.push(axisOf(half.position, a));
  }
  for (let a = 0; a < d; a++) {
    sources.push(axisOf(source.velocity, a));
    targets.push(axisOf(half.velocity, a));
  }
  const exact = sources.every((s, a) => sameAxis(s, targets[a]));
  let values = W.values;
  if (!exact) {
    for (let q = 0; q < values.length; q++) {
      if (!Number.isFinite(values[q])) {
        throw new ParameterError("W.values", `entry ${q} is ${values[q]}; must be finite`);
      }
    }
    if (options.checkResolution ?? true) {
      checkVelocitySupport(W, target, epsilon, options.supportThreshold ?? 1e-8);
    }
    values = resampleArray(values, sources, targets);
  }
  return Object.freeze({
    form: "dense",
    grid: target,
    epsilon,
    data: inverseWigner(values, target, half),
  });
}

function checkVelocitySupport(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  threshold: number,
): void {
  const { position, velocity } = W.grid;
  let max = 0;
  for (const w of W.values) max = Math.max(max, Math.abs(w));
  if (max === 0) return;
  const vMax = new Array<number>(velocity.dimension).fill(0);
  const vs = velocity.size;
  for (let iv = 0; iv < vs; iv++) {
    let m = 0;
    for (let ix = 0; ix < position.size; ix++) m = Math.max(m, Math.abs(W.values[ix * vs + iv]));
    if (m <= threshold * max) continue;
    let rest = iv;
    for (let a = 0; a < velocity.dimension; a++) {
      const q = Math.floor(rest / velocity.strides[a]);
      rest -= q * velocity.strides[a];
      const v = Math.abs(velocity.origin[a] + q * velocity.spacing[a]);
      vMax[a] = Math.max(vMax[a], v + 0.5 * velocity.spacing[a]);
    }
  }
  for (let a = 0; a < target.dimension; a++) {
    const band = (Math.PI * epsilon) / (2 * target.spacing[a]);
    if (vMax[a] >= band) {
      const axisGrid = createGrid({ dimension: 1, points: target.shape[a], box: target.box[a] });
      assertResolves(axisGrid, epsilon, vMax[a]);
    }
  }
}

/** Exact inverse of the discrete Wigner transform: W on the half grid -> A (interleaved). */
function inverseWigner(values: Float64Array, grid: Grid, half: PhaseSpaceGrid): Float64Array {
  const d = grid.dimension;
  const n = grid.size;
  const data = new Float64Array(2 * n * n);
  const scale = Math.PI ** d;
  const c = new Float64Array(2 * n);
  const bb = new Float64Array(2 * n);
  const phases = grid.shape.map(halfShiftPhases); // e^{-i pi q/n}: use the conjugate here
  const vSize = half.velocity.size;
  if (d === 1) {
    const plan = fftPlan(n);
    const ph = phases[0];
    for (let p = 0; p < 2 * n - 1; p++) {
      const { lo, hi, base, r } = pairRange(p, n);
      const row = p * vSize;
      for (let q = 0; q < n; q++) {
        const w = scale * values[row + q];
        c[2 * q] = r === 0 ? w : w * ph[2 * q];
        c[2 * q + 1] = r === 0 ? 0 : -w * ph[2 * q + 1];
      }
      plan.transform(c, bb, "inverse");
      for (let i = lo; i <= hi; i++) {
        const k = i - base;
        const at = 2 * (k < 0 ? k + n : k);
        timesIPower(p - 2 * i, bb[at], bb[at + 1], data, 2 * (i * n + p - i));
      }
    }
  } else {
    const halfStrides = half.position.strides;
    const shape = grid.shape;
    const strides = grid.strides;
    const p = new Array<number>(d).fill(0);
    for (let pIndex = 0; pIndex < half.position.size; pIndex++) {
      const ranges = pairRangesAt(pIndex, halfStrides, shape, p);
      if (ranges === undefined) continue;
      const row = pIndex * vSize;
      for (let q = 0; q < n; q++) {
        let re = scale * values[row + q];
        let im = 0;
        let restQ = q;
        for (let a = 0; a < d; a++) {
          const qa = Math.floor(restQ / strides[a]);
          restQ -= qa * strides[a];
          if (ranges[a].r === 1) {
            const cr = phases[a][2 * qa];
            const ci = -phases[a][2 * qa + 1];
            const t = re * cr - im * ci;
            im = re * ci + im * cr;
            re = t;
          }
        }
        c[2 * q] = re;
        c[2 * q + 1] = im;
      }
      fftN(c, shape, "inverse");
      forEachPair(ranges, p, strides, shape, (iFlat, jFlat, kFlat, mSum) => {
        timesIPower(-mSum, c[2 * kFlat], c[2 * kFlat + 1], data, 2 * (iFlat * n + jFlat));
      });
    }
  }
  // exact Hermitian symmetrization (A + A^*)/2
  for (let i = 0; i < n; i++) {
    data[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      const a = 2 * (i * n + j);
      const b = 2 * (j * n + i);
      const re = 0.5 * (data[a] + data[b]);
      const im = 0.5 * (data[a + 1] - data[b + 1]);
      data[a] = re;
      data[a + 1] = im;
      data[b] = re;
      data[b + 1] = -im;
    }
  }
  return data;
}
