import { ParameterError, requireSameGrid } from "@semiclassical/grid";
import {
  gramMatrix,
  type OrbitalDensityMatrix,
  type OrbitalWignerOptions,
  orbitalWigner,
  type PhaseSpaceFunction,
} from "@semiclassical/quantum";
import { type PhaseSpaceSamples, plancherelFactor } from "./phase-space.js";
import { WEYL_APPLY_CHUNK, type WeylOperator } from "./weyl-operator.js";

/**
 * Distances between omega of rank K in orbital form and omega~ = Weyl(W~), W~ on a phase-space
 * grid, without any half grid or dense operator (not per particle: divide the Hilbert-Schmidt
 * distance by sqrt(N) for the study's per-particle value).
 */
export interface OrbitalWeylDistances {
  /** ||omega - omega~||_HS = (c ||W_omega - W~||^2 + defect)^(1/2), c = (2 pi/eps)^d. */
  readonly hilbertSchmidt: number;
  /** ||W_omega - W~||_L2 on W~'s grid (rectangle rule), W_omega = Wigner(omega) sampled there. */
  readonly wignerL2: number;
  /** The three terms of ||omega - omega~||_HS^2 = omega - 2 cross + omegaTilde. */
  readonly terms: {
    /** ||omega||_HS^2 = sum_kl lambda_k lambda_l |<phi_k, phi_l>|^2, exact (Gram matrix). */
    readonly omega: number;
    /** ||omega~||_HS^2 = c ||W~||_L2^2 (Plancherel, THEORY.md section 6). */
    readonly omegaTilde: number;
    /** tr(omega omega~) = c int W_omega W~ (Plancherel polarized, rectangle rule on W~'s grid). */
    readonly cross: number;
  };
  /**
   * ||omega||_HS^2 - c ||W_omega||_L2^2 on W~'s grid: the part of omega that W~'s grid does not
   * carry (0 up to round-off when the grid resolves W_omega and holds its support). It enters the
   * distance as is; |defect| / ||omega - omega~||_HS^2 is the floor of this discretization.
   */
  readonly defect: number;
  /** W_omega on W~'s grid (reuse it, e.g. for snapshots). */
  readonly wOmega: PhaseSpaceFunction;
}

/** Options of {@link orbitalWeylDistances}. */
export interface OrbitalWeylDistanceOptions extends OrbitalWignerOptions {
  /** W_omega already sampled on W~'s grid (skips the orbitalWigner call). */
  wOmega?: PhaseSpaceSamples;
}

/**
 * ||omega||_HS^2 = tr(omega^2) = sum_kl lambda_k lambda_l |G_kl|^2, G the Gram matrix
 * <phi_k, phi_l> = sum_i conj(phi_k(x_i)) phi_l(x_i) dx^d (= sum lambda_k^2 for orthonormal
 * orbitals). Cost O(K^2 n^d), allocates 2 K^2 doubles.
 */
export function orbitalHilbertSchmidtSquared(omega: OrbitalDensityMatrix): number {
  requireOrbital(omega);
  const K = omega.occupations.length;
  const g = gramMatrix(omega.grid, omega.orbitals, K);
  const lambda = omega.occupations;
  let s = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const re = g[2 * (k * K + l)];
      const im = g[2 * (k * K + l) + 1];
      s += lambda[k] * lambda[l] * (re * re + im * im);
    }
  }
  return s;
}

function requireOrbital(omega: OrbitalDensityMatrix): void {
  if (omega.form !== "orbital") {
    throw new ParameterError(
      "omega",
      "must be an orbital density matrix (form 'orbital'); use toOrbital",
    );
  }
}

/**
 * Hilbert-Schmidt and Wigner L2 distances of omega (orbital form) and omega~ = Weyl(W~) on W~'s
 * own phase-space grid (THEORY.md sections 1 and 6): with W_omega = orbitalWigner(omega) sampled
 * on that grid and c = (2 pi/eps)^d (Plancherel: ||omega||_HS^2 = c ||W_omega||_L2^2),
 * ||omega - omega~||_HS^2 = ||omega||^2 - 2 tr(omega omega~) + ||omega~||^2
 *   = c ||W_omega - W~||^2 + (||omega||^2 - c ||W_omega||^2),
 * evaluated in the second form (no cancellation between O(N) terms in the main part), with
 * ||omega||^2 exact from the Gram matrix. The rectangle rule on W~'s grid is spectrally accurate
 * when W_omega and W~ are resolved there and vanish at its edges; `defect` measures what it misses
 * of omega.
 * Cost: one {@link orbitalWigner} on W~'s grid (see orbitalWignerCost), O(K^2 n^d) for the Gram
 * matrix, O(size of W~'s grid) for the sums. Allocates W_omega (one value per node of W~'s grid).
 */
