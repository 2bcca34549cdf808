import { type AdaptivePlanOptions, adaptivePlan } from "./adaptive.js";
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
import { researchVerdicts } from "./research-verdicts.js";
import type { RefinedDiscretization, RowAdaptive, RowVerdict } from "./resolution-types.js";
import { studyTheory } from "./theory.js";
import type {
  StudyErrorFloor,
  StudyFit,
  StudyGridSummary,
  StudyPhase,
  StudyResult,
  StudyTask,
  StudyTaskRow,
  StudyVerification,
} from "./types.js";
import {
  type AdaptiveVerdictHooks,
  REFINED_DISCRETIZATIONS,
  resolutionSettings,
  studyVerdicts,
} from "./verdicts.js";

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

/** Options of {@link assembleStudyResult}. */
export type AssembleOptions = Pick<AdaptivePlanOptions, "timing" | "vlasovGrid">;

/** The rows of one task (main rows also by phase and N), one per time, ordered by t. */
function taskRows(rows: readonly StudyTaskRow[], task: StudyTask | undefined): StudyTaskRow[] {
  if (!task) return [];
  const own: StudyTaskRow[] = [];
  for (const r of rows) {
    const mine = r.taskId === task.id || (task.kind === "main" && r.phase === "main");
    if (!mine || r.N !== task.N || !task.times.some((t) => sameTime(t, r.t))) continue;
    if (!own.some((o) => sameTime(o.t, r.t))) own.push(r);
  }
  return byNThenT(own);
}

/**
 * `resolution: "adaptive"`: the reported rows (per N the rows at the final levels, judged by
 * their final changes; an N still being refined: its main rows, "unverified"), their floors, and
 * the round-0 refinement rows (the verified study's). Undefined while round 0 runs.
 */
function adaptiveRows(
  plan: StudyPlan,
  rows: readonly StudyTaskRow[],
  options: AssembleOptions,
):
  | {
      main: StudyTaskRow[];
      interactionOff: StudyTaskRow[];
      refined: StudyTaskRow[];
      verified: StudyTaskRow[];
    }
  | undefined {
  const adaptive = adaptivePlan(plan, rows, options);
  if (adaptive.entries.length === 0) return undefined;
  const { tolerance } = resolutionSettings(plan.config);
  const metric = plan.config.metrics[0];
  const later = new Set(adaptive.tasks.filter((t) => t.levels).map((t) => t.id));
  const round0 = rows.filter((r) => !later.has(r.taskId));
  const refined = rowsOf(round0, "refinement").filter((r) => r.refine !== undefined);
  const verified = studyVerdicts(plan, {
    main: rowsOf(round0, "main"),
    interactionOff: rowsOf(round0, "interaction-off"),
    refined,
    softening: rowsOf(round0, "softening"),
  });
  const main: StudyTaskRow[] = [];
  const interactionOff: StudyTaskRow[] = [];
  for (const entry of adaptive.entries) {
    const { N, levels, discretizations } = entry;
    const changes: Partial<Record<RefinedDiscretization | "combined", number>> = {};
    const stopped: Partial<Record<RefinedDiscretization, string>> = {};
    for (const which of REFINED_DISCRETIZATIONS) {
      const d = discretizations[which];
      if (d.change !== undefined) changes[which] = d.change;
      if (d.status === "stopped" && d.reason) stopped[which] = d.reason;
    }
    if (entry.combined !== undefined) changes.combined = entry.combined;
    const record: RowAdaptive = {
      levels,
      changes,
      ...(Object.keys(stopped).length > 0 ? { stopped } : {}),
    };
    const withRecord = (row: StudyTaskRow): StudyTaskRow => ({
      ...row,
      resolution: { ...row.resolution, adaptive: record },
    });
    if (!entry.done) {
      for (const row of verified.filter((r) => r.N === N)) {
        main.push(
          withRecord({
            ...row,
            resolution: {
              ...row.resolution,
              verdict: "unverified",
              reasons: [
                `not verified yet: the adaptive refinement of N = ${N} is at round ${adaptive.round}`,
              ],
            },
          }),
        );
      }
      interactionOff.push(...rowsOf(round0, "interaction-off").filter((r) => r.N === N));
      continue;
    }
    const report = taskRows(rows, entry.report);
    const floor = taskRows(rows, entry.floor);
    const atMain = entry.report.kind === "main";
    const hooks: AdaptiveVerdictHooks = {
      change: (row, which) => {
        const d = discretizations[which];
        if (d.status === "verified" && atMain) {
          const own = verified.find((v) => v.N === row.N && sameTime(v.t, row.t));
          const change = own?.resolution?.refinement?.[which];
          const at = own?.resolution?.refinementAt?.[which];
          if (change !== undefined) return { change, N: at?.N ?? row.N, t: at?.t ?? row.t };
        }
        if (d.change === undefined) return undefined;
        return { change: d.change, N: d.at?.N ?? row.N, t: d.at?.t ?? row.t };
      },
      stopReason: (_row, which) =>
        discretizations[which].status === "stopped" ? discretizations[which].reason : undefined,
      softening: (row) =>
        verified.find((v) => v.N === row.N && sameTime(v.t, row.t))?.resolution?.floors?.softening,
      extraReasons: () =>
        entry.combined !== undefined && !(entry.combined <= tolerance)
          ? [
              `the final levels (${REFINED_DISCRETIZATIONS.map((w) => `${w} ${levels[w]}`).join(", ")}) together change ${metric} by ${Number((100 * entry.combined).toPrecision(2))} % against the single refinements of the last round, more than the tolerance ${Number((100 * tolerance).toPrecision(2))} %: lower tolerance (now ${tolerance}) so that each is refined one level further, or raise the budget`,
            ]
          : [],
    };
    const judged = studyVerdicts(plan, {
      main: report,
      interactionOff: floor,
      refined: [],
      adaptive: hooks,
    });
    main.push(...judged.map(withRecord));
    interactionOff.push(...floor);
  }
  return { main: byNThenT(main), interactionOff: byNThenT(interactionOff), refined, verified };
}

