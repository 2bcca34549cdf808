/**
 * Worker-thread entry. A task is one N of one part of the study:
 * - "main": metrics' `runStudy` for N (error floor off; the CLI schedules the floor itself);
 * - "interaction-off": the same with V = 0 on the config's Vlasov grid (the error floor);
 * - "refinement": the study for the largest N on grids refined by 2 per axis (the error floor);
 * - "snapshot": the evolutions alone, for the final Wigner functions and densities.
 * Rows, progress and the final arrays are posted to the parent; rows at `doneTimes` are skipped.
 */
import { parentPort, workerData } from "node:worker_threads";
import { resamplePhaseSpace, runStudy, type StudyConfig } from "@semiclassical/metrics";
import { collectArrays, type FoundArray } from "./arrays.js";
import { evolve, type PhaseSpaceArray } from "./evolution.js";
import { toJsonValue } from "./rows.js";

/** The part of the study a worker computes. */
export type TaskKind = "main" | "interaction-off" | "refinement" | "snapshot";

/** Data the parent passes to a worker. */
export interface WorkerInput {
  kind: TaskKind;
  /** The config of this task (N = [n]; already modified for "interaction-off"/"refinement"). */
  config: StudyConfig;
  doneTimes: number[];
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: "row"; row: unknown }
  | { type: "progress"; fraction: number; detail: string }
  | { type: "done"; arrays: FoundArray[] }
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
  const { config, kind } = input;
  if (kind === "snapshot") {
    const result = await evolve(config, config.N[0], {
      solvers: { hartreeFock: true, vlasov: true },
      every: Math.max(1, Math.round(config.dynamics.tFinal / config.dynamics.dt)),
      signal: controller.signal,
      onProgress: (step, steps, stage) =>
        post({ type: "progress", fraction: steps > 0 ? step / steps : 0, detail: stage }),
    });
    // The difference is taken on the Vlasov grid, W_t resampled spectrally onto it (as W~_0 is).
    const quantum = result.hartreeFock?.wigner;
    const classical = result.vlasov?.wigner;
    let difference: PhaseSpaceArray | undefined;
    if (quantum && classical) {
      const onVlasov = resamplePhaseSpace(quantum, classical.grid);
      for (let i = 0; i < onVlasov.length; i++) onVlasov[i] -= classical.values[i];
      difference = { grid: classical.grid, values: onVlasov };
    }
    const arrays = collectArrays({
      wignerHartreeFock: quantum,
      wignerVlasov: classical,
      wignerDifference: difference,
      densityHartreeFock: result.hartreeFock?.density,
      densityVlasov: result.vlasov?.density,
    });
    post({ type: "done", arrays: arrays.list }, arrays.transfer);
  } else {
    const dt = config.dynamics.dt;
    await runStudy(config, {
      errorFloor: false,
      vlasovGrid: kind === "interaction-off" ? "config" : "auto",
      onRow: (row) => post({ type: "row", row: toJsonValue(row) }),
      onProgress: (p) =>
        post({
          type: "progress",
          fraction: p.steps > 0 ? (p.step + (p.stage === "measure" ? 0.5 : 0)) / (p.steps + 1) : 0,
          detail: `${p.stage} step ${p.step}/${p.steps}`,
        }),
      signal: controller.signal,
      skip: (_N, t) => input.doneTimes.some((s) => Math.abs(s - t) <= 1e-6 * dt),
    });
    post({ type: "done", arrays: [] });
  }
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
