/**
 * Worker-thread entry. A task is one N of one part of the study, computed by metrics:
 * - "main": `runStudy` for that N (error floor off: its parts are tasks of their own), with
 *   `onSnapshot` at tFinal when the final Wigner functions and densities are wanted (same run);
 * - "interaction-off", "refinement": `studyErrorFloor` of the config for that N and part.
 * Rows, progress and the final arrays are posted to the parent; rows at `doneTimes` are skipped.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  runStudy,
  type StudyConfig,
  type StudyProgress,
  type StudySnapshot,
  studyErrorFloor,
} from "@semiclassical/metrics";
import { collectArrays, type FoundArray } from "./arrays.js";
import { toJsonValue } from "./rows.js";

/** The part of the study a worker computes (metrics' StudyPhase). */
export type TaskKind = "main" | "interaction-off" | "refinement";

/** Data the parent passes to a worker. */
export interface WorkerInput {
  kind: TaskKind;
  /** The study's config (all its N). */
  config: StudyConfig;
  /** The N this task computes. */
  N: number;
  /** Sample times of this task already stored (not recomputed). */
  doneTimes: number[];
  /** "main" only: also post the final Wigner functions and densities. */
  arrays: boolean;
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: "row"; row: unknown }
  | { type: "progress"; fraction: number; detail: string }
  | { type: "arrays"; arrays: FoundArray[] }
  | { type: "done" }
  | { type: "error"; name: string; message: string; stack?: string; parameter?: string };

const port = parentPort;
if (!port) throw new Error("worker.js must run in a worker thread");
const input = workerData as WorkerInput;
const controller = new AbortController();
port.on("message", (message: { type: string }) => {
  if (message.type === "abort") controller.abort(new Error("aborted"));
});
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const { config, kind, N } = input;
  const dt = config.dynamics.dt;
  const reporting = {
    onRow: (row: unknown) => post({ type: "row", row: toJsonValue(row) }),
    onProgress: (p: StudyProgress) =>
      post({
        type: "progress",
        fraction: p.steps > 0 ? (p.step + (p.stage === "measure" ? 0.5 : 0)) / (p.steps + 1) : 0,
        detail: `${p.stage} step ${p.step}/${p.steps}`,
      }),
    signal: controller.signal,
    skip: (_N: number, t: number) => input.doneTimes.some((s) => Math.abs(s - t) <= 1e-6 * dt),
  };
  if (kind === "main") {
    await runStudy(
      { ...config, N: [N] },
      {
        ...reporting,
        errorFloor: false,
        ...(input.arrays
          ? {
              snapshotTimes: [config.dynamics.tFinal],
              onSnapshot: (snapshot: StudySnapshot) => {
                const { wignerHartreeFock, wignerVlasov, wignerDifference } = snapshot;
                const { densityHartreeFock, densityVlasov } = snapshot;
                const arrays = collectArrays({
                  wignerHartreeFock,
                  wignerVlasov,
                  wignerDifference,
                  densityHartreeFock,
                  densityVlasov,
                });
                post({ type: "arrays", arrays: arrays.list }, arrays.transfer);
              },
            }
          : {}),
      },
    );
  } else {
    await studyErrorFloor(config, { ...reporting, N, parts: [kind] });
  }
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
}
// Let the thread end: the abort listener must not keep it alive.
port.unref();
