import {
  type Grid,
  nextPowerOfTwo,
  ParameterError,
  type PhaseSpaceGrid,
  requirePositive,
  resampleArray,
  type UniformAxis,
} from "@semiclassical/grid";
import type { PhaseSpaceFunction } from "./phase-space.js";
import type { OrbitalDensityMatrix } from "./states.js";

/** Options of {@link orbitalWigner} and {@link orbitalWignerCost}. */
export interface OrbitalWignerOptions {
  /**
   * Largest memory for the interpolated orbitals, in bytes (default 2^30 = 1 GiB). The orbitals
   * are processed in batches that fit (each batch repeats the velocity transform); a single
   * orbital that does not fit is refused before any work.
   */
  maxBatchBytes?: number;
  /**
   * Where to write W (target.size doubles, overwritten), e.g. a SharedArrayBuffer-backed array
   * for a threaded solver; default a new array. Only {@link orbitalWigner} reads it.
   */
  into?: Float64Array;
}

/** Memory and work of one {@link orbitalWigner} call (from {@link orbitalWignerCost}). */
export interface OrbitalWignerCost {
  /** Peak bytes allocated: the result, the interpolated orbitals of one batch (twice, during the transpose), the work buffers. */
  readonly bytes: number;
  /** Floating-point operations (interpolation + correlations + velocity transforms). */
  readonly flops: number;
  /** Orbitals per batch and number of batches. */
  readonly batchSize: number;
  readonly batches: number;
  /** Points of the interpolation lattice per axis (M_a). */
  readonly lattice: readonly number[];
}

/**
 * One axis of the sampling plan. The correlation s -> phi(X + s/2) conj(phi(X - s/2)) is sampled
 * at s = l h, so phi is needed on the lattice Y_j = origin + j h/2 (inside the state's box), which
 * contains every target position: X_i = Y_{first + i ratio}.
 */
interface AxisLattice {
  /** Quadrature step h of s. */
  readonly h: number;
  /** Lattice points M inside the box [x_0, x_0 + L). */
  readonly points: number;
  readonly origin: number;
  /** Lattice index of target position i (i ratio + first), and its half-window l_max (-1: outside). */
  readonly index: Int32Array;
  readonly window: Int32Array;
  /** Largest l_max over the targets. */
  readonly maxWindow: number;
  /** e^{-i v_q l h/eps} at [q (2 maxWindow + 1) + l + maxWindow] (interleaved). */
  readonly phases: Float64Array;
  readonly positions: number;
  readonly velocities: number;
}

function axisLattice(grid: Grid, epsilon: number, target: PhaseSpaceGrid, a: number): AxisLattice {
  const dx = grid.spacing[a];
  const x0 = grid.origin[a];
  const box = grid.shape[a] * dx;
  const nx = target.position.shape[a];
  const dX = target.position.spacing[a];
  const X0 = target.position.origin[a];
  const nv = target.velocity.shape[a];
  const dv = target.velocity.spacing[a];
  const v0 = target.velocity.origin[a];
  const vMax = Math.max(Math.abs(v0), Math.abs(v0 + (nv - 1) * dv));
  // The rectangle rule sum_l h C(l h) e^{-i v l h/eps} equals the integral up to the aliases
  // C^(v/eps + 2 pi m/h), m != 0; C is band-limited to |k| <= pi/dx (a product of two
  // half-argument trigonometric interpolants), so it is exact when 2 pi/h > pi/dx + |v|/eps.
  // Strictly below that bound: the Nyquist mode (split evenly between +-pi/dx) has no alias.
  const hMax = (2 * Math.PI) / (Math.PI / dx + vMax / epsilon);
  const ratio = nx > 1 ? Math.floor(dX / (hMax / 2)) + 1 : 1;
  const half = nx > 1 ? dX / ratio : (0.99 * hMax) / 2;
  // lattice X0 + m h/2 restricted to the box (the resampler's test: x0 - tol <= t < x0 + L - tol)
  const tol = 1e-10 * dx;
  let mLo = Math.ceil((x0 - tol - X0) / half);
  while (X0 + mLo * half < x0 - tol) mLo++;
  while (X0 + (mLo - 1) * half >= x0 - tol) mLo--;
  let mHi = Math.floor((x0 + box - tol - X0) / half);
  while (X0 + mHi * half >= x0 + box - tol) mHi--;
  while (X0 + (mHi + 1) * half < x0 + box - tol) mHi++;
  const points = Math.max(0, mHi - mLo + 1);
  const index = new Int32Array(nx);
  const window = new Int32Array(nx);
  let maxWindow = 0;
  for (let i = 0; i < nx; i++) {
    const j = i * ratio - mLo;
    index[i] = j;
    window[i] = j >= 0 && j < points ? Math.min(j, points - 1 - j) : -1;
    maxWindow = Math.max(maxWindow, window[i]);
  }
  const h = 2 * half;
  const width = 2 * maxWindow + 1;
  const phases = new Float64Array(2 * nv * width);
  for (let q = 0; q < nv; q++) {
    const v = v0 + q * dv;
    for (let l = -maxWindow; l <= maxWindow; l++) {
      const t = (-v * l * h) / epsilon;
      phases[2 * (q * width + l + maxWindow)] = Math.cos(t);
      phases[2 * (q * width + l + maxWindow) + 1] = Math.sin(t);
    }
  }
  return {
    h,
    points,
    origin: X0 + mLo * half,
    index,
    window,
    maxWindow,
    phases,
    positions: nx,
    velocities: nv,
  };
}

