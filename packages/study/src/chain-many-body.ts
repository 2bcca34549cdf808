import {
  type ExternalPotential,
  type Grid,
  type InteractionKernel,
  ParameterError,
} from "@semiclassical/grid";
import {
  basisSizeFloor,
  GridManyBodySolver,
  gridGroundState,
  type ManyBodyWavefunction,
  restrictedReducedDensityMatrix,
  slaterDeterminant,
  traceDistancePerParticle,
} from "@semiclassical/many-body";
import { type DenseDensityMatrix, type DensityMatrix, thermalState } from "@semiclassical/quantum";
import type { ChainProgress } from "./chain.js";
import { CHAIN_GROUND_KRYLOV, type ChainCase, type ChainConfig } from "./chain-config.js";

// The many-body side of one N of the chain (runChain in chain.ts): gamma_t of the grid or the
// basis method from the chain's initial state, and the method's own floor.

/** The N occupied orbitals of a Slater omega_0 (orbital form, occupations 1), 2 M N doubles. */
function occupiedOrbitals(state: DensityMatrix, N: number): Float64Array {
  if (state.form !== "orbital") {
    throw new ParameterError(
      "state.kind",
      "the chain needs omega_0 in orbital form (a Slater state)",
    );
  }
  const M = state.grid.size;
  const keep: number[] = [];
  state.occupations.forEach((o, k) => {
    if (o > 0.5) keep.push(k);
  });
  if (keep.length !== N || keep.some((k) => Math.abs(state.occupations[k] - 1) > 1e-12)) {
    throw new ParameterError(
      "state.kind",
      `omega_0 must be a Slater determinant of N = ${N} orbitals (occupations 1), got ${keep.length}`,
    );
  }
  const out = new Float64Array(2 * M * N);
  for (let j = 0; j < N; j++) {
    const k = keep[j];
    out.set(state.orbitals.subarray(2 * M * k, 2 * M * (k + 1)), 2 * M * j);
  }
  return out;
}

/** What one N of the chain shares with its many-body set-up. */
export interface CaseContext {
  readonly config: ChainConfig;
  readonly c: ChainCase;
  readonly kernel: InteractionKernel | undefined;
  readonly trap: ExternalPotential;
  readonly external: ExternalPotential;
  /** The sample times (0 and config.dynamics.times) and their step numbers. */
  readonly times: readonly number[];
  readonly stepsAt: readonly number[];
  readonly pause: () => Promise<void>;
  readonly progress: (stage: ChainProgress["stage"], step: number) => void;
}

/**
 * psi_0 of the grid method on `grid`: "slater" the determinant of `orbitals` (the study's Slater
 * orbitals, so gamma_0 = omega_0), "ground" the Lanczos ground state of H_N with the trap and
 * the interaction (gridGroundState, started from the determinant of `orbitals`). A ground state
 * whose residual ||H psi - E psi|| exceeds 1e-6 is refused (its gamma_0 would carry that error).
 */
function gridInitialState(
  ctx: CaseContext,
  grid: Grid,
  orbitals: Float64Array,
): ManyBodyWavefunction {
  const { N, epsilon } = ctx.c;
  const { maxBytes } = ctx.config.study.budget;
  const start = slaterDeterminant(grid, orbitals, N, { epsilon, maxBytes });
  if (ctx.config.manyBody.initial === "slater") return start;
  const ground = gridGroundState(grid, {
    particles: N,
    epsilon,
    kappa: ctx.config.study.kappa,
    kernel: ctx.kernel,
    externalPotential: ctx.trap,
    maxBytes,
    start,
    lanczos: { krylovDimension: CHAIN_GROUND_KRYLOV },
  });
  if (!(ground.residual <= 1e-6)) {
    throw new ParameterError(
      "manyBody.initial",
      `the Lanczos ground state of N = ${N} on ${grid.size} points did not converge (residual ${ground.residual} after ${ground.restarts} restarts); use "slater" or fewer manyBody.points`,
    );
  }
  return ground.wavefunction;
}

/** The N occupied orbitals of the T = 0 Slater state of the trap on `grid` (the study's omega_0). */
function trapOrbitals(ctx: CaseContext, grid: Grid): Float64Array {
  const { N, epsilon } = ctx.c;
  const state = thermalState(grid, {
    epsilon,
    kappa: ctx.config.study.kappa,
    potential: ctx.trap,
    particles: N,
    temperature: 0,
  });
  return occupiedOrbitals(state, N);
}

