/**
 * `resolution: "adaptive"` (issue 12 item 4, THEORY.md section 6): refine each discretization
 * until its change is below the tolerance, within config.budget, as rounds of ordinary study
 * tasks. The plan is a pure function of the study's plan and the rows computed so far (and, for
 * the time budget, the seconds measured), so `runStudy`, the CLI and a resumed run all compute the
 * same tasks with the same ids, and rows already computed are never recomputed.
 */
import { ParameterError } from "@semiclassical/grid";
import {
  isZero,
  levelConfig,
  levelsOf,
  levelsText,
  NO_REFINEMENT,
  plus,
  short,
  stopText,
} from "./adaptive-levels.js";
import type { StudyConfig } from "./config-types.js";
import { sameTime, studyMetricValue } from "./fits.js";
import { planStudy, type StudyPlan, type StudyPlanEntry } from "./plan.js";
import type { RefinedDiscretization, RefinementLevels } from "./resolution-types.js";
import { mainTimesOf, refinementTimesOf, studyTasks, vlasovGrids, withId } from "./tasks.js";
import type { StudyTask, StudyTaskRow, VlasovGridChoice } from "./types.js";
import {
  REFINED_DISCRETIZATIONS,
  relativeChange,
  resolutionSettings,
  studyVerdicts,
} from "./verdicts.js";

/** What the time budget knows: the seconds spent so far and the measured seconds of each task. */
export interface AdaptiveTiming {
  /** Wall seconds of the whole study so far (a resumed study: of every run). */
  readonly elapsedSeconds: number;
  /** Measured wall seconds of a finished task, by task id (undefined: not measured). */
  readonly taskSeconds: (taskId: string) => number | undefined;
}

/**
 * Where a discretization stands at one N: "verified" (the verified round left it within the
 * tolerance, level 0), "active" (its last change exceeds the tolerance; refined further next
 * round), "converged" (level k against k - 1 within the tolerance), "stopped" (a budget stopped
 * it above the tolerance; `reason` names the budget).
 */
export interface AdaptiveDiscretization {
  /** The level the N's reported rows have for it. */
  readonly level: number;
  /** Relative change of the distance from the last refinement (worst over the times compared). */
  readonly change?: number;
  /** Where the change was measured (the verified round may borrow it from a larger N). */
  readonly at?: { readonly N: number; readonly t: number };
  readonly status: "verified" | "active" | "converged" | "stopped";
  readonly reason?: string;
}

/** The adaptive refinement of one N. */
export interface AdaptiveEntry {
  readonly N: number;
  /** The levels of the reference (when done: of the reported rows). */
  readonly levels: RefinementLevels;
  readonly discretizations: Readonly<Record<RefinedDiscretization, AdaptiveDiscretization>>;
  /** The reported rows against the single-level rows of the last round (worst relative change). */
  readonly combined?: number;
  /** The task whose rows are reported (the main task when nothing was refined). */
  readonly report: StudyTask;
  /** The interaction-off task of the reported levels (V != 0). */
  readonly floor?: StudyTask;
  /** True once the reported rows are known (every discretization verified, converged or stopped). */
  readonly done: boolean;
}

/** What {@link adaptivePlan} returns. */
export interface AdaptivePlan {
  /** Every task so far: round 0 (the verified study) first, then each round's new tasks. */
  readonly tasks: readonly StudyTask[];
  /** Tasks of the current round whose rows are missing: run them, then plan again. */
  readonly pending: readonly StudyTask[];
  /** The current round (0: the verified study). */
  readonly round: number;
  /** True when nothing is left to run. */
  readonly complete: boolean;
  /** Per N (ascending), once round 0 is complete. */
  readonly entries: readonly AdaptiveEntry[];
}

/** Options of {@link adaptivePlan}. */
export interface AdaptivePlanOptions {
  /** The study's round 0 as the driver made it (`studyTasks(plan, ...)`; default `studyTasks(plan)`). */
  readonly round0?: readonly StudyTask[];
  /** The Vlasov grid choice of the study (as given to `studyTasks`). */
  readonly vlasovGrid?: "auto" | VlasovGridChoice;
  /** The time budget's inputs; without it budget.maxSeconds is not applied (a pure assembly). */
  readonly timing?: AdaptiveTiming;
}