/** A trivial axis (size 1) used to pad to three axes. */
const PAD: AxisLattice = {
  h: 1,
  points: 1,
  origin: 0,
  index: Int32Array.of(0),
  window: Int32Array.of(0),
  maxWindow: 0,
  phases: Float64Array.of(1, 0),
  positions: 1,
  velocities: 1,
};

function requireMatchingTarget(grid: Grid, target: PhaseSpaceGrid): void {
  const d = grid.dimension;
  if (target.position.dimension !== d || target.velocity.dimension !== d) {
    throw new ParameterError(
      "target",
      `has dimension ${target.position.dimension}, the state ${d}; build the phase-space grid in the state's dimension`,
    );
  }
}

interface Plan {
  readonly axes: AxisLattice[];
  readonly latticeSize: number;
  readonly batchSize: number;
  readonly cost: OrbitalWignerCost;
}

function makePlan(
  grid: Grid,
  epsilon: number,
  K: number,
  target: PhaseSpaceGrid,
  options: OrbitalWignerOptions,
): Plan {
  requirePositive("epsilon", epsilon);
  requireMatchingTarget(grid, target);
  const d = grid.dimension;
  const real = Array.from({ length: d }, (_, a) => axisLattice(grid, epsilon, target, a));
  const axes = [...new Array<AxisLattice>(3 - d).fill(PAD), ...real];
  const latticeSize = real.reduce((p, x) => p * x.points, 1);
  const maxBatchBytes = options.maxBatchBytes ?? 2 ** 30;
  const perOrbital = 32 * latticeSize;
  if (latticeSize > 0 && perOrbital > maxBatchBytes) {
    throw new ParameterError(
      "maxBatchBytes",
      `one interpolated orbital needs ${perOrbital} bytes (lattice ${real.map((x) => x.points).join(" x ")}), ` +
        `more than maxBatchBytes = ${maxBatchBytes}; raise maxBatchBytes or use a coarser target position grid`,
    );
  }
  const batchSize = Math.max(1, Math.min(K, Math.floor(maxBatchBytes / perOrbital)));
  const batches = K > 0 && latticeSize > 0 ? Math.ceil(K / batchSize) : 0;
  // work per target position, summed over the (separable) position grid
  const sums = axes.map((x) => {
    let one = 0; // number of X inside
    let full = 0; // sum of (2 l_max + 1)
    let halfRows = 0; // sum of (l_max + 1)
    for (let i = 0; i < x.positions; i++) {
      if (x.window[i] < 0) continue;
      one++;
      full += 2 * x.window[i] + 1;
      halfRows += x.window[i] + 1;
    }
    return { one, full, halfRows };
  });
  const [s0, s1, s2] = sums;
  const [a0, a1, a2] = axes;
  const pairs = (s0.full * s1.full * s2.full) / 2;
  const correlation = 10 * K * pairs;
  const transform =
    batches *
    (8 * s0.halfRows * s1.full * s2.full * a2.velocities +
      8 * s0.halfRows * s1.full * s2.one * a1.velocities * a2.velocities +
      4 * s0.halfRows * s1.one * s2.one * a0.velocities * a1.velocities * a2.velocities);
  let interpolation = 0;
  let shape = grid.shape.slice();
  for (let a = 0; a < d; a++) {
    const size = nextPowerOfTwo(shape[a] + real[a].points);
    const lines = shape.reduce((p, x) => p * x, 1) / shape[a];
    interpolation += K * lines * 15 * size * Math.log2(size);
    shape = shape.slice();
    shape[a] = real[a].points;
  }
  const widths = axes.map((x) => 2 * x.maxWindow + 1);
  const work = 16 * ((a0.maxWindow + 1) * widths[1] * (widths[2] + a2.velocities));
  const bytes =
    8 * target.size + (batches > 0 ? 2 * 16 * Math.min(K, batchSize) * latticeSize : 0) + work;
  return {
    axes,
    latticeSize,
    batchSize,
    cost: Object.freeze({
      bytes,
      flops: correlation + transform + interpolation,
      batchSize: Math.min(K, batchSize),
      batches,
      lattice: real.map((x) => x.points),
    }),
  };
}

