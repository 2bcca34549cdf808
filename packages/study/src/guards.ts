import { fftAxis, type Grid, type PhaseSpaceGrid } from "@semiclassical/grid";
import type { DensityMatrix } from "@semiclassical/quantum";
import type { StudyConfig } from "./config-types.js";
import type { RowGuards } from "./resolution-types.js";

/**
 * The thresholds of the row guards (issue 12; THEORY.md section 6). A guard above its `hard`
 * value stops the task with a {@link StudyGuardError}; above `soft` it is recorded in the row
 * (`row.resolution.guards`) and the row is not resolved. The study's distances are per particle
 * (tr|.|/N <= 2) and the smallest it resolves are ~1e-5-1e-4 (the default preset at N = 32), so
 * a soft threshold of 1e-6 on a mass fraction is 1-10 % of them, and a hard threshold of 1e-3 is
 * a wrap-around error that exceeds every distance the default preset measures.
 */
export const STUDY_GUARD_THRESHOLDS = Object.freeze({
  /** Width of the edge band of a box, per side, as a fraction of the box (1/16 of it). */
  edgeMargin: 1 / 16,
  /**
   * Fraction of int rho in the edge band of the quantum box (`quantumEdgeMass`) or of the Vlasov
   * position box (`vlasovEdgeMass`). Both boxes are periodic: mass there is about to wrap around
   * (the quantum kinetic step and the Vlasov x-shift are spectral), so it is an error of the same
   * size in tr|omega_t - omega~_t| / N. Soft 1e-6, hard 1e-3 (see above).
   */
  edgeMass: { soft: 1e-6, hard: 1e-3 },
  /**
   * Fraction of int |W~| in the edge band of the (periodic) velocity box: W~ about to wrap from
   * +vMax to -vMax, an error of its own size in the distances. Soft 1e-6, hard 1e-3.
   */
  velocityEdgeMass: { soft: 1e-6, hard: 1e-3 },
  /**
   * Fraction of tr omega in the top eighth of each momentum axis of the quantum grid: the grid's
   * resolution is dx <= pi eps / (2 v_max), so a resolved state has none there (its momentum
   * support lies below half the Nyquist momentum); weight there is aliased at the next kinetic
   * step. Soft 1e-8 (the thermal tail the "auto" grids leave is below the occupation cutoff
   * 1e-12), hard 1e-4.
   */
  spectralTail: { soft: 1e-8, hard: 1e-4 },
  /**
   * Relative drift of tr omega and of int W~ from t = 0: both flows conserve them exactly and the
   * discretizations do to round-off (unitary steps, mass-conserving spectral shifts), so drift
   * means a non-finite or corrupted step. Soft 1e-8, hard 1e-4.
   */
  particleDrift: { soft: 1e-8, hard: 1e-4 },
  /**
   * Relative energy drift from t = 0 (the Hamiltonian is time independent for t >= 0 with the trap
   * kept or removed): Strang and order-4 splittings keep it at O(dt^2) resp. O(dt^4) (~1e-5 for
   * the presets); 1e-3 means dt is too large for the distances (which are themselves O(dt^2)
   * discretization-limited there); 0.1 means the dynamics is not the one studied.
   */
  energyDrift: { soft: 1e-3, hard: 0.1 },
  /**
   * min W~ is a Casimir of the Vlasov flow (W~ is transported, its values are kept), so
   * min W~_t < min W~_0 - 1e-4 (2 pi)^-d means the Vlasov grid's interpolation created new
   * negative values (under-resolved filamentation or resampling overshoot), in units of the
   * classical Pauli bound (2 pi)^-d, the largest value of a fermionic phase-space density in
   * THEORY.md's normalization. Measured (1D, t <= 1): the default preset ("smooth", 128 x 128)
   * stays within 5e-11 of that bound at every N and time; a 64 x 64 grid on a resolved
   * lambda = 4 study gives 2e-6; 32 x 32 gives 2e-3 and 16 x 16 1e-2, both with refinement
   * changes far above 1 %. Soft only (the row is unresolved, naming vlasov.nx and nv).
   */
  minWDecrease: { soft: 1e-4 },
});

