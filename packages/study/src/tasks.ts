import { ParameterError } from "@semiclassical/grid";
import type { StudyConfig } from "./config-types.js";
import { contentId } from "./hash.js";
import type { StudyPlan } from "./plan.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";
import type { StudyTask, StudyTasksOptions, VlasovGridChoice } from "./types.js";

/** The Vlasov grid of the main/refinement tasks and of the interaction-off tasks. */
export function vlasovGrids(
  config: StudyConfig,
  requested: StudyTasksOptions["vlasovGrid"] = "auto",
): { main: VlasovGridChoice; floor: VlasovGridChoice } {
  const main =
    requested === "auto" ? (config.interaction.kind === "none" ? "wigner" : "config") : requested;
  return { main, floor: requested === "wigner" ? "wigner" : "config" };
}

/**
 * Validates snapshot N and times against a config: each N one of config.N (parameter
 * `snapshotN[i]`), each time in [0, tFinal] and a whole number of steps dt
 * (`snapshotTimes[i]`). Returns the N and the times, one per step, ascending (a time given
 * twice, or two times of the same step, count once: the first given). Cost O(|N| + |times|).
 */
export function snapshotSelection(
  config: StudyConfig,
  selection: { readonly N?: readonly number[]; readonly times?: readonly number[] },
): { readonly N: readonly number[]; readonly times: readonly number[] } {
  const N = selection.N ?? config.N;
  N.forEach((n, i) => {
    if (!config.N.includes(n)) {
      throw new ParameterError(
        `snapshotN[${i}]`,
        `must be one of the study's N (${config.N.join(", ")}), got ${n}`,
      );
    }
  });
  const { dt, tFinal, times } = config.dynamics;
  const requested = selection.times ?? [...times, tFinal];
  const byStep = new Map<number, number>();
  requested.forEach((t, i) => {
    const inRange = Number.isFinite(t) && t >= 0 && t <= tFinal * (1 + STEP_TOLERANCE);
    const step = inRange ? wholeSteps(t, dt) : undefined;
    if (step === undefined) {
      throw new ParameterError(
        `snapshotTimes[${i}]`,
        `must be in [0, tFinal] = [0, ${tFinal}] and a whole number of steps dt = ${dt}, got ${t}`,
      );
    }
    if (!byStep.has(step)) byStep.set(step, t);
  });
  return { N, times: [...byStep].sort((a, b) => a[0] - b[0]).map(([, t]) => t) };
}

/** The task with its id: the content hash of every other field. */
function withId(task: Omit<StudyTask, "id">): StudyTask {
  return { id: contentId(task), ...task };
}

/**
 * The tasks of a planned study, in this order: for each N the main task (the study's rows at
 * config.dynamics.times, with `snapshotTimes` when `options.snapshots` asks for them) and, with
 * the error floor on and V != 0, the interaction-off task (the same omega_0, grids and dt with
 * V = 0: for V = 0 the main rows are the floor themselves, so there is none); then, with the
 * error floor on, the refinement of the largest N (quantum and Vlasov grids refined by 2 per
 * axis, at the last sample time). Each task is plain JSON with a stable content id
 * ({@link StudyTask}); they are independent and can run in any order, in any process
 * (`runStudyTask`); start the largest `cost` first. Validates the snapshot selection. Pure;
 * cost O(|N| size of the config) (the hashes).
 */
export function studyTasks(plan: StudyPlan, options: StudyTasksOptions = {}): StudyTask[] {
  const config = plan.config;
  const { times, tFinal } = config.dynamics;
  const floor = options.errorFloor ?? config.errorFloor;
  const grids = vlasovGrids(config, options.vlasovGrid);
  const requested = options.snapshots;
  const snapshots =
    requested === true
      ? { N: config.N, times: [tFinal] }
      : requested
        ? snapshotSelection(config, requested)
        : undefined;
  const tasks: StudyTask[] = [];
  const costOf = (n: number) => n ** 3;
  for (const entry of plan.entries) {
    const { N } = entry;
    const cost = costOf(entry.grid.size);
    const taskConfig: StudyConfig = { ...config, N: [N] };
    const snapshotTimes = snapshots?.N.includes(N) ? { snapshotTimes: snapshots.times } : {};
    tasks.push(
      withId({
        kind: "main",
        N,
        times,
        ...snapshotTimes,
        config: taskConfig,
        vlasovGrid: grids.main,
        cost,
      }),
    );
    if (floor && config.interaction.kind !== "none") {
      tasks.push(
        withId({
          kind: "interaction-off",
          N,
          times,
          config: taskConfig,
          vlasovGrid: grids.floor,
          cost,
        }),
      );
    }
  }
  if (floor) {
    const finest = plan.entries[plan.entries.length - 1];
    tasks.push(
      withId({
        kind: "refinement",
        N: finest.N,
        times: times.slice(-1),
        config: { ...config, N: [finest.N] },
        vlasovGrid: grids.main,
        cost: 2 ** (3 * config.dimension) * costOf(finest.grid.size),
      }),
    );
  }
  return tasks;
}
