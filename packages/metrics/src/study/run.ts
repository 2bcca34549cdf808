import { createGrid, createPhaseSpaceGrid, ParameterError } from "@semiclassical/grid";
import { type DensityMatrix, toDense, weylQuantize } from "@semiclassical/quantum";
import { compareDensityMatrices } from "../compare.js";
import { fitRate, type TheoremExponents, theoremExponents } from "../rates.js";
import {
  type InteractionConfig,
  type MetricName,
  planStudy,
  type StudyConfig,
  type StudyConfigInput,
  type StudyPlan,
} from "./config.js";
import {
  createStudyEvolution,
  type StudyCase,
  type StudySnapshot,
  studySnapshot,
} from "./evolution.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";
import type {
  ErrorFloorPart,
  RunStudyOptions,
  StudyErrorFloor,
  StudyErrorFloorOptions,
  StudyFit,
  StudyGridSummary,
  StudyPhase,
  StudyResult,
  StudyRow,
} from "./types.js";

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
  readonly caseSpec: StudyCase;
  readonly interaction: InteractionConfig;
  readonly times: readonly number[];
  readonly phase: StudyPhase;
  readonly vlasovGrid: "config" | "wigner";
  readonly initialState?: DensityMatrix;
  /** Snapshots of this N (main phase only). */
  readonly snapshots?: SnapshotSchedule;
}

/** When and to whom `runCase` hands snapshots: ascending steps, each with its requested time. */
interface SnapshotSchedule {
  readonly times: readonly { readonly step: number; readonly t: number }[];
  readonly onSnapshot: (snapshot: StudySnapshot) => void;
}

type Reporting = Pick<RunStudyOptions, "onRow" | "onProgress" | "signal">;

/**
 * Runs HF from omega_0 and Vlasov from Wigner(omega_0) side by side with the same splitting and
 * dt ({@link createStudyEvolution}), measuring at the requested times and handing over a
 * {@link studySnapshot} at each snapshot time, in one pass. Returns the rows and omega_0.
 */
async function runCase(
  config: StudyConfig,
  run: CaseRun,
  options: Reporting,
  scheduler: Scheduler,
): Promise<{ rows: StudyRow[]; initialState: DensityMatrix }> {
  const { caseSpec, phase } = run;
  const { N, epsilon, grid, steps } = caseSpec;
  const { signal, onProgress } = options;
  const progress = (stage: "prepare" | "evolve" | "measure", step: number) =>
    onProgress?.({ phase, N, stage, step, steps });
  progress("prepare", 0);
  const evolution = createStudyEvolution(config, caseSpec, {
    interaction: run.interaction,
    vlasovGrid: run.vlasovGrid,
    initialState: run.initialState,
  });
  await scheduler.pause(signal);
  const { hartreeFock, vlasov, W, vlasovGrid } = evolution;
  const dt = config.dynamics.dt;
  const metrics = config.metrics;
  const rows: StudyRow[] = [];
  let step = 0;
  const advanceTo = async (target: number) => {
    while (step < target) {
      const chunk = Math.min(8, target - step);
      for (let k = 0; k < chunk; k++) hartreeFock.step();
      vlasov.advance(W, step * dt, chunk);
      step += chunk;
      progress("evolve", step);
      await scheduler.pause(signal);
    }
  };
  const measured = new Map(run.times.map((t) => [Math.round(t / dt), t]));
  const snapshots = new Map((run.snapshots?.times ?? []).map((s) => [s.step, s.t]));
  const events = [...new Set([...measured.keys(), ...snapshots.keys()])].sort((a, b) => a - b);
  for (const target of events) {
    await advanceTo(target);
    progress("measure", step);
    const t = measured.get(target);
    if (t !== undefined) {
      const quantum = toDense(hartreeFock.state());
      const classical = weylQuantize({ grid: vlasovGrid, values: W }, grid, epsilon);
      const started = now();
      const comparison = compareDensityMatrices(quantum, classical, { metrics, particleNumber: N });
      const row: StudyRow = { N, epsilon, t, ...comparison, seconds: (now() - started) / 1000 };
      rows.push(row);
      options.onRow?.(row, phase);
    }
    const snapshotTime = snapshots.get(target);
    if (snapshotTime !== undefined) {
      run.snapshots?.onSnapshot(studySnapshot(evolution, snapshotTime));
    }
    await scheduler.pause(signal);
  }
  return { rows, initialState: evolution.initialState };
}

