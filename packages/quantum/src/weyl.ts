import type { Grid, PhaseSpaceGrid, UniformAxis } from "@semiclassical/grid";
import {
  assertResolves,
  createGrid,
  fftN,
  fftPlan,
  ParameterError,
  requirePositive,
  resampleArray,
  sameAxis,
  UniformResampler,
} from "@semiclassical/grid";
import { type PackedHermitian, subtractFromPacked } from "./conversions.js";
import {
  forEachPair,
  halfShiftPhases,
  pairRange,
  pairRangesAt,
  requireSize,
  timesIPower,
  wignerPhaseSpace,
} from "./half-grid.js";
import { type PhaseSpaceFunction, requireValues } from "./phase-space.js";
import type { DenseDensityMatrix, DensityMatrix } from "./states.js";

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
 * Cost: 1D O(n^2 log n) + interpolation O((N_x + 2n)(N_v + n) log). Memory: in 1D the result
 * takes the buffer of the interpolated W (2 n^2 doubles, the size of the n x n complex matrix;
 * one new buffer of 2 n^2 doubles when W is already on the half grid); in 2D/3D the result
 * (2 n^2 doubles) and the interpolated W (2^d n^2 doubles).
 */
export function weylQuantize(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: WeylOptions = {},
): DenseDensityMatrix {
  const { half, values, exact } = halfGridSamples(W, target, epsilon, options);
  return Object.freeze({
    form: "dense",
    grid: target,
    epsilon,
    // In 1D the result overwrites `values` when they are the interpolated copy (ours).
    data: inverseWigner(values, target, half, !exact),
  });
}

/** omega - Weyl(W~) of {@link weylDifference}, with the diagonals the distances need. */
export interface WeylDifference {
  /** D_ij = A_ij - A~_ij (A the state's matrix, A~ = weylQuantize(W~)), lower triangle packed. */
  readonly difference: PackedHermitian;
  /** Re A_ii. */
  readonly diagonal: Float64Array;
  /** Re A~_ii (the Weyl operator's diagonal: its density times N dx^d). */
  readonly tildeDiagonal: Float64Array;
}

/**
 * D = A - weylQuantize(W~, state.grid, state.epsilon) with A the state's matrix (its dense form,
 * never formed for an orbital state: quantum's subtractFromDense), stored as its lower triangle
 * ({@link PackedHermitian}: n (n + 1) doubles, half the n x n complex matrix). Same operator as
 * weylQuantize's, to round-off: in 1D W~ is interpolated along x onto the half grid's X_p first
 * (2n x N_v samples, not weylQuantize's 2n x n half grid, which it interpolates axis by axis in
 * the cheaper order), then each pair of rows along v, and each row goes through the inverse
 * transform into the triangle at once (the entries move by ~1e-16 of the largest: the order of
 * the interpolations). The triangle of a dense state is its lower one. d > 1: weylQuantize's matrix,
 * then packed. Options and errors as weylQuantize's. Cost as weylQuantize plus O(K n^2) for an
 * orbital state; allocates the triangle, 2n x N_v doubles and the kernels' workspace of the
 * subtraction (1D); for the distances (metrics' `compareWithWeyl`).
 */
