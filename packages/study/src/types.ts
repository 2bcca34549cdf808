import type { ThreadTeam } from "@semiclassical/grid";
import type {
  DensityMatrixComparison,
  MetricName,
  RateFit,
  TheoremExponents,
} from "@semiclassical/metrics";
import type { StudyConfig } from "./config-types.js";
import type { StudySnapshot } from "./evolution.js";
import type { StudyPlan } from "./plan.js";
import type { ResearchRowFields } from "./research-metrics.js";
import type { RefinedDiscretization, RowResolution, RowVerdict } from "./resolution-types.js";

/**
 * The metrics of one (N, t): omega_t is the Hartree(-Fock) solution from omega_0, omega~_t =
 * Weyl(W~_t) the Weyl quantization (onto the quantum grid) of the Vlasov solution from
 * W~_0 = Wigner(omega_0); the fields are those of metrics' `DensityMatrixComparison` (per
 * particle with the nominal N = eps^-d; only the requested metrics are present).
 */
export interface StudyRow extends DensityMatrixComparison, ResearchRowFields {
  readonly N: number;
  /** eps = N^(-1/d). */
  readonly epsilon: number;
  readonly t: number;
  /** Wall-clock seconds spent on this row's metrics (not the time stepping). */
  readonly seconds: number;
  /**
   * Orbital path (issue 13): (1/N) [lower, upper] of the certified trace norm, which contains
   * (1/N) tr|omega_t - omega~_t|; `traceNorm` is the lower end. Its width is a floor of the row.
   */
  readonly traceNormInterval?: readonly [number, number];
  /** Guards, floors, refinement changes and the verdict of the row (issue 12). */
  readonly resolution?: RowResolution;
}

/**
 * Which run a row belongs to (the kind of the task that computed it). "softening": the task rerun
 * with the Coulomb trap's softening halved (state.trap.kind "coulomb"), the nucleus floor.
 */
export type StudyPhase = "main" | "interaction-off" | "refinement" | "softening";

/** A row as a task produces it: the row, its phase and the id of its task. */
export interface StudyTaskRow extends StudyRow {
  readonly phase: StudyPhase;
  /** {@link StudyTask.id} of the task that computed the row. */
  readonly taskId: string;
  /** The discretization its refinement task refined ({@link StudyTask.refine}), if any. */
  readonly refine?: RefinedDiscretization;
}

/** The grid the Vlasov equation of a task is solved on (see {@link RunStudyOptions.vlasovGrid}). */
export type VlasovGridChoice = "config" | "wigner";

/**
 * One unit of work of a study (see `studyTasks`): one N of the main study, one N of the
 * interaction-off floor, or the refinement. Plain JSON (no typed arrays, no functions): it can
 * be posted to a worker thread or a Web Worker, stored and compared.
 */
export interface StudyTask {
  /**
   * Stable id: a 64-bit FNV-1a hash (16 hex digits) of the canonical JSON (sorted keys) of every
   * other field of the task. The same task gives the same id in every process and browser.
   */
  readonly id: string;
  readonly kind: StudyPhase;
  readonly N: number;
  /** The sample times the task measures, ascending (the refinement: the last one only). */
  readonly times: readonly number[];
  /** Times of the snapshots (main tasks only, when asked for), ascending, whole steps dt. */
  readonly snapshotTimes?: readonly number[];
  /**
   * The resolved config restricted to this N (`N: [N]`): everything the task computes follows
   * from it, so the task is self-contained and its id does not change when other N are added.
   */
  readonly config: StudyConfig;
  /** The grid of the Vlasov equation: the config's Vlasov grid or the Wigner grid of omega_0. */
  readonly vlasovGrid: VlasovGridChoice;
  /**
   * Refinement tasks of a verified study (`resolution: "verified"`): the one discretization this
   * task refines by 2 ("quantum-grid": points x 2 per axis on the same box; "vlasov-grid": nx and
   * nv x 2 on the same boxes; "dt": dt / 2, already in `config.dynamics.dt`). Absent: the main and
   * interaction-off tasks, and the combined refinement of `resolution: "off"` (both grids x 2).
   */
  readonly refine?: RefinedDiscretization;
  /**
   * Tasks of the later rounds of `resolution: "adaptive"` (`adaptivePlan`): the level of each
   * discretization (factor 2^level), already applied to `config` (grid.dxOverEps for 2^level
   * times the quantum points per axis, vlasov.nx and nv x 2^level, dynamics.dt / 2^level), so
   * `refine` only says which one this task refines against its reference.
   */
  readonly levels?: Readonly<Record<RefinedDiscretization, number>>;
  /**
   * Relative cost, to start the longest tasks first: n^3 with n = quantum grid size (the dense
   * trace norms), times 2^(3d) for the refinement (n doubled per axis).
   */
  readonly cost: number;
}

