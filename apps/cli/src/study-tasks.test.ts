/**
 * The CLI composes @semiclassical/study and adds nothing to its numbers: the worker thread
 * (dist/worker.js) posts the typed rows of `runStudyTask`, and `semiclassical study` with the
 * error floor gives the rows, rates, theorem exponents and floor of `runStudy`. Build first
 * (`pnpm build`): the worker and the CLI run from dist/.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  planStudy,
  runStudy,
  runStudyTask,
  type StudyRow,
  type StudyTaskRow,
  studyTasks,
} from "@semiclassical/study";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkerInput, WorkerMessage } from "./worker.js";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
let scratch: string;

/** A tiny study with its error floor: 2 N, 2 sample times, coarse Vlasov grid. */
const TINY_FLOOR = {
  N: [4, 8],
  dynamics: { tFinal: 0.1, dt: 0.05 },
  vlasov: { nx: 32, nv: 32 },
  errorFloor: true,
};

const METRIC_FIELDS = ["traceNorm", "hilbertSchmidt", "densityL1", "wignerL2"] as const;

/**
 * Same code and the same floating-point operations in a worker thread or a child process as in
 * this process, so the metrics agree to round-off: 1e-12 relative allows for none.
 */
function expectSameMetrics(got: StudyRow, want: StudyRow): void {
  expect([got.N, got.epsilon, got.t]).toEqual([want.N, want.epsilon, want.t]);
  for (const field of METRIC_FIELDS) {
    const w = want[field] as number;
    expect(Math.abs((got[field] as number) - w)).toBeLessThanOrEqual(1e-12 * Math.abs(w));
  }
}

/** Sends `input` to dist/worker.js and collects its messages until the task ends. */
function runWorker(input: WorkerInput): Promise<WorkerMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: WorkerMessage[] = [];
    const worker = new Worker(join(dist, "worker.js"));
    worker.postMessage({ type: "task", input });
    worker.on("message", (message: WorkerMessage) => {
      messages.push(message);
      if (message.type === "done" || message.type === "error") void worker.terminate();
    });
    worker.on("error", reject);
    worker.on("exit", () => resolve(messages));
  });
}

