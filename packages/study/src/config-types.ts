import type { Dimension } from "@semiclassical/grid";
import type { MetricName, SchattenExponent } from "@semiclassical/metrics";
import type { ResolutionMode } from "./resolution-types.js";

/**
 * Configuration of the Hartree-Fock versus Vlasov study (issue 6; THEORY.md sections 1-4).
 *
 * The same object is the JSON a user writes for `semiclassical study config.json`. Every field is
 * optional in the JSON; {@link resolveStudyConfig} fills the defaults stated below and returns this
 * fully resolved form (no "auto" left: the box and the momentum bounds are numbers), so a resolved
 * config written to results.json reproduces the run exactly and resolves to itself.
 */
export interface StudyConfig {
  /** Optional label of the study (printed in outputs). Default: "study". */
  readonly name: string;
  /** Space dimension d: 1, 2 or 3. Default 1 (the model problem a laptop runs at small eps). */
  readonly dimension: Dimension;
  /** kappa in h = -kappa eps^2 Laplacian + ...: a number > 0. Default 1 (the seed's convention). */
  readonly kappa: number;
  /**
   * Particle numbers N (integers >= 1, distinct, at least one), sorted ascending by the resolver;
   * eps = N^(-1/d). Default [8, 16, 32].
   */
  readonly N: readonly number[];
  /** The initial state omega_0 (THEORY.md section 4). */
  readonly state: StateConfig;
  /** The pair interaction V (THEORY.md section 1). */
  readonly interaction: InteractionConfig;
  /** The time evolution and the sampling times. */
  readonly dynamics: DynamicsConfig;
  /** The quantum position grid, chosen from eps for each N (THEORY.md section 2). */
  readonly grid: GridConfig;
  /** The phase-space grid of the Vlasov solver (independent of eps). */
  readonly vlasov: VlasovConfig;
  /** Which metrics to compute at every (N, t); see {@link METRIC_NAMES}. Default {@link DEFAULT_METRICS}. */
  readonly metrics: readonly MetricName[];
  /**
   * Whether the study also measures its own numerical error floor (the same study with the
   * interaction off, and a finer-grid rerun of the smallest eps). Default true.
   */
  readonly errorFloor: boolean;
  /**
   * How the study verifies its rows (issue 12, THEORY.md section 6): "verified" (default): each
   * discretization that matters (quantum grid, Vlasov grid, dt) is refined by 2 separately and a
   * row whose distance changes by more than `tolerance` is unresolved; "adaptive": the verified
   * study first, then, at each N, each discretization whose change exceeds `tolerance` refined one
   * level further per round (factor 2^level, the others at the levels reached; `adaptivePlan`)
   * until level k against k - 1 changes by at most `tolerance` or `budget` stops it; the rows
   * reported are those of every discretization at its final level together, with the levels and
   * final changes in `row.resolution.adaptive` (unresolved, naming the budget field, when a budget
   * stopped a refinement above `tolerance`); "off": no verification (rows labelled "unverified").
   */
  readonly resolution: ResolutionMode;
  /** Relative change under refinement above which a row is unresolved: a number in (0, 1). Default 0.01. */
  readonly tolerance: number;
  /** What `resolution: "adaptive"` may spend on refinement. */
  readonly budget: BudgetConfig;
  /**
   * The exponents p of the Schatten norms ||omega - Weyl(W~)||_p = (tr |omega - Weyl(W~)|^p)^(1/p)
   * computed by the metric "schatten": each a number >= 1 or "inf" (the operator norm), distinct;
   * sorted ascending ("inf" last) by the resolver; a single value counts as a list.
   * Default [1, 2, "inf"] (trace norm, Hilbert-Schmidt norm, operator norm).
   */
  readonly schattenP: readonly SchattenExponent[];
  /** How the trace norm ||omega - Weyl(W~)||_1 is computed. */
  readonly traceNorm: TraceNormConfig;
  /**
   * Bytes the study may hold in memory at once (dense matrices, phase-space arrays, workers), a
   * number > 0. Default "auto": the `availableMemory` option of {@link resolveStudyConfig} (the
   * CLI passes the machine's memory minus a margin), else 2^34 (16 GiB). The resolved config
   * holds the number.
   */
  readonly maxMemory: number;
}

