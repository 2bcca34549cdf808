/**
 * The research metrics of a study row that need more than the two density matrices of the row
 * (issue 15, THEORY.md section 6): the proof's Duhamel terms on a time lattice finer than the
 * rows ("proof-terms"), the ball-commutator scaling of omega~_t ("commutator-scaling") and, for a
 * Vlasov steady state, how far W~_t moves from W~_0. The Schatten norms ("schatten") come with the
 * other distances from metrics' `compareDensityMatrices`.
 */
import {
  FreeSpaceConvolution,
  noExternalPotential,
  ParameterError,
  type ScheduledCallback,
} from "@semiclassical/grid";
import { OrbitalExchange } from "@semiclassical/hartree-fock";
import {
  ballCommutatorTraceNorm,
  diagonalDensity,
  duhamelBound,
  errorTermTraceNorm,
  fitRate,
  MidpointMeanField,
  meanFieldCommutatorTraceNorm,
  traceNorm,
} from "@semiclassical/metrics";
import {
  type DenseDensityMatrix,
  type DensityMatrix,
  hermitianEigen,
  toDense,
  weylQuantize,
} from "@semiclassical/quantum";
import type { InteractionConfig, StudyConfig } from "./config-types.js";
import type { StudyEvolution } from "./evolution.js";
import { interactionKernel } from "./initial-state.js";
import { type SteadyStateReport, steadyStateReport } from "./steady-state.js";
import { trapPotential } from "./trap.js";

/**
 * Steps between two samples of the proof's terms (the time lattice of the Duhamel integral):
 * the edge-guard period of the study's time loop, so the lattice adds no chunk boundary and the
 * rows are the same numbers with and without "proof-terms".
 */
export const PROOF_TERM_EVERY = 8;

/** Radii of "commutator-scaling": the box side over these divisors (largest radius first). */
export const COMMUTATOR_SCALING_DIVISORS: readonly number[] = [8, 16, 32, 64];

/** Ball centres per axis of the sup over y (on the central half of the box), by dimension. */
export const CENTRES_PER_AXIS: Readonly<Record<number, number>> = { 1: 9, 2: 5, 3: 3 };

/** "commutator-scaling" of a row: sup_y tr|[chi_(r,y), omega~_t]| / (N eps) against r. */
export interface CommutatorScaling {
  /** The radii r (box side / 8, 16, 32, 64), decreasing. */
  readonly radii: readonly number[];
  /** sup_y tr|[chi_(r,y), omega~_t]| / (N eps) at each radius (the proof: <~ sqrt(r)). */
  readonly ratios: readonly number[];
  /** Fitted exponent s of ratio ~ C r^s (least squares in log-log), null if a ratio is 0. */
  readonly slope: number | null;
  /** Standard error of the slope (null when not finite). */
  readonly slopeStdError: number | null;
  /** The proof's exponent: 1/2 for alpha < 1/2, 3/2 - delta for alpha >= 1/2 (delta > 0). */
  readonly proofExponent: number | null;
}

/** The floor and verdict of one research quantity of a row (see `researchVerdicts`). */
export interface ResearchQuantityVerdict {
  /** The quantity as in the row (per particle). */
  readonly value: number;
  /** Its floor: the same quantity of the interaction-off row at the same (N, t). */
  readonly floor?: number;
  /**
   * "resolved": floor <= 10 % of the value and the row's own verdict resolved; "floor-limited";
   * the row's verdict otherwise ("unresolved", "unverified"); "holds"/"violated" for the check
   * traceNorm <= duhamelBound + floor.
   */
  readonly verdict: string;
  /** Why it is not resolved (one sentence naming the parameter to change). */
  readonly reason?: string;
}