/**
 * The grid method's refinement run: psi_0 on the refined grid (M' points per axis, same box),
 * the same dt and splitting, gamma restricted to the chain's grid at every sample time
 * (restrictedReducedDensityMatrix). Chunks of 8 steps between pauses.
 */
async function refinedGammas(ctx: CaseContext, refined: Grid): Promise<DenseDensityMatrix[]> {
  const { study } = ctx.config;
  const psi0 = gridInitialState(ctx, refined, trapOrbitals(ctx, refined));
  const solver = new GridManyBodySolver(psi0, {
    dt: study.dynamics.dt,
    kappa: study.kappa,
    kernel: ctx.kernel,
    externalPotential: ctx.external,
    splitting: study.dynamics.splitting,
    maxBytes: study.budget.maxBytes,
  });
  const out: DenseDensityMatrix[] = [];
  for (const target of ctx.stepsAt) {
    while (solver.step < target) {
      solver.run(Math.min(8, target - solver.step));
      ctx.progress("refine", solver.step);
      await ctx.pause();
    }
    out.push(restrictedReducedDensityMatrix(solver.view(), ctx.c.grid));
  }
  return out;
}

/** gamma_t at the sample times and its floor, for {@link runChain}'s rows. */
export interface ManyBodySide {
  /** Advances gamma to `step` (grid method; the basis method has every time already). */
  readonly advance: (step: number) => void;
  /** gamma at sample time k (call after advancing to it). */
  readonly gammaAt: (k: number) => DensityMatrix;
  /** The method's own floor at sample time k (call after gammaAt(k)). */
  readonly floorAt: (k: number) => number;
  /** From a Slater determinant, basis method: (1/N) tr|gamma_0 - omega_0| (else 0). */
  readonly setUpFloor: number;
}

/**
 * Sets up the many-body side of one N: grid method, the refinement run first (its memory is
 * released before the main run allocates), then psi_0 and the GridManyBodySolver; the floor at
 * sample time k is (1/N) tr|gamma_k - R gamma_k(refined)|, or the floors of the N floorFromN
 * (`floorsOf`). Basis method: basisSizeFloor at every sample time. `omega0` is the study's
 * omega_0 (its Slater orbitals start the grid method; the basis method's set-up floor).
 */
export async function prepareManyBodySide(
  ctx: CaseContext,
  omega0: DensityMatrix,
  floorsOf: (N: number) => readonly number[] | undefined,
): Promise<ManyBodySide> {
  const { config, c, kernel, trap, external } = ctx;
  const study = config.study;
  const { N, epsilon, grid } = c;
  const initial = config.manyBody.initial;
  const { dt, splitting } = study.dynamics;
  const maxBytes = study.budget.maxBytes;
  if (config.manyBody.method === "grid") {
    const fine = c.refinedGrid ? await refinedGammas(ctx, c.refinedGrid) : undefined;
    const orbitals = initial === "slater" ? occupiedOrbitals(omega0, N) : trapOrbitals(ctx, grid);
    const psi0 = gridInitialState(ctx, grid, orbitals);
    const solver = new GridManyBodySolver(psi0, {
      dt,
      kappa: study.kappa,
      externalPotential: external,
      splitting,
      maxBytes,
      kernel,
    });
    const gammas: DensityMatrix[] = [];
    const borrowed = fine ? undefined : floorsOf(c.floorFromN as number);
    return {
      advance: (step) => solver.run(step - solver.step),
      gammaAt: (k) => {
        gammas[k] = solver.reducedDensityMatrix();
        return gammas[k];
      },
      floorAt: (k) =>
        fine ? traceDistancePerParticle(gammas[k], fine[k]) : (borrowed as readonly number[])[k],
      setUpFloor: 0,
    };
  }
  const basis = basisSizeFloor({
    grid,
    particles: N,
    basisSize: c.basisSize as number,
    largerBasisSize: c.largerBasisSize as number,
    epsilon,
    kappa: study.kappa,
    kernel,
    trap,
    externalPotential: external,
    initial,
    dt,
    times: ctx.times,
    krylov: { tolerance: config.manyBody.tolerance },
    maxBytes,
  });
  return {
    advance: () => {},
    gammaAt: (k) => basis.small.states[k],
    floorAt: (k) => basis.floor[k],
    // From a Slater determinant the set-up floor (1/N) tr|gamma_0 - omega_0| (trap orbitals of
    // the basis against the study's Slater orbitals) adds to the floor of gamma - omega.
    setUpFloor: initial === "slater" ? traceDistancePerParticle(basis.small.states[0], omega0) : 0,
  };
}