/** How the trace norm is computed (see {@link StudyConfig.traceNorm}). */
export interface TraceNormConfig {
  /**
   * "dense": the eigenvalues of the full Hermitian matrix omega - Weyl(W~) (O(n^(3d)) time,
   * 16 n^(2d) bytes); "certified": an interval [lower, upper] that contains the trace norm, of
   * relative width at most `target`, from a method that need not hold the dense matrix;
   * "auto" (default): "dense" when the dense matrix fits in `maxMemory`, else "certified".
   */
  readonly method: TraceNormMethod;
  /**
   * Relative width (upper - lower) / upper of the certified interval that the "certified" method
   * aims for: a number in (0, 1). Default 1e-3.
   */
  readonly target: number;
  /**
   * Largest subspace dimension dim P of the certified interval: an integer >= 16, default 400
   * (memory 16 n^d bytes per vector, O(dim P^3) per Krylov step; the memory plan may lower it
   * to fit maxMemory). The width's floor when the target is not met by then.
   */
  readonly maxDimension: number;
}

/** Methods of the trace norm (see {@link TraceNormConfig.method}). */
export type TraceNormMethod = "auto" | "dense" | "certified";

/** The budget of `resolution: "adaptive"` (refinement stops before exceeding either). */
export interface BudgetConfig {
  /**
   * Wall-clock seconds of the whole study (every run of a resumed one), a number > 0: a round's
   * refinements run only when the seconds spent plus their estimate (the plan's time model times
   * the slowest measured/model ratio of the N's tasks) stay below it. Default 600.
   */
  readonly maxSeconds: number;
  /**
   * Bytes of the largest refined task (the plan's memory estimate `memory.totalBytes` of the
   * task's config: dense matrices, Wigner half grid, phase-space arrays), a number > 0; a level
   * beyond it is not run. Default 2^31 (2 GiB, what a browser tab or a laptop worker can hold).
   */
  readonly maxBytes: number;
}

/**
 * What a user writes: the input type of the config schema (config-schema.ts), every field
 * optional, "auto" where a default follows from the physics; {@link resolveStudyConfig} turns it
 * into a {@link StudyConfig}.
 */
export type { StudyConfigInput } from "./config-schema.js";

/** Kinds of initial state. */
export type StateKind = "thermal" | "slater" | "coherent" | "ground" | "vlasov-steady";

/** The initial state omega_0 (THEORY.md section 4). */
export interface StateConfig {
  /**
   * - "thermal" (default): Fermi-Dirac state of h_0 = -kappa eps^2 Laplacian + V_ext at `temperature`.
   * - "slater": the N lowest orbitals of h_0 (temperature 0; a pure state).
   * - "coherent": superposition of coherent states f_rp with M(r,p) the Fermi-Dirac function of the
   *   classical h_0(r,p) = kappa p^2 + V_ext(r) at `temperature` (T = 0: the indicator of the Fermi ball),
   *   normalized to N.
   * - "ground": the self-consistent Hartree(-Fock) state with the interaction on, at `temperature`
   *   (T = 0: ground state), in the trap.
   * - "vlasov-steady": the self-consistent classical steady state f = (2 pi)^(-d) phi(H) with
   *   H(x, v) = kappa |v|^2 + V_ext(x) + (V * rho_f)(x) and phi the Fermi-Dirac function at
   *   `temperature` (T = 0: the indicator of {H <= mu}), normalized to N, in the trap; omega_0 =
   *   Weyl(f), its spectrum clipped to [0, 1] (the clipped trace is reported).
   */
  readonly kind: StateKind;
  /**
   * Temperature T >= 0 of the Fermi-Dirac occupations. Default 0.5 for "thermal", "coherent" and
   * "vlasov-steady", 0 for "ground"; "slater" requires 0 (the default).
   */
  readonly temperature: number;
  /** The trap the initial state is prepared in. */
  readonly trap: TrapConfig;
  /**
   * Occupations of omega_0 below this are dropped (a number in (0, 0.01)). Default 1e-12, the
   * quantum package's DEFAULT_OCCUPATION_CUTOFF. Its effect on every distance is bounded by the
   * dropped trace, which is reported in the error floor.
   */
  readonly occupationCutoff: number;
}

