import { assembleWithFloor } from "./assemble.js";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import { planStudy } from "./plan.js";
import { type InitialStates, runTask } from "./run-task.js";
import { snapshotSelection, studyTasks } from "./tasks.js";
import type { RunStudyOptions, StudyResult, StudyRow, StudyTaskRow } from "./types.js";

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
 * finally rate fits over N per metric and time, beside the theorems' exponents.
 *
 * Pure (no node imports): runs in a Web Worker. Cancellable (`signal`) and resumable (`skip`,
 * `completedRows`: main rows; the floor is always computed). Validates the config and the
 * snapshot selection before anything is computed. Cost: that of its tasks (see
 * `runStudyTask`); memory: a few dense n x n complex matrices per N.
 */
export async function runStudy(
  input: StudyConfig | StudyConfigInput,
  options: RunStudyOptions = {},
): Promise<StudyResult> {
  const started = now();
  const plan = planStudy(input);
  const config = plan.config;
  const { signal, onProgress, onRow, onSnapshot } = options;
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
  for (const row of options.completedRows ?? []) {
    const taskId = (row as Partial<StudyTaskRow>).taskId ?? mainTaskId.get(row.N) ?? "";
    completed.set(rowKey(row.N, row.t), { ...(row as StudyRow), phase: "main", taskId });
  }
  const rows: StudyTaskRow[] = [...completed.values()];
  const initialStates: InitialStates = new Map();
  for (const task of tasks.filter((t) => t.kind === "main")) {
    const skip = (t: number) =>
      completed.has(rowKey(task.N, t)) || options.skip?.(task.N, t) === true;
    rows.push(
      ...(await runTask(task, { signal, onProgress, onRow, onSnapshot, skip }, initialStates)),
    );
  }
  for (const kind of ["interaction-off", "refinement"] as const) {
    for (const task of tasks.filter((t) => t.kind === kind)) {
      rows.push(...(await runTask(task, { signal, onProgress, onRow }, initialStates)));
      initialStates.delete(task.N);
    }
  }
  return { ...assembleWithFloor(plan, rows, withFloor), seconds: (now() - started) / 1000 };
}
