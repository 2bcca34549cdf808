import type { Grid, PhaseSpaceGrid } from "@semiclassical/grid";
import {
  createGrid,
  createPhaseSpaceGrid,
  ParameterError,
  requirePositive,
} from "@semiclassical/grid";

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

/** Throws a ParameterError naming `parameter` if the phase space exceeds MAX_PHASE_SPACE_SIZE. */
export function requireSize(phaseSpace: PhaseSpaceGrid, parameter: string): void {
  if (phaseSpace.size > MAX_PHASE_SPACE_SIZE) {
    throw new ParameterError(
      parameter,
      `the half-grid phase space has ${phaseSpace.size} points (2^d n^2 for n = ${phaseSpace.velocity.size} ` +
        `grid points), more than ${MAX_PHASE_SPACE_SIZE}; use a smaller grid (2D/3D Wigner transforms are ` +
        "meant for small grids)",
    );
  }
}

/** Multiplies (re, im) by i^m (m any integer) in place in out. */
export function timesIPower(
  m: number,
  re: number,
  im: number,
  out: Float64Array,
  at: number,
): void {
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
export function pairRange(
  p: number,
  n: number,
): { lo: number; hi: number; base: number; r: number } {
  const r = p & 1;
  return { lo: Math.max(0, p - n + 1), hi: Math.min(n - 1, p), base: (p + r) / 2, r };
}

/**
 * Writes the multi-index p of the flat half-grid index pIndex (row-major, strides halfStrides)
 * and returns the per-axis {@link pairRange}s, or undefined when some axis has no pair.
 */
export function pairRangesAt(
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
export function halfShiftPhases(n: number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let q = 0; q < n; q++) {
    out[2 * q] = Math.cos((Math.PI * q) / n);
    out[2 * q + 1] = -Math.sin((Math.PI * q) / n);
  }
  return out;
}

/**
 * Calls f for every multi-index pair (i, j) with i + j = p (per axis in the given ranges):
 * flat indices of i, j on the grid, flat FFT index of k = i - (p + r)/2 mod n, and sum_a m_a.
 */
export function forEachPair(
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
