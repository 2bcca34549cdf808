import {
  FreeSpaceConvolution,
  type Grid,
  inSharedMemory,
  noExternalPotential,
  ParameterError,
  type PhaseSpaceGrid,
  resamplePhaseSpace,
  sharedFloat64Array,
  type ThreadTeam,
} from "@semiclassical/grid";
import { HartreeFockSolver } from "@semiclassical/hartree-fock";
import {
  type DensityMatrix,
  density,
  orbitalWigner,
  type PhaseSpaceFunction,
  wignerPhaseSpace,
  wignerTransform,
  wignerTransformOnto,
} from "@semiclassical/quantum";
import { VlasovSolver } from "@semiclassical/vlasov";
import type { InteractionConfig, StudyConfig } from "./config-types.js";
import { interactionKernel, prepareInitialState } from "./initial-state.js";
import { type MeasurementPath, measurementPath } from "./memory-plan.js";
import type { StudyPlanEntry } from "./plan.js";
import { trapPotential } from "./trap.js";

/**
 * One N of a study plan: eps, the quantum grid, the Vlasov grid, the number of steps, and the
 * measurement path (default: `measurementPath` of the config for this grid).
 */
export type StudyCase = Pick<StudyPlanEntry, "N" | "epsilon" | "grid" | "vlasov" | "steps"> & {
  readonly path?: MeasurementPath;
};

/** The measurement path of a case (its own, else the config's for its grid). */
export function pathOf(config: StudyConfig, caseSpec: StudyCase): MeasurementPath {
  return caseSpec.path ?? measurementPath(config, caseSpec.grid.size);
}

/** Options of {@link createStudyEvolution}. */
export interface StudyEvolutionOptions {
  /** The interaction of the dynamics (default: the config's; the error floor uses "none"). */
  readonly interaction?: InteractionConfig;
  /**
   * "config": W~_0 resampled onto the case's Vlasov grid; "wigner": the Vlasov equation solved on
   * the Wigner grid of omega_0 itself (nothing interpolated). Default: "wigner" when the
   * interaction is "none", else "config"; config.vlasov.grid "wigner" overrides it.
   */
  readonly vlasovGrid?: "config" | "wigner";
  /**
   * omega_0 when already prepared (default: {@link prepareInitialState}, with the config's
   * interaction whatever the dynamics' one: the interaction-off floor starts from the same
   * omega_0 as the main study, also for the self-consistent "ground" state).
   */
  readonly initialState?: DensityMatrix;
  /**
   * Splits both solvers' inner loops over this team (`HartreeFockSolver.useThreads`,
   * `VlasovSolver.useThreads`): the same numbers bit for bit, in less wall time.
   */
  readonly threads?: ThreadTeam;
  /**
   * true: the Hartree-Fock solver takes omega_0's array as its state (hartree-fock's
   * `adoptInitialState`), so the K orbitals (or the dense matrix) are held once: the returned
   * `initialState` then shares its orbitals with the solver (they evolve with it; its metadata,
   * droppedWeight or the steady-state report, stays valid). With threads the orbitals are moved to
   * shared memory once, before any step. Default false (omega_0 kept intact, e.g. for a cache).
   */
  readonly adoptInitialState?: boolean;
}

/** The two dynamics of one N of the study, set up side by side (see {@link createStudyEvolution}). */
export interface StudyEvolution {
  readonly N: number;
  readonly epsilon: number;
  /** The quantum position grid. */
  readonly grid: Grid;
  /** The grid W~ lives on. */
  readonly vlasovGrid: PhaseSpaceGrid;
  /** Whether W~ lives on the Wigner (half) grid of omega_0's grid. */
  readonly onWignerGrid: boolean;
  /**
   * "orbital": omega_t stays in orbital form and W~_0 = Wigner(omega_0) is sampled directly on
   * the Vlasov grid (quantum's `orbitalWigner`); "dense": the half-grid Wigner transform.
   */
  readonly path: MeasurementPath;
  /** omega_0 (with `adoptInitialState`, its orbitals or matrix are the solver's evolving state). */
  readonly initialState: DensityMatrix;
  /** Evolves omega_t (Hartree or Hartree-Fock, the config's splitting and dt). */
  readonly hartreeFock: HartreeFockSolver;
  /**
   * Evolves W~_t on `vlasovGrid` (same splitting and dt) from W~_0 = Wigner(omega_0), resampled
   * spectrally onto the Vlasov grid (`vlasov.state()` is a copy of W~_t).
   */
  readonly vlasov: VlasovSolver;
}

