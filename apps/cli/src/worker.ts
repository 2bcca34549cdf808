/**
 * Worker-thread entry: runs the tasks of the study it is sent (`{ type: "task", input }`, one at a
 * time, in order; `runStudyTask` of @semiclassical/study: one N of the main study, one N of the
 * interaction-off floor, or the refinement) and posts each task's typed rows (`StudyTaskRow`: the
 * row with its phase and task id), progress and, when asked, the snapshot arrays (the final
 * Wigner functions and densities of the same run), then "done" (or "error"). Rows at `doneTimes`
 * are skipped (resume). The thread lives until the parent terminates it (which also ends a
 * running task). The worker decides nothing about the study: the task says what to compute.
 */
import { parentPort, Worker } from "node:worker_threads";
import {
  runStudyTask,
  type StudyProgress,
  type StudySnapshot,
  type StudyTask,
  type StudyTaskRow,
  ThreadTeam,
} from "@semiclassical/study";
import { collectArrays, type FoundArray } from "./arrays.js";
import { sameTime } from "./rows.js";
import { TASK_WORKER_LIMITS } from "./worker-limits.js";

/** Data the parent passes to a worker. */
export interface WorkerInput {
  /** The task, as `studyTasks` made it (plain JSON). */
  task: StudyTask;
  /** Sample times of this task already stored (not recomputed). */
  doneTimes: number[];
  /** Post the task's snapshots (main tasks with `snapshotTimes` whose arrays are not stored yet). */
  snapshots: boolean;
  /** Threads inside the task's evolution (--threads; default 1): a team of thread-worker.js. */
  threads?: number;
}

/** Messages a worker posts (structured-cloned: the row arrives typed). */
export type WorkerMessage =
  | { type: "row"; row: StudyTaskRow }
  | { type: "progress"; fraction: number; detail: string }
  | { type: "arrays"; t: number; arrays: FoundArray[] }
  | { type: "done" }
  | { type: "error"; name: string; message: string; stack?: string; parameter?: string };

/** The progress bar's fraction and text of a study progress report. */
function progressOf(p: StudyProgress): { fraction: number; detail: string } {
  return {
    fraction: p.steps > 0 ? (p.step + (p.stage === "measure" ? 0.5 : 0)) / (p.steps + 1) : 0,
    detail: `${p.stage} step ${p.step}/${p.steps}`,
  };
}

/** The arrays of a snapshot that the CLI writes as NPY and plots, with their transfer list. */
function snapshotArrays(snapshot: StudySnapshot) {
  const { wignerHartreeFock, wignerVlasov, wignerDifference } = snapshot;
  const { densityHartreeFock, densityVlasov } = snapshot;
  return collectArrays({
    wignerHartreeFock,
    wignerVlasov,
    wignerDifference,
    densityHartreeFock,
    densityVlasov,
  });
}

const port = parentPort;
if (!port) throw new Error("worker.js must run in a worker thread");
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

/** Runs one task and posts its rows, then "done" or "error". */
async function runTask(input: WorkerInput): Promise<void> {
  let team: ThreadTeam | undefined;
  try {
    const { task, doneTimes } = input;
    const dt = task.config.dynamics.dt;
    if ((input.threads ?? 1) > 1) {
      const entry = new URL("./thread-worker.js", import.meta.url);
      team = await ThreadTeam.start(
        input.threads ?? 1,
        () => new Worker(entry, { resourceLimits: TASK_WORKER_LIMITS }),
      );
    }
    await runStudyTask(task, {
      threads: team,
      onRow: (row) => post({ type: "row", row }),
      onProgress: (p) => post({ type: "progress", ...progressOf(p) }),
      skip: (t) => doneTimes.some((s) => sameTime(s, t, dt)),
      ...(input.snapshots
        ? {
            onSnapshot: (snapshot: StudySnapshot) => {
              const arrays = snapshotArrays(snapshot);
              post({ type: "arrays", t: snapshot.t, arrays: arrays.list }, arrays.transfer);
            },
          }
        : {}),
    });
    post({ type: "done" });
  } catch (error) {
    const e = error as Error & { parameter?: string };
    post({
      type: "error",
      name: e?.name ?? "Error",
      message: e?.message ?? String(error),
      stack: e?.stack,
      parameter: e?.parameter,
    });
  } finally {
    team?.close();
  }
}

// Tasks run in the order they arrive.
let queue = Promise.resolve();
port.on("message", (message: { type: string; input?: WorkerInput }) => {
  const input = message.input;
  if (message.type === "task" && input) queue = queue.then(() => runTask(input));
});
