import {
  createGrid,
  createPhaseSpaceGrid,
  type Grid,
  gridForEpsilon,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
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
  /** Number of time steps tFinal / dt. */
  readonly steps: number;
  /** Bytes of one dense density matrix (16 n^2 with n = grid.size). */
  readonly denseMatrixBytes: number;
}

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
 * Vlasov grid (nx^d points on the same box, nv^d velocities on [-vMax, vMax)^d). Throws a
 * `ParameterError` on `N[i]` when the grid for that N would need more than `grid.maxPoints` points
 * per axis. Accepts a raw or resolved config. Cost O(|N| d).
 */
export function planStudy(config: StudyConfigInput | StudyConfig): StudyPlan {
  const resolved = resolveStudyConfig(config);
  const { dimension, grid, vlasov } = resolved;
  const position = createGrid({ dimension, points: vlasov.nx, box: grid.box });
  const velocity = createGrid({ dimension, points: vlasov.nv, box: 2 * vlasov.vMax });
  const phaseSpace = createPhaseSpaceGrid(position, velocity);
  const steps = wholeSteps(resolved.dynamics.tFinal, resolved.dynamics.dt) as number;
  const entries = resolved.N.map((N, i) => {
    const epsilon = N ** (-1 / dimension);
    let quantum: Grid;
    try {
      quantum = gridForEpsilon({
        dimension,
        epsilon,
        box: grid.box,
        vMax: grid.vMax,
        dxOverEps: grid.dxOverEps,
        maxPoints: grid.maxPoints,
      });
    } catch (error) {
      if (error instanceof ParameterError) {
        throw new ParameterError(
          `N[${i}]`,
          `N = ${N} cannot be resolved: ${error.message.replace(/^epsilon: /, "")}` +
            " (grid.maxPoints)",
        );
      }
      throw error;
    }
    return {
      N,
      epsilon,
      grid: quantum,
      resolvedVelocity: (Math.PI * epsilon) / (2 * Math.max(...quantum.spacing)),
      vlasov: phaseSpace,
      steps,
      denseMatrixBytes: 16 * quantum.size * quantum.size,
    };
  });
  return { config: resolved, energyCutoff: stateEnergyCutoff(resolved), entries };
}