/** Options of `studyTasks`. */
export interface StudyTasksOptions {
  /**
   * Snapshots of the main tasks. true: at tFinal for every N; an object: at `times` (default:
   * the measured times and tFinal) for the N in `N` (default every N); false/absent: none.
   */
  readonly snapshots?:
    | boolean
    | { readonly N?: readonly number[]; readonly times?: readonly number[] };
  /**
   * The Vlasov grid. "auto" (default): the Wigner grid of omega_0 for the main and refinement
   * tasks when V = 0 (the exactness check), else the config's grid; the interaction-off tasks use
   * the config's grid unless "wigner" is given.
   */
  readonly vlasovGrid?: "auto" | VlasovGridChoice;
  /**
   * Override config.errorFloor (whether the interaction-off and refinement tasks exist) with
   * `resolution: "off"`; a verified study always has them.
   */
  readonly errorFloor?: boolean;
}

/** What `onProgress` receives (about every group of up to 8 time steps). */
export interface StudyProgress {
  readonly phase: StudyPhase;
  readonly N: number;
  /** {@link StudyTask.id} of the task reporting. */
  readonly taskId: string;
  /** "prepare" (initial state and transforms), "evolve" (time stepping) or "measure" (metrics). */
  readonly stage: "prepare" | "evolve" | "measure";
  /** Steps done and total for this task. */
  readonly step: number;
  readonly steps: number;
}

/** Options of `runStudyTask`. */
export interface RunStudyTaskOptions {
  /** Cancels the task between time steps (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Progress reports (never printed by the study). */
  readonly onProgress?: (progress: StudyProgress) => void;
  /** Called with every finished row as soon as it is computed. */
  readonly onRow?: (row: StudyTaskRow) => void;
  /**
   * Called with the Wigner functions and densities of both sides at each of the task's
   * `snapshotTimes`, from the same evolution that produces the rows. Without it no snapshot is
   * taken.
   */
  readonly onSnapshot?: (snapshot: StudySnapshot) => void;
  /** Resume: return true for sample times already computed; they are not recomputed. */
  readonly skip?: (t: number) => boolean;
  /**
   * Splits the Vlasov line sweeps and the orbital loops of the task's evolutions over this team
   * (grid's ThreadTeam; its workers run this package's `thread-worker` entry). A run option, not
   * a config field: the rows are the same bit for bit, only the wall time changes.
   */
  readonly threads?: ThreadTeam;
}