/** Which guard failed (the `quantity` of a {@link StudyGuardError}). */
export type StudyGuardQuantity = keyof RowGuards | "non-finite-quantum" | "non-finite-vlasov";

/**
 * A hard guard failure of the study (issue 12): the numbers of the task cannot be trusted, so the
 * task stops at once. The message names the quantity, where and when, and the fix (the config
 * field to change and its current value); the CLI maps it to exit code 3.
 */
export class StudyGuardError extends Error {
  /** The guard (a field of `RowGuards`, or "non-finite-quantum" / "non-finite-vlasov"). */
  readonly quantity: StudyGuardQuantity;
  readonly N: number;
  /** Time at which the guard failed. */
  readonly t: number;
  /** The measured value (NaN for a non-finite state). */
  readonly value: number;
  /** The hard threshold it exceeded (NaN for a non-finite state). */
  readonly threshold: number;
  /** The config field to change, e.g. "vlasov.vMax". */
  readonly parameter: string;
  /** What to do, e.g. "raise vlasov.vMax (now 9.3)". */
  readonly fix: string;

  constructor(fields: {
    quantity: StudyGuardQuantity;
    N: number;
    t: number;
    value: number;
    threshold: number;
    parameter: string;
    fix: string;
    what: string;
  }) {
    super(`${fields.what} at t = ${short(fields.t)} (N = ${fields.N}): ${fields.fix}`);
    this.name = "StudyGuardError";
    this.quantity = fields.quantity;
    this.N = fields.N;
    this.t = fields.t;
    this.value = fields.value;
    this.threshold = fields.threshold;
    this.parameter = fields.parameter;
    this.fix = fields.fix;
  }
}

function short(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
}

/** Number of grid points in the edge band of an axis of n points (at least 1). */
function marginPoints(n: number): number {
  return Math.max(1, Math.ceil(n * STUDY_GUARD_THRESHOLDS.edgeMargin));
}

/**
 * Fraction of sum |f| in the edge band of a grid's box (max over axes and sides), for row-major
 * samples f on `grid` with `inner` further values per point (the velocity block of W~).
 * Cost O(size).
 */
export function edgeMassFraction(grid: Grid, values: Float64Array, inner = 1): number {
  const d = grid.dimension;
  const edges = new Float64Array(2 * d);
  let total = 0;
  for (let i = 0; i < grid.size; i++) {
    let s = 0;
    for (let j = 0; j < inner; j++) s += Math.abs(values[i * inner + j]);
    total += s;
    for (let a = 0; a < d; a++) {
      const n = grid.shape[a];
      const k = Math.floor(i / grid.strides[a]) % n;
      const m = marginPoints(n);
      if (k < m) edges[2 * a] += s;
      if (k >= n - m) edges[2 * a + 1] += s;
    }
  }
  if (!(total > 0)) return Number.isFinite(total) ? 0 : Number.NaN;
  return Math.max(...edges) / total;
}

/**
 * Fraction of int |W~| in the edge band of the velocity box (max over velocity axes and sides),
 * W~ with index ix * velocity.size + iv. Cost O(size).
 */
export function velocityEdgeFraction(grid: PhaseSpaceGrid, W: Float64Array): number {
  const v = grid.velocity;
  const d = v.dimension;
  const perVelocity = new Float64Array(v.size);
  for (let ix = 0; ix < grid.position.size; ix++) {
    const offset = ix * v.size;
    for (let iv = 0; iv < v.size; iv++) perVelocity[iv] += Math.abs(W[offset + iv]);
  }
  const edges = new Float64Array(2 * d);
  let total = 0;
  for (let iv = 0; iv < v.size; iv++) {
    const s = perVelocity[iv];
    total += s;
    for (let a = 0; a < d; a++) {
      const n = v.shape[a];
      const k = Math.floor(iv / v.strides[a]) % n;
      const m = marginPoints(n);
      if (k < m) edges[2 * a] += s;
      if (k >= n - m) edges[2 * a + 1] += s;
    }
  }
  if (!(total > 0)) return Number.isFinite(total) ? 0 : Number.NaN;
  return Math.max(...edges) / total;
}