/**
 * Sets up the study's two dynamics for one N exactly as `runStudyTask` does (THEORY.md sections
 * 1-3): omega_0 from the config's state on the case's grid ({@link prepareInitialState}), the
 * Hartree(-Fock) solver with the config's model, splitting, dt and trap ("keep": V_ext = s|x|^2,
 * "remove": none), and W~_0 = Wigner(omega_0) (the Wigner function itself) on the Vlasov grid
 * for the Vlasov solver with the same splitting and dt. Both mean fields use the grid package's
 * free-space convolution. On the orbital path (`pathOf`: 2D/3D, or traceNorm.method "certified")
 * W~_0 is sampled directly on the Vlasov grid from the orbitals (quantum's `orbitalWigner`), so
 * no n^d x n^d matrix and no quantum half grid is formed unless W~ lives on the Wigner grid;
 * the dense path takes the half-grid Wigner transform and resamples it spectrally.
 * Cost: preparing omega_0 plus one Wigner transform (dense: O(n^2 log n) in 1D; orbital: see
 * orbitalWigner); allocates the solvers' buffers and W~.
 */
export function createStudyEvolution(
  config: StudyConfig,
  caseSpec: StudyCase,
  options: StudyEvolutionOptions = {},
): StudyEvolution {
  const { N, epsilon, grid } = caseSpec;
  const interaction = options.interaction ?? config.interaction;
  const kernel = interactionKernel(interaction);
  const quantumField = kernel ? new FreeSpaceConvolution(grid, kernel) : undefined;
  const prepared =
    options.initialState ?? initialStateOf(config, caseSpec, interaction, quantumField);
  const threaded = options.threads !== undefined && options.threads.threads > 1;
  const adopt = options.adoptInitialState === true;
  // an adopted state on threads lives in shared memory from the start (useThreads then keeps it);
  // the copy keeps the state's fields (droppedWeight, steadyStateReport)
  const initialState =
    adopt && threaded && prepared.form === "orbital"
      ? { ...prepared, orbitals: inSharedMemory(prepared.orbitals) }
      : prepared;
  const { dt, splitting } = config.dynamics;
  const { kappa } = config;
  const external =
    config.dynamics.trap === "keep" ? trapPotential(config.state.trap) : noExternalPotential;
  const hartreeFock = new HartreeFockSolver(initialState, {
    dt,
    kappa,
    model: config.dynamics.model,
    meanField: quantumField,
    externalPotential: external,
    splitting,
    // omega_0's orbitals stay as they are until the first step: W~_0 is sampled from them below
    adoptInitialState: adopt,
  });
  // config.vlasov.grid "wigner" (resolved from "auto" for pure and low-temperature states in
  // 1D) puts every task of the study on the Wigner grid.
  const onWignerGrid =
    (options.vlasovGrid ?? (kernel ? "config" : "wigner")) === "wigner" ||
    config.vlasov.grid === "wigner";
  const path = pathOf(config, caseSpec);
  let vlasovGrid: PhaseSpaceGrid;
  let W0: Float64Array;
  if (path === "orbital") {
    if (initialState.form !== "orbital") {
      throw new ParameterError(
        "state.kind",
        `"${config.state.kind}" prepares a dense omega_0 (n^d x n^d), which the orbital path never ` +
          `forms; use state.kind "thermal" or "slater", or traceNorm.method "dense" on a small grid`,
      );
    }
    // On the Wigner grid the discrete half-grid transform (THEORY.md section 2, computed from the
    // orbitals without the dense matrix) is the sampling: Weyl(Wigner(A)) = A to round-off, so
    // the V = 0 distances stay at round-off; elsewhere the orbitals' Wigner function is sampled
    // directly on the Vlasov grid.
    vlasovGrid = onWignerGrid ? wignerPhaseSpace(grid, epsilon) : caseSpec.vlasov;
    // sampled straight into shared memory when the solver will run on threads (no second copy)
    W0 = onWignerGrid
      ? wignerTransform(initialState).values
      : orbitalWigner(initialState, vlasovGrid, {
          into: threaded ? sharedFloat64Array(vlasovGrid.size) : undefined,
        }).values;
  } else {
    // off the Wigner grid only the half-grid rows the Vlasov grid's positions need
    const wigner = onWignerGrid
      ? wignerTransform(initialState)
      : wignerTransformOnto(initialState, caseSpec.vlasov);
    vlasovGrid = wigner.grid;
    W0 = wigner.values;
  }
  const vlasov = new VlasovSolver(W0, {
    grid: vlasovGrid,
    dt,
    kappa,
    meanField: kernel ? new FreeSpaceConvolution(vlasovGrid.position, kernel) : undefined,
    externalPotential: external,
    splitting,
    // W~_0 is this function's own array: the solver takes it instead of a second copy
    adoptInitialState: true,
  });
  if (options.threads !== undefined) {
    hartreeFock.useThreads(options.threads);
    vlasov.useThreads(options.threads);
  }
  return { N, epsilon, grid, vlasovGrid, onWignerGrid, path, initialState, hartreeFock, vlasov };
}

