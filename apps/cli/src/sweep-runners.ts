/**
 * The two ways a sweep's tasks run: on local worker threads (the embedded default) or on a BullMQ
 * queue served by `semiclassical worker` processes on any machine. Both report rows, finished and
 * failed tasks through the same callbacks; neither contains study logic.
 */
import type { StudyTask, StudyTaskRow } from "@semiclassical/study";
import { Queue } from "bullmq";
import { connect, jobIdOf, type TaskJobData } from "./redis-queue.js";
import { WorkerPool } from "./worker-pool.js";

/** What a runner reports. */
export interface RunnerHandlers {
  onRow(task: StudyTask, row: StudyTaskRow): void;
  onProgress(task: StudyTask, fraction: number, detail: string): void;
  onDone(task: StudyTask, seconds: number): void;
  onFailed(task: StudyTask, message: string): void;
  /** Times of the task already stored (local threads skip them). */
  doneTimes(task: StudyTask): number[];
}

/** A running sweep: `stop()` ends it early (interrupt); `done` resolves when nothing runs. */
export interface RunningSweep {
  stop(): void;
  done: Promise<void>;
}

/**
 * Runs `tasks` on local worker threads, `jobs` at a time; a task whose run throws is tried
 * `attempts` times (a ParameterError once: it would throw again), then reported failed; the
 * other tasks go on.
 */
export function runOnThreads(
  tasks: readonly StudyTask[],
  jobs: number,
  attempts: number,
  handlers: RunnerHandlers,
): RunningSweep {
  const waiting = [...tasks];
  const pools = new Set<WorkerPool>();
  let stopped = false;
  const runner = async () => {
    for (let task = waiting.shift(); task !== undefined && !stopped; task = waiting.shift()) {
      const started = performance.now();
      for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
        const pool = new WorkerPool();
        pools.add(pool);
        let finished = false;
        await pool.run({ task, doneTimes: handlers.doneTimes(task), snapshots: false }, task.id, {
          onRow: (row) => handlers.onRow(task, row),
          onProgress: (fraction, detail) => handlers.onProgress(task, fraction, detail),
          onArrays: () => {},
          onDone: () => {
            finished = true;
          },
        });
        pools.delete(pool);
        if (stopped) return;
        if (finished && !pool.failure) {
          handlers.onDone(task, (performance.now() - started) / 1000);
          break;
        }
        const failure = pool.failure ?? { name: "Error", message: "the worker exited early" };
        if (failure.name === "ParameterError" || attempt === attempts) {
          handlers.onFailed(
            task,
            `${failure.name}: ${failure.message} (after ${attempt} attempt(s))`,
          );
          break;
        }
      }
    }
  };
  const done = Promise.all(Array.from({ length: Math.min(jobs, waiting.length) }, runner)).then(
    () => {},
  );
  return {
    stop: () => {
      stopped = true;
      for (const pool of pools) pool.stop();
    },
    done,
  };
}

/** Options of {@link runOnQueue}. */
export interface QueueRunOptions {
  url: string;
  queue: string;
  attempts: number;
  /** Milliseconds between two looks at the pending jobs (default 500). */
  pollMs?: number;
}

/**
 * Enqueues every task on the BullMQ queue (job id "task-" + task id: adding it twice is a no-op;
 * a job that failed in an earlier run is retried) and collects each job's rows as it completes,
 * polling the jobs' states, so jobs finished while no collector ran are collected too. A job in
 * the "failed" state (attempts used up, or a rejected payload) is reported failed. `stop()` leaves
 * the jobs queued: a rerun collects them.
 */
export function runOnQueue(
  tasks: readonly StudyTask[],
  options: QueueRunOptions,
  handlers: RunnerHandlers,
): RunningSweep {
  const connection = connect(options.url);
  const queue = new Queue<TaskJobData>(options.queue, { connection });
  let stopped = false;
  let wake: (() => void) | undefined;
  const started = new Map<string, number>();
  const done = (async () => {
    try {
      await queue.addBulk(
        tasks.map((task) => ({
          name: "study-task",
          data: { task },
          opts: {
            jobId: jobIdOf(task.id),
            attempts: options.attempts,
            backoff: { type: "fixed", delay: 200 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
      // Jobs this run added are fresh; a job already failed comes from an earlier run: retry it.
      for (const task of tasks) {
        const job = await queue.getJob(jobIdOf(task.id));
        if (job && (await job.getState()) === "failed") {
          await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        }
      }
      const pending = new Map(tasks.map((t) => [t.id, t]));
      const now = performance.now();
      for (const task of tasks) started.set(task.id, now);
      while (pending.size > 0 && !stopped) {
        for (const task of [...pending.values()]) {
          if (stopped) break;
          // The state first, then the job: a job read before its state could complete in
          // between, and its copy would then lack the rows (returnvalue) of a "completed" state.
          // Completed and failed are final, so the job read after them holds what they say.
          const state = await queue.getJobState(jobIdOf(task.id));
          const job = state === "unknown" ? undefined : await queue.getJob(jobIdOf(task.id));
          if (!job) {
            // removed by someone (e.g. `queue.obliterate`): queue it again
            await queue.add(
              "study-task",
              { task },
              { jobId: jobIdOf(task.id), attempts: options.attempts },
            );
            continue;
          }
          if (state === "completed" && !Array.isArray(job.returnvalue)) {
            pending.delete(task.id);
            handlers.onFailed(
              task,
              `job ${job.id} completed without its rows (returnvalue ${JSON.stringify(job.returnvalue)}), so the task cannot be collected: remove the job from queue "${options.queue}" and rerun the sweep`,
            );
          } else if (state === "completed") {
            for (const row of job.returnvalue as StudyTaskRow[]) handlers.onRow(task, row);
            pending.delete(task.id);
            handlers.onDone(task, (performance.now() - (started.get(task.id) ?? now)) / 1000);
          } else if (state === "failed") {
            pending.delete(task.id);
            handlers.onFailed(
              task,
              `${job.failedReason ?? "failed"} (after ${job.attemptsMade} attempt(s))`,
            );
          } else if (state === "active") {
            const progress = typeof job.progress === "number" ? job.progress / 100 : 0;
            handlers.onProgress(task, progress, `on a worker, attempt ${job.attemptsMade + 1}`);
          } else handlers.onProgress(task, 0, state);
        }
        if (pending.size === 0 || stopped) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.pollMs ?? 500);
        });
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }
  })();
  return {
    stop: () => {
      stopped = true;
      wake?.();
    },
    done,
  };
}
