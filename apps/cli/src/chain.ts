/**
 * `semiclassical chain`: the three-way comparison many-body -> Hartree-Fock -> Vlasov of
 * @semiclassical/study (`planChain`, `runChain`, `assembleChainResult`). The CLI adds files,
 * progress, resume, signals and exit codes; the numbers are the study package's.
 */
import {
  assembleChainResult,
  CHAIN_DISTANCES,
  type ChainResult,
  type ChainRow,
  chainPreset,
  chainTimes,
  planChain,
  runChain,
} from "@semiclassical/study";
import { CliError, EXIT_INTERRUPTED, EXIT_UNTRUSTED } from "./errors.js";
import { readJsonFile } from "./load.js";
import { checkOutputDirectory, FILES, OutputDirectory } from "./output.js";
import { writePlot } from "./plot-render.js";
import { PALETTE } from "./plot-specs/index.js";
import { lineChart, type Series } from "./plots.js";
import { ProgressView, progressMode } from "./progress.js";
import { formatNumber, renderTable } from "./table.js";

/** Default preset of `semiclassical chain` without a config. */
export const DEFAULT_CHAIN_PRESET = "chain-smooth";

/** Files of a chain output directory (rows stream into rows.jsonl as in `study`). */
export const CHAIN_FILES = {
  result: "chain.json",
  csv: "chain.csv",
  rows: FILES.rows,
  /** The three distances against N at the last time (.svg and .png). */
  plot: "chain-distances",
} as const;

/** Options of `semiclassical chain` (as commander parses them). */
export interface ChainOptions {
  preset?: string;
  out?: string;
  json?: boolean;
  resume?: string;
  quiet?: boolean;
}

const SHORT: Record<(typeof CHAIN_DISTANCES)[number], string> = {
  manyBodyVsHartreeFock: "MB-HF",
  hartreeFockVsVlasov: "HF-Vlasov",
  manyBodyVsVlasov: "MB-Vlasov",
};

/** A distance cell: the value when its floor allows it, else "<= floor" (never a false result). */
function cell(row: ChainRow, d: (typeof CHAIN_DISTANCES)[number]): string {
  const verdict = row[`${d}Verdict`];
  if (verdict === "floor-limited") return `floor-limited (floor ${formatNumber(row[`${d}Floor`])})`;
  return `${formatNumber(row[d])} (floor ${formatNumber(row[`${d}Floor`])})`;
}

/**
 * The plot of a chain result: the three distances against N at the last time (log-log), solid
 * with dots where resolved (a floor-limited distance is never drawn as a result), each floor
 * dashed in the same colour. The CLI's line-chart spec (plot-specs). Cost O(#rows).
 */
export function chainPlotSvg(result: ChainResult): string {
  const tLast = Math.max(...chainTimes(result.config));
  const rows = result.rows.filter((r) => r.t === tLast);
  // MB-Vlasov is drawn before HF-Vlasov, and HF-Vlasov as a line without dots: where the
  // semiclassical error dominates the two nearly coincide and both stay visible.
  const order = ["manyBodyVsHartreeFock", "manyBodyVsVlasov", "hartreeFockVsVlasov"] as const;
  const series: Series[] = order.flatMap((d) => {
    const color = PALETTE[CHAIN_DISTANCES.indexOf(d) % PALETTE.length];
    const resolved = rows.filter((r) => r[`${d}Verdict`] === "resolved");
    return [
      {
        label: SHORT[d],
        x: resolved.map((r) => r.N),
        y: resolved.map((r) => r[d]),
        color,
        markers: d !== "hartreeFockVsVlasov",
      },
      {
        label: `${SHORT[d]} floor`,
        x: rows.map((r) => r.N),
        y: rows.map((r) => r[`${d}Floor`]),
        color,
        dashed: true,
        markers: false,
      },
    ];
  });
  const initial =
    result.config.manyBody.initial === "ground" ? "interacting ground state" : "Slater determinant";
  return lineChart({
    title: `(1/N) tr|.| at t = ${formatNumber(tLast)}, from the ${initial} (${result.config.manyBody.method} method)`,
    xLabel: "N",
    yLabel: "distance per particle",
    logX: true,
    logY: true,
    series,
  }).svg;
}

