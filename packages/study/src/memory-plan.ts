/**
 * Which measurement path a study takes for one N (dense n^d x n^d matrices, or orbitals with the
 * certified trace norm), and what each N needs in memory and time (issue 13 item 5), computed
 * before any work so an over-budget plan is refused with the component to change.
 */
import {
  createGrid,
  createPhaseSpaceGrid,
  type Grid,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import { certifiedTraceNormCost } from "@semiclassical/metrics";
import { orbitalWignerCost, wignerPhaseSpace } from "@semiclassical/quantum";
import type { StudyConfig } from "./config-types.js";
import {
  CENTRES_PER_AXIS,
  COMMUTATOR_SCALING_DIVISORS,
  PROOF_TERM_EVERY,
} from "./research-metrics.js";
import { CHEAP_REFINEMENT_POINTS, mainTimesOf, refinementTimesOf, vlasovGrids } from "./tasks.js";
import { trapCurvature } from "./trap.js";
import { resolutionSettings } from "./verdicts.js";

/** How a task measures its rows: dense matrices or orbitals with the certified trace norm. */
export type MeasurementPath = "dense" | "orbital";

/** One component of the memory plan of an N (bytes at its peak, what it is made of). */
export interface MemoryComponent {
  /** What it is, e.g. "orbitals", "Vlasov phase space". */
  readonly name: string;
  readonly bytes: number;
  /** How the bytes are counted, e.g. "K ~ 8 orbitals x 128x128x128 complex x 1 copy". */
  readonly detail: string;
  /** The config fields that change it (named in a refusal). */
  readonly fix: string;
}

/** The memory and time estimate of one N (see {@link memoryPlanOf}). */
export interface MemoryPlanEntry {
  readonly path: MeasurementPath;
  /** The certified trace norm's band and subspace (orbital path). */
  readonly certificate?: CertificatePlan;
  /** Estimated number of orbitals K of omega_0 (orbital path; N for a Slater state). */
  readonly orbitals: number;
  readonly components: readonly MemoryComponent[];
  /** Sum of the components (they coexist during a measured row). */
  readonly totalBytes: number;
  /** Estimated wall seconds of the main task of this N on one core: steps and rows. */
  readonly seconds: { readonly steps: number; readonly rows: number; readonly total: number };
  /**
   * The other tasks the study runs for this N, each on its own grids (refinements, W~ on the
   * Wigner grid; see {@link studyTaskPlans}); planStudy fills it, the check of
   * `checkMemory: "study"` refuses the largest of them.
   */
  readonly tasks?: readonly TaskMemoryPlan[];
}

/** The memory and time of one task of an N besides its main task (see {@link studyTaskPlans}). */
export interface TaskMemoryPlan {
  /** Which task, e.g. "quantum-grid refinement", "dt refinement". */
  readonly task: string;
  /** Its components and times on its own grids ({@link memoryPlanOf}; no `tasks`). */
  readonly memory: MemoryPlanEntry;
  /** What drops the task instead of shrinking it (named in a refusal). */
  readonly avoid: string;
}

/** Default of maxMemory for configs resolved before the field existed: 16 GiB. */
export const DEFAULT_MAX_MEMORY = 2 ** 34;

/**
 * Fraction of what the other components leave of maxMemory that the certified trace norm's band
 * may take (the rest is the margin for the arrays each step allocates).
 */
const CERTIFICATE_SHARE = 0.75;

/** Default relative width of the certified interval. */
export const DEFAULT_CERTIFICATE_TARGET = 1e-3;

/** Default largest dim P of the certified trace norm (config.traceNorm.maxDimension; metrics' default). */
export const DEFAULT_CERTIFICATE_DIMENSION = 400;

/**
 * Floating-point operations per second assumed for the time estimates (one JavaScript thread on
 * Float64Arrays, FFTs in WebAssembly). Calibrated on two runs of the orbital path (Dec 2026,
 * shared machine, CPU time): the power-2d preset at N = 16 (estimate 2650 s at 3e8/s, 356 s of
 * CPU: 2.2e9/s) and a 1D certified row at n = 512 (1.3e9/s). A rough figure for ordering and
 * refusing; `pnpm bench:study` prints the estimate beside the measured seconds of every task.
 */
export const ASSUMED_FLOP_RATE = 1.5e9;

/**
 * K n^d complex buffers of hartree-fock's orbital exchange flow (OrbitalExchangeFlow with the
 * default ACE: the substep backup, Psi_0, the midpoint, X Psi and the solved orbitals).
 */
const ORBITAL_EXCHANGE_COPIES = 5;

/** Dense n^d x n^d matrices the dense path holds at once (omega, Weyl(W~), D, eigensolver). */
const DENSE_MATRIX_COPIES = 5;

/** config.traceNorm with the defaults of a config resolved before the field existed. */
export function traceNormSettings(config: StudyConfig): {
  method: "auto" | "dense" | "certified";
  target: number;
  maxDimension: number;
} {
  const c = (config as Partial<Pick<StudyConfig, "traceNorm">>).traceNorm;
  return {
    method: c?.method ?? "auto",
    target: c?.target ?? DEFAULT_CERTIFICATE_TARGET,
    maxDimension: c?.maxDimension ?? DEFAULT_CERTIFICATE_DIMENSION,
  };
}

/** config.maxMemory (default {@link DEFAULT_MAX_MEMORY} for configs that lack it). */
export function maxMemoryOf(config: StudyConfig): number {
  return (config as Partial<Pick<StudyConfig, "maxMemory">>).maxMemory ?? DEFAULT_MAX_MEMORY;
}

/** Bytes of the dense path's matrices for M = n^d grid points (16 M^2 each, several copies). */
export function denseBytes(points: number): number {
  return DENSE_MATRIX_COPIES * 16 * points * points;
}

/**
 * The measurement path of a study: traceNorm.method "dense" and "certified" force it; "auto"
 * takes the orbital path (orbitals, W~_0 sampled on the Vlasov grid, the certified trace norm)
 * whenever d >= 2, and in 1D the dense path unless its matrices at the largest N exceed maxMemory
 * (1D dense metrics are fast: O(n^3) with n <= 4096). `largestPoints`: the quantum grid points
 * n^d of the largest N. Cost O(1).
 */
export function measurementPath(config: StudyConfig, largestPoints: number): MeasurementPath {
  const { method } = traceNormSettings(config);
  if (method === "dense") return "dense";
  if (method === "certified") return "orbital";
  if (config.dimension >= 2) return "orbital";
  return denseBytes(largestPoints) > maxMemoryOf(config) ? "orbital" : "dense";
}

/**
 * Estimated number of orbitals K of omega_0: N for "slater" and T = 0; for T > 0 the trap levels
 * below the occupation cutoff's energy mu + T ln(1/c), counted semiclassically: the phase-space
 * volume of {kappa p^2 + s x^2 <= E} over (2 pi eps)^d is N (E / E_F)^d with
 * E_F = 2 (d!)^(1/d) sqrt(kappa s) (mu <= E_F), capped by the grid's points. Cost O(1).
 */
export function estimatedOrbitals(config: StudyConfig, N: number, points: number): number {
  const T = config.state.temperature;
  if (T === 0) return N;
  const d = config.dimension;
  const factorial = d === 1 ? 1 : d === 2 ? 2 : 6;
  const fermi =
    2 * factorial ** (1 / d) * Math.sqrt(config.kappa * trapCurvature(config.state.trap));
  const cutoff =
    (config.state as { occupationCutoff?: number }).occupationCutoff ?? DEFAULT_OCCUPATION;
  const top = fermi + T * Math.log(1 / cutoff);
  return Math.min(points, Math.max(N + 1, Math.ceil(N * (top / fermi) ** d)));
}

const DEFAULT_OCCUPATION = 1e-12;

/** What the certified trace norm of one N may hold (see {@link certificatePlan}). */
export interface CertificatePlan {
  /** Band half-widths M_a (points per axis) of the Weyl operator applied. */
  readonly bandwidth: readonly number[];
  /** Largest subspace dimension dim P. */
  readonly maxDimension: number;
  /** Peak bytes (metrics' certifiedTraceNormCost). */
  readonly bytes: number;
  /** Floating-point operations of one row (the build and the Krylov steps). */
  readonly flops: number;
  /** The part of `flops` in the band's applications (at {@link WEYL_BAND_FLOP_RATE}). */
  readonly bandFlops: number;
  /** True when the band is narrower than one period of F (memory-limited; the interval widens). */
  readonly narrowed: boolean;
}

/**
 * The band and subspace of the certified trace norm for one N within `budgetBytes`, with its
 * memory and work from metrics' `certifiedTraceNormCost`.
 * omega~(x; y) = N F((x + y)/2, x - y) with F(X, u) = int W~(X, v) e^{i v.u/eps} dv: for W~ on
 * nv velocities of spacing dv, the offsets |u| < pi eps / dv are what the velocity grid resolves
 * (metrics' natural band, its default). When that band does not fit, the
 * widest one that does is taken (`narrowed`): the certificate stays a proof (metrics bounds the
 * dropped part, WeylOperator.droppedHilbertSchmidt, and widens the interval by it), and the width,
 * a floor of the row, says what it cost; dim P (at most `largestDimension`,
 * config.traceNorm.maxDimension) shrinks to K + 8 last. Cost O(d n).
 */
export function certificatePlan(
  grid: Grid,
  vlasov: PhaseSpaceGrid,
  epsilon: number,
  orbitals: number,
  budgetBytes: number,
  largestDimension: number = DEFAULT_CERTIFICATE_DIMENSION,
): CertificatePlan {
  // metrics' natural band (its default): the offsets |u| < pi eps / dv the velocity grid holds.
  const full = certifiedTraceNormCost(grid, epsilon, orbitals, vlasov, {
    maxStorage: Number.POSITIVE_INFINITY,
  }).bandwidth;
  const minimum = Math.min(grid.size, orbitals + 8);
  const largest = Math.max(...full);
  const costOf = (bandwidth: readonly number[], maxDimension: number) =>
    certifiedTraceNormCost(grid, epsilon, orbitals, vlasov, {
      bandwidth,
      maxDimension,
      maxStorage: Number.POSITIVE_INFINITY,
    });
  const plan = (bandwidth: readonly number[], maxDimension: number): CertificatePlan => {
    const cost = costOf(bandwidth, maxDimension);
    // Steps: about dim P / (K + 8) block Krylov steps (metrics: at most 50).
    const steps = Math.min(50, Math.ceil(maxDimension / Math.max(1, orbitals + 8)));
    return {
      bandwidth,
      maxDimension,
      bytes: cost.bytes,
      flops: cost.buildFlops + steps * cost.flopsPerStep,
      bandFlops: steps * cost.applyFlopsPerStep,
      narrowed: Math.max(...bandwidth) < largest,
    };
  };
  let maxDimension = Math.min(grid.size, Math.max(largestDimension, minimum));
  for (let m = largest; m >= 0; m--) {
    const band = full.map((f) => Math.min(f, m));
    if (costOf(band, maxDimension).bytes <= budgetBytes) return plan(band, maxDimension);
  }
  // Even the diagonal does not fit: shrink dim P (halving) down to its minimum.
  const diagonal = full.map(() => 0);
  while (maxDimension > minimum && costOf(diagonal, maxDimension).bytes > budgetBytes) {
    maxDimension = Math.max(minimum, Math.floor(maxDimension / 2));
  }
  return plan(diagonal, maxDimension);
}

/**
 * Floating-point operations per second of the dense Hermitian eigenvalue solve (quantum's
 * blocked Householder reduction in WebAssembly SIMD: ~5.3 n^3 flops, n = 1024 in 0.83 s idle,
 * 6.9e9/s; taken lower for a loaded machine). The dense rows' and the proof terms' trace norms
 * run at this rate, everything else at {@link ASSUMED_FLOP_RATE}.
 */
export const DENSE_EIGENVALUE_FLOP_RATE = 5e9;

/**
 * Floating-point operations per second of the certified trace norm's band applications
 * (metrics' WebAssembly SIMD row loop, 8 flops per entry and vector: measured 6.0e9/s on a
 * 64^2-point 2D band with 16 vectors, on a loaded machine). The rest of the certificate (the band's
 * build, Gram-Schmidt, the small eigenproblems) runs at {@link ASSUMED_FLOP_RATE}.
 */
export const WEYL_BAND_FLOP_RATE = 5e9;

/**
 * Flops per second of the Vlasov step's line-shift sweeps as the plan counts them (2d sweeps of
 * 5 n log2 n / n flops per point and axis, each way): grid's LineShifter shifts real lines two at
 * a time through WebAssembly SIMD FFTs, so the counted flops run 4-5x faster than
 * {@link ASSUMED_FLOP_RATE}. Measured on a loaded 2-core machine (Dec 2026): a 2D-2V Strang step
 * on 64^4 points in 1.3 s (6.1e9/s counted) and on 128^4 in 18-22 s (7e9/s); taken at 6e9.
 */
export const VLASOV_SWEEP_FLOP_RATE = 6e9;

/**
 * Seconds of every task besides its work: the worker's start and module loading, planning,
 * the guards (measured ~0.4 s for the smallest default task, N = 8 on 256 points).
 */
const TASK_OVERHEAD_SECONDS = 0.5;

/** Flops of the values of a dense Hermitian m x m eigenproblem (quantum's hermitianEigen). */
const eigenvalueFlops = (m: number) => 5.3 * m ** 3;

/**
 * K of the state the quantum side propagates: the orbitals of omega_0 ({@link estimatedOrbitals})
 * for the states prepared in orbital form, all M = n^d points for "coherent" (a dense omega_0).
 */
function propagatedOrbitals(config: StudyConfig, N: number, M: number): number {
  return config.state.kind === "coherent" ? M : estimatedOrbitals(config, N, M);
}

/**
 * Flops of the research metrics of one row on the dense path: "proof-terms" solves the dominant
 * and error terms (and the exchange term for Hartree-Fock) at every PROOF_TERM_EVERY-th step and
 * at every row, ~(steps / PROOF_TERM_EVERY + 1) / rows + 1 samples per row; "commutator-scaling"
 * the ball commutators; "commutator" and "rho-commutator" one solve per axis (rho-commutator's
 * with eigenvectors, ~4x).
 */
function researchRowFlops(
  metrics: readonly string[],
  M: number,
  d: number,
  steps: number,
  rows: number,
  exchange: boolean,
): number {
  let total = 0;
  if (metrics.includes("proof-terms")) {
    const samplesPerRow = (steps / PROOF_TERM_EVERY + 1) / Math.max(1, rows) + 1;
    total += samplesPerRow * (exchange ? 3 : 2) * eigenvalueFlops(M);
  }
  if (metrics.includes("commutator-scaling")) {
    // metrics' ballCommutatorTraceNorm per radius r = box / divisor and centre: a Gram matrix
    // O(m (M - m) m) and ~5.3 m^3 for m = M (2 r / box)^d grid points in the ball.
    const centres = CENTRES_PER_AXIS[d] ** d;
    for (const divisor of COMMUTATOR_SCALING_DIVISORS) {
      const m = Math.max(1, M * (2 / divisor) ** d);
      total += centres * (8 * m * (M - m) * m + eigenvalueFlops(m));
    }
  }
  for (const name of ["commutator", "rho-commutator"]) {
    if (metrics.includes(name))
      total += d * (name === "rho-commutator" ? 4 : 1) * eigenvalueFlops(M);
  }
  return total;
}

/**
 * The steps' and rows' seconds of one N (see {@link memoryPlanOf}) on one core: flops at
 * {@link ASSUMED_FLOP_RATE}, the dense eigenvalue solves at {@link DENSE_EIGENVALUE_FLOP_RATE},
 * the certified trace norm's band applications at {@link WEYL_BAND_FLOP_RATE}, the Vlasov
 * sweeps at {@link VLASOV_SWEEP_FLOP_RATE}. Compared with the committed full-scale gallery runs (apps/docs/public/gallery/full: the
 * timings of every task) in the study's memory-plan test.
 */
function seconds(fields: {
  path: MeasurementPath;
  /** Orbitals of the propagated state (M for a dense one). */
  K: number;
  grid: Grid;
  vlasov: PhaseSpaceGrid;
  steps: number;
  rows: number;
  exchange: boolean;
  /** Strang substeps per step: 1, or 3 for "order4" (the Yoshida triple jump of Strang steps). */
  stages: number;
  metrics: readonly string[];
  /** Flops of one certified trace norm (orbital path). */
  certificateFlops: number;
  /** The part of it in the band's applications. */
  certificateBandFlops: number;
  /** Flops of W~_0 = Wigner(omega_0) on the Vlasov grid (orbital path). */
  initialFlops: number;
}): { steps: number; rows: number; total: number } {
  // omega_0 in 1D: the dense route of quantum's lowestEigenstates ((4/3) M^3 + 2 M^2 K, at most;
  // a quarter of the reduction for a symmetric trap); on the dense path also W~_0 on the half grid
  const initialEigen =
    fields.grid.dimension === 1 && fields.K < fields.grid.size
      ? (4 / 3) * fields.grid.size ** 3 + 2 * fields.grid.size ** 2 * fields.K
      : 0;
  const { K, grid, vlasov, steps, rows, path } = fields;
  const M = grid.size;
  const log = (x: number) => Math.max(1, Math.log2(x));
  const fft = (m: number) => 5 * m * log(m);
  const d = grid.dimension;
  // HF step: 2 kinetic FFTs per orbital, the phase, the density, one padded convolution;
  // exchange: K (K + 1) / 2 padded convolutions per evaluation, EXCHANGE_EVALUATIONS of them per
  // implicit-midpoint substep (one per Strang substep).
  const quantum = 2 * K * fft(M) + 8 * K * M;
  const field = 2 * fft(2 ** d * M);
  const exchange = fields.exchange ? (EXCHANGE_EVALUATIONS * K * (K + 1) * field) / 2 : 0;
  // Vlasov Strang step with fused advections: 2d line-shift sweeps of the whole phase space.
  const S = vlasov.size;
  const shift = 2 * d * 2 * (fft(vlasov.position.shape[0]) / vlasov.position.shape[0]) * S;
  const kick = 2 * d * 2 * (fft(vlasov.velocity.shape[0]) / vlasov.velocity.shape[0]) * S;
  const perStep = fields.stages * (quantum + field + exchange);
  const sweepSeconds = (fields.stages * (shift + kick)) / VLASOV_SWEEP_FLOP_RATE;
  let rowSeconds: number;
  if (path === "dense") {
    // Weyl quantization (the inverse Wigner transform on the half grid: 2^d M lines of FFTs of
    // 2^d M) at the JavaScript rate; the eigenvalues of omega - omega~ and the research metrics'
    // solves at the eigensolver's.
    // omega - omega~ from K orbitals (quantum's subtractFromDense, the eigensolver's kernel):
    // 8 K M^2 flops at its rate.
    const weyl = 2 ** d * M * fft(2 ** d * M);
    rowSeconds =
      weyl / ASSUMED_FLOP_RATE +
      (8 * K * M * M +
        eigenvalueFlops(M) +
        researchRowFlops(fields.metrics, M, d, steps, rows, fields.exchange)) /
        DENSE_EIGENVALUE_FLOP_RATE;
  } else {
    // metrics' certifiedTraceNormCost (the band build and the Krylov steps), plus W_0 once.
    rowSeconds =
      (fields.certificateFlops - fields.certificateBandFlops) / ASSUMED_FLOP_RATE +
      fields.certificateBandFlops / WEYL_BAND_FLOP_RATE;
  }
  const initialWigner = path === "dense" ? 2 ** d * M * fft(2 ** d * M) : fields.initialFlops;
  const stepSeconds =
    TASK_OVERHEAD_SECONDS +
    initialEigen / DENSE_EIGENVALUE_FLOP_RATE +
    (steps * perStep + initialWigner) / ASSUMED_FLOP_RATE +
    steps * sweepSeconds;
  return { steps: stepSeconds, rows: rows * rowSeconds, total: stepSeconds + rows * rowSeconds };
}

/**
 * Exact exchange evaluations per implicit-midpoint substep of hartree-fock's exchange flow at its
 * default tolerance 1e-12 (ACE): 4, measured at K = 64, n = 1024, dt = 0.01 (updates 5e-3, 1e-6,
 * 6e-9, 2e-11; exchange-flow.ts). The estimate counted 2 per step, and Hartree-Fock rows ran 10x
 * longer than estimated.
 */
const EXCHANGE_EVALUATIONS = 4;

/**
 * The memory and time plan of one N (issue 13 item 5). Components (bytes at the peak of a
 * measured row, all coexisting):
 * - orbital path: "orbitals" (K n^d complex: the propagator's state, which is omega_0 adopted
 *   and which the rows read in place; + the five buffers of the exchange flow of "hartree-fock":
 *   its fixed-point start, midpoint, exchanged and ACE-solved orbitals and its substep backup),
 *   "Vlasov phase space" (nx^d nv^d doubles: W~_t, held once, and W~_0 for a steady state's
 *   drift), "Wigner samples" (W_0 sampled on the Vlasov grid and the K orbitals interpolated on
 *   the (2n + 1)^d correlation window of quantum's orbitalWigner), "certified trace norm" (the
 *   band of Weyl(W~), its build, the Krylov basis, 2 n^d dim P doubles, with U and one block of
 *   its images, 4 n^d (K + 8); the band narrowed to what is left, see {@link certificatePlan});
 * - dense path: "dense matrices" (omega_t, Weyl(W~_t), the difference and the eigensolver's
 *   copies, 16 n^(2d) bytes each), "Wigner half grid" (2^d n^(2d) doubles), the Vlasov phase space.
 * Time (one core): a fixed overhead + omega_0 + steps x (HF and Vlasov step flops) + rows x
 * (metric flops), the dense eigenvalue solves at {@link DENSE_EIGENVALUE_FLOP_RATE} and the rest
 * at {@link ASSUMED_FLOP_RATE}, for the K orbitals the quantum side propagates (all n^d for a
 * dense omega_0). Against the committed full-scale gallery runs (older code, two jobs at a time)
 * every N's tasks land within a factor 3.5 (apps/docs/test/time-estimates.test.ts checks a
 * factor 4). Cost O(d).
 */
export function memoryPlanOf(
  config: StudyConfig,
  entry: {
    N: number;
    epsilon: number;
    grid: Grid;
    vlasov: PhaseSpaceGrid;
    steps: number;
    path: MeasurementPath;
    /** Measured rows (default: t = 0 and config.dynamics.times). */
    rows?: number;
  },
): MemoryPlanEntry {
  const { N, epsilon, grid, vlasov, steps, path } = entry;
  const M = grid.size;
  const K = propagatedOrbitals(config, N, M);
  const shape = (g: Grid) => g.shape.join("x");
  const vlasovShape = `${shape(vlasov.position)} x ${shape(vlasov.velocity)}`;
  const exchange = config.dynamics.model === "hartree-fock";
  const components: MemoryComponent[] = [];
  const vlasovFix = "lower vlasov.nx/nv or raise maxMemory";
  // W~_t once (the solver takes W~_0 and the rows read it in place), plus W~_0 for the steady
  // state's drift (research-metrics.ts)
  const phaseSpaceCopies = config.state.kind === "vlasov-steady" ? 2 : 1;
  let certificate: CertificatePlan | undefined;
  let wigner: ReturnType<typeof orbitalWignerCost> | undefined;
  if (path === "orbital") {
    const copies = 1 + (exchange ? ORBITAL_EXCHANGE_COPIES : 0);
    components.push({
      name: "orbitals",
      bytes: 16 * K * M * copies,
      detail: `K ~ ${K} orbitals x ${shape(grid)} complex x ${copies} ${copies === 1 ? "copy" : "copies"}`,
      fix:
        config.state.temperature > 0
          ? "lower N, state.temperature or raise state.occupationCutoff, or raise maxMemory"
          : "lower N or grid.vMax, or raise maxMemory",
    });
    components.push({
      name: "Vlasov phase space",
      bytes: 8 * vlasov.size * phaseSpaceCopies,
      detail: `${vlasovShape} doubles x ${phaseSpaceCopies} ${phaseSpaceCopies === 1 ? "copy" : "copies"}`,
      fix: vlasovFix,
    });
    // quantum's orbitalWignerCost less its result (W~_0, which becomes the solver's state, the
    // phase space above): one batch of interpolated orbitals and the work buffers.
    wigner = orbitalWignerCost(grid, epsilon, K, vlasov);
    components.push({
      name: "Wigner samples",
      bytes: Math.max(0, wigner.bytes - 8 * vlasov.size),
      detail: `W_0 on ${vlasovShape}, ${wigner.batches} batch(es) of ${wigner.batchSize} orbitals on the ${wigner.lattice.join("x")} lattice`,
      fix: "lower vlasov.nx/nv or N, or raise maxMemory",
    });
    // The certificate takes what the other components leave of maxMemory (up to one period of
    // the band); the band is narrowed to fit, never below the diagonal.
    const others = components.reduce((sum, c) => sum + c.bytes, 0);
    certificate = certificatePlan(
      grid,
      vlasov,
      epsilon,
      K,
      CERTIFICATE_SHARE * Math.max(0, maxMemoryOf(config) - others),
      traceNormSettings(config).maxDimension,
    );
    const band = certificate.bandwidth.map((m) => 2 * m + 1).join("x");
    components.push({
      name: "certified trace norm",
      bytes: certificate.bytes,
      detail: `band ${band} of Weyl(W~) on ${shape(grid)}${certificate.narrowed ? " (narrowed to fit)" : ""}, subspace up to ${certificate.maxDimension}`,
      fix: "lower N or vlasov.nx, or raise maxMemory",
    });
  } else {
    components.push({
      name: "dense matrices",
      bytes: denseBytes(M),
      detail: `${DENSE_MATRIX_COPIES} complex ${M} x ${M} matrices (n^d = ${shape(grid)})`,
      fix: 'use traceNorm.method "certified" (or "auto"), or lower N',
    });
    components.push({
      name: "Wigner half grid",
      bytes: 8 * 2 ** grid.dimension * M * M,
      detail: `2^d n^d x n^d = ${2 ** grid.dimension * M * M} doubles`,
      fix: 'use traceNorm.method "certified" (or "auto"), or lower N',
    });
    components.push({
      name: "Vlasov phase space",
      bytes: 8 * vlasov.size * phaseSpaceCopies,
      detail: `${vlasovShape} doubles x ${phaseSpaceCopies} ${phaseSpaceCopies === 1 ? "copy" : "copies"}`,
      fix: vlasovFix,
    });
  }
  const rows = entry.rows ?? config.dynamics.times.length + 1;
  const time = seconds({
    path,
    K,
    grid,
    vlasov,
    steps,
    rows,
    exchange,
    stages: config.dynamics.splitting === "order4" ? 3 : 1,
    metrics: config.metrics,
    certificateFlops: certificate?.flops ?? 0,
    certificateBandFlops: certificate?.bandFlops ?? 0,
    initialFlops: wigner?.flops ?? 0,
  });
  const totalBytes = components.reduce((s, c) => s + c.bytes, 0);
  return {
    path,
    orbitals: K,
    components,
    totalBytes,
    seconds: time,
    ...(certificate ? { certificate } : {}),
  };
}

/** The case of one N as planStudy builds it (the fields {@link memoryPlanOf} reads). */
interface PlannedCase {
  readonly N: number;
  readonly epsilon: number;
  readonly grid: Grid;
  readonly vlasov: PhaseSpaceGrid;
  readonly steps: number;
  readonly path: MeasurementPath;
}

/** A grid with twice the points per axis on the same box (run-task's refinement). */
function doubledGrid(g: Grid): Grid {
  return createGrid({
    dimension: g.dimension,
    points: g.shape.map((n) => 2 * n),
    box: g.box,
    center: g.origin.map((x, a) => x + g.box[a] / 2),
  });
}

const NO_REFINEMENT = 'resolution "off" (no refinements: the rows are then unverified)';

/**
 * The phase-space grid the main task's W~ lives on: the Vlasov grid `vlasov`, or the Wigner grid
 * (2n)^d x n^d of the quantum grid (quantum's wignerPhaseSpace) when V = 0 or vlasov.grid is
 * "wigner" (createStudyEvolution's rule; vlasov.nx, nv and vMax are then unused). Cost O(d).
 */
export function mainPhaseSpace(
  config: StudyConfig,
  grid: Grid,
  epsilon: number,
  vlasov: PhaseSpaceGrid,
): PhaseSpaceGrid {
  return mainOnWignerGrid(config) ? wignerPhaseSpace(grid, epsilon) : vlasov;
}

/** True when the main task's W~ lives on the Wigner grid ({@link mainPhaseSpace}). Cost O(1). */
function mainOnWignerGrid(config: StudyConfig): boolean {
  return vlasovGrids(config).main === "wigner" || config.vlasov.grid === "wigner";
}

/**
 * The tasks the study runs for one N besides its main task on the planned grids, each with the
 * memory and time of its own grids ({@link memoryPlanOf}), by the rules of `studyTasks`:
 * - W~ on the Wigner grid (2n)^d x n^d of the quantum grid instead of the Vlasov grid (V = 0, or
 *   vlasov.grid "wigner"): the main task itself there;
 * - `resolution` "verified"/"adaptive" (its round 0) with V != 0: the "quantum-grid refinement"
 *   (2^d n^d points, at the largest N (`largest`) and where 2^d n^d <= CHEAP_REFINEMENT_POINTS),
 *   the "Vlasov-grid refinement" (nx, nv x 2; none on the Wigner grid) and the "dt refinement"
 *   (dt / 2: the main task's memory, twice its steps);
 * - otherwise, when the floor is measured (`resolution` not "off", or errorFloor): the combined
 *   refinement (both grids x 2) at the largest N.
 * The interaction-off floor runs on the main task's grids (no entry of its own). Adaptive rounds
 * beyond round 0 are planned as they come (budget-limited). Cost O(d n) per task (the
 * certificate's band search).
 */
export function studyTaskPlans(
  config: StudyConfig,
  entry: PlannedCase,
  largest: boolean,
): TaskMemoryPlan[] {
  const { mode } = resolutionSettings(config);
  const verified = mode !== "off";
  const interacting = config.interaction.kind !== "none";
  const onWigner = mainOnWignerGrid(config);
  const phaseSpaceOf = (grid: Grid, vlasov: PhaseSpaceGrid) =>
    mainPhaseSpace(config, grid, entry.epsilon, vlasov);
  const n = entry.grid.size;
  const plans: TaskMemoryPlan[] = [];
  const add = (
    task: string,
    avoid: string,
    fields: { grid: Grid; vlasov: PhaseSpaceGrid; steps: number; rows: number },
  ) => plans.push({ task, avoid, memory: memoryPlanOf(config, { ...entry, ...fields }) });
  if (onWigner) {
    add("main task (W~ on the Wigner grid)", "lower N (the Wigner grid follows the quantum grid)", {
      grid: entry.grid,
      vlasov: wignerPhaseSpace(entry.grid, entry.epsilon),
      steps: entry.steps,
      rows: mainTimesOf(config).length,
    });
  }
  const doubledVlasov = () =>
    createPhaseSpaceGrid(doubledGrid(entry.vlasov.position), doubledGrid(entry.vlasov.velocity));
  if (verified && interacting) {
    if (largest || 2 ** config.dimension * n <= CHEAP_REFINEMENT_POINTS) {
      const fine = doubledGrid(entry.grid);
      add("quantum-grid refinement", NO_REFINEMENT, {
        grid: fine,
        vlasov: phaseSpaceOf(fine, entry.vlasov),
        steps: entry.steps,
        rows: refinementTimesOf(config, "quantum-grid", n).length,
      });
    }
    if (!onWigner) {
      add("Vlasov-grid refinement", NO_REFINEMENT, {
        grid: entry.grid,
        vlasov: doubledVlasov(),
        steps: entry.steps,
        rows: refinementTimesOf(config, "vlasov-grid", n).length,
      });
    }
    add("dt refinement", NO_REFINEMENT, {
      grid: entry.grid,
      vlasov: phaseSpaceOf(entry.grid, entry.vlasov),
      steps: 2 * entry.steps,
      rows: refinementTimesOf(config, "dt", n).length,
    });
  } else if ((verified || config.errorFloor) && largest) {
    const fine = doubledGrid(entry.grid);
    const avoid = verified ? 'resolution "off" with errorFloor false' : "errorFloor false";
    add("refinement (both grids x 2)", avoid, {
      grid: fine,
      vlasov: onWigner ? wignerPhaseSpace(fine, entry.epsilon) : doubledVlasov(),
      steps: entry.steps,
      rows: Math.min(1, config.dynamics.times.length),
    });
  }
  return plans;
}

/**
 * The plan of one N of a study: {@link memoryPlanOf} of its main task with `tasks` the other
 * tasks the study runs for it ({@link studyTaskPlans}; `largest`: whether N is the study's
 * largest). Cost O(d n) per task.
 */
export function studyMemoryPlan(
  config: StudyConfig,
  entry: PlannedCase,
  largest: boolean,
): MemoryPlanEntry {
  return { ...memoryPlanOf(config, entry), tasks: studyTaskPlans(config, entry, largest) };
}

/** The task of an N that needs the most memory: the main task or one of `memory.tasks`. */
export function largestTask(memory: MemoryPlanEntry): { task: string; totalBytes: number } {
  let found = { task: "main task", totalBytes: memory.totalBytes };
  for (const t of memory.tasks ?? []) {
    if (t.memory.totalBytes > found.totalBytes) {
      found = { task: t.task, totalBytes: t.memory.totalBytes };
    }
  }
  return found;
}

/** Estimated wall seconds of every task of an N on one core (main and `memory.tasks`). */
export function allTasksSeconds(memory: MemoryPlanEntry): number {
  return (memory.tasks ?? []).reduce((s, t) => s + t.memory.seconds.total, memory.seconds.total);
}

/** Bytes as "8.6 GB" (decimal units, as in the refusal of issue 13), "340 MB", "12 kB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(value >= 100 ? 3 : 2))} ${units[unit]}`;
}

/** The largest component of a plan entry. */
function largestComponent(memory: MemoryPlanEntry): MemoryComponent {
  return memory.components.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}

/** Options of {@link memoryRefusal}. */
export interface MemoryRefusalOptions {
  /**
   * Also refuse when one of an N's other tasks (`memory.tasks`: refinements, W~ on the Wigner
   * grid) exceeds maxMemory (default false: the main task only, what runStudyTask checks).
   */
  readonly tasks?: boolean;
}

/**
 * The refusal of an over-budget plan: a `ParameterError` on "maxMemory" naming the N, the largest
 * component, its bytes, maxMemory and what to change, e.g. "N = 64: the Vlasov phase space
 * 32^3 x 32^3 needs 8.6 GB (maxMemory 4 GB): lower vlasov.nx/nv or raise maxMemory". With
 * `options.tasks`, an N whose main task fits but another task does not is refused naming that
 * task, its largest component, the fix, and what drops the task ("N = 8: the main task fits
 * (120 MB), but the quantum-grid refinement needs 1.2 GB: its orbitals (...) need 1 GB, more than
 * maxMemory 1 GB: lower N or grid.vMax, or raise maxMemory; or resolution \"off\" ..."); the main
 * tasks are checked first. Undefined when every N fits. Cost O(|N| (tasks + components)).
 */
export function memoryRefusal(
  config: StudyConfig,
  entries: readonly { N: number; memory: MemoryPlanEntry }[],
  options: MemoryRefusalOptions = {},
): ParameterError | undefined {
  const limit = maxMemoryOf(config);
  for (const { N, memory } of entries) {
    if (memory.totalBytes <= limit) continue;
    const largest = largestComponent(memory);
    const others =
      memory.components.length > 1 ? ` (all components: ${formatBytes(memory.totalBytes)})` : "";
    return new ParameterError(
      "maxMemory",
      `N = ${N}: the ${largest.name} (${largest.detail}) needs ${formatBytes(largest.bytes)}${others}, ` +
        `more than maxMemory ${formatBytes(limit)}: ${largest.fix}`,
    );
  }
  if (!options.tasks) return undefined;
  for (const { N, memory } of entries) {
    for (const task of memory.tasks ?? []) {
      if (task.memory.totalBytes <= limit) continue;
      const largest = largestComponent(task.memory);
      return new ParameterError(
        "maxMemory",
        `N = ${N}: the main task fits (${formatBytes(memory.totalBytes)}), but the ${task.task} ` +
          `needs ${formatBytes(task.memory.totalBytes)}: its ${largest.name} (${largest.detail}) ` +
          `needs ${formatBytes(largest.bytes)}, more than maxMemory ${formatBytes(limit)}: ` +
          `${largest.fix}; or ${task.avoid}`,
      );
    }
  }
  return undefined;
}
