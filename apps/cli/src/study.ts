import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  DEFAULT_PRESET,
  resolveStudyConfig,
  type StudyConfig,
  type StudyPlan,
  studyPreset,
} from "@semiclassical/metrics";
import type { FoundArray } from "./arrays.js";
import {
  writeArrays,
  writeRatePlots,
  writeTimePlots,
  writeWignerFigure,
} from "./artifacts.js";
import { CliError, EXIT_INTERRUPTED } from "./errors.js";
import { fitRates, type RateRecord, theoremLines } from "./fits.js";
import { loadStudy, readJsonFile } from "./load.js";
import { checkOutputDirectory, FILES, OutputDirectory } from "./output.js";
import { ProgressView, progressMode } from "./progress.js";
import {
  isStoredRow,
  rowEpsilon,
  rowQuantities,
  sameTime,
  type StoredRow,
} from "./rows.js";
import { formatNumber, renderRates, renderTable } from "./table.js";
import { versions } from "./versions.js";
import type { WorkerInput, WorkerMessage } from "./worker.js";

/** Options of `semiclassical study` (as commander parses them). */
export interface StudyOptions {
  preset?: string;
  out?: string;
  json?: boolean;
  jobs?: string;
  resume?: string;
  quiet?: boolean;
}

/** Parses --jobs: an integer >= 1; default min(|N|, available cores). */
export function parseJobs(value: string | undefined, tasks: number): number {
  if (value === undefined) return Math.max(1, Math.min(tasks, availableParallelism()));
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new CliError(`--jobs: must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return jobs;
}

/** Where the config comes from: a file, a preset, a resumed directory or the default preset. */
function readSource(configPath: string | undefined, options: StudyOptions): unknown {
  if (configPath !== undefined && options.preset !== undefined) {
    throw new CliError("give either a config file or --preset NAME, not both");
  }
  if (configPath !== undefined) return readJsonFile(configPath);
  if (options.preset !== undefined) return studyPreset(options.preset);
  return undefined;
}

/** The resolved plan as it goes into results.json (and `validate`). */
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

/** Quantities shown and fitted: every numeric field of the rows, in order of first appearance. */
export function rowQuantityNames(rows: readonly StoredRow[]): string[] {
  const names: string[] = [];
  for (const row of rows) {
    for (const key of rowQuantities(row).keys()) if (!names.includes(key)) names.push(key);
  }
  return names;
}

/** The state of a study run, as written to results.json. */
interface StudyState {
  config: StudyConfig;
  plan: StudyPlan;
  rows: StoredRow[];
  status: "running" | "complete" | "interrupted" | "failed";
  startedAt: string;
  timings: { totalSeconds: number; perN: Record<string, number> };
  summaries: Record<string, unknown>;
  files: string[];
  rates: RateRecord[];
  error?: string;
}

function resultsDocument(state: StudyState) {
  return {
    tool: "semiclassical study",
    versions: versions(),
    status: state.status,
    startedAt: state.startedAt,
    config: state.config,
    plan: describePlan(state.plan),
    theorems: theoremLines(state.config),
    rows: sortRows(state.rows),
    rates: state.rates,
    summaries: state.summaries,
    timings: state.timings,
    files: state.files,
    ...(state.error ? { error: state.error } : {}),
  };
}

function sortRows(rows: readonly StoredRow[]): StoredRow[] {
  return [...rows].sort((a, b) => a.N - b.N || a.t - b.t);
}

function csvText(config: StudyConfig, rows: readonly StoredRow[], quantities: readonly string[]) {
  const escape = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [["N", "epsilon", "t", ...quantities].map(escape).join(",")];
  for (const row of sortRows(rows)) {
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

/** The terminal table: N, eps, t, each quantity; then the rates beside the theorems. */
export function renderStudy(
  config: StudyConfig,
  rows: readonly StoredRow[],
  rates: readonly RateRecord[],
): string {
  const quantities = rowQuantityNames(rows);
  const table = renderTable(
    ["N", "eps", "t", ...quantities],
    sortRows(rows).map((row) => {
      const q = rowQuantities(row);
      return [
        String(row.N),
        formatNumber(rowEpsilon(row, config.dimension)),
        formatNumber(row.t),
        ...quantities.map((name) => formatNumber(q.get(name))),
      ];
    }),
  );
  return `${table}\n\n${renderRates(rates, theoremLines(config))}`;
}

function progressOf(progress: unknown): { fraction: number; detail: string } | undefined {
  if (!progress || typeof progress !== "object") return undefined;
  const p = progress as Record<string, unknown>;
  const phase = typeof p.phase === "string" ? p.phase : typeof p.stage === "string" ? p.stage : "";
  let fraction: number | undefined;
  if (typeof p.fraction === "number") fraction = p.fraction;
  else if (typeof p.step === "number" && typeof p.steps === "number" && p.steps > 0) {
    fraction = p.step / p.steps;
  } else if (typeof p.done === "number" && typeof p.total === "number" && p.total > 0) {
    fraction = p.done / p.total;
  }
  if (fraction === undefined) return undefined;
  const step =
    typeof p.step === "number" && typeof p.steps === "number" ? ` step ${p.step}/${p.steps}` : "";
  return { fraction, detail: `${phase}${step}`.trim() };
}

/** Runs `semiclassical study`; returns the exit code. */
export async function studyCommand(
  configPath: string | undefined,
  options: StudyOptions,
): Promise<number> {
  // 1. Everything that can be wrong with the input is checked before anything is written.
  if (options.resume !== undefined && options.out !== undefined && options.out !== options.resume) {
    throw new CliError("--resume DIR writes into DIR: do not give a different --out");
  }
  const explicit = readSource(configPath, options);
  let raw: unknown = explicit ?? (options.resume === undefined ? studyPreset(DEFAULT_PRESET) : undefined);
  let outPath: string | undefined;
  let resumedRows: StoredRow[] = [];
  if (options.resume !== undefined) {
    outPath = checkOutputDirectory(options.resume, "resume", "--resume");
    const previous = new OutputDirectory(outPath);
    const stored = previous.readJson(FILES.results) as { config?: unknown } | undefined;
    if (!stored?.config) {
      throw new CliError(`--resume ${options.resume}: ${FILES.results} holds no config`);
    }
    const storedConfig = resolveStudyConfig(stored.config);
    if (explicit !== undefined) {
      const given = resolveStudyConfig(explicit);
      if (JSON.stringify(given) !== JSON.stringify(storedConfig)) {
        throw new CliError(
          `--resume ${options.resume}: the given config differs from the one the study was started ` +
            "with; omit the config to continue the stored one",
        );
      }
    }
    raw = storedConfig;
    resumedRows = previous.readRows().filter(isStoredRow);
  }
  const { config, plan } = loadStudy(raw);
  const jobs = parseJobs(options.jobs, config.N.length);
  if (options.out !== undefined && options.resume === undefined) {
    outPath = checkOutputDirectory(options.out, "new");
  }
  const dt = config.dynamics.dt;
  const rows: StoredRow[] = resumedRows.filter(
    (r) => config.N.includes(r.N) && config.dynamics.times.some((t) => sameTime(t, r.t, dt)),
  );

  // 2. From here on, files may be written.
  const out = outPath ? new OutputDirectory(outPath) : undefined;
  const createdDirectory = out !== undefined && options.resume === undefined;
  const view = new ProgressView(progressMode(!!options.quiet));
  const state: StudyState = {
    config,
    plan,
    rows,
    status: "running",
    startedAt: new Date().toISOString(),
    timings: { totalSeconds: 0, perN: {} },
    summaries: {},
    files: [],
    rates: [],
  };
  if (out) {
    out.create();
    if (options.resume !== undefined) {
      out.rewriteRows(rows);
      const previous = out.readJson(FILES.results) as Partial<StudyState> | undefined;
      if (previous?.timings?.perN) state.timings.perN = { ...previous.timings.perN };
      if (Array.isArray(previous?.files)) state.files = [...previous.files];
      if (previous?.summaries) state.summaries = { ...previous.summaries };
    }
    out.writeJson(FILES.results, resultsDocument(state));
    state.files = [...new Set([...state.files, FILES.results, FILES.rows])];
  }
  const started = performance.now();
  const saveState = () => {
    state.timings.totalSeconds = (performance.now() - started) / 1000;
    out?.writeJson(FILES.results, resultsDocument(state));
  };

  const pending = config.N.filter(
    (N) => !config.dynamics.times.every((t) => rows.some((r) => r.N === N && sameTime(r.t, t, dt))),
  );
  if (rows.length > 0) {
    view.log(
      `resuming: ${rows.length} finished rows kept; ${pending.length} of ${config.N.length} N to run`,
    );
  }
  for (const N of pending) view.add(String(N), `N=${N}`);

  // 3. Run each pending N on a worker thread, `jobs` at a time.
  const workers = new Set<Worker>();
  let interrupted = false;
  let failure: { message: string; parameter?: string; name: string } | undefined;
  let newRows = 0;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    for (const worker of workers) void worker.terminate();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const runOne = (N: number) =>
    new Promise<void>((resolveTask) => {
      const doneTimes = rows.filter((r) => r.N === N).map((r) => r.t);
      const input: WorkerInput = { config: { ...config, N: [N] }, doneTimes };
      const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: input });
      workers.add(worker);
      const taskStart = performance.now();
      let finished = false;
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "row") {
          if (!isStoredRow(message.row)) return;
          const row = message.row;
          if (rows.some((r) => r.N === row.N && sameTime(r.t, row.t, dt))) return;
          rows.push(row);
          newRows++;
          out?.appendRow(row);
          saveState();
          if (view.mode === "lines") {
            const q = rowQuantities(row);
            const first = [...q.entries()].slice(0, 2);
            view.log(
              `N=${row.N} t=${formatNumber(row.t)} done` +
                first.map(([k, v]) => ` ${k}=${formatNumber(v)}`).join(""),
            );
          }
        } else if (message.type === "progress") {
          const p = progressOf(message.progress);
          if (p) view.update(String(N), p.fraction, p.detail);
        } else if (message.type === "done") {
          finished = true;
          state.timings.perN[String(N)] = (performance.now() - taskStart) / 1000;
          state.summaries[String(N)] = message.summary;
          if (out) {
            const arrays = message.arrays as FoundArray[];
            const written = writeArrays(out, N, arrays);
            const figure = writeWignerFigure(out, N, arrays);
            state.files = [...new Set([...state.files, ...written, ...(figure ? [figure] : [])])];
          }
          saveState();
          view.finish(String(N), `done in ${state.timings.perN[String(N)].toFixed(1)} s`);
        } else if (message.type === "error") {
          failure ??= message;
          onSignalFailure();
        }
      });
      worker.on("error", (error) => {
        failure ??= { name: error.name, message: error.stack ?? error.message };
        onSignalFailure();
      });
      worker.on("exit", () => {
        workers.delete(worker);
        if (!finished && !failure && !interrupted) {
          failure = { name: "Error", message: `the worker for N = ${N} exited early` };
        }
        resolveTask();
      });
    });
  const onSignalFailure = () => {
    for (const worker of workers) void worker.terminate();
  };

  const queue = [...pending].sort((a, b) => b - a); // largest N first: it takes longest
  const runners = Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length > 0 && !interrupted && !failure) {
      const N = queue.shift() as number;
      await runOne(N);
    }
  });
  await Promise.all(runners);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  view.close();

  // 4. Outcomes.
  if (failure) {
    const parameterError = failure.name === "ParameterError";
    if (parameterError && newRows === 0 && createdDirectory && out && options.resume === undefined) {
      // A config the study rejects: leave nothing half-written.
      const { rmSync } = await import("node:fs");
      rmSync(out.path, { recursive: true, force: true });
    } else {
      state.status = "failed";
      state.error = failure.message;
      saveState();
    }
    if (parameterError) throw new CliError(`invalid config: ${failure.message}`);
    throw new CliError(
      `the study failed: ${failure.message}${out ? `\nfinished rows are in ${out.path}` : ""}`,
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

  const quantities = rowQuantityNames(rows);
  state.rates = fitRates(config, rows, quantities);
  state.status = "complete";
  if (out) {
    out.writeText(FILES.csv, csvText(config, rows, quantities));
    const plots = [
      ...writeRatePlots(out, config, rows, state.rates, theoremLines(config)),
      ...writeTimePlots(out, config, rows, quantities),
    ];
    state.files = [...new Set([...state.files, FILES.csv, ...plots])];
  }
  saveState();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(resultsDocument(state), null, 2)}\n`);
  } else {
    process.stdout.write(`${renderStudy(config, rows, state.rates)}\n`);
    if (out) process.stdout.write(`\nwrote ${state.files.length} files to ${out.path}\n`);
  }
  return 0;
}

