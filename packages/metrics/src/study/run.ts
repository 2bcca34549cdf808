import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  type Grid,
  harmonicTrap,
  noExternalPotential,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import { HartreeFockSolver } from "@semiclassical/hartree-fock";
import { type DensityMatrix, toDense, weylQuantize, wignerTransform } from "@semiclassical/quantum";
import { VlasovSolver } from "@semiclassical/vlasov";
import { compareDensityMatrices } from "../compare.js";
import { fitRate, type TheoremExponents, theoremExponents } from "../rates.js";
import {
  type InteractionConfig,
  type MetricName,
  planStudy,
  type StudyConfig,
  type StudyConfigInput,
} from "./config.js";
import { interactionKernel, prepareInitialState } from "./initial-state.js";
import { resamplePhaseSpace } from "./resample.js";
import type {
  RunStudyOptions,
  StudyErrorFloor,
  StudyFit,
  StudyGridSummary,
  StudyPhase,
  StudyResult,
  StudyRow,
} from "./types.js";

/** One N of the study: its eps, quantum grid and Vlasov grid. */
interface Case {
  readonly N: number;
  readonly epsilon: number;
  readonly grid: Grid;
  readonly vlasov: PhaseSpaceGrid;
  readonly steps: number;
}

const now = () => performance.now();