export function orbitalWeylDistances(
  omega: OrbitalDensityMatrix,
  wTilde: PhaseSpaceSamples,
  options: OrbitalWeylDistanceOptions = {},
): OrbitalWeylDistances {
  requireOrbital(omega);
  if (wTilde.values.length !== wTilde.grid.size) {
    throw new ParameterError(
      "wTilde.values",
      `must hold wTilde.grid.size = ${wTilde.grid.size} values, got ${wTilde.values.length}`,
    );
  }
  let wOmega: PhaseSpaceFunction;
  if (options.wOmega !== undefined) {
    requireSameGrid("wOmega.grid.position", wTilde.grid.position, options.wOmega.grid.position);
    requireSameGrid("wOmega.grid.velocity", wTilde.grid.velocity, options.wOmega.grid.velocity);
    if (options.wOmega.values.length !== wTilde.grid.size) {
      throw new ParameterError(
        "wOmega.values",
        `must hold wTilde.grid.size = ${wTilde.grid.size} values (W_omega on W~'s grid), got ${options.wOmega.values.length}`,
      );
    }
    wOmega = { grid: wTilde.grid, values: options.wOmega.values };
  } else {
    wOmega = orbitalWigner(omega, wTilde.grid, options);
  }
  const d = omega.grid.dimension;
  const c = plancherelFactor(omega.epsilon, d) ** 2;
  const cell = wTilde.grid.cellVolume;
  let diff2 = 0;
  let own2 = 0;
  let tilde2 = 0;
  let cross = 0;
  const a = wOmega.values;
  const b = wTilde.values;
  for (let q = 0; q < b.length; q++) {
    const e = a[q] - b[q];
    diff2 += e * e;
    own2 += a[q] * a[q];
    tilde2 += b[q] * b[q];
    cross += a[q] * b[q];
  }
  const omega2 = orbitalHilbertSchmidtSquared(omega);
  const defect = omega2 - c * own2 * cell;
  const hs2 = c * diff2 * cell + defect;
  return Object.freeze({
    hilbertSchmidt: Math.sqrt(Math.max(0, hs2)),
    wignerL2: Math.sqrt(diff2 * cell),
    terms: Object.freeze({ omega: omega2, omegaTilde: c * tilde2 * cell, cross: c * cross * cell }),
    defect,
    wOmega,
  });
}

/**
 * tr(omega A~) = sum_k lambda_k <u_k, A~ u_k> (u_k = phi_k dx^(d/2), l^2 coordinates) with the
 * matrix-free Weyl operator A~ = {@link weylOperator}(W~): the cross term of the operator that
 * the dense path (weylQuantize) forms, to round-off. The orbitals go through A~ in blocks of
 * WEYL_APPLY_CHUNK (each vector's image is the same whatever the block). Cost: K applications of
 * A~ (O(n^d B) each), allocates 4 n^d WEYL_APPLY_CHUNK doubles.
 */
export function weylCrossTerm(omega: OrbitalDensityMatrix, op: WeylOperator): number {
  requireOrbital(omega);
  const n = omega.grid.size;
  const K = omega.occupations.length;
  if (op.grid.size !== n) {
    throw new ParameterError(
      "op",
      `acts on ${op.grid.size} grid points, omega on ${n}; build the operator on omega's grid`,
    );
  }
  const root = Math.sqrt(omega.grid.cellVolume);
  const chunk = Math.min(K, WEYL_APPLY_CHUNK);
  const u = new Float64Array(2 * n * chunk);
  const image = new Float64Array(2 * n * chunk);
  let s = 0;
  for (let first = 0; first < K; first += chunk) {
    const count = Math.min(chunk, K - first);
    const offset = 2 * n * first;
    for (let q = 0; q < 2 * n * count; q++) u[q] = omega.orbitals[offset + q] * root;
    op.apply(u, count, image);
    for (let k = 0; k < count; k++) {
      let re = 0;
      for (let i = 2 * k * n; i < 2 * (k + 1) * n; i += 2) {
        re += u[i] * image[i] + u[i + 1] * image[i + 1];
      }
      s += omega.occupations[first + k] * re;
    }
  }
  return s;
}

/**
 * ||omega - A~||_HS for the discrete matrix-free operator A~ = weylOperator(W~): from
 * ||omega||^2 (Gram matrix), {@link weylCrossTerm} and ||A~||_HS^2 (the operator's own sum of
 * squared entries). Equals the dense ||A - weylQuantize(W~)||_F to round-off (a full band), but
 * the three O(N) terms cancel: the absolute error is ~1e-15 N, so prefer
 * {@link orbitalWeylDistances} when the distance is small. Cost: {@link weylCrossTerm}.
 */
export function operatorHilbertSchmidtDistance(
  omega: OrbitalDensityMatrix,
  op: WeylOperator,
): number {
  const value =
    orbitalHilbertSchmidtSquared(omega) - 2 * weylCrossTerm(omega, op) + op.hilbertSchmidtSquared;
  return Math.sqrt(Math.max(0, value));
}
