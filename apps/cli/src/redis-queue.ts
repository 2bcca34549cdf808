/**
 * The BullMQ side of `semiclassical sweep --redis` and `semiclassical worker`: connections,
 * the queue's name and job ids, and the connectivity check run before anything is written.
 * Everything here is a client of Redis: nothing listens on any address.
 */
import { Redis } from "ioredis";
import { CliError } from "./errors.js";

/** The default queue of study tasks (`--queue` changes it: one queue per group of machines). */
export const DEFAULT_QUEUE = "semiclassical-study-tasks";

/** What a job carries: one study task, plain JSON (workers re-check it: `checkStudyTask`). */
export interface TaskJobData {
  task: unknown;
}

/**
 * The BullMQ job id of a task: "task-" + the task's content id (16 hex digits). Adding a job
 * whose id exists is a no-op, so enqueuing a sweep twice queues each task once. (The prefix keeps
 * BullMQ from reading an all-digit id as a number.)
 */
export function jobIdOf(taskId: string): string {
  return `task-${taskId}`;
}

/** The URL with its password replaced by "***" (for messages and logs). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/([^@/]*)@/, "//***@");
  }
}

/** Checks a --redis URL's form: redis:// or rediss:// (TLS), host, optional user:password, db. */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(
      `--redis ${redactUrl(url)}: not a URL; give redis://[user:password@]host:port[/db]`,
    );
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new CliError(
      `--redis ${redactUrl(url)}: the scheme must be redis:// or rediss:// (TLS), got ${parsed.protocol}`,
    );
  }
  return url;
}

/**
 * A connection for BullMQ (`maxRetriesPerRequest: null`, as its workers require). Password, user,
 * db and TLS (`rediss://`) come from the URL, as ioredis reads it.
 */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/**
 * PING with a short timeout and no retries; throws a {@link CliError} (exit 2) naming the URL
 * (password redacted) when Redis cannot be reached or refuses the credentials.
 */
export async function checkRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  checkRedisUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {
    // reported below
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new CliError(
      `cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}; ` +
        "start redis-server there or check --redis (host, port, password)",
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Parses a positive integer option (`--concurrency`, `--attempts`, milliseconds ...). */
export function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new CliError(`${flag}: must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return n;
}
