/**
 * A study task received from elsewhere (a queue, a file): accepted only when it is plain data of
 * the task's shape with a config the study's own validator accepts and an id that is the content
 * hash of the rest, so a worker runs nothing but a well-formed, untampered study task.
 */
import { ParameterError } from "@semiclassical/grid";
import { canonicalJson } from "./hash.js";
import { resolveStudyConfig } from "./resolve-config.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";
import { taskContentId } from "./tasks.js";
import type { StudyTask } from "./types.js";

const TASK_FIELDS = [
  "id",
  "kind",
  "N",
  "times",
  "snapshotTimes",
  "config",
  "vlasovGrid",
  "cost",
  "refine",
  "levels",
];
const KINDS = ["main", "interaction-off", "refinement", "softening"];
const REFINE = ["quantum-grid", "vlasov-grid", "dt"];

function sampleTimes(path: string, value: unknown, dt: number, tFinal: number): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ParameterError(path, "must be a non-empty list of times");
  }
  value.forEach((t, i) => {
    const ok =
      typeof t === "number" &&
      t >= 0 &&
      t <= tFinal * (1 + STEP_TOLERANCE) &&
      wholeSteps(t, dt) !== undefined;
    if (!ok) {
      throw new ParameterError(
        `${path}[${i}]`,
        `must be a whole number of steps dt in [0, ${tFinal}]`,
      );
    }
  });
}

/**
 * Checks an untrusted task payload (what `studyTasks` makes, sent as JSON): only the task's
 * fields; `config` resolves (`resolveStudyConfig`, every field checked) to itself with
 * `config.N` = [N]; `kind`, `vlasovGrid` and `refine` among their values; `times` and
 * `snapshotTimes` whole steps dt in [0, tFinal]; `cost` a number > 0; `id` the `taskContentId` of
 * every other field. Returns the task; throws a `ParameterError` naming the first bad field.
 * Cost O(size of the config).
 */
export function checkStudyTask(value: unknown): StudyTask {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ParameterError("task", "must be a study task object (from studyTasks)");
  }
  const task = value as Record<string, unknown>;
  for (const key of Object.keys(task)) {
    if (!TASK_FIELDS.includes(key)) throw new ParameterError(`task.${key}`, "unknown task field");
  }
  const config = resolveStudyConfig(task.config);
  if (canonicalJson(config) !== canonicalJson(task.config)) {
    throw new ParameterError("task.config", "is not a resolved study config (resolveStudyConfig)");
  }
  if (!KINDS.includes(task.kind as string)) {
    throw new ParameterError("task.kind", `must be one of ${KINDS.join(", ")}`);
  }
  if (config.N.length !== 1 || task.N !== config.N[0]) {
    throw new ParameterError("task.N", "must be the one N of task.config");
  }
  const { dt, tFinal } = config.dynamics;
  sampleTimes("task.times", task.times, dt, tFinal);
  if (task.snapshotTimes !== undefined) {
    sampleTimes("task.snapshotTimes", task.snapshotTimes, dt, tFinal);
  }
  if (task.vlasovGrid !== "config" && task.vlasovGrid !== "wigner") {
    throw new ParameterError("task.vlasovGrid", 'must be "config" or "wigner"');
  }
  if (task.refine !== undefined && !REFINE.includes(task.refine as string)) {
    throw new ParameterError("task.refine", `must be one of ${REFINE.join(", ")}`);
  }
  if (typeof task.cost !== "number" || !(task.cost > 0) || !Number.isFinite(task.cost)) {
    throw new ParameterError("task.cost", "must be a finite number > 0");
  }
  const { id, ...rest } = task;
  if (id !== taskContentId(rest as Omit<StudyTask, "id">)) {
    throw new ParameterError("task.id", "is not the content hash of the task (altered payload)");
  }
  return task as unknown as StudyTask;
}
