/**
 * `semiclassical sweep sweep.json --out DIR [--redis URL]`: the sweep's points come from
 * `planSweep` of @semiclassical/study, each point's tasks from `planStudy` and `studyTasks`
 * (rows keyed by task id: a task shared by two points runs once), and everything written is
 * `assembleStudyResult` per point. Every input check (the sweep file, every point's config and
 * plan, Redis reachable, DIR usable) passes before DIR is created. Exit codes: 0 all points
 * complete, 2 bad input or Redis unreachable, 3 some tasks failed (the rest finished), 130
 * interrupted (rerun with the same DIR to continue).
 */
import {
  assembleStudyResult,
  planStudy,
  planSweep,
  type StudyPlan,
  type StudyTask,
  studyTasks,
  sweepValueText,
} from "@semiclassical/study";
import { CliError, EXIT_INTERRUPTED } from "./errors.js";
import { readJsonFile } from "./load.js";
import { FILES, OutputDirectory } from "./output.js";
import { ProgressView, progressMode } from "./progress.js";
import { checkRedisReachable, DEFAULT_QUEUE, positiveInteger, redactUrl } from "./redis-queue.js";
import { parseJobs } from "./study.js";
import { csvText, resultsDocument, type StudyRunRecord } from "./study-report.js";
import { type PointReport, sweepCsv, sweepDocument, writeSweepPlots } from "./sweep-report.js";
import { runOnQueue, runOnThreads } from "./sweep-runners.js";
import { SWEEP_FILES, SweepStore } from "./sweep-store.js";

/** Exit code of a sweep in which some tasks failed (the others finished). */
export const EXIT_TASKS_FAILED = 3;

/** Options of `semiclassical sweep` (as commander parses them). */
export interface SweepOptions {
  out?: string;
  redis?: string;
  queue?: string;
  jobs?: string;
  attempts?: string;
  quiet?: boolean;
}

interface PointState {
  plan: StudyPlan;
  tasks: StudyTask[];
  report: PointReport;
  startedAt: string;
}

function label(point: { index: number }, task: StudyTask): string {
  const refine = (task as { refine?: string }).refine;
  const part =
    task.kind === "main"
      ? "study"
      : task.kind === "interaction-off"
        ? "floor V=0"
        : task.kind === "softening"
          ? "floor softening/2"
          : `refined ${refine ?? "x2"}`;
  return `point ${point.index} N=${task.N} ${part}`;
}