/** Whether FFT index j of an n-point axis lies in the top eighth of |momentum| (|j'| >= 7n/16). */
function inTail(j: number, n: number): boolean {
  const frequency = j < n / 2 ? j : n - j;
  return frequency >= (7 * n) / 16;
}

/**
 * The momentum diagonal <k|omega|k> = (F omega F^*)_kk of a dense state (M = n^d points, data
 * row-major M x M interleaved complex), row by row: each row of omega transformed along its d
 * column axes (B_i = inverse FFT of row i), then (F omega F^*)_kk = sum_i e^{-2 pi i i.k} B_i(k)
 * with the phases from one table per axis; up to the factor of the inverse FFT's 1/M it is
 * <k|omega|k>, so that sum_k of it is tr omega. Real for Hermitian omega (the real part is
 * kept). Cost O(M^2 log M) for the FFTs and O(d M^2) for the phases; allocates O(M) (no copy of
 * the matrix), so it serves every size.
 */
function momentumDiagonal(data: Float64Array, grid: Grid): Float64Array {
  const d = grid.dimension;
  const M = grid.size;
  const shape = grid.shape;
  const cos = shape.map((n) =>
    Float64Array.from({ length: n }, (_, m) => Math.cos((2 * Math.PI * m) / n)),
  );
  const sin = shape.map((n) =>
    Float64Array.from({ length: n }, (_, m) => Math.sin((2 * Math.PI * m) / n)),
  );
  const index = (i: number, a: number) => Math.floor(i / grid.strides[a]) % shape[a];
  const axes = Array.from({ length: M }, (_, k) =>
    Array.from({ length: d }, (_, a) => index(k, a)),
  );
  const diagonal = new Float64Array(M);
  const row = new Float64Array(2 * M);
  for (let i = 0; i < M; i++) {
    row.set(data.subarray(2 * i * M, 2 * (i + 1) * M));
    for (let a = 0; a < d; a++) fftAxis(row, shape, a, "inverse");
    const own = axes[i];
    for (let k = 0; k < M; k++) {
      // e^{-2 pi i sum_a i_a k_a / n_a} as a product over the axes.
      let re = 1;
      let im = 0;
      const ka = axes[k];
      for (let a = 0; a < d; a++) {
        const m = (own[a] * ka[a]) % shape[a];
        const c = cos[a][m];
        const s = -sin[a][m];
        const r = re * c - im * s;
        im = re * s + im * c;
        re = r;
      }
      diagonal[k] += re * row[2 * k] - im * row[2 * k + 1];
    }
  }
  return diagonal;
}

/**
 * Fraction of tr omega in the top eighth of each momentum axis (max over axes): orbital form
 * sum_k |lambda_k| |P phi_k|^2 / sum_k |lambda_k| |phi_k|^2 by one FFT per orbital
 * (O(K M log M)); dense form sum_{k in the tail} |<k|omega|k>| / sum_k |<k|omega|k>| with the
 * momentum diagonal computed row by row (`momentumDiagonal`: O(M^2 log M), O(M) memory, every
 * size).
 */
