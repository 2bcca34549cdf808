/**
 * Study tasks on worker threads (worker.js), `jobs` at a time: start, stream messages, stop on
 * a signal or the first failure. Knows nothing of the study beyond the worker's messages.
 */
import { Worker } from "node:worker_threads";
import type { StudyTaskRow } from "@semiclassical/study";
import type { FoundArray } from "./arrays.js";
import type { WorkerInput, WorkerMessage } from "./worker.js";

/** What the parent does with one task's messages. */
export interface TaskHandlers {
  onRow(row: StudyTaskRow): void;
  onProgress(fraction: number, detail: string): void;
  onArrays(t: number, arrays: FoundArray[]): void;
  /** The task finished (all its rows were posted). */
  onDone(): void;
}

/** A failed task: the error's name (ParameterError: a config error) and message or stack. */
export interface TaskFailure {
  name: string;
  message: string;
}

/** Runs tasks on worker threads; `stop()` ends every running worker. */
export class WorkerPool {
  private readonly workers = new Set<Worker>();
  /** The first failure (a task's error or a worker that exited early). */
  failure: TaskFailure | undefined;
  /** True after `stop()`: no further task starts. */
  stopped = false;

  /** Terminates every running worker and starts no more tasks. */
  stop(): void {
    this.stopped = true;
    for (const worker of this.workers) void worker.terminate();
  }

  /**
   * Runs `queue` (in order) with at most `jobs` workers at once; each task through
   * {@link WorkerPool.run}. Resolves when the queue is empty, or after a stop or failure once
   * the running workers have exited.
   */
  async runAll<T>(
    queue: readonly T[],
    jobs: number,
    start: (item: T) => { input: WorkerInput; label: string; handlers: TaskHandlers },
  ): Promise<void> {
    const waiting = [...queue];
    const runner = async () => {
      for (let item = waiting.shift(); item !== undefined; item = waiting.shift()) {
        if (this.stopped || this.failure) return;
        const { input, label, handlers } = start(item);
        await this.run(input, label, handlers);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, waiting.length) }, runner));
  }

  /** Runs one task on a new worker thread; resolves when the worker has exited. */
  run(input: WorkerInput, label: string, handlers: TaskHandlers): Promise<void> {
    return new Promise<void>((resolve) => {
      const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: input });
      this.workers.add(worker);
      let finished = false;
      const fail = (failure: TaskFailure) => {
        this.failure ??= failure;
        this.stop();
      };
      worker.on("message", (message: WorkerMessage) => {
        switch (message.type) {
          case "row":
            handlers.onRow(message.row);
            break;
          case "progress":
            handlers.onProgress(message.fraction, message.detail);
            break;
          case "arrays":
            handlers.onArrays(message.t, message.arrays);
            break;
          case "done":
            finished = true;
            handlers.onDone();
            void worker.terminate();
            break;
          case "error":
            fail({ name: message.name, message: message.message });
            break;
        }
      });
      worker.on("error", (error) =>
        fail({ name: error.name, message: error.stack ?? error.message }),
      );
      worker.on("exit", () => {
        this.workers.delete(worker);
        if (!finished && !this.failure && !this.stopped) {
          this.failure = { name: "Error", message: `the worker of task "${label}" exited early` };
        }
        resolve();
      });
    });
  }
}