/**
 * The external potential V_ext of the initial state (and of the dynamics when
 * dynamics.trap is "keep"), by kind; default "harmonic".
 * - "harmonic": V_ext(x) = strength |x|^2, strength s > 0 (kappa = s = 1 gives frequency 2),
 *   default 1.
 * - "coulomb": the softened nucleus V_ext(x) = -charge / sqrt(|x|^2 + softening^2) (the seed's
 *   atom sum_j -1/|x_j|, issue 15 item 2): charge Z > 0 (default 1: with the (1/N) Coulomb
 *   repulsion the neutral atom), softening a >= the position spacing dx of every grid of the
 *   study (quantum and Vlasov; checked by planStudy), default "auto" = {@link SOFTENING_CELLS}
 *   box / vlasov.nx. The regularization at the nucleus is part of the error floor: the study
 *   reruns each N at a / 2 (floor "softening").
 */
export type TrapConfig = HarmonicTrapConfig | CoulombTrapConfig;

/** V_ext(x) = strength |x|^2 (see {@link TrapConfig}). */
export interface HarmonicTrapConfig {
  readonly kind: "harmonic";
  /** Trap strength s > 0 (V_ext = s |x|^2; kappa = s = 1 gives frequency 2). Default 1. */
  readonly strength: number;
}

/** V_ext(x) = -charge / sqrt(|x|^2 + softening^2) (see {@link TrapConfig}). */
export interface CoulombTrapConfig {
  readonly kind: "coulomb";
  /** Nuclear charge Z > 0 in units of the total electron charge (1: neutral). Default 1. */
  readonly charge: number;
  /** Softening a > 0 of the nucleus, at least the grids' dx. Default 2 box / vlasov.nx. */
  readonly softening: number;
}

/** Default state.trap.softening in cells box / vlasov.nx (see {@link TrapConfig}). */
export const SOFTENING_CELLS = 2;

/** Kinds of interaction; see {@link InteractionConfig}. */
export type InteractionKind = InteractionConfig["kind"];

/**
 * The pair interaction V (THEORY.md section 1). Apart from "none" it has the shape of the grid
 * package's `InteractionKernel`, so it can be passed to `FreeSpaceConvolution` as it is.
 * Default: `{ kind: "gaussian", lambda: 1, sigma: 1 }`. Fields of another kind are rejected.
 * - "none": V = 0 (the matched-splitting exactness check: distances at round-off).
 * - "gaussian": V = lambda exp(-|x|^2 / (2 sigma^2)); lambda finite (default 1), sigma > 0 (default 1).
 * - "soft-power": V = lambda (|x|^2 + softening^2)^(-alpha/2); alpha in (0, d) (default 0.25),
 *   softening > 0 (default 0.1).
 * - "power": V = lambda / |x|^alpha, alpha in (0, d) (default 0.25); Theorem 1 covers (0, 1/2),
 *   Theorem 2 up to 1.
 * - "coulomb": V = lambda / |x|, d = 3 only.
 * lambda > 0 is repulsive, lambda < 0 attractive.
 */
export type InteractionConfig =
  | { readonly kind: "none" }
  | { readonly kind: "gaussian"; readonly lambda: number; readonly sigma: number }
  | {
      readonly kind: "soft-power";
      readonly lambda: number;
      readonly alpha: number;
      readonly softening: number;
    }
  | { readonly kind: "power"; readonly lambda: number; readonly alpha: number }
  | { readonly kind: "coulomb"; readonly lambda: number };

/** The time evolution (THEORY.md section 3). */
export interface DynamicsConfig {
  /** "hartree" (default; exchange X dropped) or "hartree-fock". */
  readonly model: "hartree" | "hartree-fock";
  /** "keep" (default): the trap stays on; "remove": V_ext = 0 for t >= 0 (free expansion). */
  readonly trap: "keep" | "remove";
  /** Final time T > 0, a whole number of steps dt. Default: the largest of `times`, else 1. */
  readonly tFinal: number;
  /** Time step dt > 0 (tFinal / dt must be a whole number). Default 0.01. */
  readonly dt: number;
  /** "strang" (default, order 2) or "order4" (Yoshida triple jump), the same on both sides. */
  readonly splitting: "strang" | "order4";
  /**
   * Times at which the metrics are measured: distinct, in [0, tFinal], each a whole number of
   * steps dt; sorted ascending by the resolver. Default: tFinal/4, tFinal/2, 3 tFinal/4, tFinal
   * (rounded to whole steps).
   */
  readonly times: readonly number[];
}

