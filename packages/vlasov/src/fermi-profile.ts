import type { PhaseSpaceGrid } from "@semiclassical/grid";

/**
 * Phase-space Fermi-Dirac profiles f = (2 pi)^-d phi((H - mu)/w) of the steady-state solver
 * (steady-state.ts); not exported from the package.
 * @internal
 */

/** phi(s) = 1/(1 + e^s) without overflow. */
export function fermi(s: number): number {
  if (s > 0) {
    const e = Math.exp(-s);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(s));
}

/** Precomputed samples of one steady-state problem. */
export interface Problem {
  readonly grid: PhaseSpaceGrid;
  /** kappa |v_j|^2 per velocity point. */
  readonly kinetic: Float64Array;
  /** dx^d dv^d / (2 pi)^d. */
  readonly weight: number;
}

/** int int (2 pi)^-d phi((H - mu)/w) and its mu-derivative, for H = kinetic + U. Cost O(size). */
function massAndSlope(problem: Problem, U: Float64Array, mu: number, w: number): [number, number] {
  const { kinetic } = problem;
  let mass = 0;
  let slope = 0;
  for (let ix = 0; ix < U.length; ix++) {
    const shift = U[ix] - mu;
    for (let iv = 0; iv < kinetic.length; iv++) {
      const p = fermi((kinetic[iv] + shift) / w);
      mass += p;
      slope += p * (1 - p);
    }
  }
  return [mass * problem.weight, (slope * problem.weight) / w];
}

/**
 * mu with int int (2 pi)^-d phi((H - mu)/w) = 1 by safeguarded Newton (bisection fallback) on a
 * bracket, down to adjacent doubles or |mass - 1| <= 4e-16. Cost O(size) per step, ~10-60 steps.
 */
export function solveChemicalPotential(problem: Problem, U: Float64Array, w: number): number {
  let minU = Number.POSITIVE_INFINITY;
  for (let i = 0; i < U.length; i++) minU = Math.min(minU, U[i]);
  let minK = Number.POSITIVE_INFINITY;
  for (let i = 0; i < problem.kinetic.length; i++) minK = Math.min(minK, problem.kinetic[i]);
  let lo = minU + minK - 40 * w;
  let step = Math.max(1, 40 * w);
  while (massAndSlope(problem, U, lo, w)[0] > 1) lo -= step *= 2;
  let hi = lo + step;
  let [massHi] = massAndSlope(problem, U, hi, w);
  for (let k = 0; massHi < 1; k++) {
    if (k > 200) throw new Error("unreachable: mass bracket not found");
    lo = hi;
    hi += step *= 2;
    [massHi] = massAndSlope(problem, U, hi, w);
  }
  let mu = 0.5 * (lo + hi);
  for (let k = 0; k < 200; k++) {
    const [mass, slope] = massAndSlope(problem, U, mu, w);
    const error = mass - 1;
    if (Math.abs(error) <= 4e-16) return mu;
    if (error < 0) lo = mu;
    else hi = mu;
    let next = slope > 0 ? mu - error / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next <= lo || next >= hi) return mu;
    mu = next;
  }
  return mu;
}

/** f = (2 pi)^-d phi((H - mu)/w) into out. Cost O(size). */
export function fillState(
  problem: Problem,
  U: Float64Array,
  mu: number,
  w: number,
  out: Float64Array,
) {
  const { kinetic } = problem;
  const scale = (2 * Math.PI) ** -problem.grid.position.dimension;
  for (let ix = 0, p = 0; ix < U.length; ix++) {
    const shift = U[ix] - mu;
    for (let iv = 0; iv < kinetic.length; iv++, p++) {
      out[p] = scale * fermi((kinetic[iv] + shift) / w);
    }
  }
}