/**
 * omega_0 of a case, prepared with the config's interaction (the mean field of the "ground"
 * state's self-consistency; the other states do not use it): `field` when the dynamics has the
 * config's interaction, else (the interaction-off floor) a convolution with the config's kernel.
 */
function initialStateOf(
  config: StudyConfig,
  caseSpec: StudyCase,
  interaction: InteractionConfig,
  field: FreeSpaceConvolution | undefined,
): DensityMatrix {
  const { N, epsilon, grid } = caseSpec;
  const kernel = interactionKernel(config.interaction);
  const ownField =
    interaction === config.interaction || config.state.kind !== "ground" || !kernel
      ? field
      : new FreeSpaceConvolution(grid, kernel);
  return prepareInitialState(config, grid, epsilon, N, ownField, caseSpec.vlasov);
}

/** A density rho on a position grid. */
export interface GridDensity {
  readonly grid: Grid;
  readonly values: Float64Array;
}

/** The Wigner functions and densities of both dynamics at one time (see {@link studySnapshot}). */
export interface StudySnapshot {
  readonly N: number;
  readonly epsilon: number;
  readonly t: number;
  /**
   * W_t = Wigner(omega_t) on the quantum half grid (THEORY.md section 2); on the orbital path
   * sampled directly on the Vlasov grid (quantum's `orbitalWigner`).
   */
  readonly wignerHartreeFock: PhaseSpaceFunction;
  /** W~_t on the Vlasov grid (a copy). */
  readonly wignerVlasov: PhaseSpaceFunction;
  /** W_t resampled spectrally onto the Vlasov grid (as W~_0 is) minus W~_t. */
  readonly wignerDifference: PhaseSpaceFunction;
  /** rho_t = omega_t(x; x) / N on the quantum grid. */
  readonly densityHartreeFock: GridDensity;
  /** rho~_t = int W~_t dv on the Vlasov position grid. */
  readonly densityVlasov: GridDensity;
}

/**
 * The Wigner functions and densities of both sides of `evolution` now (time t). Cost: one Wigner
 * transform of omega_t (dense path: O(n^2 log n) in 1D and one spectral resampling; orbital
 * path: `orbitalWigner` onto the Vlasov grid); allocates the arrays.
 */
export function studySnapshot(evolution: StudyEvolution, t: number): StudySnapshot {
  const { N, epsilon, vlasovGrid } = evolution;
  const W = evolution.vlasov.state();
  const omega = evolution.hartreeFock.state();
  const orbital = evolution.path === "orbital" && omega.form === "orbital";
  const quantum =
    orbital && !evolution.onWignerGrid ? orbitalWigner(omega, vlasovGrid) : wignerTransform(omega);
  const difference = orbital ? quantum.values.slice() : resamplePhaseSpace(quantum, vlasovGrid);
  for (let i = 0; i < difference.length; i++) difference[i] -= W[i];
  return {
    N,
    epsilon,
    t,
    wignerHartreeFock: quantum,
    wignerVlasov: { grid: vlasovGrid, values: W },
    wignerDifference: { grid: vlasovGrid, values: difference },
    densityHartreeFock: { grid: evolution.grid, values: density(omega) },
    densityVlasov: { grid: vlasovGrid.position, values: evolution.vlasov.density() },
  };
}
