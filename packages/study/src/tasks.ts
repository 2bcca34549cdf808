import { ParameterError } from "@semiclassical/grid";
import type { StudyConfig } from "./config-types.js";
import { contentId } from "./hash.js";
import type { StudyPlan } from "./plan.js";
import type { RefinedDiscretization } from "./resolution-types.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";
import type { StudyTask, StudyTasksOptions, VlasovGridChoice } from "./types.js";
import { resolutionSettings } from "./verdicts.js";

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

/**
 * The content hash of a task without its id: every field, with the config minus what cannot
 * change the task's numbers (`maxMemory`, which "auto" resolves from the machine, and `budget`,
 * which only decides which tasks an adaptive study plans), so the same computation has the same
 * id on every machine and under every budget. Cost O(size of the task).
 */
export function taskContentId(task: Omit<StudyTask, "id">): string {
  const { maxMemory: _memory, budget: _budget, ...numerics } = task.config;
  return contentId({ ...task, config: numerics });
}

/** The task with its id ({@link taskContentId}). Cost O(size of the task). */
export function withId(task: Omit<StudyTask, "id">): StudyTask {
  return { id: taskContentId(task), ...task };
}

/** The quantum grid size n^d below which a refinement is cheap enough to run at every N. */
export const CHEAP_REFINEMENT_POINTS = 256;

/**
 * The times a main task measures: t = 0 (the transform floor (1/N) tr|omega_0 - Weyl(W~_0)|)
 * and config.dynamics.times. Cost O(|times|).
 */
export function mainTimesOf(config: StudyConfig): readonly number[] {
  const { times } = config.dynamics;
  return times.some((t) => t === 0) ? times : [0, ...times];
}

/**
 * The times a refinement of `which` measures for a quantum grid of `points` points (n^d): the
 * last sample time for "quantum-grid" (its metrics cost 2^(3d) times those of the N) and for
 * grids above {@link CHEAP_REFINEMENT_POINTS}, else every sample time. Cost O(|times|).
 */
export function refinementTimesOf(
  config: StudyConfig,
  which: RefinedDiscretization,
  points: number,
): readonly number[] {
  const { times } = config.dynamics;
  return which !== "quantum-grid" && points <= CHEAP_REFINEMENT_POINTS ? times : times.slice(-1);
}

/**
 * The refinement tasks of `resolution: "verified"` (THEORY.md section 6): each discretization
 * refined by 2 separately, with everything else as in the main task.
 * - "quantum-grid" (points x 2 per axis, same box; metrics cost 2^(3d) times those of the N): at
 *   the largest N, and at every N whose refined grid has at most {@link CHEAP_REFINEMENT_POINTS}
 *   points; measured at the last sample time.
 * - "vlasov-grid" (nx, nv x 2, same boxes; none when W~ lives on the Wigner grid, where nothing
 *   is interpolated) and "dt" (dt / 2, twice the steps): at every N; measured at every sample
 *   time when the N's quantum grid has at most {@link CHEAP_REFINEMENT_POINTS} points, else at
 *   the last one.
 * A row without a refinement of its own (N, t) takes the worst change of that discretization at
 * its N, else at the larger N (see `studyVerdicts`). Cost O(|N|) tasks of about a main task each.
 */
function verificationTasks(plan: StudyPlan, mainGrid: VlasovGridChoice): Omit<StudyTask, "id">[] {
  const config = plan.config;
  const { dt } = config.dynamics;
  const d = config.dimension;
  const last = plan.entries.length - 1;
  const onWignerGrid = mainGrid === "wigner" || config.vlasov.grid === "wigner";
  const tasks: Omit<StudyTask, "id">[] = [];
  plan.entries.forEach((entry, i) => {
    const { N } = entry;
    const n = entry.grid.size;
    const base = { kind: "refinement" as const, N, vlasovGrid: mainGrid };
    const taskConfig: StudyConfig = { ...config, N: [N] };
    if (i === last || 2 ** d * n <= CHEAP_REFINEMENT_POINTS) {
      tasks.push({
        ...base,
        refine: "quantum-grid",
        times: refinementTimesOf(config, "quantum-grid", n),
        config: taskConfig,
        cost: 2 ** (3 * d) * n ** 3,
      });
    }
    if (!onWignerGrid) {
      tasks.push({
        ...base,
        refine: "vlasov-grid",
        times: refinementTimesOf(config, "vlasov-grid", n),
        config: {
          ...taskConfig,
          vlasov: { ...config.vlasov, nx: 2 * config.vlasov.nx, nv: 2 * config.vlasov.nv },
        },
        cost: n ** 3,
      });
    }
    tasks.push({
      ...base,
      refine: "dt",
      times: refinementTimesOf(config, "dt", n),
      config: { ...taskConfig, dynamics: { ...config.dynamics, dt: dt / 2 } },
      cost: n ** 3,
    });
  });
  return tasks;
}

