import type { RateFit, TheoremExponents } from "../rates.js";
import type { MetricName, StudyConfig } from "./config.js";

/**
 * The metrics of one (N, t): omega_t is the Hartree(-Fock) solution from omega_0, omega~_t =
 * Weyl(W~_t) the Weyl quantization (onto the quantum grid) of the Vlasov solution from
 * W~_0 = Wigner(omega_0). Discrete operators A_ij = omega(x_i; x_j) dx^d (THEORY.md section 2).
 * Only the requested metrics are present. All "per particle" values use the nominal N = eps^-d.
 */
export interface StudyRow {
  readonly N: number;
  /** eps = N^(-1/d). */
  readonly epsilon: number;
  readonly t: number;
  /** "trace-norm": (1/N) tr|omega_t - omega~_t|. Also computed when "density-l1" is requested. */
  readonly traceNorm?: number;
  /** "hilbert-schmidt": ||omega_t - omega~_t||_HS / sqrt(N) (||omega||_HS^2 <= N for fermions). */
  readonly hilbertSchmidt?: number;
  /** "density-l1": ||rho_t - rho~_t||_L1, rho = diag(omega)/N (int rho = 1). */
  readonly densityL1?: number;
  /**
   * With "density-l1": ratio ||rho_t - rho~_t||_L1 / ((1/N) tr|omega_t - omega~_t|), <= 1 by
   * THEORY.md section 1, and whether the bound holds (up to round-off).
   */
  readonly densityBound?: { readonly ratio: number; readonly holds: boolean };
  /**
   * "wigner-l2": ||W_t - W(omega~_t)||_L2 over phase space, computed exactly by Plancherel as
   * (eps/2pi)^(d/2) ||omega_t - omega~_t||_HS (the discrete Wigner transform satisfies the
   * identity exactly).
   */
  readonly wignerL2?: number;
  /** "commutator": (1/N) tr|[x_a, omega_t]| for each axis a (<= C eps semiclassically). */
  readonly commutator?: readonly number[];
  /**
   * "rho-commutator": (1/N) ||rho_{|[x_a, omega~_t]|}||_{L^p} for p = 1, 2, Infinity, each a list
   * over axes a (Theorem 2's hypothesis: <= C eps). See `commutatorDensity`.
   */
  readonly rhoCommutator?: {
    readonly l1: readonly number[];
    readonly l2: readonly number[];
    readonly lInfinity: readonly number[];
  };
  /** tr omega_t and tr omega~_t (both N up to the discretization). */
  readonly particleNumber: { readonly quantum: number; readonly vlasov: number };
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
   * The smallest eps rerun with the quantum grid and the Vlasov grid refined by 2 per axis:
   * the rows and, per metric, max over t of |refined - original| / |original|.
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
  /** The theorems' exponents for the configured interaction (upper bounds on the rate). */
  readonly theory: { readonly exponents: TheoremExponents; readonly note: string };
  readonly errorFloor?: StudyErrorFloor;
  /** Wall-clock seconds of the whole study. */
  readonly seconds: number;
}