/** The table of a chain result: rows (N, t, three distances with floors), then the rates. */
export function renderChain(result: ChainResult): string {
  const header = ["N", "eps", "t", ...CHAIN_DISTANCES.map((d) => SHORT[d])];
  const table = renderTable(
    header,
    result.rows.map((r) => [
      String(r.N),
      formatNumber(r.epsilon),
      formatNumber(r.t),
      ...CHAIN_DISTANCES.map((d) => cell(r, d)),
    ]),
  );
  const tLast = Math.max(...chainTimes(result.config));
  const rates = result.fits
    .filter((f) => f.t === tLast && f.variable === "eps")
    .map((f) =>
      f.slope === null
        ? `  ${SHORT[f.distance]}: no rate (${f.reason})`
        : `  ${SHORT[f.distance]}: slope ${formatNumber(f.slope)} in eps` +
          `${f.slopeStdError === null ? "" : ` +- ${formatNumber(f.slopeStdError)}`} (N = ${f.N.join(", ")})`,
    );
  const ground = result.config.manyBody.initial === "ground";
  const correlations = ground
    ? [
        "from the interacting ground state: the t = 0 MB-HF distance is the correlation of the",
        "interacting ground state (physics, not a numerical error):",
        ...result.rows
          .filter((r) => r.t === 0)
          .map(
            (r) =>
              `  N = ${r.N}: (1/N) tr|gamma_0 - omega_0| = ${cell(r, "manyBodyVsHartreeFock")}`,
          ),
      ]
    : [];
  const borrowed = [
    ...new Set(
      result.rows
        .filter((r) => r.manyBodyFloorN !== r.N)
        .map((r) => `N = ${r.N} from N = ${r.manyBodyFloorN}`),
    ),
  ];
  return [
    `chain ${result.config.study.name ?? ""} (many-body method: ${result.config.manyBody.method}, ` +
      `from the ${ground ? "interacting ground state" : "Slater determinant"}); distances (1/N) tr|.|`,
    table,
    ...correlations,
    ...(borrowed.length > 0
      ? [
          `many-body floor measured at a smaller N (its refinement does not fit budget.maxBytes): ${borrowed.join(", ")}`,
        ]
      : []),
    `rates at t = ${formatNumber(tLast)} (distance ~ C eps^r, resolved rows; in 1/N see ${CHAIN_FILES.result}):`,
    ...rates,
  ].join("\n");
}

/** chain.csv: one line per row, every field of {@link ChainRow}. */
export function chainCsv(rows: readonly ChainRow[]): string {
  if (rows.length === 0) return "";
  const keys = Object.keys(rows[0]) as (keyof ChainRow)[];
  return `${[keys.join(","), ...rows.map((r) => keys.map((k) => String(r[k])).join(","))].join("\n")}\n`;
}

function isChainRow(value: unknown): value is ChainRow {
  const r = value as Partial<ChainRow>;
  return (
    typeof r?.N === "number" && typeof r.t === "number" && typeof r.manyBodyVsVlasov === "number"
  );
}

