/**
 * Worker-thread entry: runs the study for one N (the config it receives has N = [n]) and posts
 * each finished row, progress and finally the result's arrays to the parent. Rows whose time is
 * in `doneTimes` are skipped (resume).
 */
import { parentPort, workerData } from "node:worker_threads";
import { runStudy, type StudyConfig } from "@semiclassical/metrics";
import { toJsonValue } from "./rows.js";
import { type ArraysMessage, collectArrays } from "./arrays.js";

/** Data the parent passes to a worker. */
export interface WorkerInput {
  config: StudyConfig;
  doneTimes: number[];
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: "row"; row: unknown }
  | { type: "progress"; progress: unknown }
  | ({ type: "done"; summary: unknown } & ArraysMessage)
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
  const dt = input.config.dynamics.dt;
  const result = await runStudy(input.config, {
    onRow: (row: unknown) => post({ type: "row", row: toJsonValue(row) }),
    onProgress: (progress: unknown) => post({ type: "progress", progress: toJsonValue(progress) }),
    signal: controller.signal,
    skip: (_N: number, t: number) => input.doneTimes.some((s) => Math.abs(s - t) <= 1e-6 * dt),
  });
  const arrays = collectArrays(result);
  post(
    { type: "done", summary: toJsonValue(result), arrays: arrays.list },
    arrays.transfer,
  );
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
