import type { ExternalPotential, Grid, InteractionKernel } from "@semiclassical/grid";
import { ParameterError } from "@semiclassical/grid";
import type { OrbitalDensityMatrix } from "@semiclassical/quantum";
import { oneBodyIntegrals, type PairQuadrature, trapBasis, twoBodyIntegrals } from "./basis.js";
import { BasisHamiltonian, requireBasisBudget } from "./basis-hamiltonian.js";
import {
  BasisManyBodySolver,
  basisGroundState,
  basisReducedDensity,
  traceDistancePerParticle,
} from "./basis-solver.js";
import { DeterminantSpace } from "./determinants.js";
import type { KrylovOptions } from "./lanczos.js";

/** Options of {@link basisDynamics}: one run of the basis method from a trap. */
export interface BasisRunOptions {
  grid: Grid;
  particles: number;
  /** M, the number of trap orbitals. */
  basisSize: number;
  /** eps (default N^(-1/d)). */
  epsilon?: number;
  kappa?: number;
  kernel?: InteractionKernel;
  quadrature?: PairQuadrature;
  /** The trap: its orbitals are the basis, and the initial state lives in it. */
  trap: ExternalPotential;
  /** V_ext of the dynamics (default the trap; e.g. noExternalPotential for a release). */
  externalPotential?: ExternalPotential;
  /** "slater" (default: the N lowest trap orbitals, so gamma_0 = omega_0) or "ground" (Lanczos). */
  initial?: "slater" | "ground";
  /** Time step dt of the Krylov propagation. */
  dt: number;
  /** Output times (multiples of dt, ascending, >= 0). */
  times: readonly number[];
  krylov?: KrylovOptions;
  maxBytes?: number;
}

/** Result of {@link basisDynamics}. */
export interface BasisRun {
  readonly times: readonly number[];
  /** gamma at every output time (natural orbitals, quantum's orbital form). */
  readonly states: readonly OrbitalDensityMatrix[];
  /** <H_N>/N of the dynamics (conserved). */
  readonly energy: number;
  /** Sum of the Krylov error estimates up to the last time. */
  readonly errorEstimate: number;
}

/**
 * The basis method end to end: trap orbitals (trapBasis), integrals, H_N of the trap (for the
 * "ground" initial state) and of the dynamics, Krylov propagation, gamma_t at the output times.
 * Refuses, before any work, bases beyond maxBytes (requireBasisBudget). Cost: that of the parts.
 */
export function basisDynamics(options: BasisRunOptions): BasisRun {
  const { grid, particles: N, basisSize: M, dt } = options;
  requireBasisBudget(M, N, options.maxBytes);
  const epsilon = options.epsilon ?? N ** (-1 / grid.dimension);
  const kappa = options.kappa ?? 1;
  const steps = options.times.map((t) => Math.round(t / dt));
  steps.forEach((s, k) => {
    if (!(s >= 0) || Math.abs(s * dt - options.times[k]) > 1e-9 * Math.max(1, options.times[k])) {
      throw new ParameterError(
        "times",
        `must be multiples of dt = ${dt} (>= 0), got ${options.times[k]}`,
      );
    }
    if (k > 0 && s < steps[k - 1]) throw new ParameterError("times", "must be ascending");
  });
  const space = new DeterminantSpace(M, N, options.maxBytes);
  const basis = trapBasis(grid, { epsilon, kappa, externalPotential: options.trap, size: M });
  const v2 =
    options.kernel === undefined
      ? undefined
      : twoBodyIntegrals(basis, options.kernel, {
          quadrature: options.quadrature,
          maxBytes: options.maxBytes,
        });
  const release = options.externalPotential ?? options.trap;
  const h = new BasisHamiltonian(
    space,
    oneBodyIntegrals(basis, { epsilon, kappa, externalPotential: release }),
    v2,
    { maxBytes: options.maxBytes },
  );
  let c0 = space.slater(Array.from({ length: N }, (_, k) => k));
  if (options.initial === "ground") {
    const trapped =
      release === options.trap
        ? h
        : new BasisHamiltonian(
            space,
            oneBodyIntegrals(basis, { epsilon, kappa, externalPotential: options.trap }),
            v2,
          );
    c0 = basisGroundState(trapped).vector;
  }
  const solver = new BasisManyBodySolver(h, c0, { dt, epsilon, ...options.krylov });
  const states: OrbitalDensityMatrix[] = [];
  for (const s of steps) {
    solver.run(s - solver.step);
    states.push(basisReducedDensity(basis, space, solver.coefficients(), epsilon));
  }
  return Object.freeze({
    times: options.times,
    states,
    energy: solver.energy(),
    errorEstimate: solver.accumulatedError,
  });
}

/**
 * The basis-size floor of the basis method: (1/N) tr|gamma_t(M) - gamma_t(M')| at every output
 * time, M = basisSize, M' = largerBasisSize (e.g. M + 4 or 2M), from the same options. A
 * distance reported with the basis method is resolved only where it is well above this floor.
 * Cost: two {@link basisDynamics} runs plus O(n^3) per time ({@link traceDistancePerParticle}).
 */
export function basisSizeFloor(options: BasisRunOptions & { largerBasisSize: number }): {
  times: readonly number[];
  floor: number[];
  small: BasisRun;
  large: BasisRun;
} {
  if (!(options.largerBasisSize > options.basisSize)) {
    throw new ParameterError(
      "largerBasisSize",
      `must exceed basisSize = ${options.basisSize}, got ${options.largerBasisSize}`,
    );
  }
  const small = basisDynamics(options);
  const large = basisDynamics({ ...options, basisSize: options.largerBasisSize });
  const floor = small.states.map((s, k) => traceDistancePerParticle(s, large.states[k]));
  return { times: options.times, floor, small, large };
}