/** Runs `semiclassical sweep`; returns the exit code. */
export async function sweepCommand(file: string, options: SweepOptions): Promise<number> {
  // 1. Every input check, before anything is written.
  if (!options.out) throw new CliError("--out DIR is required: a sweep keeps its rows there");
  const attempts = positiveInteger("--attempts", options.attempts, 2);
  const sweep = planSweep(readJsonFile(file));
  const states: PointState[] = sweep.points.map((point) => {
    let plan: StudyPlan;
    try {
      plan = planStudy(point.config);
    } catch (error) {
      const e = error as Error;
      const where = sweep.axes.map(
        (a) => `${a.path} = ${sweepValueText(point.parameters[a.path])}`,
      );
      e.message = `${e.message} (sweep point ${point.index}: ${where.join(", ") || "base"})`;
      throw e;
    }
    const tasks = studyTasks(plan);
    const directory = `point-${point.index}`;
    return {
      plan,
      tasks,
      startedAt: new Date().toISOString(),
      report: {
        point,
        directory,
        taskIds: tasks.map((t) => t.id),
        status: "pending",
        result: assembleStudyResult(plan, []),
        failures: [],
      },
    };
  });
  const unique = new Map<string, { task: StudyTask; point: PointState }>();
  for (const state of states) {
    for (const task of state.tasks)
      if (!unique.has(task.id)) unique.set(task.id, { task, point: state });
  }
  const allTasks = [...unique.values()].map((u) => u.task);
  const jobs = parseJobs(options.jobs, allTasks.length);
  if (options.redis !== undefined) await checkRedisReachable(options.redis);
  const store = SweepStore.open(options.out, sweep, allTasks);

  // 2. From here on, files are written.
  store.create();
  const out = store.out;
  const view = new ProgressView(progressMode(!!options.quiet));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const mode = options.redis
    ? `redis ${redactUrl(options.redis)} queue ${options.queue ?? DEFAULT_QUEUE}`
    : `threads (${jobs})`;
  const files = new Set<string>([SWEEP_FILES.sweep, FILES.rows, SWEEP_FILES.tasks]);
  const pointsOf = (taskId: string) => states.filter((s) => s.report.taskIds.includes(taskId));
  const writePoint = (state: PointState) => {
    const { report } = state;
    const rows = store.rowsOf(report.taskIds);
    report.result = assembleStudyResult(state.plan, rows);
    const failures = report.taskIds.flatMap((id) => {
      const f = store.failed.get(id);
      return f ? [{ taskId: id, message: f.message ?? "failed" }] : [];
    });
    report.failures = failures;
    const complete = report.taskIds.every((id) => store.done.has(id));
    report.status =
      failures.length > 0
        ? "failed"
        : complete
          ? "complete"
          : rows.length > 0
            ? "running"
            : "pending";
    const record: StudyRunRecord = {
      status: report.status === "pending" ? "running" : report.status,
      startedAt: state.startedAt,
      timings: {
        totalSeconds: report.taskIds.reduce((s, id) => s + (store.done.get(id)?.seconds ?? 0), 0),
        tasks: Object.fromEntries(
          state.tasks.map((t) => [label(report.point, t), store.done.get(t.id)?.seconds ?? 0]),
        ),
      },
      snapshots: [],
      files: [FILES.results, ...(complete ? [FILES.csv] : [])],
      ...(failures.length > 0 ? { error: failures.map((f) => f.message).join("; ") } : {}),
    };
    const dir = new OutputDirectory(out.file(report.directory));
    dir.create();
    dir.writeJson(FILES.results, resultsDocument(record, report.result));
    if (complete) dir.writeText(FILES.csv, csvText(report.result.rows));
  };
  const writeSweep = (status: string) => {
    out.writeJson(
      SWEEP_FILES.sweep,
      sweepDocument(
        sweep,
        states.map((s) => s.report),
        {
          status,
          startedAt,
          totalSeconds: (performance.now() - started) / 1000,
          mode,
          files: [...files],
        },
      ),
    );
  };
  for (const state of states) writePoint(state);
  writeSweep("running");

  const pending = allTasks.filter((t) => !store.done.has(t.id)).sort((a, b) => b.cost - a.cost);
  if (store.resumed) {
    view.log(
      `continuing ${out.path}: ${allTasks.length - pending.length} of ${allTasks.length} tasks finished before`,
    );
  }
  view.log(`${sweep.points.length} points, ${pending.length} tasks to run on ${mode}`);
  for (const task of pending) {
    const { point } = unique.get(task.id) as { point: PointState };
    view.add(task.id, label(point.report.point, task));
  }

  // 3. Run.
  const handlers = {
    onRow: (_task: StudyTask, row: Parameters<SweepStore["addRow"]>[0]) => {
      store.addRow(row);
    },
    onProgress: (task: StudyTask, fraction: number, detail: string) =>
      view.update(task.id, fraction, detail),
    onDone: (task: StudyTask, seconds: number) => {
      store.finish({ taskId: task.id, status: "done", seconds });
      view.finish(
        task.id,
        `done in ${seconds.toFixed(1)} s (${store.done.size}/${allTasks.length} tasks)`,
      );
      for (const state of pointsOf(task.id)) writePoint(state);
      writeSweep("running");
    },
    onFailed: (task: StudyTask, message: string) => {
      store.finish({ taskId: task.id, status: "failed", message });
      view.finish(task.id, `FAILED: ${message}`);
      for (const state of pointsOf(task.id)) writePoint(state);
      writeSweep("running");
    },
    doneTimes: (task: StudyTask) => store.doneTimes(task.id),
  };
  const running = options.redis
    ? runOnQueue(
        pending,
        { url: options.redis, queue: options.queue ?? DEFAULT_QUEUE, attempts },
        handlers,
      )
    : runOnThreads(pending, jobs, attempts, handlers);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    running.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await running.done;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    view.close();
  }

  // 4. Outcomes.
  for (const state of states) writePoint(state);
  const reports = states.map((s) => s.report);
  out.writeText(SWEEP_FILES.csv, sweepCsv(sweep, reports));
  files.add(SWEEP_FILES.csv);
  for (const name of writeSweepPlots(out, sweep, reports)) files.add(name);
  if (interrupted) {
    writeSweep("interrupted");
    process.stderr.write(
      `interrupted: finished tasks are kept in ${out.path}; rerun the same command to continue\n`,
    );
    return EXIT_INTERRUPTED;
  }
  const failed = reports.filter((r) => r.status === "failed");
  writeSweep(failed.length > 0 ? "failed" : "complete");
  const complete = reports.filter((r) => r.status === "complete").length;
  process.stdout.write(`${complete} of ${reports.length} points complete; wrote ${out.path}\n`);
  if (failed.length > 0) {
    for (const r of failed) {
      for (const f of r.failures) {
        process.stderr.write(`point ${r.point.index}: task ${f.taskId} failed: ${f.message}\n`);
      }
    }
    process.stderr.write(
      `${failed.length} point(s) failed; the others are complete. Rerun the same command to retry the failed tasks.\n`,
    );
    return EXIT_TASKS_FAILED;
  }
  return 0;
}
