import { adaptivePlan } from "./adaptive.js";
import { assembleWithFloor } from "./assemble.js";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import { sameTime } from "./fits.js";
import { planStudy } from "./plan.js";
import { type InitialStates, runTask } from "./run-task.js";
import { snapshotSelection, studyTasks } from "./tasks.js";
import type { RunStudyOptions, StudyResult, StudyRow, StudyTask, StudyTaskRow } from "./types.js";
import { resolutionSettings } from "./verdicts.js";

const now = () => performance.now();

function rowKey(N: number, t: number): string {
  return `${N}@${t.toPrecision(12)}`;
}

/**
 * The Hartree-Fock versus Vlasov study (issue 6, THEORY.md sections 1-3), in one call:
 * `planStudy`, `studyTasks`, `runStudyTask` of each task (the main tasks first, by N; then the
 * interaction-off tasks; then the refinement), `assembleStudyResult`. For each N
 * (eps = N^(-1/d)) omega_0 evolves by Hartree(-Fock) and W~_0 = Wigner(omega_0) by Vlasov with
 * the same splitting and dt, compared at each requested time by every requested metric, each
 * row streamed through `onRow` as soon as it is done; `onSnapshot` receives the Wigner functions
 * and densities of both sides from the same run (default at every measured time and tFinal;
 * `snapshotN`, `snapshotTimes` choose). Then, unless `errorFloor` is false, the numerical error
 * floor (the same study with the interaction off, starting from the same omega_0, which is
 * reused rather than prepared twice, and the largest N rerun on grids refined by 2 per axis);
 * finally rate fits over N per metric and time, beside the theorems' exponents. With
 * `resolution: "adaptive"` the later rounds of `adaptivePlan` run after the verified tasks, one
 * round at a time (each task timed for budget.maxSeconds), and the result reports the rows at the
 * final levels.
 *
 * Pure (no node imports): runs in a Web Worker. Cancellable (`signal`) and resumable (`skip`;
 * `completedRows`: main rows, and rows of any other phase carrying their `phase` and `taskId`,
 * whose tasks then skip those times). Validates the config and the
 * snapshot selection before anything is computed. Cost: that of its tasks (see
 * `runStudyTask`); memory: a few dense n x n complex matrices per N.
 */
export async function runStudy(
  input: StudyConfig | StudyConfigInput,
  options: RunStudyOptions = {},
): Promise<StudyResult> {
  const started = now();
  // Every task of the study (refinements included) must fit maxMemory before any work.
  const plan = planStudy(input, { checkMemory: "study" });
  const config = plan.config;
  const { signal, onProgress, onRow, onSnapshot, threads } = options;
  signal?.throwIfAborted();
  const selection = { N: options.snapshotN, times: options.snapshotTimes };
  snapshotSelection(config, selection);
  const withFloor = options.errorFloor ?? config.errorFloor;
  const tasks = studyTasks(plan, {
    snapshots: onSnapshot ? selection : false,
    vlasovGrid: options.vlasovGrid,
    errorFloor: withFloor,
  });

  const mainTaskId = new Map(tasks.filter((t) => t.kind === "main").map((t) => [t.N, t.id]));
  const completed = new Map<string, StudyTaskRow>();
  // Rows of other phases (interaction-off, refinement, adaptive rounds) are kept by task id.
  const others: StudyTaskRow[] = [];
  for (const row of options.completedRows ?? []) {
    const given = row as Partial<StudyTaskRow>;
    if (given.phase !== undefined && given.phase !== "main" && given.taskId !== undefined) {
      others.push(row as StudyTaskRow);
      continue;
    }
    const taskId = given.taskId ?? mainTaskId.get(row.N) ?? "";
    completed.set(rowKey(row.N, row.t), { ...(row as StudyRow), phase: "main", taskId });
  }
  const rows: StudyTaskRow[] = [...completed.values(), ...others];
  /** Times of a (non-main) task whose rows were given. */
  const given = (task: StudyTask) => (t: number) =>
    others.some((r) => r.taskId === task.id && r.N === task.N && sameTime(r.t, t));
  const initialStates: InitialStates = new Map();
  for (const task of tasks.filter((t) => t.kind === "main")) {
    const skip = (t: number) =>
      completed.has(rowKey(task.N, t)) || options.skip?.(task.N, t) === true;
    rows.push(
      ...(await runTask(
        task,
        { signal, onProgress, onRow, onSnapshot, skip, threads },
        initialStates,
      )),
    );
  }
  const taskSeconds = new Map<string, number>();
  const timed = async (task: StudyTask, cache?: InitialStates) => {
    const skip = given(task);
    if (task.times.every(skip)) return;
    const taskStarted = now();
    rows.push(...(await runTask(task, { signal, onProgress, onRow, skip, threads }, cache)));
    taskSeconds.set(task.id, (now() - taskStarted) / 1000);
  };
  for (const kind of ["interaction-off", "refinement", "softening"] as const) {
    for (const task of tasks.filter((t) => t.kind === kind)) {
      await timed(task, initialStates);
      initialStates.delete(task.N);
    }
  }
  // resolution "adaptive": the later rounds, each planned from the rows so far (adaptive.ts).
  const timing = {
    elapsedSeconds: 0,
    taskSeconds: (id: string) => taskSeconds.get(id),
  };
  if (resolutionSettings(config).mode === "adaptive") {
    const ran = new Set<string>();
    for (;;) {
      const round = adaptivePlan(plan, rows, {
        round0: tasks,
        vlasovGrid: options.vlasovGrid,
        timing: { ...timing, elapsedSeconds: (now() - started) / 1000 },
      });
      // A task that ran and still lacks rows (rows skipped by `skip`) is not run again.
      const todo = round.pending.filter((t) => !ran.has(t.id));
      if (todo.length === 0) break;
      for (const task of todo) {
        ran.add(task.id);
        await timed(task);
      }
    }
  }
  const final = { ...timing, elapsedSeconds: (now() - started) / 1000 };
  return {
    ...assembleWithFloor(plan, rows, withFloor, { timing: final, vlasovGrid: options.vlasovGrid }),
    seconds: (now() - started) / 1000,
  };
}
