import {
  createGrid,
  createPhaseSpaceGrid,
  type Grid,
  gridForEpsilon,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import {
  type MeasurementPath,
  type MemoryPlanEntry,
  mainPhaseSpace,
  measurementPath,
  memoryRefusal,
  studyMemoryPlan,
} from "./memory-plan.js";
import { requireOrbitalMetrics } from "./orbital-row.js";
import { resolveStudyConfig, stateEnergyCutoff } from "./resolve-config.js";
import { wholeSteps } from "./steps.js";

/** What the study will compute for one N (see {@link planStudy}). */
export interface StudyPlanEntry {
  readonly N: number;
  /** eps = N^(-1/d). */
  readonly epsilon: number;
  /** The quantum position grid: the coarsest power-of-two grid on the box resolving eps. */
  readonly grid: Grid;
  /** Largest momentum the grid resolves, pi eps / (2 dx) (>= grid.vMax). */
  readonly resolvedVelocity: number;
  /** The Vlasov phase-space grid (same for every N). */
  readonly vlasov: PhaseSpaceGrid;
  /**
   * The grid the main task's W~ lives on: `vlasov`, or the Wigner grid (2n)^d x n^d of `grid`
   * when V = 0 or vlasov.grid is "wigner" (vlasov.nx, nv and vMax are then unused).
   */
  readonly mainPhaseSpace: PhaseSpaceGrid;
  /** Number of time steps tFinal / dt. */
  readonly steps: number;
  /** Bytes of one dense density matrix (16 n^2 with n = grid.size). */
  readonly denseMatrixBytes: number;
  /** How the rows are measured: dense matrices, or orbitals with the certified trace norm. */
  readonly path: MeasurementPath;
  /** Bytes per component and the estimated time of this N (issue 13 item 5). */
  readonly memory: MemoryPlanEntry;
}

/** Options of {@link planStudy}. */
export interface PlanStudyOptions {
  /**
   * Refuse a plan whose memory exceeds config.maxMemory: true (default) checks each N's main task
   * on the planned grids (what a task's own config needs: runStudyTask, adaptive rounds);
   * "study" also every other task the study runs for it (refinements, W~ on the Wigner grid:
   * `memory.tasks`), before any work (runStudy, `semiclassical study`); false none
   * (`semiclassical validate` plans with false to print the table, then refuses).
   */
  readonly checkMemory?: boolean | "study";
}

/** Points per axis the orbital path accepts from gridForEpsilon: the limit there is memory. */
const ORBITAL_MAX_POINTS = 2 ** 16;

/** Everything the study would use, computed without running it. */
export interface StudyPlan {
  readonly config: StudyConfig;
  /** The energy cutoff E_c of the state ({@link stateEnergyCutoff}). */
  readonly energyCutoff: number;
  readonly entries: readonly StudyPlanEntry[];
}

/**
 * The grids a study would use for each N, without running it: eps = N^(-1/d), the quantum grid
 * `gridForEpsilon({ box, vMax: grid.vMax, dxOverEps, maxPoints })` (THEORY.md section 2) and the
 * Vlasov grid (nx^d points on the same box, nv^d velocities on [-vMax, vMax)^d), the measurement
 * path (`measurementPath`: orbitals and the certified trace norm in 2D/3D, dense matrices in 1D
 * unless config.traceNorm.method says otherwise) and per N the memory of each component and the
 * estimated time (`memoryPlanOf`). Throws a `ParameterError` on `N[i]` when the dense path's grid
 * for that N would need more than `grid.maxPoints` points per axis (the orbital path's limit is
 * memory, not maxPoints), and on "maxMemory" when an N needs more than config.maxMemory (unless
 * `options.checkMemory` is false), naming the component and what to change. Accepts a raw or
 * resolved config. Cost O(|N| d).
 */
export function planStudy(
  config: StudyConfigInput | StudyConfig,
  options: PlanStudyOptions = {},
): StudyPlan {
  const resolved = resolveStudyConfig(config);
  const { dimension, grid, vlasov } = resolved;
  const position = createGrid({ dimension, points: vlasov.nx, box: grid.box });
  const velocity = createGrid({ dimension, points: vlasov.nv, box: 2 * vlasov.vMax });
  const phaseSpace = createPhaseSpaceGrid(position, velocity);
  const steps = wholeSteps(resolved.dynamics.tFinal, resolved.dynamics.dt) as number;
  const gridOf = (epsilon: number, maxPoints: number) =>
    gridForEpsilon({
      dimension,
      epsilon,
      box: grid.box,
      vMax: grid.vMax,
      dxOverEps: grid.dxOverEps,
      maxPoints,
    });
  const largestN = resolved.N[resolved.N.length - 1];
  let largest: Grid | undefined;
  try {
    largest = gridOf(largestN ** (-1 / dimension), ORBITAL_MAX_POINTS);
  } catch {
    largest = undefined;
  }
  const path = measurementPath(resolved, largest ? largest.size : Number.POSITIVE_INFINITY);
  const entries = resolved.N.map((N, i) => {
    const epsilon = N ** (-1 / dimension);
    let quantum: Grid;
    try {
      quantum = gridOf(epsilon, path === "dense" ? grid.maxPoints : ORBITAL_MAX_POINTS);
    } catch (error) {
      if (error instanceof ParameterError) {
        throw new ParameterError(
          `N[${i}]`,
          `N = ${N} cannot be resolved: ${error.message.replace(/^epsilon: /, "")}` +
            (path === "dense"
              ? ' (grid.maxPoints applies to the dense path; traceNorm.method "certified" takes the orbital path, limited by maxMemory)'
              : ""),
        );
      }
      throw error;
    }
    requireResolvedNucleus(resolved, quantum, position, N);
    return {
      N,
      epsilon,
      grid: quantum,
      resolvedVelocity: (Math.PI * epsilon) / (2 * Math.max(...quantum.spacing)),
      vlasov: phaseSpace,
      mainPhaseSpace: mainPhaseSpace(resolved, quantum, epsilon, phaseSpace),
      steps,
      denseMatrixBytes: 16 * quantum.size * quantum.size,
      path,
      memory: studyMemoryPlan(
        resolved,
        { N, epsilon, grid: quantum, vlasov: phaseSpace, steps, path },
        i === resolved.N.length - 1,
      ),
    };
  });
  if (path === "orbital") requireOrbitalMetrics(resolved.metrics);
  if (options.checkMemory !== false) {
    const refusal = memoryRefusal(resolved, entries, { tasks: options.checkMemory === "study" });
    if (refusal) throw refusal;
  }
  return { config: resolved, energyCutoff: stateEnergyCutoff(resolved), entries };
}

/**
 * A Coulomb trap's softening a must be at least the position spacing of the quantum grid and of
 * the Vlasov grid (a smaller a is a nucleus no grid resolves); throws a ParameterError on
 * state.trap.softening naming the fix. Cost O(1).
 */
function requireResolvedNucleus(config: StudyConfig, quantum: Grid, position: Grid, N: number) {
  const trap = config.state.trap;
  if (trap.kind !== "coulomb") return;
  const dx = Math.max(...quantum.spacing);
  const dxVlasov = Math.max(...position.spacing);
  if (trap.softening < Math.max(dx, dxVlasov) * (1 - 1e-12)) {
    const coarse =
      dxVlasov >= dx
        ? `the Vlasov grid's dx = box / vlasov.nx = ${dxVlasov}`
        : `the quantum grid's dx = ${dx} at N = ${N}`;
    throw new ParameterError(
      "state.trap.softening",
      `= ${trap.softening} is below ${coarse}: the softened nucleus -Z/sqrt(|x|^2 + a^2) is not ` +
        `resolved; raise state.trap.softening to at least ${Math.max(dx, dxVlasov)} (or "auto"), ` +
        "or refine the grids (vlasov.nx, grid.dxOverEps)",
    );
  }
}
