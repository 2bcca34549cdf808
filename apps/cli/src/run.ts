import { rmSync } from "node:fs";
import {
  type DiagnosticsSample,
  type EvolutionResult,
  evolveStudyCase,
} from "@semiclassical/study";
import { collectArrays } from "./arrays.js";
import { fileStem, wignerFigureSvg, writeArrays } from "./artifacts.js";
import { CliError, EXIT_INTERRUPTED } from "./errors.js";
import { loadStudy, readJsonFile } from "./load.js";
import { checkOutputDirectory, OutputDirectory } from "./output.js";
import { plotSvg, writePlot } from "./plot-render.js";
import { timePlotSpec } from "./plot-specs/index.js";
import { ProgressView, progressMode } from "./progress.js";
import { formatNumber, renderTable } from "./table.js";
import { versions } from "./versions.js";

/** Options of `semiclassical run`. */
export interface RunOptions {
  solver: "hf" | "vlasov";
  N?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

const COLUMNS: [keyof DiagnosticsSample, string][] = [
  ["t", "t"],
  ["energy", "energy"],
  ["kineticEnergy", "kinetic"],
  ["externalEnergy", "external"],
  ["interactionEnergy", "interaction"],
  ["mass", "mass"],
  ["invariant", "invariant"],
];

/**
 * Runs `semiclassical run config.json`: one Hartree(-Fock) or Vlasov evolution of the config for
 * one N with diagnostics over time (energy and its parts, mass = tr omega / N or int int W, and
 * the invariant: the spectrum drift of omega (HF) or min W (Vlasov)). Returns the exit code.
 */
export async function runCommand(path: string, options: RunOptions): Promise<number> {
  const { config } = loadStudy(readJsonFile(path));
  let N = config.N[0];
  if (options.N !== undefined) {
    N = Number(options.N);
    if (!Number.isInteger(N) || N < 1) {
      throw new CliError(`--N: must be an integer >= 1, got ${JSON.stringify(options.N)}`);
    }
  }
  const single = loadStudy({ ...config, N: [N] }).config;
  const outPath = options.out !== undefined ? checkOutputDirectory(options.out, "new") : undefined;
  const hartreeFock = options.solver === "hf";
  const label = hartreeFock ? "Hartree-Fock" : "Vlasov";

  const out = outPath ? new OutputDirectory(outPath) : undefined;
  const view = new ProgressView(progressMode(!!options.quiet));
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.on("SIGINT", onSignal);
  const key = `N=${N} ${label}`;
  view.add(key, key);
  const started = performance.now();
  let result: EvolutionResult;
  try {
    result = await evolveStudyCase(single, N, {
      solvers: { hartreeFock, vlasov: !hartreeFock },
      signal: controller.signal,
      onProgress: (step, steps, stage) =>
        view.update(key, steps > 0 ? step / steps : 0, `${stage} ${step}/${steps}`),
    });
  } catch (error) {
    view.close();
    if (controller.signal.aborted) {
      process.stderr.write("interrupted: nothing written\n");
      return EXIT_INTERRUPTED;
    }
    if ((error as Error).name === "ParameterError") {
      throw new CliError(`invalid config: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
  }
  const seconds = (performance.now() - started) / 1000;
  view.finish(key, `done in ${seconds.toFixed(1)} s`);
  view.close();
  const side = hartreeFock ? result.hartreeFock : result.vlasov;
  if (!side) throw new Error("the evolution returned no result");
  const e0 = side.diagnostics[0].energy;
  const diagnostics = side.diagnostics.map((d) => ({
    ...d,
    energyDrift: Math.abs(e0) > 0 ? (d.energy - e0) / Math.abs(e0) : d.energy - e0,
  }));

  const files: string[] = [];
  const document = () => ({
    tool: "semiclassical run",
    versions: versions(),
    solver: label,
    N,
    epsilon: result.epsilon,
    config: single,
    diagnostics,
    timings: { totalSeconds: seconds },
    files,
  });
  if (out) {
    try {
      out.create();
      const arrays = collectArrays({
        [hartreeFock ? "wignerHartreeFock" : "wignerVlasov"]: side.wigner,
        [hartreeFock ? "densityHartreeFock" : "densityVlasov"]: side.density,
      }).list;
      files.push(...writeArrays(out, N, arrays));
      const header = ["step", ...COLUMNS.map(([k]) => k), "energyDrift"];
      const csv = diagnostics.map((d) =>
        [d.step, ...COLUMNS.map(([k]) => d[k]), d.energyDrift].join(","),
      );
      out.writeText("run.csv", `${header.join(",")}\n${csv.join("\n")}\n`);
      files.push("run.csv");
      const energyPlot = plotSvg(
        timePlotSpec({
          yLabel: "(E(t) − E(0)) / |E(0)|",
          series: [
            {
              label: `${label}, N = ${N}: relative energy drift`,
              points: diagnostics.map((d) => ({ t: d.t, value: d.energyDrift })),
            },
          ],
        }),
      );
      files.push(...writePlot(out, "energy", energyPlot));
      const phase = arrays.find((a) => a.kind === "phase-space");
      if (phase && phase.shape.length === 2) {
        const [nx, nv] = phase.shape;
        const [ax, av] = phase.axes;
        const figure = wignerFigureSvg(
          `${label} Wigner function at t = ${single.dynamics.tFinal}, N = ${N}`,
          [
            {
              images: [
                {
                  values: phase.data,
                  nx,
                  nv,
                  xRange: [ax.origin, ax.origin + (nx - 1) * ax.spacing],
                  vRange: [av.origin, av.origin + (nv - 1) * av.spacing],
                },
              ],
              titles: [fileStem(phase.path)],
              scaleLabel: "W",
            },
          ],
        );
        files.push(...writePlot(out, `wigner-N${N}`, figure));
      }
      files.push("run.json");
      out.writeJson("run.json", document());
    } catch (error) {
      rmSync(out.path, { recursive: true, force: true });
      throw error;
    }
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(document(), null, 2)}\n`);
  } else {
    const every = Math.max(1, Math.ceil(diagnostics.length / 21));
    const shown = diagnostics.filter((_, i) => i % every === 0 || i === diagnostics.length - 1);
    process.stdout.write(
      `${label} evolution, N = ${N}, eps = ${formatNumber(result.epsilon)} (${seconds.toFixed(1)} s)\n` +
        `${renderTable(
          [...COLUMNS.map(([, name]) => name), "energy drift"],
          shown.map((d) => [
            ...COLUMNS.map(([k]) => formatNumber(d[k])),
            formatNumber(d.energyDrift),
          ]),
        )}\n` +
        `invariant: ${hartreeFock ? "drift of the spectrum of omega (unitary flow)" : "min W (conserved by the exact flow)"}\n`,
    );
    if (out) process.stdout.write(`wrote ${files.length} files to ${out.path}\n`);
  }
  return 0;
}