/** Row fields of the research metrics (absent unless the metric is requested). */
export interface ResearchRowFields {
  /** "proof-terms": (1/(N eps)) tr|[V * (rho_t - rho~_t), omega~_t]| at the row's time. */
  readonly dominantTerm?: number;
  /** "proof-terms": (1/(N eps)) tr|B_t|, B_t the midpoint remainder of U~ times omega~_t. */
  readonly errorTerm?: number;
  /** "proof-terms", Hartree-Fock: (1/(N eps)) tr|[X_t, omega_t]|. */
  readonly exchangeTerm?: number;
  /**
   * "proof-terms": (1/(N eps)) int_0^t (tr|[V * (rho - rho~), omega~]| + tr|B| [+ tr|[X, omega]|])
   * ds by the trapezoid rule on the lattice (every {@link PROOF_TERM_EVERY} steps and the rows):
   * the Duhamel bound on (1/N) tr|omega_t - omega~_t| - (1/N) tr|omega_0 - omega~_0|.
   */
  readonly duhamelBound?: number;
  /**
   * Estimated quadrature error of `duhamelBound`: |T_h - T_2h| / 3 (Richardson: the trapezoid
   * error is -(h^2/12) int f'' ds + O(h^4), T_2h the rule on every other lattice point).
   */
  readonly duhamelQuadratureError?: number;
  /** Number of lattice samples of the integral up to the row's time. */
  readonly duhamelSamples?: number;
  /** "commutator-scaling" (see {@link CommutatorScaling}). */
  readonly commutatorScaling?: CommutatorScaling;
  /** state.kind "vlasov-steady": ||W~_t - W~_0||_L2 / ||W~_0||_L2 on the Vlasov grid. */
  readonly steadyDrift?: number;
  /** state.kind "vlasov-steady", t = 0 rows: the preparation of omega_0 (see SteadyStateReport). */
  readonly steadyState?: SteadyStateReport;
  /** Floors and verdicts of the research quantities (filled by `assembleStudyResult`). */
  readonly research?: Readonly<Record<string, ResearchQuantityVerdict>>;
}

/** What {@link createResearchMetrics} returns to the study's time loop. */
export interface ResearchMetrics {
  /** Callbacks for grid's `runTimeLoop` (the lattice of the proof's terms), possibly none. */
  readonly callbacks: readonly ScheduledCallback[];
  /**
   * The research fields of the row at `step`, from omega_t (`state`) and W~_t (`W`, on the
   * evolution's Vlasov grid): empty unless a research metric is requested or the state is a
   * Vlasov steady state.
   */
  rowFields(step: number, state: DensityMatrix, W: Float64Array): ResearchRowFields;
}

/** One lattice sample of the proof's terms (trace norms, not yet divided by N eps). */
interface TermSample {
  readonly step: number;
  readonly dominant: number;
  readonly error: number;
  readonly exchange?: number;
}

/**
 * i(Y - Y^*) with Y = X omega = sum_l lambda_l |X phi_l><phi_l| (dx^d as A), i.e. i[X, omega]
 * (omega X = (X omega)^* for Hermitian X, omega), with X phi_l from the orbital exchange (the
 * same free-space convolution as the dynamics: singular kernels are never evaluated at 0). A
 * dense omega is diagonalized first. Cost O(K^2 M log M) for the K(K+1)/2 convolutions plus
 * O(K n^2); allocates 2 n^2 + 4 K n doubles.
 */
/** @internal (exported for its test) */
export function exchangeCommutator(
  state: DensityMatrix,
  exchange: OrbitalExchange,
  particleNumber: number,
): Float64Array {
  const grid = state.grid;
  const n = grid.size;
  let occupations: Float64Array;
  let orbitals: Float64Array;
  if (state.form === "orbital") {
    occupations = state.occupations;
    orbitals = state.orbitals;
  } else {
    const eig = hermitianEigen(n, state.data, { vectors: true });
    const vectors = eig.vectors as Float64Array;
    const keep = Array.from(eig.values.keys()).filter((k) => Math.abs(eig.values[k]) > 1e-14);
    occupations = Float64Array.from(keep, (k) => eig.values[k]);
    orbitals = new Float64Array(2 * n * keep.length);
    const s = 1 / Math.sqrt(grid.cellVolume);
    keep.forEach((k, slot) => {
      for (let i = 0; i < n; i++) {
        orbitals[2 * (slot * n + i)] = s * vectors[2 * (i * n + k)];
        orbitals[2 * (slot * n + i) + 1] = s * vectors[2 * (i * n + k) + 1];
      }
    });
  }
  const K = occupations.length;
  const applied = exchange.applyToOrbitals(
    orbitals,
    occupations,
    particleNumber,
    new Float64Array(2 * n * K),
  );
  const dv = grid.cellVolume;
  const Y = new Float64Array(2 * n * n);
  for (let l = 0; l < K; l++) {
    const w = occupations[l] * dv;
    if (w === 0) continue;
    const o = 2 * l * n;
    for (let i = 0; i < n; i++) {
      const xr = applied[o + 2 * i];
      const xi = applied[o + 2 * i + 1];
      for (let j = 0; j < n; j++) {
        // (X phi_l)(x_i) conj(phi_l(x_j))
        const pr = orbitals[o + 2 * j];
        const pi = -orbitals[o + 2 * j + 1];
        const q = 2 * (i * n + j);
        Y[q] += w * (xr * pr - xi * pi);
        Y[q + 1] += w * (xr * pi + xi * pr);
      }
    }
  }
  // i (Y - Y^*): entry (i, j) = i (Y_ij - conj(Y_ji))
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = 2 * (i * n + j);
      const q = 2 * (j * n + i);
      const re = Y[p] - Y[q];
      const im = Y[p + 1] + Y[q + 1];
      out[p] = -im;
      out[p + 1] = re;
    }
  }
  return out;
}

