/**
 * Study tasks on worker threads (worker.js), `jobs` at a time: start, stream messages, stop on
 * a signal or the first failure. Knows nothing of the study beyond the worker's messages.
 */
import { Worker } from "node:worker_threads";
import type { StudyTaskRow } from "@semiclassical/study";
import type { FoundArray } from "./arrays.js";
import type { WorkerInput, WorkerMessage } from "./worker.js";
import { TASK_WORKER_LIMITS } from "./worker-limits.js";

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

/**
 * One worker thread (worker.js) that runs tasks one after the other: each `runTask` posts the
 * task and resolves when the worker reports it done (true) or failed, or exits (false). Reusing
 * the thread saves its start and module loading per task (~0.3 s, measured on the default study).
 */
class TaskWorker {
  private readonly worker = new Worker(new URL("./worker.js", import.meta.url), {
    resourceLimits: TASK_WORKER_LIMITS,
  });
  private current: { handlers: TaskHandlers; settle: (ok: boolean) => void } | undefined;
  private exited = false;

  constructor(private readonly fail: (failure: TaskFailure) => void) {
    this.worker.on("message", (message: WorkerMessage) => {
      const task = this.current;
      if (!task) return;
      switch (message.type) {
        case "row":
          task.handlers.onRow(message.row);
          break;
        case "progress":
          task.handlers.onProgress(message.fraction, message.detail);
          break;
        case "arrays":
          task.handlers.onArrays(message.t, message.arrays);
          break;
        case "done":
          this.current = undefined;
          task.handlers.onDone();
          task.settle(true);
          break;
        case "error":
          this.current = undefined;
          this.fail({ name: message.name, message: message.message });
          task.settle(false);
          break;
      }
    });
    this.worker.on("error", (error) =>
      this.fail({ name: error.name, message: error.stack ?? error.message }),
    );
    this.worker.on("exit", () => {
      this.exited = true;
      const task = this.current;
      this.current = undefined;
      task?.settle(false);
    });
  }

  /** Runs one task; false when it failed or the worker exited first (then `fail` was told). */
  runTask(input: WorkerInput, handlers: TaskHandlers): Promise<boolean> {
    if (this.exited) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.current = { handlers, settle: resolve };
      this.worker.postMessage({ type: "task", input });
    });
  }

  /** Ends the thread (a running task is abandoned). */
  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Runs tasks on worker threads; `stop()` ends every running worker. */
export class WorkerPool {
  private readonly workers = new Set<TaskWorker>();
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
   * Runs `queue` (in order) on at most `jobs` worker threads, each thread taking the next task
   * when it has finished one (a thread serves many tasks). Resolves when the queue is empty, or
   * after a stop or failure once the running workers have exited.
   */
  async runAll<T>(
    queue: readonly T[],
    jobs: number,
    start: (item: T) => { input: WorkerInput; label: string; handlers: TaskHandlers },
  ): Promise<void> {
    const waiting = [...queue];
    const runner = async () => {
      if (this.stopped || this.failure || waiting.length === 0) return;
      const worker = this.spawn();
      try {
        for (let item = waiting.shift(); item !== undefined; item = waiting.shift()) {
          if (this.stopped || this.failure) return;
          const { input, label, handlers } = start(item);
          if (!(await worker.runTask(input, handlers))) {
            if (!this.stopped) {
              this.failure ??= {
                name: "Error",
                message: `the worker of task "${label}" exited early`,
              };
            }
            return;
          }
        }
      } finally {
        await this.retire(worker);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, waiting.length) }, runner));
  }

  /** Runs one task on a new worker thread; resolves when the worker has exited. */
  async run(input: WorkerInput, label: string, handlers: TaskHandlers): Promise<void> {
    if (this.stopped) return;
    const worker = this.spawn();
    try {
      if (!(await worker.runTask(input, handlers)) && !this.stopped) {
        this.failure ??= { name: "Error", message: `the worker of task "${label}" exited early` };
      }
    } finally {
      await this.retire(worker);
    }
  }

  private spawn(): TaskWorker {
    const worker = new TaskWorker((failure) => {
      this.failure ??= failure;
      this.stop();
    });
    this.workers.add(worker);
    return worker;
  }

  private async retire(worker: TaskWorker): Promise<void> {
    this.workers.delete(worker);
    await worker.terminate();
  }
}