/** The state of one N while the rounds are replayed. */
interface NState {
  readonly N: number;
  readonly entry: StudyPlanEntry;
  levels: RefinementLevels;
  d: Record<RefinedDiscretization, AdaptiveDiscretization>;
  reference: StudyTask;
  singles: Map<RefinedDiscretization, StudyTask>;
  lastSingles: StudyTask[];
  final: boolean;
  floor?: StudyTask;
  combined?: number;
  done: boolean;
}

/**
 * The tasks of `resolution: "adaptive"` so far, and what they concluded (THEORY.md section 6):
 * - Round 0 is the verified study (`studyTasks`). At each N, a discretization D whose
 *   verified change exceeds the tolerance in some row of the N (own or borrowed, see
 *   `studyVerdicts`) is refined further; the others keep level 0 (the verified judgment).
 *   The reference levels R of the N: 1 for such a D refined at this N in round 0, else 0.
 * - Round r >= 1, per N: the reference task (R, every main time, unless R = 0: the main task)
 *   and for each active D the task at R + e_D (D one level further, the others at R; measured at
 *   the times of `refinementTimesOf`). D's change is level R_D + 1 against R_D (worst over the
 *   times), and D is converged when it is <= tolerance; else active again. The next reference is
 *   R plus e_D for every D refined this round (the finest level reached).
 * - A D is not refined further when its next task, or the next reference, does not fit:
 *   `budget.maxBytes` (the plan's memory estimate `memory.totalBytes` of that config), the
 *   plan's own limits (grid.maxPoints, maxMemory), or `budget.maxSeconds` (with `timing`: the
 *   seconds spent plus the estimated seconds of the round's new tasks, each the plan's time model
 *   times the slowest measured seconds / model ratio of the N's tasks; candidates cheapest first).
 *   It is then "stopped" with the budget's reason.
 * - An N with nothing left to refine is final: its reference task (all discretizations at their
 *   final levels together) and its interaction-off task at those levels are its reported rows
 *   and floor; `combined` compares them with the single-level rows of the last round.
 * Rows are matched to tasks by task id (main rows also by phase and N). Deterministic: the same
 * rows (and timing) give the same tasks. Pure; cost O(rounds |N| |rows|) and a `planStudy` per
 * new level (rounds <= log2 of the budget's size ratio).
 */