/** Lets the event loop run (abort messages in a Web Worker), at most every 50 ms. */
class Scheduler {
  private last = now();
  async pause(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (now() - this.last < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.last = now();
    signal?.throwIfAborted();
  }
}

function rowKey(N: number, t: number): string {
  return `${N}@${t.toPrecision(12)}`;
}

function sameTime(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

interface CaseRun {
  readonly caseSpec: Case;
  readonly interaction: InteractionConfig;
  readonly times: readonly number[];
  readonly phase: StudyPhase;
  readonly vlasovGrid: "config" | "wigner";
  readonly initialState?: DensityMatrix;
}

/**
 * Runs HF from omega_0 and Vlasov from Wigner(omega_0) side by side with the same splitting and
 * dt, measuring at the requested times. Returns the rows and omega_0.
 */
async function runCase(
  config: StudyConfig,
  run: CaseRun,
  options: RunStudyOptions,
  scheduler: Scheduler,
): Promise<{ rows: StudyRow[]; initialState: DensityMatrix }> {
  const { caseSpec, interaction, phase } = run;
  const { N, epsilon, grid, steps } = caseSpec;
  const { signal, onProgress } = options;
  const progress = (stage: "prepare" | "evolve" | "measure", step: number) =>
    onProgress?.({ phase, N, stage, step, steps });
  progress("prepare", 0);
  const kernel = interactionKernel(interaction);
  const quantumField = kernel ? new FreeSpaceConvolution(grid, kernel) : undefined;
  const initialState =
    run.initialState ??
    prepareInitialState(config, grid, epsilon, N, quantumField, caseSpec.vlasov);
  await scheduler.pause(signal);
  const { dt, kappa } = { dt: config.dynamics.dt, kappa: config.kappa };
  const external =
    config.dynamics.trap === "keep"
      ? harmonicTrap(config.state.trap.strength)
      : noExternalPotential;
  const hartreeFock = new HartreeFockSolver(initialState, {
    dt,
    kappa,
    model: config.dynamics.model,
    meanField: quantumField,
    externalPotential: external,
    splitting: config.dynamics.splitting,
  });
  const wigner = wignerTransform(initialState);
  const vlasovGrid = run.vlasovGrid === "wigner" ? wigner.grid : caseSpec.vlasov;
  const W =
    vlasovGrid === wigner.grid
      ? Float64Array.from(wigner.values)
      : resamplePhaseSpace(wigner, vlasovGrid);
  const vlasov = new VlasovSolver({
    grid: vlasovGrid,
    dt,
    kappa,
    meanField: kernel ? new FreeSpaceConvolution(vlasovGrid.position, kernel) : undefined,
    externalPotential: external,
    splitting: config.dynamics.splitting,
  });
  const metrics = config.metrics;
  const rows: StudyRow[] = [];
  let step = 0;
  for (const t of run.times) {
    const target = Math.round(t / dt);
    while (step < target) {
      const chunk = Math.min(8, target - step);
      for (let k = 0; k < chunk; k++) hartreeFock.step();
      vlasov.advance(W, step * dt, chunk);
      step += chunk;
      progress("evolve", step);
      await scheduler.pause(signal);
    }
    progress("measure", step);
    const quantum = toDense(hartreeFock.state());
    const classical = weylQuantize({ grid: vlasovGrid, values: W }, grid, epsilon);
    const started = now();
    const comparison = compareDensityMatrices(quantum, classical, { metrics, particleNumber: N });
    const row: StudyRow = { N, epsilon, t, ...comparison, seconds: (now() - started) / 1000 };
    rows.push(row);
    options.onRow?.(row, phase);
    await scheduler.pause(signal);
  }
  return { rows, initialState };
}

/** The theorems' exponents for an interaction, with a note on what applies. */
export function studyTheory(interaction: InteractionConfig): {
  exponents: TheoremExponents;
  note: string;
} {
  switch (interaction.kind) {
    case "none":
      return {
        exponents: {},
        note: "V = 0: Hartree-Fock and Vlasov agree exactly for the quadratic Hamiltonian left; the distances measure the numerical floor.",
      };
    case "gaussian":
    case "soft-power":
      return {
        exponents: {},
        note: "Smooth V: tr|omega_t - omega~_t| <= C_T N eps is proven for smooth potentials (Benedikter, Porta, Saffirio, Schlein, ARMA 2016), i.e. exponent 1 (d = 3). Theorems 1 and 2 concern singular V.",
      };
    case "power":
      return {
        exponents: theoremExponents(interaction.alpha),
        note: "V = lambda |x|^-alpha: Theorem 1 for alpha in (0, 1/2), Theorem 2 for alpha <= 1 under its commutator hypothesis (both proven in d = 3; upper bounds).",
      };
    case "coulomb":
      return {
        exponents: theoremExponents(1),
        note: "Coulomb: Theorem 2 under its hypothesis on rho_{|[x, omega~_t]|} (upper bound).",
      };
  }
}

const SCALAR_METRICS: ReadonlyArray<[MetricName, (row: StudyRow) => number | undefined]> = [
  ["trace-norm", (r) => r.traceNorm],
  ["hilbert-schmidt", (r) => r.hilbertSchmidt],
  ["density-l1", (r) => r.densityL1],
  ["wigner-l2", (r) => r.wignerL2],
  ["commutator", (r) => (r.commutator ? Math.max(...r.commutator) : undefined)],
  ["rho-commutator", (r) => (r.rhoCommutator ? Math.max(...r.rhoCommutator.lInfinity) : undefined)],
];

/**
 * Rate fits log(metric) = slope log(eps) + c over the N of the study, one per requested metric
 * and time ("commutator": the largest axis; "rho-commutator": the L^infinity norm, largest axis).
 */
export function studyFits(
  rows: readonly StudyRow[],
  metrics: readonly MetricName[],
  times: readonly number[],
): StudyFit[] {
  const fits: StudyFit[] = [];
  for (const [metric, value] of SCALAR_METRICS) {
    if (!metrics.includes(metric)) continue;
    for (const t of times) {
      const points = rows
        .filter((r) => sameTime(r.t, t))
        .map((r) => ({ epsilon: r.epsilon, value: value(r) }))
        .filter((p): p is { epsilon: number; value: number } => (p.value ?? 0) > 0);
      const distinct = new Set(points.map((p) => p.epsilon)).size;
      fits.push(
        distinct >= 2
          ? {
              metric,
              t,
              fit: fitRate(
                points.map((p) => p.epsilon),
                points.map((p) => p.value),
              ),
            }
          : { metric, t },
      );
    }
  }
  return fits;
}

function refine(caseSpec: Case): Case {
  const { grid, vlasov } = caseSpec;
  const d = grid.dimension;
  const center = grid.origin.map((x, a) => x + grid.box[a] / 2);
  const position = createGrid({
    dimension: d,
    points: vlasov.position.shape.map((n) => 2 * n),
    box: vlasov.position.box,
    center: vlasov.position.origin.map((x, a) => x + vlasov.position.box[a] / 2),
  });
  const velocity = createGrid({
    dimension: d,
    points: vlasov.velocity.shape.map((n) => 2 * n),
    box: vlasov.velocity.box,
    center: vlasov.velocity.origin.map((x, a) => x + vlasov.velocity.box[a] / 2),
  });
  return {
    ...caseSpec,
    grid: createGrid({ dimension: d, points: grid.shape.map((n) => 2 * n), box: grid.box, center }),
    vlasov: createPhaseSpaceGrid(position, velocity),
  };
}

function relativeChanges(
  original: readonly StudyRow[],
  refined: readonly StudyRow[],
): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const [metric, value] of SCALAR_METRICS) {
    let worst: number | undefined;
    for (const r of refined) {
      const o = original.find((row) => row.N === r.N && sameTime(row.t, r.t));
      const a = o ? value(o) : undefined;
      const b = value(r);
      if (a === undefined || b === undefined) continue;
      const change = Math.abs(b - a) / Math.abs(a);
      worst = worst === undefined ? change : Math.max(worst, change);
    }
    if (worst !== undefined) changes[metric] = worst;
  }
  return changes;
}