/** The quantum position grid (THEORY.md section 2). */
export interface GridConfig {
  /**
   * Side L of the (cubic) box centred at 0. Default "auto": twice the classical extent of the
   * state at the energy cutoff E_c (see {@link stateEnergyCutoff}), sqrt(E_c / s), plus the free
   * flight 2 kappa v_c tFinal when the trap is removed, times 1.1, rounded up to a multiple of 0.5.
   */
  readonly box: number;
  /**
   * Momentum bound v_max used for the resolution dx <= pi eps / (2 v_max). Default "auto": the
   * edge of the Vlasov velocity grid, vlasov.vMax (1 + 1/nv), so that Weyl(W~_t) is resolved on
   * the quantum grid (and v_max > v_c, the state's own momentum support).
   */
  readonly vMax: number;
  /** Optional extra refinement dx <= dxOverEps * eps (a number > 0). Default: none. */
  readonly dxOverEps?: number;
  /**
   * Largest number of points per axis allowed (a power of two); a finer grid is an error.
   * Default 4096 in 1D, 128 in 2D, 32 in 3D (dense matrices have (points^d)^2 entries).
   */
  readonly maxPoints: number;
}

/** The Vlasov phase-space grid: nx^d positions on the quantum box times nv^d velocities. */
export interface VlasovConfig {
  /** Position points per axis (power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D). */
  readonly nx: number;
  /** Velocity points per axis (power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D). */
  readonly nv: number;
  /**
   * Velocity box [-vMax, vMax) per axis; must cover the state's momentum support v_c.
   * Default "auto": 1.1 v_c (rounded up to 0.01), enlarged when the initial state's mean field
   * U_0 = V_ext + V * rho_0 needs it (see `studyBudgets`).
   */
  readonly vMax: number;
  /**
   * Where W~ lives: "phase-space" (nx^d x nv^d above, W~_0 resampled onto it) or "wigner" (the
   * quantum Wigner grid of omega_0 itself, nothing interpolated; resolves the eps-scale fringes of
   * pure and low-temperature states; costlier, 2^d n x n_v points per N). Default "auto":
   * "wigner" in 1D when the temperature is below {@link LOW_TEMPERATURE_LEVELS} level spacings
   * 2 sqrt(kappa s) eps of the largest N (pure and near-pure states), else "phase-space".
   */
  readonly grid: VlasovGridKind;
}

/** The grid W~ lives on (see {@link VlasovConfig.grid}). */
export type VlasovGridKind = "phase-space" | "wigner";

/**
 * Temperatures below this many trap level spacings Delta = 2 sqrt(kappa s) eps (at the largest N)
 * count as "low" for vlasov.grid "auto". The eps-scale fringes of W_0 = sum_j f(E_j) W_j come
 * from the sum over levels; Fermi-Dirac weights damp them by the factor x / sinh(x),
 * x = 2 pi^2 T / Delta (the Fourier transform of -f' at the level period, as in the
 * Lifshitz-Kosevich temperature factor): at T = Delta this is 1e-7, far below the 1 % the
 * transform error may reach, while below it the state is near-pure and a phase-space grid with
 * dv = 2 vMax / nv > eps cannot hold the fringes.
 */
export const LOW_TEMPERATURE_LEVELS = 1;
/** Kinds of initial state, in the order the validator lists them. */
export const STATE_KINDS: readonly StateKind[] = [
  "thermal",
  "slater",
  "coherent",
  "ground",
  "vlasov-steady",
];
/** Kinds of trap (state.trap.kind), in the order the validator lists them. */
export const TRAP_KINDS = ["harmonic", "coulomb"] as const;
/** Kinds of interaction, in the order the validator lists them. */
export const INTERACTION_KINDS = ["none", "gaussian", "soft-power", "power", "coulomb"] as const;
/** Default Vlasov points per axis (nx and nv) by dimension. */
export const DEFAULT_VLASOV_POINTS: Readonly<Record<Dimension, number>> = { 1: 128, 2: 32, 3: 16 };
/** Default grid.maxPoints by dimension. */
export const DEFAULT_MAX_POINTS: Readonly<Record<Dimension, number>> = { 1: 4096, 2: 128, 3: 32 };