export function spectralTailFraction(state: DensityMatrix): number {
  const grid = state.grid;
  const d = grid.dimension;
  const M = grid.size;
  const shape = grid.shape;
  const axisIndex = (i: number, a: number) => Math.floor(i / grid.strides[a]) % shape[a];
  const tails = new Float64Array(d);
  let total = 0;
  const accumulate = (index: number, weight: number) => {
    total += weight;
    for (let a = 0; a < d; a++) if (inTail(axisIndex(index, a), shape[a])) tails[a] += weight;
  };
  if (state.form === "orbital") {
    const K = state.occupations.length;
    const work = new Float64Array(2 * M);
    for (let k = 0; k < K; k++) {
      const lambda = Math.abs(state.occupations[k]);
      if (lambda === 0) continue;
      work.set(state.orbitals.subarray(2 * k * M, 2 * (k + 1) * M));
      for (let a = 0; a < d; a++) fftAxis(work, shape, a, "forward");
      for (let i = 0; i < M; i++) accumulate(i, lambda * (work[2 * i] ** 2 + work[2 * i + 1] ** 2));
    }
  } else {
    const diagonal = momentumDiagonal(state.data, grid);
    for (let k = 0; k < M; k++) accumulate(k, Math.abs(diagonal[k]));
  }
  if (!(total > 0)) return Number.isFinite(total) ? 0 : Number.NaN;
  return Math.max(...tails) / total;
}

/** The conserved quantities of both sides at one time (from the solvers' diagnostics). */
export interface ConservedSample {
  readonly particles: number;
  readonly energyQuantum: number;
  readonly kineticQuantum: number;
  readonly mass: number;
  readonly energyVlasov: number;
  readonly kineticVlasov: number;
  readonly minW: number;
}

/** |a - b| / scale, NaN when either is not finite. */
function drift(value: number, reference: number, scale: number): number {
  const change = Math.abs(value - reference);
  return Number.isFinite(change) ? change / Math.max(scale, Number.MIN_VALUE) : Number.NaN;
}

/** The measured guards of one time, from the samples at t and t = 0 and the edge/tail fractions. */
export function rowGuards(fields: {
  quantumEdgeMass: number;
  vlasovEdgeMass: number;
  spectralTail: number;
  velocityEdgeMass: number;
  now: ConservedSample;
  initial: ConservedSample;
}): RowGuards {
  const { now, initial } = fields;
  return {
    quantumEdgeMass: fields.quantumEdgeMass,
    vlasovEdgeMass: fields.vlasovEdgeMass,
    spectralTail: fields.spectralTail,
    velocityEdgeMass: fields.velocityEdgeMass,
    particleDriftQuantum: drift(now.particles, initial.particles, Math.abs(initial.particles)),
    massDriftVlasov: drift(now.mass, initial.mass, Math.abs(initial.mass)),
    energyDriftQuantum: drift(
      now.energyQuantum,
      initial.energyQuantum,
      Math.max(Math.abs(initial.energyQuantum), Math.abs(initial.kineticQuantum)),
    ),
    energyDriftVlasov: drift(
      now.energyVlasov,
      initial.energyVlasov,
      Math.max(Math.abs(initial.energyVlasov), Math.abs(initial.kineticVlasov)),
    ),
    minW: now.minW,
    minW0: initial.minW,
  };
}

/** The guards measured on the quantum side (the others are measured on W~). */
const QUANTUM_GUARDS: readonly (keyof RowGuards)[] = [
  "quantumEdgeMass",
  "spectralTail",
  "particleDriftQuantum",
  "energyDriftQuantum",
];

/** Where a guard failed and what the config holds, for the message of a hard failure. */
export interface GuardContext {
  readonly config: StudyConfig;
  readonly N: number;
  readonly t: number;
  /** The grid W~ lives on and whether it is the Wigner grid of omega_0. */
  readonly vlasovGrid: PhaseSpaceGrid;
  readonly onWignerGrid: boolean;
  /** Velocity edge |v| of the W~ grid and of the quantum grid (pi eps / (2 dx)). */
  readonly velocityEdge: number;
}

