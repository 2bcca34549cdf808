/**
 * `semiclassical sweep` and `semiclassical worker` as a user runs them (`node dist/main.js`, build
 * first). The Redis tests start a real redis-server (Debian's package) on a free loopback port,
 * without persistence, and stop it afterwards. A tiny sweep (2 points x N = 4, 8, two sample
 * times, coarse Vlasov grid, no floor or verification) keeps each task to about a second.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { planStudy, planSweep, studyTasks } from "@semiclassical/study";
import { Worker as BullWorker, Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
let scratch: string;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; outcome: Promise<Outcome> } {
  const child = spawn(process.execPath, [main, ...args], { cwd: scratch });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const outcome = new Promise<Outcome>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, outcome };
}

const cli = (args: string[]) => start(args).outcome;

/** The tiny sweep: alpha in {0.2, 0.4} for V = |x|^-alpha (Theorem 1 range). */
const SWEEP = {
  base: {
    N: [4, 8],
    interaction: { kind: "power", lambda: 1, alpha: 0.25 },
    dynamics: { tFinal: 0.1, dt: 0.05 },
    vlasov: { nx: 32, nv: 32 },
    errorFloor: false,
    resolution: "off",
  },
  axes: { "interaction.alpha": [0.2, 0.4] },
};

function writeSweep(name: string, sweep: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(sweep));
  return path;
}

/** sweep.csv without the timing-free columns that legitimately differ: none (all are numbers). */
const csv = (dir: string) => readFileSync(join(scratch, dir, "sweep.csv"), "utf8");

let localCsv: string | undefined;
/** Rows of the sweep (main rows of every point; no floor or refinement tasks here). */
let rowsPerSweep = 0;