/**
 * The Hartree-Fock versus Vlasov study (issue 6, THEORY.md sections 1-3). For each N of the
 * config (eps = N^(-1/d)): prepare omega_0 on the grid chosen from eps (`planStudy`), evolve it by
 * Hartree(-Fock) and evolve W~_0 = Wigner(omega_0) (the Wigner function itself, resampled onto the
 * Vlasov grid) by Vlasov, with the same splitting and dt, and at each requested time compare
 * omega_t with omega~_t = Weyl(W~_t) on the quantum grid: every requested metric (see
 * {@link StudyRow}), each row streamed through `onRow` as soon as it is done. Then, unless
 * `errorFloor` is false, the numerical error floor: the same study with the interaction off, and
 * the smallest eps rerun on grids refined by 2 per axis. Finally rate fits over N per metric and
 * time, beside the theorems' exponents.
 *
 * Pure (no node imports): runs in a Web Worker. Cancellable (`signal`, checked between time steps;
 * the event loop gets a turn every ~50 ms) and resumable (`skip`, `completedRows`).
 * Cost per N: the time steps (orbital HF O(K M log M) per step, Vlasov O(size log n) per step)
 * plus, per measured time, a dense conversion and Weyl quantization and an O(n^3) trace norm
 * (n = grid points; "rho-commutator" needs eigenvectors, ~4x that). Memory: a few dense n x n
 * complex matrices per N.
 */
export async function runStudy(
  input: StudyConfig | StudyConfigInput,
  options: RunStudyOptions = {},
): Promise<StudyResult> {
  const started = now();
  const plan = planStudy(input);
  const config = plan.config;
  const { signal } = options;
  signal?.throwIfAborted();
  const scheduler = new Scheduler();
  const completed = new Map<string, StudyRow>();
  for (const row of options.completedRows ?? []) completed.set(rowKey(row.N, row.t), row);
  const skip = (N: number, t: number) =>
    completed.has(rowKey(N, t)) || options.skip?.(N, t) === true;
  const withFloor = options.errorFloor ?? config.errorFloor;
  const times = config.dynamics.times;
  const cases: Case[] = plan.entries.map((e) => ({
    N: e.N,
    epsilon: e.epsilon,
    grid: e.grid,
    vlasov: e.vlasov,
    steps: e.steps,
  }));

  const rows: StudyRow[] = [...completed.values()];
  const interactionOff: StudyRow[] = [];
  const noInteraction: InteractionConfig = { kind: "none" };
  const requested = options.vlasovGrid ?? "auto";
  const mainGrid =
    requested === "auto" ? (config.interaction.kind === "none" ? "wigner" : "config") : requested;
  const floorGrid = requested === "wigner" ? "wigner" : "config";
  for (const caseSpec of cases) {
    const todo = times.filter((t) => !skip(caseSpec.N, t));
    let initialState: DensityMatrix | undefined;
    if (todo.length > 0) {
      const main = await runCase(
        config,
        {
          caseSpec,
          interaction: config.interaction,
          times: todo,
          phase: "main",
          vlasovGrid: mainGrid,
        },
        options,
        scheduler,
      );
      rows.push(...main.rows);
      initialState = main.initialState;
    }
    if (withFloor && config.interaction.kind !== "none") {
      const off = await runCase(
        config,
        {
          caseSpec,
          interaction: noInteraction,
          times,
          phase: "interaction-off",
          vlasovGrid: floorGrid,
          initialState,
        },
        options,
        scheduler,
      );
      interactionOff.push(...off.rows);
    }
  }
  rows.sort((a, b) => a.N - b.N || a.t - b.t);

  let errorFloor: StudyErrorFloor | undefined;
  if (withFloor) {
    const finest = cases[cases.length - 1];
    const refined = await runCase(
      config,
      {
        caseSpec: refine(finest),
        interaction: config.interaction,
        times,
        phase: "refinement",
        vlasovGrid: mainGrid,
      },
      options,
      scheduler,
    );
    errorFloor = {
      interactionOff: config.interaction.kind === "none" ? rows : interactionOff,
      refinement: {
        N: finest.N,
        rows: refined.rows,
        relativeChange: relativeChanges(
          rows.filter((r) => r.N === finest.N),
          refined.rows,
        ),
      },
    };
  }

  const grids: StudyGridSummary[] = cases.map((c) => ({
    N: c.N,
    epsilon: c.epsilon,
    points: c.grid.shape,
    spacing: c.grid.spacing,
    vlasovShape: [...c.vlasov.position.shape, ...c.vlasov.velocity.shape],
  }));
  return {
    config,
    grids,
    rows,
    fits: studyFits(rows, config.metrics, times),
    theory: studyTheory(config.interaction),
    ...(errorFloor ? { errorFloor } : {}),
    seconds: (now() - started) / 1000,
  };
}