/**
 * The result with or without the error floor (runStudy's `errorFloor` option decides for it).
 * @internal
 */
export function assembleWithFloor(
  plan: StudyPlan,
  rows: readonly StudyTaskRow[],
  withFloor: boolean,
  options: AssembleOptions = {},
): StudyResult {
  const config = plan.config;
  const { mode, tolerance } = resolutionSettings(config);
  // resolution "adaptive": the rows at the final levels (`adaptivePlan`) once round 0 is done.
  const adaptive = mode === "adaptive" ? adaptiveRows(plan, rows, options) : undefined;
  const refinedAll = adaptive ? adaptive.refined : rowsOf(rows, "refinement");
  const interactionOff = adaptive ? adaptive.interactionOff : rowsOf(rows, "interaction-off");
  // research quantities (issue 15): their floors, verdicts and the Duhamel check, before the fits
  const main = researchVerdicts(
    config,
    adaptive?.main ??
      studyVerdicts(plan, {
        main: rowsOf(rows, "main"),
        interactionOff,
        refined: refinedAll.filter((r) => r.refine !== undefined),
        softening: rowsOf(rows, "softening"),
      }),
    interactionOff,
    refinedAll,
  );
  const fits = studyFits(main, config.metrics, config.dynamics.times, { mode });
  let errorFloor: StudyErrorFloor | undefined;
  if (withFloor || mode !== "off") {
    const combined = refinedAll.filter((r) => r.refine === undefined);
    const largest = config.N[config.N.length - 1];
    const refinements = REFINED_DISCRETIZATIONS.map((refine) => {
      const refined = refinedAll.filter((r) => r.refine === refine);
      return {
        refine,
        N: [...new Set(refined.map((r) => r.N))],
        rows: refined,
        // Adaptive: round 0's refinements against round 0's main rows (the verified study).
        relativeChange: refinementChange(adaptive?.verified ?? main, refined),
      };
    }).filter((r) => r.rows.length > 0);
    errorFloor = {
      interactionOff: config.interaction.kind === "none" ? main : interactionOff,
      refinement: {
        N: largest,
        rows: combined,
        relativeChange: refinementChange(main, combined),
      },
      ...(mode !== "off" ? { refinements } : {}),
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
 * given twice (same phase, N, t) counts once. `resolution: "adaptive"`: the rows are those of
 * the final levels of each N (`adaptivePlan`; `options.timing` applies budget.maxSeconds to what
 * has not run, `options.vlasovGrid` as given to `studyTasks`), each with `resolution.adaptive`.
 * Pure; cost O(|rows|^2) at most (small).
 */
export function assembleStudyResult(
  plan: StudyPlan,
  rows: readonly StudyTaskRow[],
  options: AssembleOptions = {},
): StudyResult {
  const floorRows = rows.some((r) => r.phase !== "main");
  return assembleWithFloor(plan, rows, plan.config.errorFloor || floorRows, options);
}