beforeAll(() => {
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`pnpm build\` in apps/cli first`);
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-sweep-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("semiclassical sweep on local threads", () => {
  it("writes each point's results.json, sweep.json, sweep.csv and the rate plots", async () => {
    const file = writeSweep("sweep.json", SWEEP);
    const { code, stderr, stdout } = await cli(["sweep", file, "--out", "local", "--quiet"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/2 of 2 points complete/);
    const doc = JSON.parse(readFileSync(join(scratch, "local", "sweep.json"), "utf8"));
    expect(doc.status).toBe("complete");
    localCsv = csv("local");
    expect(doc.points.map((p: { parameters: unknown }) => p.parameters)).toEqual([
      { "interaction.alpha": 0.2 },
      { "interaction.alpha": 0.4 },
    ]);
    for (const point of doc.points) {
      const results = JSON.parse(
        readFileSync(join(scratch, "local", point.directory, "results.json"), "utf8"),
      );
      expect(results.tool).toBe("semiclassical study");
      expect(results.status).toBe("complete");
      expect(results.config.interaction.alpha).toBe(point.parameters["interaction.alpha"]);
      // A row for each (N, sample time) of the point's resolved config (the study may add t = 0).
      const { N, dynamics } = results.config;
      for (const n of N) {
        for (const t of dynamics.times) {
          expect(
            results.rows.filter((r: { N: number; t: number }) => r.N === n && r.t === t),
          ).toHaveLength(1);
        }
      }
      rowsPerSweep += results.rows.length;
    }
    const [header, ...lines] = localCsv.trim().split("\n");
    const columns = header.split(",");
    expect(lines).toHaveLength(2);
    const value = (line: string, name: string) => line.split(",")[columns.indexOf(name)];
    // The theorem's exponent as a function of the axis: 11/12 - alpha/2 (Theorem 1).
    expect(Number(value(lines[0], "exponent:Theorem 1"))).toBeCloseTo(11 / 12 - 0.1, 12);
    expect(Number(value(lines[1], "exponent:Theorem 1"))).toBeCloseTo(11 / 12 - 0.2, 12);
    // Two N: a slope without standard error; the slope itself is a finite number.
    expect(Number.isFinite(Number(value(lines[0], "rate:trace-norm")))).toBe(true);
    expect(doc.files).toContain("rate-trace-norm-vs-interaction-alpha.png");
    expect(existsSync(join(scratch, "local", "rate-trace-norm-vs-interaction-alpha.svg"))).toBe(
      true,
    );
  });

  it("reruns into the same DIR without running a finished task again", async () => {
    const file = join(scratch, "sweep.json");
    const { code, stderr } = await cli(["sweep", file, "--out", "local"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/4 of 4 tasks finished before/);
    expect(stderr).toMatch(/0 tasks to run/);
    expect(csv("local")).toBe(localCsv);
    const rows = readFileSync(join(scratch, "local", "rows.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(rows).toHaveLength(rowsPerSweep); // nothing appended twice
  });

  it("rejects an invalid point before writing anything, naming the point and the field", async () => {
    const file = writeSweep("bad.json", { ...SWEEP, axes: { "interaction.alpha": [0.2, 1.5] } });
    const { code, stderr } = await cli(["sweep", file, "--out", "bad"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /interaction\.alpha: must be in \(0, d\).*sweep point 1: interaction\.alpha = 1\.5/,
    );
    expect(existsSync(join(scratch, "bad"))).toBe(false);
  });

  it("refuses an unreachable Redis with exit 2, naming the URL, before creating DIR", async () => {
    const port = await freePort();
    const url = `redis://:secret@127.0.0.1:${port}`;
    const file = join(scratch, "sweep.json");
    const { code, stderr } = await cli(["sweep", file, "--out", "nowhere", "--redis", url]);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${port}`);
    expect(stderr).not.toContain("secret");
    expect(existsSync(join(scratch, "nowhere"))).toBe(false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

function hasRedis(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// Several processes on a shared 2-core machine: allow minutes, not the default per-test timeout.
// These tests need a real redis-server and never skip: without one they fail with the fix.
describe("semiclassical sweep --redis with worker processes", { timeout: 300_000 }, () => {
  let redis: ChildProcess;
  let url: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    if (!hasRedis()) {
      throw new Error(
        "redis-server not found: the sweep tests run a real Redis server; install it with " +
          "`apt-get install redis-server` (.ci/run does this)",
      );
    }
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
      client.on("error", () => {});
      try {
        await client.connect();
        await client.ping();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        client.disconnect();
      }
    }
  });

  afterAll(() => {
    for (const w of workers) w.kill("SIGKILL");
    redis?.kill("SIGKILL");
  });

  const worker = (queue: string) => {
    const w = start([
      "worker",
      "--redis",
      url,
      "--queue",
      queue,
      // Short enough that the SIGKILLed worker's task moves on within seconds, long enough that
      // a live worker on a loaded machine renews its lock in time.
      "--lock-duration",
      "3000",
      "--stalled-interval",
      "1000",
    ]);
    workers.push(w.child);
    return w;
  };

  it("survives a worker SIGKILLed mid-task: every point once, the same table as the threads", async () => {
    const file = join(scratch, "sweep.json");
    const first = worker("kill");
    // The first worker takes a task; once it logs "started" it holds the job's lock.
    const sweep = start([
      "sweep",
      file,
      "--out",
      "redis",
      "--redis",
      url,
      "--queue",
      "kill",
      "--quiet",
    ]);
    // Wait for the first worker to hold a task; fail fast when a process ends first.
    await new Promise<void>((resolve, reject) => {
      first.child.stderr?.on("data", (d) => {
        if (String(d).includes("started")) resolve();
      });
      void first.outcome.then((o) => reject(new Error(`the worker exited: ${o.stderr}`)));
      void sweep.outcome.then((o) => reject(new Error(`the sweep exited: ${o.stderr}`)));
    });
    first.child.kill("SIGKILL");
    worker("kill");
    worker("kill");
    const { code, stderr } = await sweep.outcome;
    expect(code, stderr).toBe(0);
    expect(localCsv).toBeDefined();
    expect(csv("redis")).toBe(localCsv);
    // Each task's rows arrived once (rows.jsonl keyed by task id and time).
    const rows = readFileSync(join(scratch, "redis", "rows.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(rows).toHaveLength(rowsPerSweep);
    const tasks = readFileSync(join(scratch, "redis", "tasks.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(new Set(tasks.map((l) => JSON.parse(l).taskId)).size).toBe(4);
    expect(tasks).toHaveLength(4);
  });

  it("reports a task whose payload fails the check, without retrying it, and finishes the rest", async () => {
    // A tampered job already sits under the id of one of the sweep's tasks: adding the real task
    // is then a no-op (idempotent ids), the worker rejects the payload, the sweep exits 3.
    const file = writeSweep("tampered.json", { ...SWEEP, axes: { "interaction.alpha": [0.3] } });
    const [point] = planSweep({ ...SWEEP, axes: { "interaction.alpha": [0.3] } }).points;
    const plan = studyTasks(planStudy(point.config));
    const victim = plan[0];
    const queue = new Queue("tamper", {
      connection: new Redis(url, { maxRetriesPerRequest: null }),
    });
    await queue.add(
      "study-task",
      { task: { ...victim, config: { ...victim.config, kappa: "rm -rf /" } } },
      { jobId: `task-${victim.id}`, attempts: 5 },
    );
    worker("tamper");
    const { code, stderr } = await cli([
      "sweep",
      file,
      "--out",
      "tampered",
      "--redis",
      url,
      "--queue",
      "tamper",
      "--quiet",
    ]);
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(
      /rejected task payload: kappa: must be a finite number.*after 1 attempt/,
    );
    const job = await queue.getJob(`task-${victim.id}`);
    expect(job?.attemptsMade).toBe(1);
    const doc = JSON.parse(readFileSync(join(scratch, "tampered", "sweep.json"), "utf8"));
    expect(doc.status).toBe("failed");
    expect(doc.points[0].failures[0].taskId).toBe(victim.id);
    await queue.close();
  });

  it("reports a completed job that holds no rows instead of counting its task done", async () => {
    // A job completed without a return value (not one of our workers) sits under the id of a task:
    // collecting it as an empty row list would drop that N from the point without a word.
    const file = writeSweep("norows.json", { ...SWEEP, axes: { "interaction.alpha": [0.35] } });
    const [point] = planSweep({ ...SWEEP, axes: { "interaction.alpha": [0.35] } }).points;
    const victim = studyTasks(planStudy(point.config))[0];
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue("norows", { connection });
    await queue.add("study-task", { task: victim }, { jobId: `task-${victim.id}` });
    const silent = new BullWorker("norows", async () => undefined, {
      connection: new Redis(url, { maxRetriesPerRequest: null }),
    });
    await new Promise<void>((resolve) => silent.once("completed", () => resolve()));
    await silent.close();
    worker("norows");
    const { code, stderr } = await cli([
      "sweep",
      file,
      "--out",
      "norows",
      "--redis",
      url,
      "--queue",
      "norows",
      "--quiet",
    ]);
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/completed without its rows .*remove the job from queue "norows"/);
    const doc = JSON.parse(readFileSync(join(scratch, "norows", "sweep.json"), "utf8"));
    expect(doc.points[0].failures[0].taskId).toBe(victim.id);
    await queue.close();
  });
});
