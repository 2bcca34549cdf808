/**
 * Refinement levels of `resolution: "adaptive"` (adaptive.ts): level k of a discretization is a
 * factor 2^k (quantum grid points and Vlasov nx, nv x 2^k, dt / 2^k), applied to a config.
 */
import type { StudyConfig } from "./config-types.js";
import type { StudyPlanEntry } from "./plan.js";
import type { RefinedDiscretization, RefinementLevels } from "./resolution-types.js";
import type { StudyTask } from "./types.js";
import { REFINED_DISCRETIZATIONS } from "./verdicts.js";

/** The levels of the verified main task: nothing refined. */
export const NO_REFINEMENT: RefinementLevels = Object.freeze({
  "quantum-grid": 0,
  "vlasov-grid": 0,
  dt: 0,
});

const WHICH_SHORT: Record<RefinedDiscretization, string> = {
  "quantum-grid": "q",
  "vlasov-grid": "v",
  dt: "dt",
};

/** "q1 v2 dt0": a compact form of levels (task labels, reasons). */
export function levelsText(levels: RefinementLevels): string {
  return REFINED_DISCRETIZATIONS.map((d) => `${WHICH_SHORT[d]}${levels[d]}`).join(" ");
}

/** The levels with `which` one level further. */
export const plus = (levels: RefinementLevels, which: RefinedDiscretization): RefinementLevels => ({
  ...levels,
  [which]: levels[which] + 1,
});
/** True when nothing is refined (the verified main task's levels). */
export const isZero = (levels: RefinementLevels) =>
  REFINED_DISCRETIZATIONS.every((d) => levels[d] === 0);
/** A number for a reason: 3 significant digits, exponent form when small or large. */
export const short = (x: number) =>
  Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2);

/**
 * The config of one N at refinement levels L (factor 2^L per discretization): quantum grid
 * 2^L_q times the main grid's points per axis on the same box (grid.dxOverEps just below
 * dx / (2^L_q eps), so that `gridForEpsilon` picks exactly that power of two), vlasov.nx and nv
 * x 2^L_v, dynamics.dt / 2^L_dt; everything else as the study's. Cost O(1).
 */
export function levelConfig(
  config: StudyConfig,
  entry: StudyPlanEntry,
  levels: RefinementLevels,
): StudyConfig {
  const q = levels["quantum-grid"];
  const v = 2 ** levels["vlasov-grid"];
  const dxOverEps = (Math.max(...entry.grid.spacing) / 2 ** q / entry.epsilon) * (1 + 1e-9);
  return {
    ...config,
    N: [entry.N],
    grid: q > 0 ? { ...config.grid, dxOverEps } : config.grid,
    vlasov: { ...config.vlasov, nx: v * config.vlasov.nx, nv: v * config.vlasov.nv },
    dynamics: { ...config.dynamics, dt: config.dynamics.dt / 2 ** levels.dt },
  };
}

/** The levels a task computes at (round 0: its `refine` once; adaptive tasks: `levels`). */
export function levelsOf(task: StudyTask): RefinementLevels {
  if (task.levels) return task.levels;
  return task.kind === "refinement" && task.refine
    ? plus(NO_REFINEMENT, task.refine)
    : NO_REFINEMENT;
}

/** The reason a refinement stops: the budget (or plan limit) and the level it stops at. */
export function stopText(which: RefinedDiscretization, level: number, why: string): string {
  const budget = /^budget\.maxBytes/.test(why);
  return budget
    ? `${why.replace("stops it", `stops the ${which} refinement at level ${level}`)}: raise budget.maxBytes, or accept a larger tolerance`
    : `the ${which} refinement stops at level ${level}: ${why}`;
}