export function weylDifference(
  state: DensityMatrix,
  W: PhaseSpaceFunction,
  options: WeylOptions = {},
): WeylDifference {
  const grid = state.grid;
  const n = grid.size;
  const packed = new Float64Array(n * (n + 1));
  if (grid.dimension === 1) {
    const { sources, targets, exact } = checkWeylInput(W, grid, state.epsilon, options);
    // along x first (same v), then each pair of rows along v into a two-row buffer
    const alongX = exact ? W.values : resampleArray(W.values, sources, [targets[0], sources[1]]);
    const nv = sources[1].points;
    const alongV = sameAxis(sources[1], targets[1])
      ? undefined
      : new UniformResampler(sources[1], targets[1]);
    const pair = new Float64Array(2 * n);
    const rows = new InverseWignerRows(n);
    const put = (i: number, j: number, re: number, im: number) => {
      packed[i * (i + 1) + 2 * j] = re;
      packed[i * (i + 1) + 2 * j + 1] = im;
    };
    for (let p = 0; p < 2 * n - 1; p += 2) {
      const second = p + 1 < 2 * n - 1;
      if (alongV) {
        alongV.applyPair(alongX, p * nv, second ? (p + 1) * nv : -1, 1, pair, 0, n, 1);
        rows.write(p, pair, 0, put);
        if (second) rows.write(p + 1, pair, n, put);
      } else {
        rows.write(p, alongX, p * nv, put);
        if (second) rows.write(p + 1, alongX, (p + 1) * nv, put);
      }
    }
  } else {
    const full = weylQuantize(W, grid, state.epsilon, options).data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        packed[i * (i + 1) + 2 * j] = full[2 * (i * n + j)];
        packed[i * (i + 1) + 2 * j + 1] = full[2 * (i * n + j) + 1];
      }
    }
  }
  const tildeDiagonal = Float64Array.from({ length: n }, (_, i) => packed[i * (i + 1) + 2 * i]);
  const diagonal = subtractFromPacked(state, packed);
  return Object.freeze({
    difference: Object.freeze({ order: n, data: packed }),
    diagonal,
    tildeDiagonal,
  });
}

/** The axes of W's grid and of the half grid of (target, eps), positions then velocities. */
function halfGridAxes(W: PhaseSpaceFunction, half: PhaseSpaceGrid) {
  const d = half.position.dimension;
  const sources: UniformAxis[] = [];
  const targets: UniformAxis[] = [];
  for (let a = 0; a < d; a++) {
    sources.push(axisOf(W.grid.position, a));
    targets.push(axisOf(half.position, a));
  }
  for (let a = 0; a < d; a++) {
    sources.push(axisOf(W.grid.velocity, a));
    targets.push(axisOf(half.velocity, a));
  }
  return { sources, targets, exact: sources.every((s, a) => sameAxis(s, targets[a])) };
}

/**
 * Checks W for Weyl quantization on `target` (dimension, size, finite values and the velocity
 * support when W must be interpolated) and returns the half grid and whether W is already on it.
 */
function checkWeylInput(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: WeylOptions,
): { half: PhaseSpaceGrid; sources: UniformAxis[]; targets: UniformAxis[]; exact: boolean } {
  requirePositive("epsilon", epsilon);
  const d = target.dimension;
  const source = W.grid;
  if (source.position.dimension !== d) {
    throw new ParameterError(
      "W.grid",
      `has dimension ${source.position.dimension}, the target grid ${d}`,
    );
  }
  requireValues(W);
  const half = wignerPhaseSpace(target, epsilon);
  requireSize(half, "target");
  const axes = halfGridAxes(W, half);
  if (!axes.exact) {
    if (options.checkResolution ?? true) {
      checkVelocitySupport(W, target, epsilon, options.supportThreshold ?? 1e-8);
    }
  }
  return { half, ...axes };
}

/** W's samples on the half grid of (target, eps): its own values, or interpolated (a copy). */
function halfGridSamples(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: WeylOptions,
): { half: PhaseSpaceGrid; values: Float64Array; exact: boolean } {
  const { half, sources, targets, exact } = checkWeylInput(W, target, epsilon, options);
  return { half, exact, values: exact ? W.values : resampleArray(W.values, sources, targets) };
}

/**
 * Throws (via assertResolves) if the velocity support of W (where max_x |W| > threshold max |W|)
 * reaches the band |v_a| < pi eps/(2 dx_a) of the target grid. Cost O(S d), S = W.grid.size.
 */
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

