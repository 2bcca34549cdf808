import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  DEFAULT_PRESET,
  type MetricName,
  refinementChange,
  resolveStudyConfig,
  type StudyConfig,
  type StudyPhase,
  type StudyPlan,
  type StudyRow,
  studyPreset,
} from "@semiclassical/metrics";
import { writeArrays, writeRatePlots, writeTimePlots, writeWignerFigure } from "./artifacts.js";
import { CliError, EXIT_INTERRUPTED } from "./errors.js";
import { fitRates, metricValue, type RateRecord, theoremLines } from "./fits.js";
import { loadStudy, readJsonFile } from "./load.js";
import { checkOutputDirectory, FILES, OutputDirectory } from "./output.js";
import { ProgressView, progressMode } from "./progress.js";
import { isStoredRow, rowEpsilon, rowQuantities, type StoredRow, sameTime } from "./rows.js";
import { formatNumber, renderRates, renderTable } from "./table.js";
import { versions } from "./versions.js";
import type { TaskKind, WorkerInput, WorkerMessage } from "./worker.js";

/** Options of `semiclassical study` (as commander parses them). */
export interface StudyOptions {
  preset?: string;
  out?: string;
  json?: boolean;
  jobs?: string;
  resume?: string;
  quiet?: boolean;
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

/** The resolved plan as it goes into results.json (and `validate --json`). */
export function describePlan(plan: StudyPlan): unknown[] {
  return plan.entries.map((e) => ({
    N: e.N,
    epsilon: e.epsilon,
    points: e.grid.shape,
    box: e.grid.box,
    dx: e.grid.spacing,
    resolvedVelocity: e.resolvedVelocity,
    steps: e.steps,
    denseMatrixBytes: e.denseMatrixBytes,
    vlasov: {
      positionPoints: e.vlasov.position.shape,
      velocityPoints: e.vlasov.velocity.shape,
      positionBox: e.vlasov.position.box,
      velocityBox: e.vlasov.velocity.box,
    },
  }));
}

/** Which part of the study a stored row belongs to. */
export type RowPhase = StudyPhase;

/** One unit of work on a worker thread: one N of one part of the study. */
interface Task {
  kind: TaskKind;
  N: number;
  /** Sample times this task measures. */
  times: readonly number[];
  /** "main" only: also write the final Wigner functions and densities. */
  arrays: boolean;
  /** Relative cost, to start the longest tasks first. */
  cost: number;
}

/**
 * The tasks of a study: per N the main rows (with the final arrays when writing files) and the
 * interaction-off part of the error floor, and the refinement of the largest N (metrics'
 * `studyErrorFloor`, which measures it at the last sample time on grids refined by 2 per axis).
 */
function studyTasks(config: StudyConfig, plan: StudyPlan, withArrays: boolean): Task[] {
  const tasks: Task[] = [];
  const { times } = config.dynamics;
  const costOf = (n: number) => n ** 3;
  for (const entry of plan.entries) {
    const cost = costOf(entry.grid.size);
    tasks.push({ kind: "main", N: entry.N, times, arrays: withArrays, cost });
    if (config.errorFloor && config.interaction.kind !== "none") {
      tasks.push({ kind: "interaction-off", N: entry.N, times, arrays: false, cost });
    }
  }
  if (config.errorFloor) {
    const finest = plan.entries[plan.entries.length - 1];
    tasks.push({
      kind: "refinement",
      N: finest.N,
      times: times.slice(-1),
      arrays: false,
      cost: 2 ** (3 * config.dimension) * costOf(finest.grid.size),
    });
  }
  return tasks;
}

function taskLabel(task: Task): string {
  const part = { main: "study", "interaction-off": "floor V=0", refinement: "refined x2" }[
    task.kind
  ];
  return `N=${task.N} ${part}`;
}

/** The state of a study run, as written to results.json. */
interface StudyState {
  config: StudyConfig;
  plan: StudyPlan;
  rows: StoredRow[];
  status: "running" | "complete" | "interrupted" | "failed";
  startedAt: string;
  timings: { totalSeconds: number; tasks: Record<string, number> };
  snapshots: number[];
  files: string[];
  rates: RateRecord[];
  error?: string;
}

function phaseOf(row: StoredRow): RowPhase {
  return (row.phase as RowPhase | undefined) ?? "main";
}

function sortRows(rows: readonly StoredRow[]): StoredRow[] {
  return [...rows].sort((a, b) => a.N - b.N || a.t - b.t);
}

/** The error floor as metrics' StudyErrorFloor: V = 0 rows and the refinement's relative change. */
function errorFloorOf(state: StudyState) {
  const { config } = state;
  if (!config.errorFloor) return undefined;
  const main = state.rows.filter((r) => phaseOf(r) === "main");
  const off =
    config.interaction.kind === "none"
      ? main
      : state.rows.filter((r) => phaseOf(r) === "interaction-off");
  const refinedRows = state.rows.filter((r) => phaseOf(r) === "refinement");
  const N = config.N[config.N.length - 1];
  const relativeChange = refinementChange(
    main as unknown as StudyRow[],
    refinedRows as unknown as StudyRow[],
  );
  return {
    interactionOff: sortRows(off).map(stripPhase),
    refinement: { N, rows: sortRows(refinedRows).map(stripPhase), relativeChange },
  };
}

function stripPhase(row: StoredRow): StoredRow {
  const { phase: _phase, ...rest } = row;
  return rest as StoredRow;
}

function resultsDocument(state: StudyState) {
  const theory = theoremLines(state.config);
  return {
    tool: "semiclassical study",
    versions: versions(),
    status: state.status,
    startedAt: state.startedAt,
    config: state.config,
    plan: describePlan(state.plan),
    rows: sortRows(state.rows.filter((r) => phaseOf(r) === "main")).map(stripPhase),
    rates: state.rates,
    theory: { exponents: theory.lines, note: theory.note },
    errorFloor: errorFloorOf(state),
    snapshots: state.snapshots,
    timings: state.timings,
    files: state.files,
    ...(state.error ? { error: state.error } : {}),
  };
}

function csvText(config: StudyConfig, rows: readonly StoredRow[]): string {
  const sorted = sortRows(rows).map(stripPhase);
  const quantities: string[] = [];
  for (const row of sorted) {
    for (const key of rowQuantities(row).keys())
      if (!quantities.includes(key)) quantities.push(key);
  }
  const lines = [["N", "epsilon", "t", ...quantities].join(",")];
  for (const row of sorted) {
    const q = rowQuantities(row);
    lines.push(
      [
        row.N,
        rowEpsilon(row, config.dimension),
        row.t,
        ...quantities.map((name) => (q.has(name) ? q.get(name) : "")),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Table column name of a metric. */
const COLUMN: Record<MetricName, string> = {
  "trace-norm": "tr|w-w~|/N",
  "hilbert-schmidt": "HS/sqrt(N)",
  "density-l1": "|rho-rho~|_1",
  "wigner-l2": "|W-W~|_2",
  commutator: "tr|[x,w]|/N",
  "rho-commutator": "rho_[x,w~] Linf/N",
};

/** The terminal report: N, eps, t, each metric; the rates beside the theorems; the error floor. */
export function renderStudy(state: StudyState): string {
  const { config } = state;
  const main = sortRows(state.rows.filter((r) => phaseOf(r) === "main"));
  const withBound = config.metrics.includes("density-l1");
  const table = renderTable(
    ["N", "eps", "t", ...config.metrics.map((m) => COLUMN[m]), ...(withBound ? ["L1/trace"] : [])],
    main.map((row) => [
      String(row.N),
      formatNumber(rowEpsilon(row, config.dimension)),
      formatNumber(row.t),
      ...config.metrics.map((m) => formatNumber(metricValue(row, m))),
      ...(withBound
        ? [formatNumber((row as { densityBound?: { ratio: number } }).densityBound?.ratio)]
        : []),
    ]),
  );
  const theory = theoremLines(config);
  const parts = [table, "", renderRates(state.rates, theory.lines, theory.note)];
  const floor = errorFloorOf(state);
  if (floor) {
    const tFinal = config.dynamics.times[config.dynamics.times.length - 1];
    const atFinal = floor.interactionOff.filter((r) => sameTime(r.t, tFinal, config.dynamics.dt));
    const offText = atFinal
      .map((r) => `N=${r.N}: ${formatNumber(metricValue(r, config.metrics[0]))}`)
      .join(", ");
    const refineText = Object.entries(floor.refinement.relativeChange)
      .map(([m, v]) => `${m} ${formatNumber(v)}`)
      .join(", ");
    parts.push(
      "",
      `error floor: with V = 0 (same grids) ${config.metrics[0]} at t = ${formatNumber(tFinal)}: ${offText || "-"}`,
      `             grids refined x2 at N = ${floor.refinement.N}, t = ${formatNumber(tFinal)}, relative change: ${refineText || "-"}`,
    );
  }
  return parts.join("\n");
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
  let raw: unknown = explicit;
  let outPath: string | undefined;
  let previousRows: StoredRow[] = [];
  let previous: Partial<ReturnType<typeof resultsDocument>> | undefined;
  if (options.resume !== undefined) {
    outPath = checkOutputDirectory(options.resume, "resume", "--resume");
    const directory = new OutputDirectory(outPath);
    previous = directory.readJson(FILES.results) as typeof previous;
    if (!previous?.config) {
      throw new CliError(`--resume ${options.resume}: ${FILES.results} holds no config`);
    }
    const storedConfig = resolveStudyConfig(previous.config);
    if (explicit !== undefined) {
      const given = resolveStudyConfig(explicit);
      if (JSON.stringify(given) !== JSON.stringify(storedConfig)) {
        throw new CliError(
          `--resume ${options.resume}: the given config differs from the one the study was ` +
            "started with; omit the config to continue the stored one",
        );
      }
    }
    raw = storedConfig;
    previousRows = directory.readRows().filter(isStoredRow);
  }
  const { config, plan } = loadStudy(raw ?? studyPreset(DEFAULT_PRESET));
  const jobs = parseJobs(options.jobs, config.N.length);
  if (options.out !== undefined && options.resume === undefined) {
    outPath = checkOutputDirectory(options.out, "new");
  }
  const { dt, times } = config.dynamics;
  const rows: StoredRow[] = previousRows.filter(
    (r) => config.N.includes(r.N) && times.some((t) => sameTime(t, r.t, dt)),
  );

  // 2. From here on, files may be written.
  const out = outPath ? new OutputDirectory(outPath) : undefined;
  const view = new ProgressView(progressMode(!!options.quiet));
  const state: StudyState = {
    config,
    plan,
    rows,
    status: "running",
    startedAt: new Date().toISOString(),
    timings: { totalSeconds: 0, tasks: { ...(previous?.timings?.tasks ?? {}) } },
    snapshots: [...(previous?.snapshots ?? [])],
    files: [...(previous?.files ?? [])],
    rates: [],
  };
  if (out) {
    out.create();
    if (options.resume !== undefined) out.rewriteRows(rows);
    state.files = [...new Set([...state.files, FILES.results, FILES.rows])];
    out.writeJson(FILES.results, resultsDocument(state));
  }
  const started = performance.now();
  const saveState = () => {
    state.timings.totalSeconds = (performance.now() - started) / 1000;
    out?.writeJson(FILES.results, resultsDocument(state));
  };

  const doneTimes = (phase: RowPhase, N: number) =>
    rows.filter((r) => r.N === N && phaseOf(r) === phase).map((r) => r.t);
  const isDone = (task: Task) =>
    (!task.arrays || state.snapshots.includes(task.N)) &&
    task.times.every((t) => doneTimes(task.kind, task.N).some((s) => sameTime(s, t, dt)));
  const tasks = studyTasks(config, plan, out !== undefined);
  const pending = tasks.filter((task) => !isDone(task)).sort((a, b) => b.cost - a.cost);
  if (options.resume !== undefined) {
    view.log(
      `resuming ${out?.path}: ${rows.length} finished rows kept, ${pending.length} of ${tasks.length} tasks to run`,
    );
  }
  for (const task of pending) view.add(taskLabel(task), taskLabel(task));

  // 3. Run the tasks on worker threads, `jobs` at a time.
  const workers = new Set<Worker>();
  let interrupted = false;
  let failure: { name: string; message: string } | undefined;
  let newRows = 0;
  const stopAll = () => {
    for (const worker of workers) void worker.terminate();
  };
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    stopAll();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const runTask = (task: Task) =>
    new Promise<void>((resolveTask) => {
      const key = taskLabel(task);
      const phase: RowPhase = task.kind;
      const input: WorkerInput = {
        kind: task.kind,
        config,
        N: task.N,
        doneTimes: doneTimes(phase, task.N),
        arrays: task.arrays && !state.snapshots.includes(task.N),
      };
      const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: input });
      workers.add(worker);
      const taskStart = performance.now();
      let finished = false;
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "row") {
          if (!isStoredRow(message.row)) return;
          const row: StoredRow = { ...message.row, phase };
          const duplicate = rows.some(
            (r) => r.N === row.N && phaseOf(r) === phase && sameTime(r.t, row.t, dt),
          );
          if (duplicate) return;
          rows.push(row);
          newRows++;
          out?.appendRow(row);
          saveState();
          if (view.mode === "lines") {
            const value = metricValue(row, config.metrics[0]);
            view.log(
              `${key}: t = ${formatNumber(row.t)} done, ${config.metrics[0]} = ${formatNumber(value)}`,
            );
          }
        } else if (message.type === "progress") {
          view.update(key, message.fraction, message.detail);
        } else if (message.type === "arrays") {
          if (out) {
            const written = writeArrays(out, task.N, message.arrays);
            const figure = writeWignerFigure(out, task.N, message.arrays);
            state.files = [...new Set([...state.files, ...written, ...(figure ? [figure] : [])])];
            state.snapshots = [...new Set([...state.snapshots, task.N])];
            saveState();
          }
        } else if (message.type === "done") {
          finished = true;
          const seconds = (performance.now() - taskStart) / 1000;
          state.timings.tasks[key] = seconds;
          saveState();
          view.finish(key, `done in ${seconds.toFixed(1)} s`);
          void worker.terminate();
        } else if (message.type === "error") {
          failure ??= { name: message.name, message: message.message };
          stopAll();
        }
      });
      worker.on("error", (error) => {
        failure ??= { name: error.name, message: error.stack ?? error.message };
        stopAll();
      });
      worker.on("exit", () => {
        workers.delete(worker);
        if (!finished && !failure && !interrupted) {
          failure = { name: "Error", message: `the worker of task "${key}" exited early` };
        }
        resolveTask();
      });
    });