/** Options of `runStudy`. */
export interface RunStudyOptions {
  /** Called with every finished row (any phase) as soon as it is computed. */
  readonly onRow?: (row: StudyTaskRow) => void;
  /** Progress reports (never printed by the study). */
  readonly onProgress?: (progress: StudyProgress) => void;
  /** Cancels the study between time steps (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Threads inside each evolution (see {@link RunStudyTaskOptions.threads}). */
  readonly threads?: ThreadTeam;
  /** Resume: return true for (N, t) rows of the main study already computed. */
  readonly skip?: (N: number, t: number) => boolean;
  /**
   * Resume: rows of a previous run, skipped and included in the result: main rows, and rows of
   * other phases carrying their `phase` and `taskId` (floors, refinements, adaptive rounds).
   */
  readonly completedRows?: readonly StudyRow[];
  /**
   * The grid the Vlasov equation is solved on. "config": the config's Vlasov grid (nx^d
   * positions on the quantum box, nv^d velocities on [-vMax, vMax)^d), W~_0 resampled onto it
   * spectrally. "wigner": the quantum Wigner grid of omega_0 itself (half position grid, the
   * resolved velocity band), so nothing is interpolated anywhere; with a quadratic Hamiltonian the
   * distances then stay at round-off (THEORY.md section 3); costlier (2^d n x n_v points per N).
   * "auto" (default): "wigner" when the interaction is "none" (the exactness check), else
   * "config". The interaction-off error-floor runs use the config grid unless "wigner" is given.
   */
  readonly vlasovGrid?: "auto" | VlasovGridChoice;
  /**
   * Override config.errorFloor (the interaction-off and refinement runs) with `resolution: "off"`;
   * a verified study always runs them.
   */
  readonly errorFloor?: boolean;
  /**
   * Called with the Wigner functions and densities of both sides ({@link StudySnapshot}) of the
   * main study, for each N of `snapshotN` at each of `snapshotTimes` in order, from the same
   * evolution that produced the rows (nothing is evolved twice). An N with snapshots is evolved
   * to its last snapshot time even when its rows are skipped (resume). Costs one Wigner transform
   * of omega_t (O(n^2 log n) in 1D) and one spectral resampling per snapshot.
   */
  readonly onSnapshot?: (snapshot: StudySnapshot) => void;
  /** The N whose snapshots are taken, each one of config.N (default: every N). */
  readonly snapshotN?: readonly number[];
  /**
   * The times of the snapshots, each in [0, tFinal] and a whole number of steps dt (t = 0 is
   * omega_0 and W~_0). Default: the measured times (config.dynamics.times) and tFinal.
   */
  readonly snapshotTimes?: readonly number[];
}

/** A rate fit of one metric at one time over the N of the study. */
export interface StudyFit {
  /** The metric fitted (per particle, as in the rows; "commutator": the largest axis). */
  readonly metric: MetricName;
  readonly t: number;
  /** Fit of log(metric) against log(eps); undefined when fewer than 2 usable rows. */
  readonly fit?: RateFit;
  /** Why there is no fit (fewer than two resolved rows with a positive value), when `fit` is absent. */
  readonly noRate?: string;
  /** The rows the fit used (N), each resolved unless `resolution` is "off". */
  readonly used?: readonly number[];
  /** The rows of this time it left out, with their verdict (not resolved, or no positive value). */
  readonly excluded?: readonly { readonly N: number; readonly verdict: RowVerdict }[];
  /** True when every row the fit used is resolved (false with `resolution: "off"`). */
  readonly resolved?: boolean;
}

/**
 * A fitted convergence rate as plain JSON (what results.json stores): metric ~ C eps^slope at
 * one sample time over the N of the study; the uncertainty fields are null with only two N
 * (no degree of freedom left; {@link StudyFit} holds NaN and (-inf, inf) there).
 */
export interface StudyRate {
  readonly metric: MetricName;
  readonly t: number;
  /** Measured exponent r in metric ~ C eps^r. */
  readonly slope: number;
  /** Standard error of the slope (null with only two N). */
  readonly slopeStdError: number | null;
  readonly intercept: number;
  /** 95% confidence interval of the slope (null with only two N). */
  readonly slopeInterval: readonly [number, number] | null;
  readonly rSquared: number;
  readonly points: number;
  /** True when the rate comes from resolved rows only (false with `resolution: "off"`). */
  readonly resolved?: boolean;
  /** The N of the rows fitted, and those left out with their verdict. */
  readonly used?: readonly number[];
  readonly excluded?: readonly { readonly N: number; readonly verdict: RowVerdict }[];
}

/** A (metric, time) of the study without a rate, and why (results.json's `noRates`). */
export interface StudyNoRate {
  readonly metric: MetricName;
  readonly t: number;
  readonly noRate: string;
}

/** An exponent a theorem proves for the configured interaction, printed beside the rates. */
export interface TheoremLine {
  /** "Theorem 1", "Theorem 2" or "smooth V". */
  readonly name: string;
  /** r in tr|omega_t - omega~_t| / N <= C eps^r (a lower bound on the measured rate). */
  readonly exponent: number;
}

/** The theorems for the configured interaction (see `studyTheory`). */
export interface StudyTheory {
  /** The seed's Theorems 1 and 2 (metrics' `theoremExponents`); empty unless V is singular. */
  readonly exponents: TheoremExponents;
  /** Every proven exponent that applies, with its name (Theorems 1, 2; "smooth V": 1). */
  readonly lines: readonly TheoremLine[];
  /** One sentence on what applies. */
  readonly note: string;
}