/**
 * One row p of the 1D inverse transform at a time: from W(X_p, v_q), q < n, the entries A_ij of
 * the pairs i + j = p in the lower triangle (i >= j), each averaged with the conjugate of A_ji
 * ((A + A^*)/2; A_ii real), passed to `put(i, j, re, im)`. Cost O(n log n) per row.
 */
class InverseWignerRows {
  private readonly plan: ReturnType<typeof fftPlan>;
  private readonly phases: Float64Array;
  private readonly c: Float64Array;
  private readonly bb: Float64Array;
  private readonly lower = new Float64Array(2);
  private readonly upper = new Float64Array(2);
  private readonly scale = Math.PI;

  constructor(private readonly n: number) {
    this.plan = fftPlan(n);
    this.phases = halfShiftPhases(n); // e^{-i pi q/n}: used conjugated
    this.c = new Float64Array(2 * n);
    this.bb = new Float64Array(2 * n);
  }

  /** Row p of W read from values[offset + q], q < n. */
  write(
    p: number,
    values: Float64Array,
    offset: number,
    put: (i: number, j: number, re: number, im: number) => void,
  ): void {
    const { n, c, bb, lower, upper, scale } = this;
    const ph = this.phases;
    const { lo, hi, base, r } = pairRange(p, n);
    for (let q = 0; q < n; q++) {
      const w = scale * values[offset + q];
      c[2 * q] = r === 0 ? w : w * ph[2 * q];
      c[2 * q + 1] = r === 0 ? 0 : -w * ph[2 * q + 1];
    }
    this.plan.transform(c, bb, "inverse");
    for (let i = Math.max(lo, (p + 1) >> 1); i <= hi; i++) {
      const j = p - i;
      const ki = i - base;
      const at = 2 * (ki < 0 ? ki + n : ki);
      timesIPower(p - 2 * i, bb[at], bb[at + 1], lower, 0);
      if (i === j) {
        put(i, j, lower[0], 0);
        continue;
      }
      const kj = j - base;
      const atj = 2 * (kj < 0 ? kj + n : kj);
      timesIPower(p - 2 * j, bb[atj], bb[atj + 1], upper, 0);
      put(i, j, 0.5 * (lower[0] + upper[0]), 0.5 * (lower[1] - upper[1]));
    }
  }
}

/**
 * Exact inverse of the discrete Wigner transform: W on the half grid -> A (interleaved), made
 * exactly Hermitian, (A + A^*)/2. In 1D with `overwrite` the result is written over `values`
 * (2n x n reals, the size of the n x n complex A): row p of W feeds only the pairs i + j = p, and
 * taking p from 2n - 2 down to 0 and writing the lower triangle (i >= j, at complex index
 * i n + j >= p n / 2) touches no row p' < p still unread (doubles below p n); the upper triangle
 * is the mirror, written last. Same arithmetic either way, so the entries are the same bit for bit.
 */
function inverseWigner(
  values: Float64Array,
  grid: Grid,
  half: PhaseSpaceGrid,
  overwrite: boolean,
): Float64Array {
  const d = grid.dimension;
  const n = grid.size;
  const scale = Math.PI ** d;
  const c = new Float64Array(2 * n);
  const phases = grid.shape.map(halfShiftPhases); // e^{-i pi q/n}: use the conjugate here
  const vSize = half.velocity.size;
  if (d === 1) {
    const data = overwrite ? values : new Float64Array(2 * n * n);
    const rows = new InverseWignerRows(n);
    for (let p = 2 * n - 2; p >= 0; p--) {
      rows.write(p, values, p * vSize, (i, j, re, im) => {
        data[2 * (i * n + j)] = re;
        data[2 * (i * n + j) + 1] = im;
      });
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const a = 2 * (i * n + j);
        const b = 2 * (j * n + i);
        data[b] = data[a];
        data[b + 1] = -data[a + 1];
      }
    }
    return data;
  }
  const data = new Float64Array(2 * n * n);
  {
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