/** The proof's exponent of r in tr|[chi_(r,y), omega~]| <~ r^s N eps for the interaction. */
function proofExponentOf(interaction: InteractionConfig): number | null {
  if (interaction.kind === "power") return interaction.alpha < 0.5 ? 0.5 : 1.5;
  if (interaction.kind === "coulomb") return 1.5;
  return null;
}

/**
 * sup_y tr|[chi_(r,y), omega~]| / (N eps) for the radii box / {@link COMMUTATOR_SCALING_DIVISORS}
 * and ball centres y on a lattice of the central half of the box (9, 5^2, 3^3 points), with the
 * fitted exponent of r (metrics' `fitRate` on (r, ratio)). Cost 4 x |centres| ball commutators
 * (metrics' `ballCommutatorTraceNorm`).
 */
function commutatorScalingOf(
  omegaTilde: DenseDensityMatrix,
  N: number,
  epsilon: number,
  interaction: InteractionConfig,
): CommutatorScaling {
  const grid = omegaTilde.grid;
  const d = grid.dimension;
  const side = Math.min(...grid.box);
  const radii = COMMUTATOR_SCALING_DIVISORS.map((k) => side / k);
  const perAxis = CENTRES_PER_AXIS[d];
  const axes = grid.box.map((L, a) => {
    const middle = grid.origin[a] + L / 2;
    return Array.from(
      { length: perAxis },
      (_, k) => middle - L / 4 + (k * L) / (2 * (perAxis - 1)),
    );
  });
  const centres: number[][] = [];
  const index = new Array<number>(d).fill(0);
  for (let c = 0; c < perAxis ** d; c++) {
    centres.push(index.map((k, a) => axes[a][k]));
    for (let a = d - 1; a >= 0; a--) {
      if (++index[a] < perAxis) break;
      index[a] = 0;
    }
  }
  const ratios = radii.map((r) => {
    let sup = 0;
    for (const y of centres) sup = Math.max(sup, ballCommutatorTraceNorm(omegaTilde, r, y));
    return sup / (N * epsilon);
  });
  let slope: number | null = null;
  let slopeStdError: number | null = null;
  if (ratios.every((x) => x > 0 && Number.isFinite(x))) {
    const fit = fitRate(radii, ratios);
    slope = fit.slope;
    slopeStdError = Number.isFinite(fit.slopeStdError) ? fit.slopeStdError : null;
  }
  return { radii, ratios, slope, slopeStdError, proofExponent: proofExponentOf(interaction) };
}

/**
 * The research metrics of one task (THEORY.md section 6), for grid's `runTimeLoop` and the rows:
 * - "proof-terms": at every {@link PROOF_TERM_EVERY} steps (from step 0) and at every row, the
 *   trace norms tr|[V * (rho - rho~), omega~]| (metrics' `meanFieldCommutatorTraceNorm`, the
 *   dynamics' kernel on the quantum grid; 0 for V = 0), tr|B| (metrics' `errorTermTraceNorm`
 *   with U~ = V_ext + V * rho~ of the dynamics; 0 to round-off for quadratic U~) and, for
 *   Hartree-Fock with V != 0, tr|[X, omega]| (orbital exchange); rho and rho~ are the diagonals
 *   of omega_t and omega~_t = Weyl(W~_t) on the quantum grid with the nominal N. Each row gets the
 *   terms at its time divided by N eps and their trapezoid integral from 0 (metrics'
 *   `duhamelBound`) with its Richardson error estimate.
 * - "commutator-scaling": see {@link CommutatorScaling} (from the row's omega~_t).
 * - state.kind "vlasov-steady": `steadyDrift`, and on the t = 0 row the preparation report.
 * Pure. Cost per lattice sample: a dense conversion, a Weyl quantization, two or three O(n^3)
 * eigenvalue solves (~16 n^3 more for the exchange commutator); once per task a
 * FreeSpaceConvolution on the quantum grid and on the grid of spacing dx/2.
 */