/** The numerical error floor of the comparison. */
export interface StudyErrorFloor {
  /**
   * The same study with the interaction off (same omega_0, grids, dt): for the quadratic
   * Hamiltonian left the two dynamics agree exactly, so these distances are the error of the
   * discretization chain (Wigner, resampling onto the Vlasov grid, Vlasov shifts, Weyl). For
   * V = 0 these are the main rows themselves. Ordered by N then t.
   */
  readonly interactionOff: readonly StudyTaskRow[];
  /**
   * The smallest eps (largest N) rerun with the quantum grid and the Vlasov grid refined by 2
   * per axis, measured at the last sample time only: the rows and, per metric, |refined -
   * original| / |original| (max over the rows; empty until both rows exist). Its metrics cost
   * 2^(3d) times those of the finest N, hence one time only.
   */
  readonly refinement: {
    readonly N: number;
    readonly rows: readonly StudyTaskRow[];
    readonly relativeChange: Readonly<Partial<Record<MetricName, number>>>;
  };
  /**
   * `resolution: "verified"`: one entry per discretization refined separately, with the N it was
   * refined at, its rows and per metric the largest relative change (empty until the rows exist).
   */
  readonly refinements?: readonly {
    readonly refine: RefinedDiscretization;
    readonly N: readonly number[];
    readonly rows: readonly StudyTaskRow[];
    readonly relativeChange: Readonly<Partial<Record<MetricName, number>>>;
  }[];
}

/** The verification summary of a study result (THEORY.md section 6, "Verdicts"). */
export interface StudyVerification {
  /** config.resolution. */
  readonly mode: "verified" | "adaptive" | "off";
  /** config.tolerance: the largest relative change under refinement of a resolved row. */
  readonly tolerance: number;
  /** Number of main rows per verdict. */
  readonly verdicts: Readonly<Record<RowVerdict, number>>;
  /**
   * True when there is at least one rate, every rate comes from resolved rows only, and no
   * (metric, time) is without a rate; for V = 0, when the exactness check passed: the CLI exits 0
   * only then.
   */
  readonly ratesTrusted: boolean;
  /**
   * V = 0 only (the quadratic Hamiltonian left, THEORY.md section 3): the largest distance of the
   * study's first metric over every row against the round-off threshold. Such a study measures
   * the numerical floor, not a rate.
   */
  readonly exactness?: {
    readonly metric: MetricName;
    readonly maxDistance: number;
    readonly threshold: number;
    readonly passed: boolean;
  };
}

/** Grids used for one N. */
export interface StudyGridSummary {
  readonly N: number;
  readonly epsilon: number;
  /** Quantum points per axis and spacing. */
  readonly points: readonly number[];
  readonly spacing: readonly number[];
  /** Vlasov phase-space shape: position points then velocity points per axis. */
  readonly vlasovShape: readonly number[];
}

/** What `assembleStudyResult` and `runStudy` return: everything a table or results.json shows. */
export interface StudyResult {
  readonly config: StudyConfig;
  /** The plan the rows follow (grids, steps, memory per N). */
  readonly plan: StudyPlan;
  readonly grids: readonly StudyGridSummary[];
  /** Rows of the main study, ordered by N then t. */
  readonly rows: readonly StudyTaskRow[];
  /** Rate fits per metric and time (need >= 2 values of N). */
  readonly fits: readonly StudyFit[];
  /** The fits that exist, as plain JSON ({@link StudyRate}). */
  readonly rates: readonly StudyRate[];
  /** The (metric, time) pairs without a rate, each with its reason ("no rate: <reason>"). */
  readonly noRates: readonly StudyNoRate[];
  /** How the rows were verified and whether every rate can be trusted (see {@link StudyVerification}). */
  readonly verification: StudyVerification;
  /** The theorems' exponents r for the configured interaction: proven error bounds C eps^r, so lower bounds on the measured rate. */
  readonly theory: StudyTheory;
  /** Present when the config (or runStudy's `errorFloor`) asks for it, or floor rows exist. */
  readonly errorFloor?: StudyErrorFloor;
  /** Wall-clock seconds of the whole study (`runStudy` only). */
  readonly seconds?: number;
}
