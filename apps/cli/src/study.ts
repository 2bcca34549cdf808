/**
 * `semiclassical study`: the study's plan and tasks come from @semiclassical/study (`planStudy`,
 * `studyTasks`), each pending task runs on a worker thread (`runStudyTask`), and everything shown
 * or written is `assembleStudyResult(plan, rows)`. The CLI adds threads, files, progress, resume,
 * signals and exit codes.
 */
import { readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import {
  type AdaptiveTiming,
  adaptivePlan,
  assembleStudyResult,
  DEFAULT_PRESET,
  levelsText,
  resolutionSettings,
  type StudyTask,
  type StudyTaskRow,
  studyMetricValue,
  studyPreset,
  studyTasks,
} from "@semiclassical/study";
import type { WignerFigure } from "./artifacts.js";
import { CliError, EXIT_INTERRUPTED, EXIT_UNTRUSTED } from "./errors.js";
import { loadStudy, readJsonFile, resolveConfig } from "./load.js";
import { checkOutputDirectory, FILES, OutputDirectory } from "./output.js";
import { ProgressView, progressMode } from "./progress.js";
import { isRowOf, sameTime, storedRow } from "./rows.js";
import { csvText, renderStudy, resultsDocument, type StudyRunRecord } from "./study-report.js";
import { formatNumber } from "./table.js";
import { WorkerPool } from "./worker-pool.js";

/** Options of `semiclassical study` (as commander parses them). */
export interface StudyOptions {
  preset?: string;
  out?: string;
  json?: boolean;
  jobs?: string;
  threads?: string;
  resume?: string;
  quiet?: boolean;
  /** A progress line per step batch. */
  verbose?: boolean;
}

/** Parses --jobs: an integer >= 1; default min(#N, available cores). */
export function parseJobs(value: string | undefined, count: number): number {
  if (value === undefined) return Math.max(1, Math.min(count, availableParallelism()));
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new CliError(`--jobs: must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return jobs;
}

/**
 * Parses --threads (threads inside each task's evolution): an integer >= 1; default the cores
 * left per job, max(1, floor(cores / jobs)).
 */
export function parseThreads(value: string | undefined, jobs: number): number {
  if (value === undefined) return Math.max(1, Math.floor(availableParallelism() / jobs));
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new CliError(`--threads: must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return threads;
}

/** The progress label (and timings key) of a task. */
function taskLabel(task: StudyTask): string {
  const part = {
    main: "study",
    "interaction-off": "floor V=0",
    refinement: "refined x2",
    softening: "floor softening/2",
  }[task.kind];
  // The later rounds of resolution "adaptive": the levels (factor 2^level) say which task it is.
  if (task.levels) {
    const what = task.refine
      ? `refines ${task.refine}`
      : task.kind === "refinement"
        ? "levels"
        : part;
    return `N=${task.N} ${what} [${levelsText(task.levels)}]`;
  }
  // The refinements of a verified study, one per discretization: "refined quantum-grid" etc.
  return `N=${task.N} ${task.refine ? `refined ${task.refine}` : part}`;
}

/** What a previous run left in a --resume directory. */
interface Previous {
  config: unknown;
  rows: unknown[];
  record: Partial<StudyRunRecord>;
}

/** Reads the study to continue from --resume DIR (its config must match a given one). */
function readPrevious(dir: string, explicit: unknown): { path: string; previous: Previous } {
  const path = checkOutputDirectory(dir, "resume", "--resume");
  const directory = new OutputDirectory(path);
  const stored = directory.readJson(FILES.results) as
    | (Partial<StudyRunRecord> & { config?: unknown })
    | undefined;
  if (!stored?.config) throw new CliError(`--resume ${dir}: ${FILES.results} holds no config`);
  const storedConfig = resolveConfig(stored.config);
  if (explicit !== undefined) {
    const given = resolveConfig(explicit);
    // maxMemory "auto" depends on the machine, not on the study: not a difference.
    const numerics = (c: typeof given) => JSON.stringify({ ...c, maxMemory: 0 });
    if (numerics(given) !== numerics(storedConfig)) {
      throw new CliError(
        `--resume ${dir}: the given config differs from the one the study was ` +
          "started with; omit the config to continue the stored one",
      );
    }
  }
  return { path, previous: { config: storedConfig, rows: directory.readRows(), record: stored } };
}

/** The report's plot order: rates, then distances against time, then Wigner panels. */
function plotOrder(file: string): number {
  return file.startsWith("rate-") ? 0 : file.startsWith("time-") ? 1 : 2;
}

/** Runs `semiclassical study`; returns the exit code. */
export async function studyCommand(
  configPath: string | undefined,
  options: StudyOptions,
): Promise<number> {
  // 1. Everything that can be wrong with the input is checked before anything is written.
  if (configPath !== undefined && options.preset !== undefined) {
    throw new CliError("give either a config file or --preset NAME, not both");
  }
  if (options.resume !== undefined && options.out !== undefined && options.out !== options.resume) {
    throw new CliError("--resume DIR writes into DIR: do not give a different --out");
  }
  let explicit: unknown;
  if (configPath !== undefined) explicit = readJsonFile(configPath);
  else if (options.preset !== undefined) explicit = studyPreset(options.preset);
  let outPath: string | undefined;
  let previous: Previous | undefined;
  if (options.resume !== undefined) {
    ({ path: outPath, previous } = readPrevious(options.resume, explicit));
  }
  // Every task of the study (refinements included) must fit maxMemory before any work.
  const { plan } = loadStudy(previous?.config ?? explicit ?? studyPreset(DEFAULT_PRESET), {
    checkMemory: "study",
  });
  const { config } = plan;
  const jobs = parseJobs(options.jobs, config.N.length);
  const threads = parseThreads(options.threads, jobs);
  if (options.out !== undefined && options.resume === undefined) {
    outPath = checkOutputDirectory(options.out, "new");
  }
  // With files, the main tasks also hand over their snapshot at tFinal (NPY arrays and figures).
  const round0 = studyTasks(plan, { snapshots: outPath !== undefined });
  const adaptive = resolutionSettings(config).mode === "adaptive";
  let tasks: readonly StudyTask[] = round0;
  const rows: StudyTaskRow[] = [];
  const unmatched = new Map((previous?.rows ?? []).map((line, k) => [k, line]));
  const storedAt = new Map<StudyTaskRow, number>();
  /** Keeps the stored rows that belong to `tasks` (resume), in their order in rows.jsonl. */
  const matchStored = () => {
    for (const [k, line] of unmatched) {
      const row = storedRow(line, tasks);
      if (!row) continue;
      unmatched.delete(k);
      storedAt.set(row, k);
      rows.push(row);
    }
  };
  matchStored();
  // resolution "adaptive": the stored rows of later rounds belong to tasks that the rows of the
  // earlier rounds determine; plan again until no stored row is left to match.
  for (let before = -1; adaptive && before !== rows.length; ) {
    before = rows.length;
    tasks = adaptivePlan(plan, rows, { round0 }).tasks;
    matchStored();
  }
  rows.sort((a, b) => (storedAt.get(a) ?? 0) - (storedAt.get(b) ?? 0));

  // 2. From here on, files may be written.
  // the plot and report modules (Observable Plot, resvg, linkedom: ~60 MB) load only with an output
  // directory; a study that prints its table never needs them
  const outputs = outPath
    ? {
        out: new OutputDirectory(outPath),
        artifacts: await import("./artifacts.js"),
        report: await import("./report-html.js"),
      }
    : undefined;
  const out = outputs?.out;
  const view = new ProgressView(progressMode(!!options.quiet), process.stderr, {
    verbose: !!options.verbose,
  });
  const before = previous?.record.timings;
  const record: StudyRunRecord = {
    status: "running",
    startedAt: new Date().toISOString(),
    timings: {
      totalSeconds: before?.totalSeconds ?? 0,
      tasks: { ...(before?.tasks ?? {}) },
      byTask: { ...(before?.byTask ?? {}) },
    },
    snapshots: [...(previous?.record.snapshots ?? [])],
    files: [...(previous?.record.files ?? [])],
  };
  const started = performance.now();
  const elapsedBefore = before?.totalSeconds ?? 0;
  // The time budget of resolution "adaptive" counts every run of a resumed study.
  const timing = (): AdaptiveTiming => ({
    elapsedSeconds: elapsedBefore + (performance.now() - started) / 1000,
    taskSeconds: (id) => record.timings.byTask?.[id],
  });
  const assemble = () => assembleStudyResult(plan, rows, { timing: timing() });
  const document = () => resultsDocument(record, assemble());
  if (out) {
    out.create();
    if (previous) out.rewriteRows(rows);
    record.files = [...new Set([...record.files, FILES.results, FILES.rows])];
    out.writeJson(FILES.results, document());
  }
  const save = () => {
    record.timings.totalSeconds = timing().elapsedSeconds;
    out?.writeJson(FILES.results, document());
  };

  const { dt } = config.dynamics;
  const doneTimes = (task: StudyTask) => rows.filter((r) => isRowOf(r, task)).map((r) => r.t);
  // The Wigner figures of the snapshots stored in this run, rendered after the tasks (rendering
  // takes ~50 MB for a while: beside two running tasks it made the default study's peak). An N
  // counts as a stored snapshot (record.snapshots) once its figure is written; a run killed in
  // between recomputes that snapshot on --resume.
  const figures = new Map<number, WignerFigure>();
  const wantsSnapshot = (task: StudyTask) =>
    task.snapshotTimes !== undefined && !record.snapshots.includes(task.N) && !figures.has(task.N);
  const isDone = (task: StudyTask) =>
    !wantsSnapshot(task) &&
    task.times.every((t) => doneTimes(task).some((s) => sameTime(s, t, dt)));
  /** The tasks to run now: round 0's, or those of the current adaptive round. */
  const pendingTasks = () => {
    if (adaptive) {
      const round = adaptivePlan(plan, rows, { round0, timing: timing() });
      tasks = round.tasks;
      return round.pending.filter((task) => !isDone(task));
    }
    return tasks.filter((task) => !isDone(task));
  };
  let pending = pendingTasks().sort((a, b) => b.cost - a.cost);
  if (previous) {
    view.log(
      `resuming ${out?.path}: ${rows.length} finished rows kept, ${pending.length} of ${tasks.length} tasks to run${adaptive ? " in this round" : ""}`,
    );
  }

  // 3. Run the tasks on worker threads, `jobs` at a time; resolution "adaptive" round by round,
  // each planned from the rows of the rounds before (`adaptivePlan`).
  const pool = new WorkerPool();
  let interrupted = false;
  let newRows = 0;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    pool.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const ran = new Set<string>();
  while (pending.length > 0 && !interrupted && !pool.failure) {
    for (const task of pending) view.add(taskLabel(task), taskLabel(task), task.cost);
    for (const task of pending) ran.add(task.id);
    await pool.runAll(pending, jobs, (task) => {
      const key = taskLabel(task);
      const taskStart = performance.now();
      return {
        label: key,
        input: { task, doneTimes: doneTimes(task), snapshots: wantsSnapshot(task), threads },
        handlers: {
          onRow: (row) => {
            if (
              !isRowOf(row, task) ||
              rows.some((r) => isRowOf(r, task) && sameTime(r.t, row.t, dt))
            )
              return;
            rows.push(row);
            newRows++;
            out?.appendRow(row);
            save();
            if (view.mode === "lines") {
              const value = studyMetricValue(row, config.metrics[0]);
              view.log(
                `${key}: t = ${formatNumber(row.t)} done, ${config.metrics[0]} = ${formatNumber(value)}`,
              );
            }
          },
          onProgress: (fraction, detail) => view.update(key, fraction, detail),
          onArrays: (_t, arrays) => {
            if (!outputs) return;
            const written = outputs.artifacts.writeArrays(outputs.out, task.N, arrays);
            const figure = outputs.artifacts.wignerFigure(task.N, arrays);
            if (figure) figures.set(task.N, figure);
            else record.snapshots = [...new Set([...record.snapshots, task.N])];
            record.files = [...new Set([...record.files, ...written])];
            save();
          },
          onDone: () => {
            const seconds = (performance.now() - taskStart) / 1000;
            record.timings.tasks[key] = seconds;
            record.timings.byTask = { ...record.timings.byTask, [task.id]: seconds };
            save();
            view.finish(key, `done in ${seconds.toFixed(1)} s`);
          },
        },
      };
    });
    if (!adaptive || interrupted || pool.failure) break;
    // A task that ran and still lacks a row is not run again (its worker said it was done).
    pending = pendingTasks()
      .filter((task) => !ran.has(task.id))
      .sort((a, b) => b.cost - a.cost);
  }
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  view.close();
  if (outputs) {
    for (const [N, figure] of figures) {
      const written = outputs.artifacts.writeWignerFigure(outputs.out, figure);
      record.files = [...new Set([...record.files, ...written])];
      record.snapshots = [...new Set([...record.snapshots, N])];
    }
    if (figures.size > 0) save();
  }

  // 4. Outcomes.
  const { failure } = pool;
  if (failure?.name === "StudyGuardError") {
    // A guard of the study stopped it (a hard failure: the numbers would be meaningless). Every
    // finished row is kept; one message names the quantity, where, when and the fix.
    record.status = "failed";
    record.error = failure.message;
    save();
    process.stderr.write(
      `semiclassical: ${failure.message}${out ? `\nfinished rows are kept in ${out.path}` : ""}\n`,
    );
    return EXIT_UNTRUSTED;
  }
  if (failure) {
    const parameterError = failure.name === "ParameterError";
    if (parameterError && newRows === 0 && out && !previous) {
      // A config the study itself rejects: leave nothing half-written.
      rmSync(out.path, { recursive: true, force: true });
    } else {
      record.status = "failed";
      record.error = failure.message;
      save();
    }
    if (parameterError) throw new CliError(`invalid config: ${failure.message}`);
    throw new CliError(
      `the study failed: ${failure.message}${out ? `\nfinished rows are kept in ${out.path}` : ""}`,
      1,
    );
  }
  if (interrupted) {
    record.status = "interrupted";
    save();
    process.stderr.write(
      out
        ? `interrupted: ${rows.length} finished rows saved in ${out.path} (${rows.filter((r) => r.phase === "main").length} of them main rows, the rest from the floor and refinement tasks); continue with --resume ${out.path}\n`
        : "interrupted (no --out: nothing saved)\n",
    );
    return EXIT_INTERRUPTED;
  }

  record.status = "complete";
  const result = assemble();
  if (outputs) {
    const { out, artifacts, report } = outputs;
    out.writeText(FILES.csv, csvText(result.rows));
    const plots = [
      ...artifacts.writeRatePlots(out, config, result.rows, result.rates, result.theory.lines),
      ...artifacts.writeTimePlots(out, config, result.rows, config.metrics),
    ];
    record.files = [...new Set([...record.files, FILES.csv, ...plots, report.REPORT_FILE])];
  }
  save();
  if (outputs) {
    const { out, report } = outputs;
    // The page inlines every SVG written (rate, time and Wigner plots, this run's or a resumed
    // one's); it is written last so that it shows the final results.json.
    const svgs = record.files
      .filter((f) => f.endsWith(".svg"))
      .sort((a, b) => plotOrder(a) - plotOrder(b) || a.localeCompare(b))
      .map((f) => ({ name: f.replace(/\.svg$/, ""), svg: readFileSync(out.file(f), "utf8") }));
    out.writeText(report.REPORT_FILE, report.reportHtml(document(), result, svgs));
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(document(), null, 2)}\n`);
  } else {
    process.stdout.write(`${renderStudy(result)}\n`);
    if (out) process.stdout.write(`\nwrote ${record.files.length} files to ${out.path}\n`);
  }
  if (!result.verification.ratesTrusted) {
    // Exit 0 only when every rate comes from resolved rows (issue 12); the files are written.
    const { verdicts } = result.verification;
    const counts = Object.entries(verdicts)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `${n} ${v}`)
      .join(", ");
    process.stderr.write(
      `semiclassical: ${untrustedSummary(result)} (rows: ${counts}); see the verdicts and reasons${out ? ` in ${out.path}/${FILES.results}` : " above"}\n`,
    );
    return EXIT_UNTRUSTED;
  }
  return 0;
}

/** Why the rates of a complete study cannot be trusted (exit 3), in one clause. */
function untrustedSummary(result: ReturnType<typeof assembleStudyResult>): string {
  const { exactness } = result.verification;
  if (exactness) {
    return `V = 0 exactness check failed: ${exactness.metric} reaches ${exactness.maxDistance.toExponential(2)} > ${exactness.threshold} (the matched splitting is exact for the quadratic Hamiltonian: refine the grids)`;
  }
  if (result.verification.mode === "off") {
    return 'resolution is "off": the rates come from unverified rows';
  }
  const missing = result.noRates.length;
  return `${missing} of ${result.fits.length} rates missing (no rate: fewer than two resolved rows)`;
}