/**
 * The snapshot schedule of `runStudy`'s options (`snapshotN`, `snapshotTimes`), validated against
 * the config before anything is computed; undefined without `onSnapshot`. Cost O(|N| + |times|).
 */
function snapshotScheduleOf(
  config: StudyConfig,
  options: RunStudyOptions,
): { readonly N: ReadonlySet<number>; readonly schedule: SnapshotSchedule } | undefined {
  const snapshotN = options.snapshotN ?? config.N;
  snapshotN.forEach((N, i) => {
    if (!config.N.includes(N)) {
      throw new ParameterError(
        `snapshotN[${i}]`,
        `must be one of the study's N (${config.N.join(", ")}), got ${N}`,
      );
    }
  });
  const { dt, tFinal, times } = config.dynamics;
  const requested = options.snapshotTimes ?? [...times, tFinal];
  const byStep = new Map<number, number>();
  requested.forEach((t, i) => {
    const inRange = Number.isFinite(t) && t >= 0 && t <= tFinal * (1 + STEP_TOLERANCE);
    const step = inRange ? wholeSteps(t, dt) : undefined;
    if (step === undefined) {
      throw new ParameterError(
        `snapshotTimes[${i}]`,
        `must be in [0, tFinal] = [0, ${tFinal}] and a whole number of steps dt = ${dt}, got ${t}`,
      );
    }
    if (!byStep.has(step)) byStep.set(step, t);
  });
  if (!options.onSnapshot) return undefined;
  return {
    N: new Set(snapshotN),
    schedule: {
      times: [...byStep].map(([step, t]) => ({ step, t })).sort((a, b) => a.step - b.step),
      onSnapshot: options.onSnapshot,
    },
  };
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

const SCALAR_METRICS: Readonly<Record<MetricName, (row: StudyRow) => number | undefined>> = {
  "trace-norm": (r) => r.traceNorm,
  "hilbert-schmidt": (r) => r.hilbertSchmidt,
  "density-l1": (r) => r.densityL1,
  "wigner-l2": (r) => r.wignerL2,
  commutator: (r) => (r.commutator ? Math.max(...r.commutator) : undefined),
  "rho-commutator": (r) => (r.rhoCommutator ? Math.max(...r.rhoCommutator.lInfinity) : undefined),
};

/**
 * The scalar value of a metric in a row, as the study fits it: "commutator" is the largest axis,
 * "rho-commutator" the L^infinity norm of the largest axis; undefined when not computed. Cost O(d).
 */
export function studyMetricValue(row: StudyRow, metric: MetricName): number | undefined {
  return SCALAR_METRICS[metric](row);
}

const METRIC_ORDER = Object.keys(SCALAR_METRICS) as MetricName[];

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
  for (const metric of METRIC_ORDER) {
    if (!metrics.includes(metric)) continue;
    for (const t of times) {
      const points = rows
        .filter((r) => sameTime(r.t, t))
        .map((r) => ({ epsilon: r.epsilon, value: studyMetricValue(r, metric) }))
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

/** The case with the quantum grid and the Vlasov grid refined by 2 per axis (same boxes). */
function refine(caseSpec: StudyCase): StudyCase {
  const { grid, vlasov } = caseSpec;
  const doubled = (g: typeof grid) =>
    createGrid({
      dimension: g.dimension,
      points: g.shape.map((n) => 2 * n),
      box: g.box,
      center: g.origin.map((x, a) => x + g.box[a] / 2),
    });
  return {
    ...caseSpec,
    grid: doubled(grid),
    vlasov: createPhaseSpaceGrid(doubled(vlasov.position), doubled(vlasov.velocity)),
  };
}

/**
 * Per metric, the largest |refined - original| / |original| over the refined rows, each compared
 * with the original row of the same N and t (the error floor's refinement check). Cost O(rows^2).
 */
export function refinementChange(
  original: readonly StudyRow[],
  refined: readonly StudyRow[],
): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const metric of METRIC_ORDER) {
    let worst: number | undefined;
    for (const r of refined) {
      const o = original.find((row) => row.N === r.N && sameTime(row.t, r.t));
      const a = o ? studyMetricValue(o, metric) : undefined;
      const b = studyMetricValue(r, metric);
      if (a === undefined || b === undefined) continue;
      const change = Math.abs(b - a) / Math.abs(a);
      worst = worst === undefined ? change : Math.max(worst, change);
    }
    if (worst !== undefined) changes[metric] = worst;
  }
  return changes;
}

/** The Vlasov grid of the main runs and of the interaction-off runs for a requested choice. */
function vlasovGrids(
  config: StudyConfig,
  requested: RunStudyOptions["vlasovGrid"] = "auto",
): { main: "config" | "wigner"; floor: "config" | "wigner" } {
  const main =
    requested === "auto" ? (config.interaction.kind === "none" ? "wigner" : "config") : requested;
  return { main, floor: requested === "wigner" ? "wigner" : "config" };
}

function casesOf(plan: StudyPlan): StudyCase[] {
  return plan.entries.map(({ N, epsilon, grid, vlasov, steps }) => ({
    N,
    epsilon,
    grid,
    vlasov,
    steps,
  }));
}

/**
 * The error floor of a planned study (shared by {@link runStudy} and {@link studyErrorFloor}):
 * the interaction-off runs of `offCases` (omega_0 reused from `initialStates` when given; for
 * V = 0 the main rows themselves) and the refinement of `refineCase` at the last sample time.
 */
async function errorFloorOf(
  plan: StudyPlan,
  parts: { offCases: readonly StudyCase[]; refineCase?: StudyCase },
  options: StudyErrorFloorOptions,
  scheduler: Scheduler,
  initialStates: ReadonlyMap<number, DensityMatrix> = new Map(),
): Promise<StudyErrorFloor> {
  const config = plan.config;
  const grids = vlasovGrids(config, options.vlasovGrid);
  const times = config.dynamics.times;
  const mainRows = options.mainRows ?? [];
  const skip = (N: number, t: number) => options.skip?.(N, t) === true;
  const interactionOff: StudyRow[] = [];
  if (config.interaction.kind === "none") {
    const offN = new Set(parts.offCases.map((c) => c.N));
    interactionOff.push(...mainRows.filter((r) => offN.has(r.N)));
  } else {
    for (const caseSpec of parts.offCases) {
      const todo = times.filter((t) => !skip(caseSpec.N, t));
      if (todo.length === 0) continue;
      const off = await runCase(
        config,
        {
          caseSpec,
          interaction: { kind: "none" },
          times: todo,
          phase: "interaction-off",
          vlasovGrid: grids.floor,
          initialState: initialStates.get(caseSpec.N),
        },
        options,
        scheduler,
      );
      interactionOff.push(...off.rows);
    }
  }
  if (!parts.refineCase) return { interactionOff };
  const finest = parts.refineCase;
  const refined = await runCase(
    config,
    {
      caseSpec: refine(finest),
      interaction: config.interaction,
      times: times.slice(-1),
      phase: "refinement",
      vlasovGrid: grids.main,
    },
    options,
    scheduler,
  );
  return {
    interactionOff,
    refinement: {
      N: finest.N,
      rows: refined.rows,
      relativeChange: refinementChange(
        mainRows.filter((r) => r.N === finest.N),
        refined.rows,
      ),
    },
  };
}

/**
 * The numerical error floor of a study on its own (the part `runStudy` adds unless `errorFloor`
 * is false), for every N or for one N (`options.N`), so that the N of a study can be run
 * independently (e.g. on worker threads): the interaction-off run (the same omega_0, grids and
 * dt with V = 0; the quadratic Hamiltonian left is exact for both dynamics, so these distances
 * are the discretization error of the chain Wigner -> resample -> Vlasov -> Weyl) and the
 * refinement (the largest N, or `options.N`, on grids refined by 2 per axis, measured at the last
 * sample time). Rows stream through `onRow` with their phase. Validates the config first.
 * Cost: one study run per N with V = 0, plus one run of the refined N whose metrics cost 2^(3d)
 * times those of that N.
 */
export async function studyErrorFloor(
  input: StudyConfig | StudyConfigInput,
  options: StudyErrorFloorOptions = {},
): Promise<StudyErrorFloor> {
  const plan = planStudy(input);
  options.signal?.throwIfAborted();
  const cases = casesOf(plan);
  let selected = cases;
  if (options.N !== undefined) {
    selected = cases.filter((c) => c.N === options.N);
    if (selected.length === 0) {
      throw new ParameterError(
        "N",
        `the error floor of N = ${options.N} was asked for, but the study's N are ${plan.config.N.join(", ")}`,
      );
    }
  }
  const parts: readonly ErrorFloorPart[] = options.parts ?? ["interaction-off", "refinement"];
  return errorFloorOf(
    plan,
    {
      offCases: parts.includes("interaction-off") ? selected : [],
      refineCase: parts.includes("refinement") ? selected[selected.length - 1] : undefined,
    },
    options,
    new Scheduler(),
  );
}

/**
 * The Hartree-Fock versus Vlasov study (issue 6, THEORY.md sections 1-3). For each N of the
 * config (eps = N^(-1/d)): prepare omega_0 on the grid chosen from eps (`planStudy`), evolve it by
 * Hartree(-Fock) and evolve W~_0 = Wigner(omega_0) (the Wigner function itself, resampled onto the
 * Vlasov grid) by Vlasov, with the same splitting and dt ({@link createStudyEvolution}), and at
 * each requested time compare omega_t with omega~_t = Weyl(W~_t) on the quantum grid: every
 * requested metric (see {@link StudyRow}), each row streamed through `onRow` as soon as it is
 * done; `onSnapshot` receives the Wigner functions and densities of both sides from the same run
 * (by default at every measured time and at tFinal; `snapshotN`, `snapshotTimes` choose).
 * Then, unless `errorFloor` is false, the numerical error floor ({@link studyErrorFloor}: the
 * same study with the interaction off, and the smallest eps rerun on grids refined by 2 per axis).
 * Finally rate fits over N per metric and time, beside the theorems' exponents.
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
  const cases = casesOf(plan);
  const grids = vlasovGrids(config, options.vlasovGrid);
  const snapshots = snapshotScheduleOf(config, options);

  const rows: StudyRow[] = [...completed.values()];
  const initialStates = new Map<number, DensityMatrix>();
  for (const caseSpec of cases) {
    const todo = times.filter((t) => !skip(caseSpec.N, t));
    const caseSnapshots = snapshots?.N.has(caseSpec.N) ? snapshots.schedule : undefined;
    if (todo.length === 0 && !caseSnapshots) continue;
    const main = await runCase(
      config,
      {
        caseSpec,
        interaction: config.interaction,
        times: todo,
        phase: "main",
        vlasovGrid: grids.main,
        snapshots: caseSnapshots,
      },
      options,
      scheduler,
    );
    rows.push(...main.rows);
    initialStates.set(caseSpec.N, main.initialState);
  }
  rows.sort((a, b) => a.N - b.N || a.t - b.t);

  const errorFloor = withFloor
    ? await errorFloorOf(
        plan,
        { offCases: cases, refineCase: cases[cases.length - 1] },
        { ...options, skip: undefined, mainRows: rows },
        scheduler,
        initialStates,
      )
    : undefined;

  const summaries: StudyGridSummary[] = cases.map((c) => ({
    N: c.N,
    epsilon: c.epsilon,
    points: c.grid.shape,
    spacing: c.grid.spacing,
    vlasovShape: [...c.vlasov.position.shape, ...c.vlasov.velocity.shape],
  }));
  return {
    config,
    grids: summaries,
    rows,
    fits: studyFits(rows, config.metrics, times),
    theory: studyTheory(config.interaction),
    ...(errorFloor ? { errorFloor } : {}),
    seconds: (now() - started) / 1000,
  };
}
