import { ParameterError } from "./errors.js";
import type { Grid } from "./grid.js";
import { meshCoordinates } from "./grid.js";
import { requireFinite } from "./validation.js";

/**
 * An external potential V_ext(x, t) with its analytic gradient (THEORY.md section 2: forces of
 * the external potential are never computed by differentiating it on a periodic grid).
 * `timeDependent` tells solvers whether they must re-sample it every step.
 */
export interface ExternalPotential {
  readonly name: string;
  readonly timeDependent: boolean;
  /** V_ext at the point x (d coordinates) and time t. */
  value(x: readonly number[], t: number): number;
  /** Writes grad_x V_ext(x, t) into `out` (d entries). */
  gradient(x: readonly number[], t: number, out: number[]): void;
}

/** V_ext = 0. */
export const noExternalPotential: ExternalPotential = Object.freeze({
  name: "none",
  timeDependent: false,
  value: () => 0,
  gradient: (_x: readonly number[], _t: number, out: number[]) => {
    out.fill(0);
  },
});

/**
 * Harmonic trap V_ext(x) = s |x - c|^2 (strength s > 0; with kappa = 1 and s = 1 the classical
 * frequency is 2, THEORY.md section 4). Cost O(d) per evaluation.
 */
export function harmonicTrap(strength: number, center: readonly number[] = []): ExternalPotential {
  requireFinite("trap.strength", strength);
  if (strength < 0) {
    throw new ParameterError("trap.strength", `must be >= 0 (a confining trap), got ${strength}`);
  }
  const c = (a: number) => center[a] ?? 0;
  return Object.freeze({
    name: `harmonic(${strength})`,
    timeDependent: false,
    value(x: readonly number[]) {
      let s = 0;
      for (let a = 0; a < x.length; a++) s += (x[a] - c(a)) ** 2;
      return strength * s;
    },
    gradient(x: readonly number[], _t: number, out: number[]) {
      for (let a = 0; a < x.length; a++) out[a] = 2 * strength * (x[a] - c(a));
    },
  });
}

/**
 * Softened Coulomb nucleus V_ext(x) = -Z / sqrt(|x - c|^2 + a^2) (charge Z > 0, softening a > 0:
 * the regularization of -Z/|x| at the nucleus that a grid of spacing dx can resolve when a >= dx),
 * with its exact gradient grad V_ext = Z (x - c) / (|x - c|^2 + a^2)^(3/2). Any dimension; its
 * minimum is -Z/a at the nucleus and its curvature there Z / a^3 (V_ext ~ -Z/a + Z |x|^2/(2 a^3)).
 * Cost O(d) per evaluation.
 */
export function coulombTrap(
  charge: number,
  softening: number,
  center: readonly number[] = [],
): ExternalPotential {
  requireFinite("trap.charge", charge);
  requireFinite("trap.softening", softening);
  if (!(charge > 0)) {
    throw new ParameterError("trap.charge", `must be > 0 (an attracting nucleus), got ${charge}`);
  }
  if (!(softening > 0)) {
    throw new ParameterError(
      "trap.softening",
      `must be > 0 (the nucleus -Z/|x| is regularized as -Z/sqrt(|x|^2 + a^2)), got ${softening}`,
    );
  }
  const c = (a: number) => center[a] ?? 0;
  const a2 = softening * softening;
  return Object.freeze({
    name: `coulomb(${charge}, ${softening})`,
    timeDependent: false,
    value(x: readonly number[]) {
      let s = a2;
      for (let k = 0; k < x.length; k++) s += (x[k] - c(k)) ** 2;
      return -charge / Math.sqrt(s);
    },
    gradient(x: readonly number[], _t: number, out: number[]) {
      let s = a2;
      for (let k = 0; k < x.length; k++) s += (x[k] - c(k)) ** 2;
      const scale = charge / (s * Math.sqrt(s));
      for (let k = 0; k < x.length; k++) out[k] = scale * (x[k] - c(k));
    },
  });
}

/**
 * A potential switched at time t0: `before` for t < t0, `after` for t >= t0 (the seed's "remove
 * the trap at t = 0" is `switchedPotential(trap, noExternalPotential, 0)`).
 */
export function switchedPotential(
  before: ExternalPotential,
  after: ExternalPotential,
  t0 = 0,
): ExternalPotential {
  requireFinite("t0", t0);
  return Object.freeze({
    name: `${before.name} -> ${after.name} at t = ${t0}`,
    timeDependent: true,
    value: (x: readonly number[], t: number) => (t < t0 ? before : after).value(x, t),
    gradient: (x: readonly number[], t: number, out: number[]) =>
      (t < t0 ? before : after).gradient(x, t, out),
  });
}

/** Samples V_ext(., t) on every grid point (row-major). Cost O(size), allocates size doubles unless `out`. */
export function samplePotential(
  grid: Grid,
  potential: ExternalPotential,
  t = 0,
  out = new Float64Array(grid.size),
): Float64Array {
  const coords = meshCoordinates(grid);
  const x = new Array<number>(grid.dimension);
  for (let index = 0; index < grid.size; index++) {
    for (let a = 0; a < grid.dimension; a++) x[a] = coords[a][index];
    out[index] = potential.value(x, t);
  }
  return out;
}

/**
 * Samples grad V_ext(., t) on every grid point: d arrays of grid.size. Cost O(d size).
 */
export function samplePotentialGradient(
  grid: Grid,
  potential: ExternalPotential,
  t = 0,
  out: Float64Array[] = grid.shape.map(() => new Float64Array(grid.size)),
): Float64Array[] {
  const coords = meshCoordinates(grid);
  const x = new Array<number>(grid.dimension);
  const g = new Array<number>(grid.dimension).fill(0);
  for (let index = 0; index < grid.size; index++) {
    for (let a = 0; a < grid.dimension; a++) x[a] = coords[a][index];
    potential.gradient(x, t, g);
    for (let a = 0; a < grid.dimension; a++) out[a][index] = g[a];
  }
  return out;
}