/**
 * Memory and work of {@link orbitalWigner} for K orbitals on `grid` sampled on `target`, without
 * running it (for memory planning): see {@link OrbitalWignerCost}. Cost O(sum_a (n_x,a + n_v,a
 * l_max,a)).
 */
export function orbitalWignerCost(
  grid: Grid,
  epsilon: number,
  K: number,
  target: PhaseSpaceGrid,
  options: OrbitalWignerOptions = {},
): OrbitalWignerCost {
  if (!Number.isInteger(K) || K < 0) {
    throw new ParameterError("K", `must be a non-negative integer, got ${K}`);
  }
  return makePlan(grid, epsilon, K, target, options).cost;
}

/**
 * Interpolates orbitals [k0, k0 + B) onto the lattice (band-limited, zero outside the box), scaled
 * by sqrt|lambda_k|, and returns them with the orbital index fastest: value (j, k) at 2 (j B + k).
 */
function interpolateBatch(
  state: OrbitalDensityMatrix,
  axes: readonly AxisLattice[],
  k0: number,
  count: number,
): Float64Array {
  const grid = state.grid;
  const d = grid.dimension;
  const n = grid.size;
  const real = axes.slice(3 - d);
  const orbitalAxis: UniformAxis = { points: count, origin: 0, spacing: 1 };
  const complexAxis: UniformAxis = { points: 2, origin: 0, spacing: 1 };
  const sources: UniformAxis[] = [orbitalAxis];
  const targets: UniformAxis[] = [orbitalAxis];
  for (let a = 0; a < d; a++) {
    sources.push({ points: grid.shape[a], origin: grid.origin[a], spacing: grid.spacing[a] });
    targets.push({ points: real[a].points, origin: real[a].origin, spacing: real[a].h / 2 });
  }
  sources.push(complexAxis);
  targets.push(complexAxis);
  const data = state.orbitals.subarray(2 * k0 * n, 2 * (k0 + count) * n);
  const lattice = resampleArray(data, sources, targets);
  const size = real.reduce((p, x) => p * x.points, 1);
  const out = new Float64Array(2 * size * count);
  for (let k = 0; k < count; k++) {
    const root = Math.sqrt(Math.abs(state.occupations[k0 + k]));
    for (let j = 0; j < size; j++) {
      out[2 * (j * count + k)] = root * lattice[2 * (k * size + j)];
      out[2 * (j * count + k) + 1] = root * lattice[2 * (k * size + j) + 1];
    }
  }
  return out;
}

/**
 * Wigner function of an orbital state sampled directly on an arbitrary phase-space grid
 * (THEORY.md section 1 normalization): W(X, v) = sum_k lambda_k (2 pi)^-d int phi_k(X + s/2)
 * conj(phi_k(X - s/2)) e^{-i v.s/eps} ds, at the nodes X of target.position (any uniform grid;
 * zero where X is outside the state's box) and v of target.velocity (any uniform grid). No
 * quantum-resolution 2d-dimensional half grid is allocated.
 *
 * Per axis the s-integral is the rectangle rule on s = l h, exact to round-off for states that
 * vanish at the box edges when 2 pi/h > pi/dx + max|v|/eps (C(s) = sum_k lambda_k phi_k(X + s/2)
 * conj(phi_k(X - s/2)) is band-limited to |k| <= pi/dx), with h/2 = dX/r (r the smallest integer)
 * so that every target X is a node of one lattice Y_j = Y_0 + j h/2. Then:
 * 1. the orbitals are interpolated once onto the lattice (trigonometric interpolation by the
 *    chirp z-transform, zero outside the box; O(K sum_a lines_a M_a log M_a));
 * 2. for each X = Y_p: C(l) = sum_k lambda_k F_k(p + l) conj(F_k(p - l)), |l_a| <= min(p_a,
 *    M_a - 1 - p_a) (both points inside the box; C vanishes beyond), on the half space l > 0 only
 *    (C(-l) = conj C(l)), a length-K dot product per l;
 * 3. W(X, v_q) = (2 pi)^-d prod h_a Re sum_l c_l C(l) e^{-i v_q.l h/eps} (c_l = 2, c_0 = 1) by
 *    separable matrix products over the target velocities (no FFT grid constraint on v).
 * Cost (see {@link orbitalWignerCost}): O(K sum_X prod_a (2 l_a + 1)/2) for the correlations,
 * roughly K n_x^d (3n/2)^d / 2^(d+1) for a target box equal to the state's, plus O(sum_X
 * prod_a (2 l_a + 1) n_v) for the velocity sums. Allocates the result (target.size doubles), the
 * interpolated orbitals of one batch (2 x 16 M^d bytes per orbital) and O(l^d) work buffers.
 */
