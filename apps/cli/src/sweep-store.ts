/**
 * The directory of a sweep: rows.jsonl (every row with its task id, appended and fsynced as it
 * arrives), tasks.jsonl (each finished or failed task, one line), sweep.json, sweep.csv, plots,
 * and point-K/results.json per point. Rerunning with the same DIR reads rows.jsonl and
 * tasks.jsonl back and skips the finished tasks; rows are keyed by task id and time, so none
 * counts twice.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { StudyTask, StudyTaskRow, SweepPlan } from "@semiclassical/study";
import { CliError } from "./errors.js";
import { checkOutputDirectory, OutputDirectory } from "./output.js";
import { sameTime } from "./rows.js";

/** File names of a sweep directory. */
export const SWEEP_FILES = { sweep: "sweep.json", csv: "sweep.csv", tasks: "tasks.jsonl" } as const;

/** A line of tasks.jsonl. */
export interface TaskRecord {
  taskId: string;
  status: "done" | "failed";
  message?: string;
  seconds?: number;
}

function readLines(path: string): unknown[] {
  if (!existsSync(path)) return [];
  const out: unknown[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a torn last line (crash mid-write): its task is redone
    }
  }
  return out;
}

/** Rows and task records of a sweep, keyed by task id. */
export class SweepStore {
  readonly rows = new Map<string, StudyTaskRow[]>();
  readonly done = new Map<string, TaskRecord>();
  readonly failed = new Map<string, TaskRecord>();
  private constructor(
    readonly out: OutputDirectory,
    private readonly tasks: Map<string, StudyTask>,
  ) {}

  /**
   * Checks DIR without writing: new (or empty), or a sweep of the same points (rerun). Throws a
   * CliError (exit 2) for a directory holding something else. Returns the store; call `create()`
   * before writing.
   */
  static open(dir: string, plan: SweepPlan, tasks: readonly StudyTask[]): SweepStore {
    const path = join(dir, SWEEP_FILES.sweep);
    let resume = false;
    if (existsSync(path)) {
      let stored: { points?: { id?: string }[] };
      try {
        stored = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new CliError(
          `--out ${dir}: ${SWEEP_FILES.sweep} is malformed (${(error as Error).message})`,
        );
      }
      const ids = (stored.points ?? []).map((p) => p.id).join(",");
      if (ids !== plan.points.map((p) => p.id).join(",")) {
        throw new CliError(
          `--out ${dir}: holds another sweep (its points differ from this file's); choose another directory`,
        );
      }
      resume = true;
    }
    // A rerun writes into the sweep's own directory (rows.jsonl may not exist yet).
    const resolved = resume ? resolve(dir) : checkOutputDirectory(dir, "new", "--out");
    const store = new SweepStore(
      new OutputDirectory(resolved),
      new Map(tasks.map((t) => [t.id, t])),
    );
    if (resume) store.load();
    return store;
  }

  private load(): void {
    for (const value of this.out.readRows()) this.accept(value as StudyTaskRow);
    for (const value of readLines(this.out.file(SWEEP_FILES.tasks))) {
      const record = value as TaskRecord;
      if (!this.tasks.has(record?.taskId)) continue;
      // A rerun retries failed tasks: only finished ones are kept.
      if (record.status === "done") this.done.set(record.taskId, record);
    }
  }

  /** Whether this store was read back from a previous run. */
  get resumed(): boolean {
    return this.done.size > 0 || this.rows.size > 0;
  }

  /** Keeps a row of one of the sweep's tasks unless its (task, t) is there; true when new. */
  private accept(row: StudyTaskRow): boolean {
    const task = row && this.tasks.get(row.taskId);
    if (!task || row.phase !== task.kind || row.N !== task.N) return false;
    const dt = task.config.dynamics.dt;
    if (!task.times.some((t) => sameTime(t, row.t, dt))) return false;
    const list = this.rows.get(task.id) ?? [];
    if (list.some((r) => sameTime(r.t, row.t, dt))) return false;
    list.push(row);
    this.rows.set(task.id, list);
    return true;
  }

  create(): void {
    this.out.create();
  }

  /** Stores a row (JSON-normalized: NaN as null, as rows.jsonl holds it); true when new. */
  addRow(row: StudyTaskRow): boolean {
    const normalized = JSON.parse(JSON.stringify(row)) as StudyTaskRow;
    if (!this.accept(normalized)) return false;
    this.out.appendRow(normalized);
    return true;
  }

  /** Times of a task already stored. */
  doneTimes(taskId: string): number[] {
    return (this.rows.get(taskId) ?? []).map((r) => r.t);
  }

  finish(record: TaskRecord): void {
    if (record.status === "done") {
      if (this.done.has(record.taskId)) return;
      this.done.set(record.taskId, record);
    } else this.failed.set(record.taskId, record);
    const fd = openSync(this.out.file(SWEEP_FILES.tasks), "a");
    try {
      appendFileSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  rowsOf(taskIds: readonly string[]): StudyTaskRow[] {
    return taskIds.flatMap((id) => this.rows.get(id) ?? []);
  }
}