beforeAll(() => {
  for (const file of ["main.js", "worker.js"]) {
    if (!existsSync(join(dist, file)))
      throw new Error(`${dist}/${file} is missing: run \`pnpm build\` in apps/cli first`);
  }
  scratch = mkdtempSync(join(tmpdir(), "semiclassical-cli-tasks-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("the worker thread", () => {
  it("posts the typed rows of runStudyTask, with phase and task id, and skips done times", async () => {
    const plan = planStudy(TINY_FLOOR);
    const tasks = studyTasks(plan);
    for (const kind of ["main", "interaction-off"] as const) {
      const task = tasks.find((t) => t.kind === kind && t.N === 4);
      if (!task) throw new Error(`no ${kind} task for N = 4`);
      const messages = await runWorker({ task, doneTimes: [], snapshots: false });
      expect(messages.at(-1)?.type).toBe("done");
      const rows = messages.flatMap((m) => (m.type === "row" ? [m.row] : []));
      const reference = await runStudyTask(task);
      expect(rows.map((r) => [r.phase, r.taskId, r.N, r.t])).toEqual(
        reference.map((r) => [kind, task.id, 4, r.t]),
      );
      rows.forEach((row, k) => {
        expectSameMetrics(row, reference[k]);
      });
      // Structured clone keeps the row's shape: nested fields arrive as objects, not strings.
      expect(typeof rows[0].particleNumber.quantum).toBe("number");
      expect(messages.some((m) => m.type === "progress")).toBe(true);
    }
    // Resume: a done time is not recomputed.
    const main = tasks.find((t) => t.kind === "main" && t.N === 4);
    if (!main) throw new Error("no main task for N = 4");
    const later = await runWorker({ task: main, doneTimes: [main.times[0]], snapshots: false });
    const laterRows = later.flatMap((m) => (m.type === "row" ? [m.row] : []));
    expect(laterRows.map((r) => r.t)).toEqual(main.times.slice(1));
  });

  it("serves several tasks in a row, each with the rows it gives alone", async () => {
    // The pool reuses a thread for the next task: a task must not see anything of the one before
    // (same rows as on a fresh thread, to the last bit: the same arithmetic).
    const tasks = studyTasks(planStudy(TINY_FLOOR)).filter((t) => t.N === 4);
    const worker = new Worker(join(dist, "worker.js"));
    const messages: WorkerMessage[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      let ends = 0;
      worker.on("message", (message: WorkerMessage) => {
        messages.push(message);
        if (message.type === "error") reject(new Error(message.message));
        if (message.type === "done" && ++ends === tasks.length) resolve();
      });
      worker.on("error", reject);
    });
    for (const task of tasks)
      worker.postMessage({ type: "task", input: { task, doneTimes: [], snapshots: false } });
    await finished;
    await worker.terminate();
    const rows = messages.flatMap((m) => (m.type === "row" ? [m.row] : []));
    for (const task of tasks) {
      const alone = (await runWorker({ task, doneTimes: [], snapshots: false })).flatMap((m) =>
        m.type === "row" ? [m.row] : [],
      );
      const shared = rows.filter((r) => r.taskId === task.id);
      expect(shared.map((r) => r.t)).toEqual(alone.map((r) => r.t));
      shared.forEach((row, k) => {
        expect(row.traceNorm).toBe(alone[k].traceNorm);
        expect(row.hilbertSchmidt).toBe(alone[k].hilbertSchmidt);
      });
    }
  });
});

describe("semiclassical study = runStudy", () => {
  it("gives the rows (every phase), rates, theorems and error floor of runStudy", async () => {
    const path = join(scratch, "tiny-floor.json");
    writeFileSync(path, JSON.stringify(TINY_FLOOR));
    const out = join(scratch, "tiny-floor-out");
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(dist, "main.js"), "study", path, "--out", out, "--json", "--quiet"],
        { cwd: scratch },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    const stored = JSON.parse(stdout);

    const streamed: StudyTaskRow[] = [];
    const reference = await runStudy(TINY_FLOOR, { onRow: (row) => streamed.push(row) });
    // The exit code is the study's own verdict: 0 only when every rate comes from resolved rows.
    expect(code, stderr).toBe(reference.verification.ratesTrusted ? 0 : 3);

    // rows.jsonl: every row of every phase, keyed by (phase, refined discretization, N, t), as
    // runStudy streams them.
    const lines: StudyTaskRow[] = readFileSync(join(out, "rows.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const key = (r: StudyTaskRow) => `${r.phase} ${r.refine ?? "-"} ${r.N} ${r.t}`;
    expect(lines.map(key).sort()).toEqual(streamed.map(key).sort());
    // Each row carries the id of its task: with --out the main tasks also take the snapshot at
    // tFinal (part of their content, hence of their id), the floor tasks are those of runStudy.
    const tasks = studyTasks(planStudy(TINY_FLOOR), { snapshots: true });
    for (const line of lines) {
      const task = tasks.find((t) => t.id === line.taskId);
      expect([task?.kind, task?.N]).toEqual([line.phase, line.N]);
    }
    for (const row of streamed) {
      expectSameMetrics(lines.find((l) => key(l) === key(row)) as StudyTaskRow, row);
    }
    expect(new Set(lines.map((r) => r.phase))).toEqual(
      new Set(["main", "interaction-off", "refinement"]),
    );

    // results.json: main rows, rates, theorem exponents and error floor of the assembled result.
    expect(stored.rows.length).toBe(reference.rows.length);
    reference.rows.forEach((row, k) => {
      expectSameMetrics(stored.rows[k], row);
    });
    expect(stored.rates.map((r: { metric: string; t: number }) => [r.metric, r.t])).toEqual(
      reference.rates.map((r) => [r.metric, r.t]),
    );
    reference.rates.forEach((rate, k) => {
      // The slope of 2 points from rows equal to 1e-12: equal to ~1e-11 absolute.
      expect(Math.abs(stored.rates[k].slope - rate.slope)).toBeLessThanOrEqual(1e-9);
    });
    expect(stored.theory).toEqual({
      exponents: reference.theory.lines,
      note: reference.theory.note,
    });
    const floor = reference.errorFloor;
    if (!floor) throw new Error("runStudy gave no error floor");
    expect(stored.errorFloor.refinement.N).toBe(floor.refinement.N);
    expect(Object.keys(stored.errorFloor.refinement.relativeChange)).toEqual(
      Object.keys(floor.refinement.relativeChange),
    );
    for (const [metric, change] of Object.entries(floor.refinement.relativeChange)) {
      // A relative change of two rows equal to 1e-12 each: equal to ~1e-12 / change.
      const got = stored.errorFloor.refinement.relativeChange[metric];
      expect(Math.abs(got - (change as number))).toBeLessThanOrEqual(1e-9);
    }
    expect(stored.errorFloor.interactionOff.length).toBe(floor.interactionOff.length);
    floor.interactionOff.forEach((row, k) => {
      expectSameMetrics(stored.errorFloor.interactionOff[k], row);
    });
    // results.json rows are the public rows: no phase, no task id.
    expect(stored.rows[0].phase).toBeUndefined();
    expect(stored.rows[0].taskId).toBeUndefined();
  });
});