export function adaptivePlan(
  plan: StudyPlan,
  rows: readonly StudyTaskRow[],
  options: AdaptivePlanOptions = {},
): AdaptivePlan {
  const config = plan.config;
  const { tolerance } = resolutionSettings(config);
  const { maxBytes, maxSeconds } = config.budget;
  const metric = config.metrics[0];
  const grids = vlasovGrids(config, options.vlasovGrid);
  const round0 = options.round0 ?? studyTasks(plan, { vlasovGrid: options.vlasovGrid });
  const tasks: StudyTask[] = [...round0];
  const known = new Set(tasks.map((t) => t.id));
  const add = (task: StudyTask) => {
    if (!known.has(task.id)) {
      known.add(task.id);
      tasks.push(task);
    }
  };
  const rowsOf = (task: StudyTask) =>
    rows.filter(
      (r) =>
        r.N === task.N &&
        (r.taskId === task.id || (task.kind === "main" && r.phase === "main")) &&
        task.times.some((t) => sameTime(t, r.t)),
    );
  const isComplete = (task: StudyTask) => {
    const own = rowsOf(task);
    return task.times.every((t) => own.some((r) => sameTime(r.t, t)));
  };
  const started = (task: StudyTask) => rowsOf(task).length > 0;
  const result = (round: number, pending: StudyTask[], entries: AdaptiveEntry[]): AdaptivePlan => ({
    tasks,
    pending,
    round,
    complete: pending.length === 0,
    entries,
  });
  const pending0 = round0.filter((t) => !isComplete(t));
  if (pending0.length > 0) return result(0, pending0, []);

  // Round 0: the verified verdicts decide which discretizations go on at each N.
  const round0Rows = rows.filter((r) =>
    round0.some(
      (t) => t.N === r.N && (r.taskId === t.id || (t.kind === "main" && r.phase === "main")),
    ),
  );
  const verified = studyVerdicts(plan, {
    main: round0Rows.filter((r) => r.phase === "main"),
    interactionOff: round0Rows.filter((r) => r.phase === "interaction-off"),
    refined: round0Rows.filter((r) => r.phase === "refinement" && r.refine !== undefined),
  });
  const levelCache = new Map<string, { config: StudyConfig; entry: StudyPlanEntry } | string>();
  /** The config and plan entry of N at `levels`, or why it cannot be planned / does not fit. */
  const atLevels = (s: { N: number; entry: StudyPlanEntry }, levels: RefinementLevels) => {
    const key = `${s.N}:${levelsText(levels)}`;
    let found = levelCache.get(key);
    if (found === undefined) {
      const levelled = levelConfig(config, s.entry, levels);
      try {
        const entry = planStudy(levelled).entries[0];
        const bytes = entry.memory?.totalBytes ?? 16 * entry.grid.size ** 2;
        found =
          bytes > maxBytes
            ? `budget.maxBytes = ${maxBytes} stops it (levels ${levelsText(levels)} need ${bytes.toExponential(2)} bytes)`
            : { config: levelled, entry };
      } catch (error) {
        if (!(error instanceof ParameterError)) throw error;
        found = `the plan refuses levels ${levelsText(levels)} (${error.message})`;
      }
      levelCache.set(key, found);
    }
    return found;
  };
  const referenceTask = (s: NState, levels: RefinementLevels): StudyTask => {
    if (isZero(levels)) return round0.find((t) => t.kind === "main" && t.N === s.N) as StudyTask;
    const at = atLevels(s, levels) as { config: StudyConfig; entry: StudyPlanEntry };
    return withId({
      kind: "refinement",
      N: s.N,
      times: mainTimesOf(config),
      config: at.config,
      vlasovGrid: grids.main,
      levels,
      cost: at.entry.grid.size ** 3 * 2 ** levels.dt,
    });
  };
  const singleTask = (
    s: NState,
    which: RefinedDiscretization,
    at: { config: StudyConfig; entry: StudyPlanEntry },
  ) =>
    withId({
      kind: "refinement",
      N: s.N,
      times: refinementTimesOf(config, which, s.entry.grid.size),
      config: at.config,
      vlasovGrid: grids.main,
      refine: which,
      levels: plus(s.levels, which),
      cost: at.entry.grid.size ** 3 * 2 ** plus(s.levels, which).dt,
    });
  const floorTask = (s: NState): StudyTask | undefined => {
    if (config.interaction.kind === "none") return undefined;
    if (isZero(s.levels)) return round0.find((t) => t.kind === "interaction-off" && t.N === s.N);
    const at = atLevels(s, s.levels) as { config: StudyConfig; entry: StudyPlanEntry };
    return withId({
      kind: "interaction-off",
      N: s.N,
      times: config.dynamics.times,
      config: at.config,
      vlasovGrid: grids.floor,
      levels: s.levels,
      cost: at.entry.grid.size ** 3 * 2 ** s.levels.dt,
    });
  };
  /**
   * Worst relative change of the first metric of `refined` against `reference` at common times
   * other than t = 0 (there the distance is the transform floor, which a finer Vlasov grid takes
   * to round-off, so its relative change does not converge; it is judged with the later times).
   */
  const changeOf = (reference: StudyTask, refined: StudyTask) => {
    let worst: { change: number; N: number; t: number } | undefined;
    const base = rowsOf(reference);
    const compared = rowsOf(refined);
    const later = compared.some((r) => r.t > 0);
    for (const r of compared) {
      if (later && r.t === 0) continue;
      const o = base.find((b) => sameTime(b.t, r.t));
      const a = o ? studyMetricValue(o, metric) : undefined;
      const b = studyMetricValue(r, metric);
      if (a === undefined || b === undefined) continue;
      const change = relativeChange(a, b);
      if (!worst || change > worst.change) worst = { change, N: r.N, t: r.t };
    }
    return worst;
  };

  const states: NState[] = plan.entries.map((entry) => {
    const { N } = entry;
    // The t = 0 row (the transform floor) borrows the changes of the later times (see changeOf).
    const all = verified.filter((r) => r.N === N);
    const ownRows = all.some((r) => r.t > 0) ? all.filter((r) => r.t > 0) : all;
    const d = {} as Record<RefinedDiscretization, AdaptiveDiscretization>;
    const levels = { ...NO_REFINEMENT };
    for (const which of REFINED_DISCRETIZATIONS) {
      let worst: { change: number; N: number; t: number } | undefined;
      for (const r of ownRows) {
        const change = r.resolution?.refinement?.[which];
        const at = r.resolution?.refinementAt?.[which];
        if (change === undefined) continue;
        if (!worst || !(change <= worst.change)) worst = { change, N: at?.N ?? N, t: at?.t ?? r.t };
      }
      const flagged = worst !== undefined && !(worst.change <= tolerance);
      const own = round0.some((t) => t.kind === "refinement" && t.refine === which && t.N === N);
      if (flagged && own) levels[which] = 1;
      d[which] = {
        level: levels[which],
        ...(worst ? { change: worst.change, at: { N: worst.N, t: worst.t } } : {}),
        status: flagged ? "active" : "verified",
      };
    }
    const s: NState = {
      N,
      entry,
      levels,
      d,
      reference: round0.find((t) => t.kind === "main" && t.N === N) as StudyTask,
      singles: new Map(),
      lastSingles: [],
      final: false,
      done: false,
    };
    if (!REFINED_DISCRETIZATIONS.some((w) => d[w].status === "active")) {
      s.done = true;
      s.floor = floorTask(s);
      return s;
    }
    // The reference levels exist as round-0 tasks (one D) or are combined (more): check them.
    const fit = atLevels(s, levels);
    if (typeof fit === "string") {
      for (const which of REFINED_DISCRETIZATIONS) {
        if (levels[which] > 0) {
          d[which] = { ...d[which], level: 0, status: "stopped", reason: stopText(which, 1, fit) };
          levels[which] = 0;
        }
      }
    }
    s.reference = referenceTask(s, levels);
    return s;
  });

  // Time estimates: the plan's time model, scaled by the slowest measured/model ratio of the N.
  const modelSeconds = (s: NState, task: StudyTask) => {
    const at = atLevels(s, levelsOf(task));
    if (typeof at === "string") return 1;
    const seconds = at.entry.memory?.seconds;
    if (!seconds) return at.entry.grid.size ** 3 * task.times.length;
    return seconds.steps + (seconds.rows * task.times.length) / (config.dynamics.times.length + 1);
  };
  const rate = (s: NState) => {
    let worst = 0;
    for (const task of tasks) {
      if (task.N !== s.N) continue;
      const measured = options.timing?.taskSeconds(task.id);
      if (measured === undefined) continue;
      const model = modelSeconds(s, task);
      if (model > 0) worst = Math.max(worst, measured / model);
    }
    return worst;
  };
  const estimate = (s: NState, task: StudyTask) =>
    started(task) || isComplete(task) ? 0 : modelSeconds(s, task) * rate(s);

  const entries = (): AdaptiveEntry[] =>
    states.map((s) => ({
      N: s.N,
      levels: s.levels,
      discretizations: s.d,
      ...(s.combined !== undefined ? { combined: s.combined } : {}),
      report: s.reference,
      ...(s.floor ? { floor: s.floor } : {}),
      done: s.done,
    }));

  for (let round = 1; ; round++) {
    const open = states.filter((s) => !s.done);
    if (open.length === 0) return result(round - 1, [], entries());
    const mandatory = open.map((s) => s.reference).filter((t) => t.kind !== "main");
    // Candidates: each active D one level further, unless that task does not fit.
    const candidates: { s: NState; which: RefinedDiscretization; task: StudyTask }[] = [];
    for (const s of open) {
      s.singles = new Map();
      for (const which of REFINED_DISCRETIZATIONS) {
        if (s.d[which].status !== "active") continue;
        const at = atLevels(s, plus(s.levels, which));
        if (typeof at === "string") {
          s.d[which] = {
            ...s.d[which],
            status: "stopped",
            reason: stopText(which, s.levels[which] + 1, at),
          };
        } else candidates.push({ s, which, task: singleTask(s, which, at) });
      }
    }
    const timing = options.timing;
    const nextLevels = (s: NState, extra?: RefinedDiscretization) => {
      let next = s.levels;
      for (const which of s.singles.keys()) next = plus(next, which);
      return extra ? plus(next, extra) : next;
    };
    /** Seconds of an N's optional tasks this round: its singles, the next reference and floor. */
    const optional = (s: NState, extra?: RefinedDiscretization, extraTask?: StudyTask) => {
      const singles = [...s.singles.values(), ...(extraTask ? [extraTask] : [])];
      if (singles.length === 0) return 0;
      const next = nextLevels(s, extra);
      const probe = { ...s, levels: next } as NState;
      const reference = referenceTask(probe, next);
      const floor = floorTask(probe);
      return (
        singles.reduce((sum, t) => sum + estimate(s, t), 0) +
        estimate(s, reference) +
        (floor ? estimate(s, floor) : 0)
      );
    };
    let spent =
      (timing?.elapsedSeconds ?? 0) +
      mandatory.reduce((sum, t) => sum + estimate(states.find((s) => s.N === t.N) as NState, t), 0);
    const ordered = candidates
      .map((c) => ({ ...c, seconds: estimate(c.s, c.task) }))
      .sort(
        (a, b) =>
          a.seconds - b.seconds ||
          a.s.N - b.s.N ||
          REFINED_DISCRETIZATIONS.indexOf(a.which) - REFINED_DISCRETIZATIONS.indexOf(b.which),
      );
    for (const { s, which, task } of ordered) {
      const level = s.levels[which] + 1;
      const combined = atLevels(s, nextLevels(s, which));
      if (typeof combined === "string") {
        s.d[which] = { ...s.d[which], status: "stopped", reason: stopText(which, level, combined) };
        continue;
      }
      const before = optional(s);
      const after = optional(s, which, task);
      if (timing && !started(task) && spent - before + after > maxSeconds) {
        s.d[which] = {
          ...s.d[which],
          status: "stopped",
          reason: `budget.maxSeconds = ${maxSeconds} stops the ${which} refinement at level ${level} (${short(timing.elapsedSeconds)} s spent, the round would need about ${short(spent - before + after - timing.elapsedSeconds)} s more): raise budget.maxSeconds, or accept a larger tolerance (now ${tolerance})`,
        };
        continue;
      }
      spent += after - before;
      s.singles.set(which, task);
    }
    const roundTasks: StudyTask[] = [...mandatory];
    for (const s of open) {
      if (s.singles.size === 0) {
        s.final = true;
        s.floor = floorTask(s);
        if (s.floor) roundTasks.push(s.floor);
      } else roundTasks.push(...s.singles.values());
    }
    for (const task of roundTasks) add(task);
    const pending = roundTasks.filter((t) => !isComplete(t));
    if (pending.length > 0) return result(round, pending, entries());
    for (const s of open) {
      if (s.final) {
        let combined: number | undefined;
        for (const single of s.lastSingles) {
          const c = changeOf(single, s.reference)?.change;
          if (c !== undefined) combined = Math.max(combined ?? 0, c);
        }
        s.combined = combined;
        s.done = true;
        continue;
      }
      for (const [which, task] of s.singles) {
        const found = changeOf(s.reference, task);
        const level = s.levels[which] + 1;
        s.d[which] = {
          level,
          ...(found ? { change: found.change, at: { N: found.N, t: found.t } } : {}),
          status: found && found.change <= tolerance ? "converged" : "active",
        };
      }
      const next = nextLevels(s);
      s.lastSingles = [...s.singles.values()];
      s.levels = next;
      s.reference = referenceTask(s, next);
    }
  }
}
