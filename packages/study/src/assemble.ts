import type { StudyConfig } from "./config-types.js";
import {
  refinementChange,
  sameTime,
  studyFits,
  studyMetricValue,
  studyNoRates,
  studyRates,
} from "./fits.js";
import type { StudyPlan } from "./plan.js";
import type { RowVerdict } from "./resolution-types.js";
import { studyTheory } from "./theory.js";
import type {
  StudyErrorFloor,
  StudyFit,
  StudyGridSummary,
  StudyPhase,
  StudyResult,
  StudyTaskRow,
  StudyVerification,
} from "./types.js";
import { REFINED_DISCRETIZATIONS, resolutionSettings, studyVerdicts } from "./verdicts.js";

function byNThenT(rows: readonly StudyTaskRow[]): StudyTaskRow[] {
  return [...rows].sort((a, b) => a.N - b.N || a.t - b.t);
}

/**
 * The rows of one phase, one per (refined discretization, N, t) (the first given), ordered by N
 * then t.
 */
function rowsOf(rows: readonly StudyTaskRow[], phase: StudyPhase): StudyTaskRow[] {
  const unique: StudyTaskRow[] = [];
  for (const row of rows) {
    if (row.phase !== phase) continue;
    if (unique.some((r) => r.refine === row.refine && r.N === row.N && sameTime(r.t, row.t)))
      continue;
    unique.push(row);
  }
  return byNThenT(unique);
}

/**
 * THEORY.md section 3: with a quadratic Hamiltonian (V = 0) every substep is exact on Wigner
 * functions, so (1/N) tr|omega_t - omega~_t| must stay below 1e-10 for any dt.
 */
export const EXACTNESS_THRESHOLD = 1e-10;

/**
 * The matched-splitting exactness check of a V = 0 study: the largest first-metric distance over
 * the main rows against {@link EXACTNESS_THRESHOLD}. Undefined unless the interaction is "none".
 */
function exactnessOf(
  config: StudyConfig,
  main: readonly StudyTaskRow[],
): StudyVerification["exactness"] {
  if (config.interaction.kind !== "none") return undefined;
  const metric = config.metrics[0];
  let maxDistance = 0;
  for (const row of main) {
    const value = studyMetricValue(row, metric);
    // A NaN distance fails the check (Math.max would keep it, and NaN <= threshold is false).
    if (value !== undefined)
      maxDistance = Number.isNaN(value) ? value : Math.max(maxDistance, value);
  }
  return {
    metric,
    maxDistance,
    threshold: EXACTNESS_THRESHOLD,
    passed: main.length > 0 && maxDistance <= EXACTNESS_THRESHOLD,
  };
}

/**
 * The verification summary: verdict counts and whether every rate comes from resolved rows; for
 * V = 0 (no rates, every row floor-limited by construction) the exactness check instead.
 */
function verificationOf(
  config: StudyConfig,
  mode: StudyVerification["mode"],
  tolerance: number,
  main: readonly StudyTaskRow[],
  fits: readonly StudyFit[],
): StudyVerification {
  const verdicts: Record<RowVerdict, number> = {
    resolved: 0,
    "floor-limited": 0,
    unresolved: 0,
    unverified: 0,
  };
  for (const row of main) verdicts[row.resolution?.verdict ?? "unverified"]++;
  const exactness = exactnessOf(config, main);
  const ratesTrusted = exactness
    ? exactness.passed
    : mode !== "off" && fits.length > 0 && fits.every((f) => f.fit !== undefined && f.resolved);
  return { mode, tolerance, verdicts, ratesTrusted, ...(exactness ? { exactness } : {}) };
}

/**
 * The result with or without the error floor (runStudy's `errorFloor` option decides for it).
 * @internal
 */
export function assembleWithFloor(
  plan: StudyPlan,
  rows: readonly StudyTaskRow[],
  withFloor: boolean,
): StudyResult {
  const config = plan.config;
  const { mode, tolerance } = resolutionSettings(config);
  const refinedAll = rowsOf(rows, "refinement");
  const interactionOff = rowsOf(rows, "interaction-off");
  const main = studyVerdicts(plan, {
    main: rowsOf(rows, "main"),
    interactionOff,
    refined: refinedAll.filter((r) => r.refine !== undefined),
  });
  const fits = studyFits(main, config.metrics, config.dynamics.times, { mode });
  let errorFloor: StudyErrorFloor | undefined;
  if (withFloor || mode === "verified") {
    const combined = refinedAll.filter((r) => r.refine === undefined);
    const largest = config.N[config.N.length - 1];
    const refinements = REFINED_DISCRETIZATIONS.map((refine) => {
      const refined = refinedAll.filter((r) => r.refine === refine);
      return {
        refine,
        N: [...new Set(refined.map((r) => r.N))],
        rows: refined,
        relativeChange: refinementChange(main, refined),
      };
    }).filter((r) => r.rows.length > 0);
    errorFloor = {
      interactionOff: config.interaction.kind === "none" ? main : interactionOff,
      refinement: {
        N: largest,
        rows: combined,
        relativeChange: refinementChange(main, combined),
      },
      ...(mode === "verified" ? { refinements } : {}),
    };
  }
  const grids: StudyGridSummary[] = plan.entries.map((e) => ({
    N: e.N,
    epsilon: e.epsilon,
    points: e.grid.shape,
    spacing: e.grid.spacing,
    vlasovShape: [...e.vlasov.position.shape, ...e.vlasov.velocity.shape],
  }));
  return {
    config,
    plan,
    grids,
    rows: main,
    fits,
    rates: studyRates(fits),
    noRates: studyNoRates(fits),
    verification: verificationOf(config, mode, tolerance, main, fits),
    theory: studyTheory(config.interaction),
    ...(errorFloor ? { errorFloor } : {}),
  };
}

/**
 * Everything a study's table and results.json show, from its plan and the rows of its tasks
 * (any subset, in any order: a running or resumed study gives a partial result): the main rows
 * by N then t, the rate fits over N per metric and sample time (`fits`, and as plain JSON
 * `rates`), the theorems for the interaction (`studyTheory`), the grids per N, and the error
 * floor when config.errorFloor is true or floor rows are given: the interaction-off rows (for
 * V = 0 the main rows: the two dynamics agree exactly, so the study itself is its floor), and
 * the refinement rows of the largest N with their relative change against the main rows. A row
 * given twice (same phase, N, t) counts once. Pure; cost O(|rows|^2) at most (small).
 */
export function assembleStudyResult(plan: StudyPlan, rows: readonly StudyTaskRow[]): StudyResult {
  const floorRows = rows.some((r) => r.phase !== "main");
  return assembleWithFloor(plan, rows, plan.config.errorFloor || floorRows);
}