/**
 * The second fix of a velocity-edge guard on the Vlasov grid (vlasov.nv = `nv`): a W~ the
 * velocity grid does not resolve rings out to the edge by interpolation, whatever vMax is
 * (measured: thermal T = 0.5 at N = 4 on 16 velocities kept 0.19 % and 0.21 % of int |W~| at the
 * edge with vMax 4.65 and 7; 64 velocities cleared it).
 */
export function velocityRinging(nv: number): string {
  return `if that mass stays when vMax grows, W~ is under-resolved in v and rings out to the edge: raise vlasov.nv (now ${nv})`;
}

/**
 * Throws a {@link StudyGuardError} for the first guard above its hard threshold (or not finite),
 * naming the quantity, where and when, and the fix; guards absent from `guards` are not checked.
 * The velocity edge comes before the position edges (a wrapped velocity corrupts the x-shifts
 * too, so it is the cause to name). Soft exceedances are left to the verdicts.
 */
export function checkHardGuards(guards: Partial<RowGuards>, context: GuardContext): void {
  const { config, N, t } = context;
  const th = STUDY_GUARD_THRESHOLDS;
  const box = config.grid.box;
  const half = short(box / 2);
  const remove = config.dynamics.trap === "remove";
  const dt = config.dynamics.dt;
  const checks: {
    quantity: keyof RowGuards;
    threshold: number;
    parameter: string;
    what: string;
    fix: string;
  }[] = [
    {
      quantity: "quantumEdgeMass",
      threshold: th.edgeMass.hard,
      parameter: "grid.box",
      what: `the density rho_t reaches the quantum box edge |x| = ${half} (${pct(guards.quantumEdgeMass)} of it within ${short(box * th.edgeMargin)} of the edge)`,
      fix: `raise grid.box (now ${short(box)})${remove ? " or lower dynamics.tFinal (the trap is removed)" : ""}`,
    },
    {
      quantity: "velocityEdgeMass",
      threshold: th.velocityEdgeMass.hard,
      parameter: context.onWignerGrid ? "grid.vMax" : "vlasov.vMax",
      what: `W~ reaches the velocity box edge |v| = ${short(context.velocityEdge)} (${pct(guards.velocityEdgeMass)} of int |W~| within ${short(2 * context.velocityEdge * th.edgeMargin)} of it)`,
      fix: context.onWignerGrid
        ? `raise grid.vMax (now ${short(config.grid.vMax)}; W~ lives on the Wigner grid of omega_0)`
        : `raise vlasov.vMax (now ${short(config.vlasov.vMax)}); ${velocityRinging(config.vlasov.nv)}`,
    },
    {
      quantity: "vlasovEdgeMass",
      threshold: th.edgeMass.hard,
      parameter: "grid.box",
      what: `rho~_t reaches the Vlasov position box edge |x| = ${half} (${pct(guards.vlasovEdgeMass)} of it within ${short(box * th.edgeMargin)} of the edge)`,
      fix:
        `raise grid.box (now ${short(box)})` +
        ((guards.quantumEdgeMass ?? 0) <= th.edgeMass.soft
          ? `; the quantum density stays inside (edge mass ${short(guards.quantumEdgeMass ?? 0)}), so W~ may rather be under-resolved and ring out to the edge: raise vlasov.nx, vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv})`
          : ""),
    },
    {
      quantity: "spectralTail",
      threshold: th.spectralTail.hard,
      parameter: "grid.vMax",
      what: `omega_t has ${pct(guards.spectralTail)} of its trace in the top eighth of the quantum grid's momenta`,
      fix: `raise grid.vMax (now ${short(config.grid.vMax)}) or set grid.dxOverEps`,
    },
    {
      quantity: "particleDriftQuantum",
      threshold: th.particleDrift.hard,
      parameter: "dynamics.dt",
      what: `tr omega_t drifted by ${pct(guards.particleDriftQuantum)} from t = 0`,
      fix: `lower dynamics.dt (now ${dt})`,
    },
    {
      quantity: "massDriftVlasov",
      threshold: th.particleDrift.hard,
      parameter: "dynamics.dt",
      what: `int W~_t drifted by ${pct(guards.massDriftVlasov)} from t = 0`,
      fix: `lower dynamics.dt (now ${dt}) or raise vlasov.nx, vlasov.nv (now ${config.vlasov.nx}, ${config.vlasov.nv})`,
    },
    {
      quantity: "energyDriftQuantum",
      threshold: th.energyDrift.hard,
      parameter: "dynamics.dt",
      what: `the Hartree(-Fock) energy drifted by ${pct(guards.energyDriftQuantum)} from t = 0`,
      fix: `lower dynamics.dt (now ${dt})`,
    },
    {
      quantity: "energyDriftVlasov",
      threshold: th.energyDrift.hard,
      parameter: "dynamics.dt",
      what: `the Vlasov energy drifted by ${pct(guards.energyDriftVlasov)} from t = 0`,
      fix: `lower dynamics.dt (now ${dt})`,
    },
  ];
  for (const check of checks) {
    const value = guards[check.quantity];
    if (value === undefined) continue;
    if (!(value <= check.threshold)) {
      const nonFinite = !Number.isFinite(value);
      throw new StudyGuardError({
        quantity: check.quantity,
        N,
        t,
        value,
        threshold: check.threshold,
        parameter: nonFinite ? "dynamics.dt" : check.parameter,
        what: nonFinite
          ? `${QUANTUM_GUARDS.includes(check.quantity) ? "omega (Hartree-Fock)" : "W~ (Vlasov)"} is not finite (${check.quantity} = ${value})`
          : check.what,
        fix: nonFinite ? `lower dynamics.dt (now ${dt}) or check the interaction` : check.fix,
      });
    }
  }
  for (const quantity of ["minW", "minW0"] as const) {
    const value = guards[quantity];
    if (value !== undefined && !Number.isFinite(value)) {
      throw new StudyGuardError({
        quantity,
        N,
        t,
        value,
        threshold: Number.NaN,
        parameter: "dynamics.dt",
        what: `${quantity} is ${value} (a non-finite W~)`,
        fix: `lower dynamics.dt (now ${dt}) or check the interaction`,
      });
    }
  }
}

