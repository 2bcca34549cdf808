/**
 * `semiclassical worker --redis URL`: takes study tasks from the BullMQ queue, checks each
 * payload (`checkStudyTask`: data only, exactly a task the study itself plans), runs it on a
 * worker thread (`runStudyTask`, so the main thread keeps renewing the job's lock) and returns its
 * rows as the job's result. A payload that fails the check fails at once (UnrecoverableError: no
 * retry); a run that throws is retried by BullMQ up to the job's attempts. A worker killed
 * mid-task loses its lock: BullMQ's stalled-job check gives the task to another worker.
 */
import { checkStudyTask, type StudyTaskRow } from "@semiclassical/study";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { CliError } from "./errors.js";
import {
  checkRedisReachable,
  connect,
  DEFAULT_QUEUE,
  positiveInteger,
  redactUrl,
  type TaskJobData,
} from "./redis-queue.js";
import { WorkerPool } from "./worker-pool.js";

/** Options of `semiclassical worker` (as commander parses them). */
export interface WorkerOptions {
  redis?: string;
  concurrency?: string;
  queue?: string;
  lockDuration?: string;
  stalledInterval?: string;
  quiet?: boolean;
}

/** Runs one checked task on a worker thread; resolves with its rows (JSON-normalized). */
export async function runTaskOnThread(
  data: TaskJobData,
  onProgress?: (fraction: number) => void,
): Promise<StudyTaskRow[]> {
  let task: ReturnType<typeof checkStudyTask>;
  try {
    task = checkStudyTask(data?.task);
  } catch (error) {
    throw new UnrecoverableError(`rejected task payload: ${(error as Error).message}`);
  }
  const rows: StudyTaskRow[] = [];
  const pool = new WorkerPool();
  await pool.run({ task, doneTimes: [], snapshots: false }, `task ${task.id}`, {
    onRow: (row) => rows.push(JSON.parse(JSON.stringify(row))),
    onProgress: (fraction) => onProgress?.(fraction),
    onArrays: () => {},
    onDone: () => {},
  });
  if (pool.failure) {
    const message = `${pool.failure.name}: ${pool.failure.message}`;
    if (pool.failure.name === "ParameterError") throw new UnrecoverableError(message);
    throw new Error(message);
  }
  return rows;
}

/** How often a stalled task is handed on before it fails (see the Worker options below). */
const MAX_STALLED_COUNT = 3;

/** Runs `semiclassical worker` until SIGINT/SIGTERM; returns the exit code. */
export async function workerCommand(options: WorkerOptions): Promise<number> {
  if (!options.redis) throw new CliError("--redis URL is required (e.g. redis://127.0.0.1:6379)");
  const url = options.redis;
  const concurrency = positiveInteger("--concurrency", options.concurrency, 1);
  const lockDuration = positiveInteger("--lock-duration", options.lockDuration, 30_000);
  const stalledInterval = positiveInteger("--stalled-interval", options.stalledInterval, 30_000);
  const queue = options.queue ?? DEFAULT_QUEUE;
  await checkRedisReachable(url);
  const log = (text: string) => {
    if (!options.quiet) process.stderr.write(`[worker ${process.pid}] ${text}\n`);
  };
  const worker = new Worker<TaskJobData, StudyTaskRow[]>(
    queue,
    async (job: Job<TaskJobData>) => {
      log(`task ${job.id} started (attempt ${job.attemptsMade + 1})`);
      let last = 0;
      return runTaskOnThread(job.data, (fraction) => {
        if (fraction - last < 0.05) return;
        last = fraction;
        void job.updateProgress(Math.round(fraction * 100)).catch(() => {});
      });
    },
    {
      connection: connect(url),
      concurrency,
      lockDuration,
      stalledInterval,
      // A job whose lock lapsed (its worker died, or a loaded machine renewed the lock late) is
      // handed to another worker up to this many times before it counts as failed (BullMQ's
      // default, 1, fails a live task after one late renewal).
      maxStalledCount: MAX_STALLED_COUNT,
      autorun: true,
    },
  );
  worker.on("completed", (job) => log(`task ${job.id} done`));
  worker.on("failed", (job, error) => log(`task ${job?.id} failed: ${error.message}`));
  worker.on("error", (error) => log(`error: ${error.message}`));
  log(`waiting for tasks on ${redactUrl(url)} queue "${queue}" (concurrency ${concurrency})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      log("stopping: running tasks finish first (a second signal stops at once)");
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      void worker.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
