/**
 * The CLI's view of the study's rows. Rows arrive typed from the workers (`StudyTaskRow`: the
 * study's row with its phase and task id); rows.jsonl stores them as they are, results.json and
 * results.csv without phase and task id. The CSV reads every numeric quantity of a row, flattened
 * to dotted names ("densityBound.ratio").
 */
import type { StudyConfig, StudyRow, StudyTask, StudyTaskRow } from "@semiclassical/study";

/** A metric of the study (a name in config.metrics; metrics' `MetricName`). */
export type MetricName = StudyConfig["metrics"][number];

/** Numeric fields that identify a row rather than measure something. */
const IDENTITY_FIELDS = new Set(["N", "t", "epsilon", "step", "steps", "index"]);

/** True when two times are the same sample time (they come from whole numbers of steps dt). */
export function sameTime(a: number, b: number, dt: number): boolean {
  return Math.abs(a - b) <= 1e-6 * dt;
}

/** A row as results.json and results.csv show it: the study's row without phase and task id. */
export function publicRow(row: StudyTaskRow): StudyRow {
  const { phase: _phase, taskId: _taskId, ...rest } = row;
  return rest;
}

/** Every finite number in a row other than its identity fields, by dotted path. */
export function rowQuantities(row: object): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "number") {
      if (Number.isFinite(value) && !IDENTITY_FIELDS.has(path)) out.set(path, value);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, path ? `${path}.${key}` : key);
      }
    }
  };
  walk(row, "");
  return out;
}

/** True when `row` is a row of `task`: its phase, N and task id, at one of the task's times. */
export function isRowOf(row: StudyTaskRow, task: StudyTask): boolean {
  return (
    row.taskId === task.id &&
    row.phase === task.kind &&
    row.N === task.N &&
    task.times.some((t) => sameTime(t, row.t, task.config.dynamics.dt))
  );
}

/**
 * A line of rows.jsonl read back (resume): the stored row if it belongs to one of `tasks` (same
 * phase and N, one of the task's times, and the task's id when the line records one), with its
 * phase and task id filled in; undefined otherwise (another config, or not a row).
 */
export function storedRow(value: unknown, tasks: readonly StudyTask[]): StudyTaskRow | undefined {
  if (!value || typeof value !== "object") return undefined;
  const line = value as Partial<Record<keyof StudyTaskRow, unknown>>;
  if (typeof line.N !== "number" || typeof line.t !== "number") return undefined;
  const phase = line.phase ?? "main";
  const task = tasks.find(
    (task) =>
      task.kind === phase &&
      task.N === line.N &&
      (line.taskId === undefined || line.taskId === task.id) &&
      task.times.some((t) => sameTime(t, line.t as number, task.config.dynamics.dt)),
  );
  if (!task) return undefined;
  // rows.jsonl holds StudyTaskRow objects this CLI wrote (JSON: NaN stored as null); the phase,
  // N, t and task are checked above, the metric fields are read as the study wrote them.
  return { ...(value as StudyTaskRow), phase: task.kind, taskId: task.id };
}