export function createResearchMetrics(
  config: StudyConfig,
  evolution: StudyEvolution,
  interaction: InteractionConfig,
): ResearchMetrics {
  const { N, epsilon, grid, vlasovGrid, hartreeFock, vlasov } = evolution;
  const metrics = config.metrics;
  const proofTerms = metrics.includes("proof-terms");
  const scaling = metrics.includes("commutator-scaling");
  const report = steadyStateReport(evolution.initialState);
  const W0 = report ? vlasov.state() : undefined;
  const W0Norm = W0 ? Math.sqrt(W0.reduce((s, x) => s + x * x, 0)) : 0;
  const kernel = interactionKernel(interaction);
  const dt = config.dynamics.dt;
  if ((proofTerms || scaling) && evolution.path === "orbital") {
    throw new ParameterError(
      "metrics",
      `"proof-terms" and "commutator-scaling" need the dense n^d x n^d matrices of omega_t and ` +
        `omega~_t, which the orbital path (d = ${grid.dimension}, n = ${grid.size}) never forms; ` +
        'drop them from metrics, or use traceNorm.method "dense" on a grid that fits in memory',
    );
  }
  const samples: TermSample[] = [];
  let terms: ((step: number, q?: DenseDensityMatrix, c?: DenseDensityMatrix) => void) | undefined;
  if (proofTerms) {
    const external =
      config.dynamics.trap === "keep" ? trapPotential(config.state.trap) : noExternalPotential;
    const field = kernel ? new FreeSpaceConvolution(grid, kernel) : undefined;
    const midpoint = new MidpointMeanField(grid, kernel, external);
    const exchange =
      kernel && config.dynamics.model === "hartree-fock"
        ? new OrbitalExchange(field as FreeSpaceConvolution)
        : undefined;
    terms = (step, quantumGiven, classicalGiven) => {
      if (samples.length > 0 && samples[samples.length - 1].step === step) return;
      const state = hartreeFock.state();
      const quantum = quantumGiven ?? toDense(state);
      const classical =
        classicalGiven ?? weylQuantize({ grid: vlasovGrid, values: vlasov.state() }, grid, epsilon);
      const rho = diagonalDensity(quantum, N);
      const rhoTilde = diagonalDensity(classical, N);
      const dominant = field ? meanFieldCommutatorTraceNorm(classical, field, rho, rhoTilde) : 0;
      const mid = midpoint.at(rhoTilde);
      const error = errorTermTraceNorm(classical, mid.potential, mid.midpointGradient);
      const sample: TermSample = { step, dominant, error };
      samples.push(
        exchange
          ? { ...sample, exchange: traceNorm(grid.size, exchangeCommutator(state, exchange, N)) }
          : sample,
      );
    };
  }
  const callbacks: ScheduledCallback[] = terms
    ? [{ schedule: { every: PROOF_TERM_EVERY, atStart: true }, call: (step) => terms?.(step) }]
    : [];
  const scale = 1 / (N * epsilon);
  const integrate = (list: readonly TermSample[]) =>
    duhamelBound({
      times: list.map((s) => s.step * dt),
      dominant: list.map((s) => s.dominant),
      error: list.map((s) => s.error),
      ...(list[0]?.exchange !== undefined
        ? { exchange: list.map((s) => s.exchange as number) }
        : {}),
      epsilon,
    }).bound;
  return {
    callbacks,
    rowFields(step, state, W) {
      const fields: { -readonly [K in keyof ResearchRowFields]: ResearchRowFields[K] } = {};
      const sampled = samples.length > 0 && samples[samples.length - 1].step === step;
      const dense = (terms && !sampled) || scaling;
      const quantum = dense ? toDense(state) : undefined;
      const classical = dense
        ? weylQuantize({ grid: vlasovGrid, values: W }, grid, epsilon)
        : undefined;
      if (terms) {
        terms(step, quantum, classical);
        const upTo = samples.filter((s) => s.step <= step);
        const last = upTo[upTo.length - 1];
        fields.dominantTerm = last.dominant * scale;
        fields.errorTerm = last.error * scale;
        if (last.exchange !== undefined) fields.exchangeTerm = last.exchange * scale;
        const full = integrate(upTo);
        const bound = full[full.length - 1] / N;
        // every other sample, keeping both ends
        const half = upTo.filter((_, k) => k % 2 === 0 || k === upTo.length - 1);
        const coarse = half.length > 1 ? integrate(half) : full;
        fields.duhamelBound = bound;
        fields.duhamelQuadratureError = Math.abs(bound - coarse[coarse.length - 1] / N) / 3;
        fields.duhamelSamples = upTo.length;
      }
      if (scaling && classical) {
        fields.commutatorScaling = commutatorScalingOf(classical, N, epsilon, interaction);
      }
      if (W0) {
        let s = 0;
        for (let i = 0; i < W.length; i++) s += (W[i] - W0[i]) ** 2;
        fields.steadyDrift = Math.sqrt(s) / W0Norm;
        if (step === 0 && report) fields.steadyState = report;
      }
      return fields;
    },
  };
}