export function orbitalWigner(
  state: OrbitalDensityMatrix,
  target: PhaseSpaceGrid,
  options: OrbitalWignerOptions = {},
): PhaseSpaceFunction {
  if (state.form !== "orbital") {
    throw new ParameterError(
      "state",
      "must be an orbital density matrix (form 'orbital'); use toOrbital",
    );
  }
  const grid = state.grid;
  const d = grid.dimension;
  const K = state.occupations.length;
  const plan = makePlan(grid, state.epsilon, K, target, options);
  const into = options.into;
  if (into !== undefined && into.length !== target.size) {
    throw new ParameterError(
      "into",
      `must hold target.size = ${target.size} doubles, got ${into.length}`,
    );
  }
  const values = into?.fill(0) ?? new Float64Array(target.size);
  if (K === 0 || plan.latticeSize === 0) return Object.freeze({ grid: target, values });
  const [a0, a1, a2] = plan.axes;
  const scale = (2 * Math.PI) ** -d * plan.axes.reduce((p, x) => p * x.h, 1);
  const M1 = a1.points;
  const M2 = a2.points;
  const nv0 = a0.velocities;
  const nv1 = a1.velocities;
  const nv2 = a2.velocities;
  const vs = nv0 * nv1 * nv2;
  const W1 = 2 * a1.maxWindow + 1;
  const W2 = 2 * a2.maxWindow + 1;
  const c = new Float64Array(2 * (a0.maxWindow + 1) * W1 * W2);
  const t1 = new Float64Array(2 * (a0.maxWindow + 1) * W1 * nv2);
  const t2 = new Float64Array(2 * (a0.maxWindow + 1) * nv1 * nv2);
  const lambda = state.occupations;
  for (let k0 = 0; k0 < K; k0 += plan.batchSize) {
    const B = Math.min(plan.batchSize, K - k0);
    const F = interpolateBatch(state, plan.axes, k0, B);
    // sign of lambda_k (the magnitudes are in F); all positive (thermal, Slater): no sign product
    const w = lambda.subarray(k0, k0 + B).map((l) => (l < 0 ? -1 : 1));
    const signed = w.some((x) => x < 0);
    for (let i0 = 0; i0 < a0.positions; i0++) {
      const L0 = a0.window[i0];
      if (L0 < 0) continue;
      const p0 = a0.index[i0];
      for (let i1 = 0; i1 < a1.positions; i1++) {
        const L1 = a1.window[i1];
        if (L1 < 0) continue;
        const p1 = a1.index[i1];
        for (let i2 = 0; i2 < a2.positions; i2++) {
          const L2 = a2.window[i2];
          if (L2 < 0) continue;
          const p2 = a2.index[i2];
          const w1 = 2 * L1 + 1;
          const w2 = 2 * L2 + 1;
          // 2. correlations on the half space, weight 2 (1 at l = 0), zero on the other half
          for (let l0 = 0; l0 <= L0; l0++) {
            for (let l1 = -L1; l1 <= L1; l1++) {
              const row = 2 * ((l0 * w1 + l1 + L1) * w2 + L2);
              const plusRow = ((p0 + l0) * M1 + p1 + l1) * M2 + p2;
              const minusRow = ((p0 - l0) * M1 + p1 - l1) * M2 + p2;
              for (let l2 = -L2; l2 <= L2; l2++) {
                const half = l0 > 0 || l1 > 0 || (l1 === 0 && l2 >= 0);
                if (!half) {
                  c[row + 2 * l2] = 0;
                  c[row + 2 * l2 + 1] = 0;
                  continue;
                }
                let x = 2 * (plusRow + l2) * B;
                let y = 2 * (minusRow - l2) * B;
                let sr = 0;
                let si = 0;
                if (signed) {
                  for (let k = 0; k < B; k++, x += 2, y += 2) {
                    const ar = F[x];
                    const ai = F[x + 1];
                    const br = F[y];
                    const bi = F[y + 1];
                    const wk = w[k];
                    sr += wk * (ar * br + ai * bi);
                    si += wk * (ai * br - ar * bi);
                  }
                } else {
                  for (let k = 0; k < B; k++, x += 2, y += 2) {
                    const ar = F[x];
                    const ai = F[x + 1];
                    const br = F[y];
                    const bi = F[y + 1];
                    sr += ar * br + ai * bi;
                    si += ai * br - ar * bi;
                  }
                }
                const weight = l0 === 0 && l1 === 0 && l2 === 0 ? scale : 2 * scale;
                c[row + 2 * l2] = weight * sr;
                c[row + 2 * l2 + 1] = weight * si;
              }
            }
          }
          // 3. velocity sums, last axis first: t1[l0, l1, q2], t2[l0, q1, q2], W[q0, q1, q2]
          const e2 = a2.phases;
          const o2 = a2.maxWindow - L2;
          // c vanishes off the half space of lags (l0 > 0, or l0 = 0 and l1 > 0, or l0 = l1 = 0
          // and l2 >= 0): the rows l0 = 0, l1 < 0 are skipped here and below (their t1 rows are
          // zero), and the row l0 = l1 = 0 starts at l2 = 0; only exact zeros are left out, so
          // the sums are the same bit for bit (half the work in 1D and 2D)
          for (let r = 0; r < (L0 + 1) * w1; r++) {
            if (r < L1) continue;
            const from = r === L1 ? L2 : 0;
            for (let q2 = 0; q2 < nv2; q2++) {
              let sr = 0;
              let si = 0;
              let e = 2 * (q2 * W2 + o2 + from);
              let x = 2 * (r * w2 + from);
              for (let l2 = from; l2 < w2; l2++, e += 2, x += 2) {
                const cr = c[x];
                const ci = c[x + 1];
                const er = e2[e];
                const ei = e2[e + 1];
                sr += cr * er - ci * ei;
                si += cr * ei + ci * er;
              }
              t1[2 * (r * nv2 + q2)] = sr;
              t1[2 * (r * nv2 + q2) + 1] = si;
            }
          }
          const e1 = a1.phases;
          const o1 = a1.maxWindow - L1;
          for (let l0 = 0; l0 <= L0; l0++) {
            for (let q1 = 0; q1 < nv1; q1++) {
              const out = 2 * (l0 * nv1 + q1) * nv2;
              for (let q2 = 0; q2 < 2 * nv2; q2++) t2[out + q2] = 0;
              for (let l1 = l0 === 0 ? L1 : 0; l1 < w1; l1++) {
                const er = e1[2 * (q1 * W1 + o1 + l1)];
                const ei = e1[2 * (q1 * W1 + o1 + l1) + 1];
                const src = 2 * (l0 * w1 + l1) * nv2;
                for (let q2 = 0; q2 < nv2; q2++) {
                  const tr = t1[src + 2 * q2];
                  const ti = t1[src + 2 * q2 + 1];
                  t2[out + 2 * q2] += tr * er - ti * ei;
                  t2[out + 2 * q2 + 1] += tr * ei + ti * er;
                }
              }
            }
          }
          const e0 = a0.phases;
          const W0 = 2 * a0.maxWindow + 1;
          const o0 = a0.maxWindow; // l0 >= 0 only
          const base = ((i0 * a1.positions + i1) * a2.positions + i2) * vs;
          for (let q0 = 0; q0 < nv0; q0++) {
            for (let l0 = 0; l0 <= L0; l0++) {
              const er = e0[2 * (q0 * W0 + o0 + l0)];
              const ei = e0[2 * (q0 * W0 + o0 + l0) + 1];
              const src = 2 * l0 * nv1 * nv2;
              const dst = base + q0 * nv1 * nv2;
              for (let q = 0; q < nv1 * nv2; q++) {
                values[dst + q] += t2[src + 2 * q] * er - t2[src + 2 * q + 1] * ei;
              }
            }
          }
        }
      }
    }
  }
  return Object.freeze({ grid: target, values });
}