function pct(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return String(x);
  return x >= 1e-3 ? `${Number((100 * x).toPrecision(3))} %` : `${Number(x.toPrecision(3))}`;
}

/**
 * Turns a non-finite-state error of either solver (vlasov's NonFiniteStateError, the
 * HartreeFockSolver's "non-finite" Error) into a {@link StudyGuardError} naming the step, N and the
 * quantity; other errors are returned as they are.
 */
export function nonFiniteGuardError(
  error: unknown,
  config: StudyConfig,
  N: number,
  dt: number,
): unknown {
  if (!(error instanceof Error)) return error;
  const vlasov = error.name === "NonFiniteStateError";
  const quantum = /HartreeFockSolver: the (state became non-finite|energy is not finite)/.test(
    error.message,
  );
  if (!vlasov && !quantum) return error;
  const stepMatch = /step (\d+)/.exec(error.message);
  const timeMatch = /t = ([-+0-9.eE]+)/.exec(error.message);
  const step = stepMatch ? Number(stepMatch[1]) : Number.NaN;
  const t = timeMatch ? Number(timeMatch[1]) : Number.NaN;
  const side = vlasov ? "W~ (Vlasov)" : "omega (Hartree-Fock)";
  const guard = new StudyGuardError({
    quantity: vlasov ? "non-finite-vlasov" : "non-finite-quantum",
    N,
    t,
    value: Number.NaN,
    threshold: Number.NaN,
    parameter: "dynamics.dt",
    what: `${side} became non-finite (NaN/Infinity) in time step ${step}`,
    fix: `lower dynamics.dt (now ${dt}) or weaken interaction.lambda (now ${"lambda" in config.interaction ? config.interaction.lambda : 0}); solver said: ${error.message}`,
  });
  return guard;
}