/** Runs `semiclassical chain`; returns the exit code. */
export async function chainCommand(
  configPath: string | undefined,
  options: ChainOptions,
): Promise<number> {
  // 1. Every input check before anything is written or computed.
  if (configPath !== undefined && options.preset !== undefined) {
    throw new CliError("give either a config file or --preset NAME, not both");
  }
  if (options.resume !== undefined && options.out !== undefined && options.out !== options.resume) {
    throw new CliError("--resume DIR writes into DIR: do not give a different --out");
  }
  let input: unknown =
    configPath !== undefined
      ? readJsonFile(configPath)
      : options.preset !== undefined
        ? chainPreset(options.preset)
        : undefined;
  let out: OutputDirectory | undefined;
  let completed: ChainRow[] = [];
  if (options.resume !== undefined) {
    out = new OutputDirectory(checkOutputDirectory(options.resume, "resume", "--resume"));
    const stored = (out.readJson(CHAIN_FILES.result) as { input?: unknown } | undefined)?.input;
    if (stored === undefined) {
      throw new CliError(`--resume ${options.resume}: ${CHAIN_FILES.result} holds no chain config`);
    }
    if (input !== undefined && JSON.stringify(input) !== JSON.stringify(stored)) {
      throw new CliError(
        `--resume ${options.resume}: the given config differs from the one the chain was started with; omit it`,
      );
    }
    input = stored;
    completed = out.readRows().filter(isChainRow);
  }
  input ??= chainPreset(DEFAULT_CHAIN_PRESET);
  // Resolves the config and refuses N or n beyond the memory budget (exit 2), before any work.
  const plan = planChain(input as Parameters<typeof planChain>[0]);
  if (options.out !== undefined && options.resume === undefined) {
    out = new OutputDirectory(checkOutputDirectory(options.out, "new"));
  }

  // 2. From here on, files may be written.
  const rows: ChainRow[] = [...completed];
  const document = (status: string) => ({
    status,
    input,
    ...assembleChainResult(plan, rows),
  });
  if (out) {
    out.create();
    if (options.resume !== undefined) out.rewriteRows(rows);
    out.writeJson(CHAIN_FILES.result, document("running"));
  }
  const view = new ProgressView(progressMode(!!options.quiet));
  for (const c of plan.cases) view.add(`N=${c.N}`, `N=${c.N} chain`, c.manyBodyBytes);
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let result: ChainResult;
  try {
    result = await runChain(input as Parameters<typeof runChain>[0], {
      signal: controller.signal,
      completedRows: completed,
      onProgress: (p) => {
        const key = `N=${p.N}`;
        if (p.stage === "done") view.finish(key);
        else
          view.update(
            key,
            p.steps > 0 ? p.step / p.steps : 0,
            `${p.stage} step ${p.step}/${p.steps}`,
          );
      },
      onRow: (row) => {
        rows.push(row);
        out?.appendRow(row);
        out?.writeJson(CHAIN_FILES.result, document("running"));
      },
    });
  } catch (error) {
    view.close();
    if (controller.signal.aborted) {
      out?.writeJson(CHAIN_FILES.result, document("interrupted"));
      process.stderr.write(
        out
          ? `interrupted: ${rows.length} finished rows saved in ${out.path}; continue with --resume ${out.path}\n`
          : "interrupted (no --out: nothing saved)\n",
      );
      return EXIT_INTERRUPTED;
    }
    out?.writeJson(CHAIN_FILES.result, document("failed"));
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  view.close();
  const final = { status: "complete", input, ...result };
  const written: string[] = [CHAIN_FILES.result, CHAIN_FILES.csv, CHAIN_FILES.rows];
  if (out) {
    out.writeJson(CHAIN_FILES.result, final);
    out.writeText(CHAIN_FILES.csv, chainCsv(result.rows));
    written.push(...writePlot(out, CHAIN_FILES.plot, chainPlotSvg(result)));
  }
  if (options.json) process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
  else {
    process.stdout.write(`${renderChain(result)}\n`);
    if (out) process.stdout.write(`\nwrote ${written.join(", ")} to ${out.path}\n`);
  }
  if (result.floorLimited.length > 0) {
    // Exit 0 only when every distance after t = 0 is well above its floor (issue 12's rule).
    process.stderr.write(
      `semiclassical: ${result.floorLimited.length} distance(s) are not above their floor ` +
        `(${result.floorLimited.slice(0, 3).join("; ")}${result.floorLimited.length > 3 ? "; ..." : ""}); ` +
        "refine the grids (grid.box, manyBody.points) or the basis (manyBody.basisSize)\n",
    );
    return EXIT_UNTRUSTED;
  }
  return 0;
}
