/**
 * What a study knows about the trustworthiness of each row (issue 12, THEORY.md section 6
 * "Verdicts"): the guards measured while the row was computed, the floors and refinement changes
 * assembled from the other tasks, and the verdict that decides whether the row may enter a fit.
 */

/** The discretizations a verified study refines separately (each by a factor 2). */
export type RefinedDiscretization = "quantum-grid" | "vlasov-grid" | "dt";

/** How a study verifies its rows (config field `resolution`). */
export type ResolutionMode = "verified" | "adaptive" | "off";

/**
 * Quantities measured at the row's time on both sides (all dimensionless, >= 0 unless said).
 * Thresholds and meanings: `STUDY_GUARD_THRESHOLDS` and the docs guide "Reading the results".
 */
export interface RowGuards {
  /** Fraction of int rho within the edge margin of the quantum box (max over axes and sides). */
  readonly quantumEdgeMass: number;
  /** Fraction of int rho~ within the edge margin of the Vlasov position box. */
  readonly vlasovEdgeMass: number;
  /** Fraction of the quantum state's norm in the top eighth of each momentum axis (max over axes). */
  readonly spectralTail: number;
  /** Fraction of int |W~| within the edge margin of the Vlasov velocity box (max over axes, sides). */
  readonly velocityEdgeMass: number;
  /** |tr omega_t - tr omega_0| / tr omega_0. */
  readonly particleDriftQuantum: number;
  /** |int W~_t - int W~_0| / |int W~_0|. */
  readonly massDriftVlasov: number;
  /** |E_HF(t) - E_HF(0)| / max(|E_HF(0)|, kinetic scale), for a time-independent Hamiltonian. */
  readonly energyDriftQuantum: number;
  /** |E_Vlasov(t) - E_Vlasov(0)| / max(|E_Vlasov(0)|, kinetic scale). */
  readonly energyDriftVlasov: number;
  /** min W~_t (W~_0 = Wigner(omega_0) may be negative; min W~ is a Casimir of the flow). */
  readonly minW: number;
  /** min W~_0, for comparison with `minW`. */
  readonly minW0: number;
}

/** The verdict of a row (THEORY.md section 6). "unverified": `resolution: "off"`. */
export type RowVerdict = "resolved" | "floor-limited" | "unresolved" | "unverified";

/** The trust record carried by every row (`row.resolution`). */
/**
 * How a row's certified trace norm ended (orbital path): what limits its width, so that a
 * floor-limited row names the right fix.
 */
export interface RowCertificate {
  /** dim P reached, and the largest allowed (traceNorm.maxDimension, or less to fit maxMemory). */
  readonly subspaceDimension: number;
  readonly maxDimension: number;
  /** True when the width met traceNorm.target. */
  readonly converged: boolean;
  /**
   * The part of the width (per particle) from a band narrowed to fit maxMemory: twice
   * sqrt(n^d) ||E||_HS for the entries E it drops (0 with the whole natural band).
   */
  readonly truncation: number;
}

export interface RowResolution {
  /** Measured while the row was computed (every task fills it). */
  readonly guards?: RowGuards;
  /** The certified trace norm's ending (orbital path rows). */
  readonly certificate?: RowCertificate;
  /**
   * The floors of the row's distance (per particle, the row's first metric): `transform` the
   * t = 0 transform error (1/N) tr|omega_0 - Weyl(W~_0)| of the row's N; `interactionOff` the
   * same (N, t) with V = 0 on the same grids.
   */
  readonly floors?: {
    readonly transform?: number;
    readonly interactionOff?: number;
    /** Width (1/N)(upper - lower) of the certified trace norm's interval (orbital path). */
    readonly certificate?: number;
    /** The trace omega_0 dropped below state.occupationCutoff, per particle (thermal states). */
    readonly occupationCutoff?: number;
    /**
     * Dense rows whose spectrum of omega - omega~ was found in the sectors of the grid's point
     * reflection, when the trace norm is the row's distance (metrics' `reflectionBound`): the
     * bound, per particle, of what that changes the trace norm, at most 1e-4 of it by
     * construction (so never a limit; reported). The grids' edges and resolution break the
     * reflection symmetry of a symmetric problem at the level of the transform error.
     */
    readonly reflection?: number;
    /**
     * state.trap "coulomb": |d(a/2) - d(a)|, the change of the distance when the task is rerun
     * with the nucleus softening a halved (omega_0, HF and Vlasov all at a/2; same grids).
     */
    readonly softening?: number;
  };
  /** Relative change of the row's distance when each discretization is refined by 2. */
  readonly refinement?: Partial<Readonly<Record<RefinedDiscretization, number>>>;
  /**
   * Where each change of `refinement` was measured: the row's own (N, t) when that refinement ran
   * there, else the worst at its N, else at a larger N (added by the verdicts helper, optional).
   */
  readonly refinementAt?: Partial<
    Readonly<Record<RefinedDiscretization, { readonly N: number; readonly t: number }>>
  >;
  /**
   * `resolution: "adaptive"` only: the refinement levels the row was computed at and the final
   * changes that judge it (see {@link RowAdaptive}).
   */
  readonly adaptive?: RowAdaptive;
  /** Filled by `assembleStudyResult`. */
  readonly verdict?: RowVerdict;
  /** Why the verdict is not "resolved" (one sentence each, naming the parameter to change). */
  readonly reasons?: readonly string[];
}

/** Refinement level of each discretization: factor 2^level (quantum grid points and Vlasov nx, nv x 2^level, dt / 2^level). */
export type RefinementLevels = Readonly<Record<RefinedDiscretization, number>>;

/**
 * What `resolution: "adaptive"` did for a row's N (THEORY.md section 6; `adaptivePlan`): the
 * levels of the reported numbers and the changes that judge them.
 */
export interface RowAdaptive {
  /** The level of each discretization the row was computed at (all 0: the verified main row). */
  readonly levels: RefinementLevels;
  /**
   * Per discretization the relative change of the distance from its level to the next one
   * refined (level k-1 against k with the others fixed; a discretization the verified round
   * already resolved keeps its verified change), and `combined`: the row (all discretizations at
   * their final levels together) against the single-level rows of the last round (0 when it is
   * one of them).
   */
  readonly changes: Partial<Readonly<Record<RefinedDiscretization | "combined", number>>>;
  /** Why a discretization stopped while its change still exceeded the tolerance (a budget). */
  readonly stopped?: Partial<Readonly<Record<RefinedDiscretization, string>>>;
}