/**
 * The nucleus floor of a Coulomb trap (state.trap.kind "coulomb", issue 15 item 2): for each N
 * the main task rerun with the softening a halved (omega_0, HF and Vlasov at a/2, same grids,
 * the sample times without t = 0), when a/2 is still at least the position spacing of the N's
 * quantum and Vlasov grids (planStudy's check); `studyVerdicts` turns its rows into the floor
 * `softening` = |d(a/2) - d(a)|. None for a harmonic trap. Cost O(|N|) tasks of a main task each.
 */
function softeningTasks(plan: StudyPlan, mainGrid: VlasovGridChoice): Omit<StudyTask, "id">[] {
  const config = plan.config;
  const trap = config.state.trap;
  if (trap.kind !== "coulomb") return [];
  const halved = trap.softening / 2;
  return plan.entries
    .filter(
      (entry) =>
        halved >= Math.max(...entry.grid.spacing, ...entry.vlasov.position.spacing) * (1 - 1e-12),
    )
    .map((entry) => ({
      kind: "softening" as const,
      N: entry.N,
      times: config.dynamics.times,
      config: {
        ...config,
        N: [entry.N],
        state: { ...config.state, trap: { ...trap, softening: halved } },
      },
      vlasovGrid: mainGrid,
      cost: entry.grid.size ** 3,
    }));
}

/**
 * The tasks of a planned study, in this order: for each N the main task (the study's rows at
 * t = 0, the transform floor, and at config.dynamics.times, with `snapshotTimes` when
 * `options.snapshots` asks for them) and, when
 * the floor is measured and V != 0, the interaction-off task (the same omega_0, grids and dt
 * with V = 0: for V = 0 the main rows are the floor themselves, so there is none); then the
 * refinements. `resolution: "verified"` (default) always measures the floor and refines each
 * discretization separately (`refine`: see {@link CHEAP_REFINEMENT_POINTS} for where); with
 * `resolution: "off"` the floor and the combined refinement of the largest N (quantum and
 * Vlasov grids refined by 2 per axis, at the last sample time) exist only with
 * config.errorFloor, as before verification existed. `resolution: "adaptive"`: these are its
 * round 0 (exactly the verified study); `adaptivePlan` adds the later rounds from their rows.
 * Each task is plain JSON with a stable content id
 * ({@link StudyTask}); they are independent and can run in any order, in any process
 * (`runStudyTask`); start the largest `cost` first. Validates the snapshot selection. Pure;
 * cost O(|N| size of the config) (the hashes).
 */
export function studyTasks(plan: StudyPlan, options: StudyTasksOptions = {}): StudyTask[] {
  const config = plan.config;
  const { times, tFinal } = config.dynamics;
  const { mode } = resolutionSettings(config);
  // "adaptive" starts as the verified study (its round 0).
  const verified = mode !== "off";
  const floor = verified || (options.errorFloor ?? config.errorFloor);
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
  // Every main task measures t = 0 first: the transform floor (1/N) tr|omega_0 - Weyl(W~_0)|.
  const mainTimes = mainTimesOf(config);
  for (const entry of plan.entries) {
    const { N } = entry;
    const cost = costOf(entry.grid.size);
    const taskConfig: StudyConfig = { ...config, N: [N] };
    const snapshotTimes = snapshots?.N.includes(N) ? { snapshotTimes: snapshots.times } : {};
    tasks.push(
      withId({
        kind: "main",
        N,
        times: mainTimes,
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
  if (verified) for (const task of softeningTasks(plan, grids.main)) tasks.push(withId(task));
  if (verified && config.interaction.kind !== "none") {
    // With V = 0 the distances are round-off (the matched splitting is exact for the quadratic
    // Hamiltonian), so their relative change under refinement means nothing: such a study is
    // verified by its exactness check (`assembleStudyResult`'s verification.exactness) instead.
    for (const task of verificationTasks(plan, grids.main)) tasks.push(withId(task));
  } else if (floor) {
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