  const queue = [...pending];
  const runners = Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length > 0 && !interrupted && !failure) {
      await runTask(queue.shift() as Task);
    }
  });
  await Promise.all(runners);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  view.close();

  // 4. Outcomes.
  if (failure) {
    const parameterError = failure.name === "ParameterError";
    if (parameterError && newRows === 0 && out && options.resume === undefined) {
      // A config the study itself rejects: leave nothing half-written.
      rmSync(out.path, { recursive: true, force: true });
    } else {
      state.status = "failed";
      state.error = failure.message;
      saveState();
    }
    if (parameterError) throw new CliError(`invalid config: ${failure.message}`);
    throw new CliError(
      `the study failed: ${failure.message}${out ? `\nfinished rows are kept in ${out.path}` : ""}`,
      1,
    );
  }
  if (interrupted) {
    state.status = "interrupted";
    saveState();
    process.stderr.write(
      out
        ? `interrupted: ${rows.length} finished rows saved in ${out.path}; continue with --resume ${out.path}\n`
        : "interrupted (no --out: nothing saved)\n",
    );
    return EXIT_INTERRUPTED;
  }

  const main = rows.filter((r) => phaseOf(r) === "main");
  state.rates = fitRates(config, main);
  state.status = "complete";
  if (out) {
    out.writeText(FILES.csv, csvText(config, main));
    const theory = theoremLines(config);
    const plots = [
      ...writeRatePlots(out, config, main, state.rates, theory.lines),
      ...writeTimePlots(out, config, main, config.metrics),
    ];
    state.files = [...new Set([...state.files, FILES.csv, ...plots])];
  }
  saveState();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(resultsDocument(state), null, 2)}\n`);
  } else {
    process.stdout.write(`${renderStudy(state)}\n`);
    if (out) process.stdout.write(`\nwrote ${state.files.length} files to ${out.path}\n`);
  }
  return 0;
}
