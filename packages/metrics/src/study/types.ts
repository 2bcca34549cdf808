import type { DensityMatrixComparison } from "../compare.js";
import type { RateFit, TheoremExponents } from "../rates.js";
import type { MetricName, StudyConfig } from "./config.js";
import type { StudySnapshot } from "./evolution.js";

/**
 * The metrics of one (N, t): omega_t is the Hartree(-Fock) solution from omega_0, omega~_t =
 * Weyl(W~_t) the Weyl quantization (onto the quantum grid) of the Vlasov solution from
 * W~_0 = Wigner(omega_0); the fields are those of {@link DensityMatrixComparison} (per particle
 * with the nominal N = eps^-d; only the requested metrics are present).
 */
export interface StudyRow extends DensityMatrixComparison {
  readonly N: number;
  /** eps = N^(-1/d). */
  readonly epsilon: number;
  readonly t: number;
  /** Wall-clock seconds spent on this row's metrics (not the time stepping). */
  readonly seconds: number;
}

/** Which run a row belongs to. */
export type StudyPhase = "main" | "interaction-off" | "refinement";

/** What `onProgress` receives (about every time step group). */
export interface StudyProgress {
  readonly phase: StudyPhase;
  readonly N: number;
  /** "prepare" (initial state and transforms), "evolve" (time stepping) or "measure" (metrics). */
  readonly stage: "prepare" | "evolve" | "measure";
  /** Steps done and total for this N. */
  readonly step: number;
  readonly steps: number;
}

/** Options of `runStudy`. */
export interface RunStudyOptions {
  /** Called with every finished (N, t) row of the main study as soon as it is computed. */
  onRow?: (row: StudyRow, phase: StudyPhase) => void;
  /** Progress reports (never printed by the study). */
  onProgress?: (progress: StudyProgress) => void;
  /** Cancels the study between time steps (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Resume: return true for (N, t) rows already computed; they are not recomputed. */
  skip?: (N: number, t: number) => boolean;
  /** Resume: rows of a previous run; they are skipped and included in the result. */
  completedRows?: readonly StudyRow[];
  /**
   * The grid the Vlasov equation is solved on. "config": the config's Vlasov grid (nx^d
   * positions on the quantum box, nv^d velocities on [-vMax, vMax)^d), W~_0 resampled onto it
   * spectrally. "wigner": the quantum Wigner grid of omega_0 itself (half position grid, the
   * resolved velocity band), so nothing is interpolated anywhere; with a quadratic Hamiltonian the
   * distances then stay at round-off (THEORY.md section 3); costlier (2^d n x n_v points per N).
   * "auto" (default): "wigner" when the interaction is "none" (the exactness check), else
   * "config". The interaction-off error-floor runs use the config grid unless "wigner" is given.
   */
  vlasovGrid?: "auto" | "config" | "wigner";
  /** Override config.errorFloor (the interaction-off and refinement runs). */
  errorFloor?: boolean;
  /**
   * Called with the Wigner functions and densities of both sides ({@link StudySnapshot}) of the
   * main study, for each N of `snapshotN` at each of `snapshotTimes` in order, from the same
   * evolution that produced the rows (nothing is evolved twice). An N with snapshots is evolved
   * to its last snapshot time even when its rows are skipped (resume). Costs one Wigner transform
   * of omega_t (O(n^2 log n) in 1D) and one spectral resampling per snapshot.
   */
  onSnapshot?: (snapshot: StudySnapshot) => void;
  /** The N whose snapshots are taken, each one of config.N (default: every N). */
  snapshotN?: readonly number[];
  /**
   * The times of the snapshots, each in [0, tFinal] and a whole number of steps dt (t = 0 is
   * omega_0 and W~_0). Default: the measured times (config.dynamics.times) and tFinal.
   */
  snapshotTimes?: readonly number[];
}

/** Parts of the error floor (see {@link StudyErrorFloor}). */
export type ErrorFloorPart = "interaction-off" | "refinement";

/** Options of `studyErrorFloor`. */
export interface StudyErrorFloorOptions
  extends Pick<RunStudyOptions, "onRow" | "onProgress" | "signal" | "skip" | "vlasovGrid"> {
  /**
   * Measure the floor of this N only (one of config.N): its interaction-off run, and its
   * refinement. Default: the interaction-off run of every N and the refinement of the largest.
   */
  N?: number;
  /** Which parts to run (default both). */
  parts?: readonly ErrorFloorPart[];
  /**
   * Rows of the main study (any N); with them `refinement.relativeChange` compares the refined
   * rows with the main rows of the refined N (otherwise it is empty).
   */
  mainRows?: readonly StudyRow[];
}

/** A rate fit of one metric at one time over the N of the study. */
export interface StudyFit {
  /** The metric fitted (per particle, as in the rows; "commutator": the largest axis). */
  readonly metric: MetricName;
  readonly t: number;
  /** Fit of log(metric) against log(eps); undefined when fewer than 2 positive values. */
  readonly fit?: RateFit;
}

/** The numerical error floor of the comparison. */
export interface StudyErrorFloor {
  /**
   * The same study with the interaction off (same omega_0, grids, dt): for the quadratic
   * Hamiltonian left the two dynamics agree exactly, so these distances are the error of the
   * discretization chain (Wigner, resampling onto the Vlasov grid, Vlasov shifts, Weyl).
   */
  readonly interactionOff: readonly StudyRow[];
  /**
   * The smallest eps rerun with the quantum grid and the Vlasov grid refined by 2 per axis,
   * measured at the last sample time only: the rows and, per metric, |refined - original| /
   * |original| (max over the rows). Its metrics cost 2^(3d) times those of the finest N (dense
   * n x n matrices with n doubled per axis), hence one time only.
   */
  readonly refinement?: {
    readonly N: number;
    readonly rows: readonly StudyRow[];
    readonly relativeChange: Readonly<Record<string, number>>;
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

/** What `runStudy` returns. */
export interface StudyResult {
  readonly config: StudyConfig;
  readonly grids: readonly StudyGridSummary[];
  /** Rows of the main study, ordered by N then t. */
  readonly rows: readonly StudyRow[];
  /** Rate fits per metric and time (need >= 2 values of N). */
  readonly fits: readonly StudyFit[];
  /** The theorems' exponents r for the configured interaction: proven error bounds C eps^r, so lower bounds on the measured rate. */
  readonly theory: { readonly exponents: TheoremExponents; readonly note: string };
  readonly errorFloor?: StudyErrorFloor;
  /** Wall-clock seconds of the whole study. */
  readonly seconds: number;
}
