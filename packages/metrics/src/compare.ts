import { type Grid, ParameterError, requireSameGrid } from "@semiclassical/grid";
import {
  type DensityMatrix,
  hermitianGridSpectrum,
  type OrbitalDensityMatrix,
  type PackedHermitian,
  type PhaseSpaceFunction,
  requireHermitian,
  subtractFromDense,
  toDense,
  type WeylOptions,
  weylDifference,
  weylQuantize,
} from "@semiclassical/quantum";
import { commutatorTraceNorm, rhoCommutatorLpNorms } from "./commutator.js";
import { densityBoundCheck, densityL1Distance } from "./density.js";
import { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from "./metric-names.js";
import { hilbertSchmidtNorm, packedHilbertSchmidtNorm, traceNormOfSpectrum } from "./norms.js";
import { type DenseOperator, hermitianDifference, requireOperator } from "./operator.js";
import { plancherelFactor } from "./phase-space.js";
import { schattenNormOfSpectrum } from "./schatten.js";

/** A Schatten exponent as the study's JSON writes it: a number p >= 1 or "inf". */
export type SchattenExponent = number | "inf";

/** One Schatten distance of a row: p and N^(-1/p) ||omega - omega~||_p. */
export interface SchattenDistance {
  readonly p: SchattenExponent;
  readonly value: number;
  /**
   * On the orbital path (certified, matrix-free): N^(-1/p) [lower, upper] of the certified
   * interval; value is its lower end. Absent on the dense path (value exact to round-off).
   */
  readonly interval?: readonly [number, number];
}

/** Default Schatten exponents of the "schatten" metric: 1, 2 and the operator norm. */
export const DEFAULT_SCHATTEN_EXPONENTS: readonly SchattenExponent[] = Object.freeze([1, 2, "inf"]);

/** The numeric p of a Schatten exponent ("inf" -> Infinity), or a ParameterError. */
export function schattenExponentValue(p: SchattenExponent, parameter = "schattenP"): number {
  const value = p === "inf" ? Number.POSITIVE_INFINITY : p;
  if (typeof value !== "number" || !(value >= 1)) {
    throw new ParameterError(
      parameter,
      `a Schatten exponent must be a number >= 1 or "inf", got ${JSON.stringify(p)}`,
    );
  }
  return value;
}

/**
 * The distances between two density matrices omega (e.g. Hartree-Fock) and omega~ (e.g. the Weyl
 * quantized Vlasov solution), all per particle with the nominal N, and the commutator quantities.
 * Only the requested metrics are present (see {@link compareDensityMatrices}).
 */
export interface DensityMatrixComparison {
  /** "trace-norm": (1/N) tr|omega - omega~|. Also computed when "density-l1" is requested. */
  readonly traceNorm?: number;
  /** "hilbert-schmidt": ||omega - omega~||_HS / sqrt(N) (||omega||_HS^2 <= N for fermions). */
  readonly hilbertSchmidt?: number;
  /** "density-l1": ||rho - rho~||_L1, rho = diag(omega)/N (int rho = 1). */
  readonly densityL1?: number;
  /**
   * With "density-l1": ratio ||rho - rho~||_L1 / ((1/N) tr|omega - omega~|), <= 1 by
   * THEORY.md section 1, and whether the bound holds (up to round-off).
   */
  readonly densityBound?: { readonly ratio: number; readonly holds: boolean };
  /**
   * "wigner-l2": ||W - W~||_L2 over phase space of the Wigner functions of omega and omega~,
   * computed exactly by Plancherel as (eps/2pi)^(d/2) ||omega - omega~||_HS (the discrete Wigner
   * transform satisfies the identity exactly).
   */
  readonly wignerL2?: number;
  /** "commutator": (1/N) tr|[x_a, omega]| for each axis a (<= C eps semiclassically). */
  readonly commutator?: readonly number[];
  /**
   * "rho-commutator": (1/N) ||rho_{|[x_a, omega~]|}||_{L^p} for p = 1, 2, Infinity, each a list
   * over axes a (Theorem 2's hypothesis on the Vlasov side: <= C eps). See `commutatorDensity`.
   */
  readonly rhoCommutator?: {
    readonly l1: readonly number[];
    readonly l2: readonly number[];
    readonly lInfinity: readonly number[];
  };
  /**
   * "schatten": N^(-1/p) ||omega - omega~||_p for each p of `schattenExponents` (in their order;
   * p = 1 equals `traceNorm`, p = 2 `hilbertSchmidt`, "inf" is the largest |eigenvalue|).
   */
  readonly schatten?: readonly SchattenDistance[];
  /**
   * Present when the spectrum of omega - omega~ (traceNorm, schatten) was found in the sectors of
   * the grid's point reflection R (quantum's `hermitianGridSpectrum`; {@link
   * CompareOptions.reflectionSectors}): b / N, per particle, with b = sqrt(rank T) ||T||_F,
   * T = (D - R D R)/2, D = omega - omega~. traceNorm moves by at most this (at most
   * {@link REFLECTION_TOLERANCE} of itself), each Schatten value by at most N^(1 - 1/p) times this.
   */
  readonly reflectionBound?: number;
  /** tr omega and tr omega~. */
  readonly particleNumber: { readonly quantum: number; readonly vlasov: number };
}

/** Options of {@link compareDensityMatrices}. */
export interface CompareOptions {
  /** The metrics to compute (default: trace-norm, hilbert-schmidt, density-l1, wigner-l2). */
  metrics?: readonly MetricName[];
  /** The nominal N of the per-particle scaling (default eps^-d). */
  particleNumber?: number;
  /** The p of "schatten" (default {@link DEFAULT_SCHATTEN_EXPONENTS}: 1, 2, "inf"). */
  schattenExponents?: readonly SchattenExponent[];
  /**
   * Form omega - omega~ in omegaTilde.data (default false): saves 2 n^2 doubles (64 MiB at
   * n = 2048) when the caller no longer needs omega~; its data is overwritten.
   */
  overwriteOmegaTilde?: boolean;
  /**
   * Find the spectrum of omega - omega~ in the sectors of the grid's point reflection when
   * omega - omega~ nearly commutes with it (default true; a quarter of the eigensolver's flops):
   * when sqrt(rank T) ||T||_F <= {@link REFLECTION_TOLERANCE} ||S||_F, else the full
   * spectrum. The bound is reported as `reflectionBound`. false: always the full spectrum.
   */
  reflectionSectors?: boolean;
}

/**
 * Relative tolerance of the reflection sectors in {@link compareDensityMatrices}: they are used
 * when b = sqrt(rank T) ||T||_F <= 1e-4 ||S||_F (quantum's `hermitianGridSpectrum`), so traceNorm
 * moves by at most 1e-4 of itself, 100x below the study's refinement tolerance. Not round-off:
 * a problem symmetric about the box center is computed on grids whose edges (the periodic
 * identification of -L/2 with L/2 and of -v_max with v_max, where the trap force and the velocity
 * jump) and whose resolution break the symmetry, at about the t = 0 transform error (default
 * preset, N = 32, t = 1: ||T||_F = 1.6e-7 ||D||_F, b = 5e-6 ||D||_F, and the trace norm moves by
 * 5e-8 of itself, 2.6e-12 per particle; the Vlasov grid x2 makes b 600x smaller). Rows where D
 * itself is that small (t = 0, V = 0) take the full spectrum. The bound of each row is returned
 * (`reflectionBound`).
 */
export const REFLECTION_TOLERANCE = 1e-4;

/** sum_i values_i in order (the trace of a dense matrix from its diagonal). */
function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * Compares two density matrices on the same grid (A_ij = omega(x_i; x_j) dx^d, THEORY.md
 * section 2) with the metrics of THEORY.md section 1: trace norm, Hilbert-Schmidt norm, density
 * L1 distance with the bound check, Wigner L2 distance (Plancherel), tr|[x_a, omega]| and
 * ||rho_{|[x_a, omega~]|}||_{L^p}, and the Schatten distances N^(-1/p) ||omega - omega~||_p.
 * Per particle with N = options.particleNumber ?? eps^-d. The metrics computed elsewhere
 * ("proof-terms", "commutator-scaling": the study) are accepted and skipped. omega may be in
 * orbital form: its n x n matrix is then never formed (quantum's `subtractFromDense` gives the
 * difference and the diagonal with toDense's entries bit for bit; "commutator" alone forms it).
 * Cost: one O(n^3) eigenvalue solve for the trace norm and the Schatten norms together (one
 * spectrum of omega - omega~; a quarter of it when omega - omega~ commutes with the grid's
 * reflection, see `reflectionBound`), one per axis for "commutator", and one
 * with eigenvectors (~4x) per axis for "rho-commutator"; the rest O(n^2). Allocates the
 * difference (none with `overwriteOmegaTilde`) and the eigensolver's workspace (~2 n^2 doubles).
 * Throws a ParameterError when a dense omega or omega~ is not finite and Hermitian (quantum's
 * requireHermitian: 1e-10 of max |A_ij|), before any work.
 */
export function compareDensityMatrices(
  omega: (DenseOperator | OrbitalDensityMatrix) & { readonly epsilon: number },
  omegaTilde: DenseOperator,
  options: CompareOptions = {},
): DensityMatrixComparison {
  const orbital = "form" in omega && omega.form === "orbital";
  const n = orbital ? omega.grid.size : requireOperator("omega", omega as DenseOperator);
  requireOperator("omegaTilde", omegaTilde);
  // the trace norm reads the lower triangle, the Hilbert-Schmidt norm every entry: a
  // non-Hermitian or non-finite input would give numbers that contradict each other
  if (!orbital) requireHermitian("omega.data", n, (omega as DenseOperator).data);
  requireHermitian("omegaTilde.data", n, omegaTilde.data);
  requireSameGrid("omegaTilde.grid", omega.grid, omegaTilde.grid);
  const request = comparisonRequest(omega, options);
  const { metrics, N } = request;
  // Everything read from omega~ comes before the difference (which may overwrite it).
  const tildeDiagonal = Float64Array.from(
    { length: n },
    (_, i) => omegaTilde.data[2 * (i * n + i)],
  );
  const rhoCommutator = metrics.has("rho-commutator")
    ? rhoCommutatorOf(omegaTilde, omega.grid.dimension, N)
    : undefined;
  const overwrite = options.overwriteOmegaTilde === true;
  let difference: Float64Array;
  /** Re A_ii of omega's matrix. */
  let diagonal: Float64Array;
  if (orbital) {
    // A - B without A's n x n matrix (quantum's subtractFromDense: toDense's entries bit for bit).
    difference = overwrite ? omegaTilde.data : omegaTilde.data.slice();
    diagonal = subtractFromDense(omega as OrbitalDensityMatrix, difference);
  } else {
    const data = (omega as DenseOperator).data;
    difference = hermitianDifference(
      data,
      omegaTilde.data,
      overwrite ? omegaTilde.data : undefined,
    );
    diagonal = Float64Array.from({ length: n }, (_, i) => data[2 * (i * n + i)]);
  }
  const result = distancesOf(request, {
    difference,
    diagonal,
    tildeDiagonal,
    hilbertSchmidt: () => hilbertSchmidtNorm(n, difference),
  });
  if (metrics.has("commutator")) {
    const dense = orbital ? toDense(omega as OrbitalDensityMatrix) : (omega as DenseOperator);
    result.commutator = Array.from(
      { length: omega.grid.dimension },
      (_, a) => commutatorTraceNorm(dense, a) / N,
    );
  }
  if (rhoCommutator) result.rhoCommutator = rhoCommutator;
  return result;
}

/**
 * {@link compareDensityMatrices} of omega and omega~ = Weyl(W~) (quantum's weylQuantize on
 * omega's grid) without omega~'s n^d x n^d matrix: quantum's weylDifference forms
 * omega - omega~ directly as its lower triangle (n (n + 1) doubles: half the matrix, and no
 * half-grid samples of W~ in 1D), and the distances are read from it. Equal to
 * compareDensityMatrices(omega, weylQuantize(W~, ...)) to round-off (the interpolations of W~
 * in another order: ~1e-14 relative on the trace norm, measured at n = 256 ... 2048). The
 * metrics that need omega~'s matrix ("commutator", "rho-commutator") take that path instead.
 * Cost: one Weyl quantization, O(K n^2) for an orbital omega, the eigenvalues as
 * compareDensityMatrices; allocates the triangle and the eigensolver's workspace.
 */
export function compareWithWeyl(
  omega: DensityMatrix,
  Wtilde: PhaseSpaceFunction,
  options: Omit<CompareOptions, "overwriteOmegaTilde"> & WeylOptions = {},
): DensityMatrixComparison {
  const request = comparisonRequest(omega, options);
  const { metrics } = request;
  if (metrics.has("commutator") || metrics.has("rho-commutator")) {
    const classical = weylQuantize(Wtilde, omega.grid, omega.epsilon, options);
    return compareDensityMatrices(omega, classical, { ...options, overwriteOmegaTilde: true });
  }
  const { difference, diagonal, tildeDiagonal } = weylDifference(omega, Wtilde, options);
  return distancesOf(request, {
    difference,
    diagonal,
    tildeDiagonal,
    hilbertSchmidt: () => packedHilbertSchmidtNorm(difference),
  });
}

/** The validated request of a comparison: metrics, N, Schatten exponents, grid. */
interface ComparisonRequest {
  readonly metrics: ReadonlySet<MetricName>;
  readonly N: number;
  readonly epsilon: number;
  readonly grid: Grid;
  readonly exponents: readonly number[];
  readonly options: CompareOptions;
}

function comparisonRequest(
  omega: { readonly grid: Grid; readonly epsilon: number },
  options: CompareOptions,
): ComparisonRequest {
  const { grid, epsilon } = omega;
  const N = options.particleNumber ?? epsilon ** -grid.dimension;
  if (!(N > 0) || !Number.isFinite(N)) {
    throw new ParameterError("particleNumber", `must be a finite number > 0, got ${N}`);
  }
  const metrics = new Set<MetricName>(options.metrics ?? DEFAULT_METRICS);
  for (const m of metrics) {
    if (!(METRIC_NAMES as readonly string[]).includes(m)) {
      throw new ParameterError(
        "metrics",
        `unknown metric "${m}"; known: ${METRIC_NAMES.join(", ")}`,
      );
    }
  }
  const exponents = (options.schattenExponents ?? DEFAULT_SCHATTEN_EXPONENTS).map((p, i) =>
    schattenExponentValue(p, `schattenExponents[${i}]`),
  );
  if (metrics.has("schatten") && exponents.length === 0) {
    throw new ParameterError("schattenExponents", 'must hold at least one p >= 1 or "inf"');
  }
  return { metrics, N, epsilon, grid, exponents, options };
}

/** D = omega - omega~ (full or packed) and what the distances read of omega and omega~. */
interface DifferenceParts {
  readonly difference: Float64Array | PackedHermitian;
  /** Re A_ii of omega's matrix. */
  readonly diagonal: Float64Array;
  /** Re A~_ii of omega~'s matrix. */
  readonly tildeDiagonal: Float64Array;
  readonly hilbertSchmidt: () => number;
}

/** The distances of a comparison from D (trace norm, Schatten, HS, Wigner L2, density L1). */
function distancesOf(
  request: ComparisonRequest,
  parts: DifferenceParts,
): { -readonly [K in keyof DensityMatrixComparison]: DensityMatrixComparison[K] } {
  const { metrics, N, epsilon, grid, exponents, options } = request;
  const d = grid.dimension;
  const n = grid.size;
  const { difference, diagonal } = parts;
  const result: { -readonly [K in keyof DensityMatrixComparison]: DensityMatrixComparison[K] } = {
    particleNumber: { quantum: sum(diagonal), vlasov: sum(parts.tildeDiagonal) },
  };
  const wantTrace = metrics.has("trace-norm") || metrics.has("density-l1");
  if (wantTrace || metrics.has("schatten")) {
    const found = hermitianGridSpectrum(grid.shape, difference, {
      tolerance: REFLECTION_TOLERANCE,
      sectors: options.reflectionSectors !== false,
    });
    const spectrum = found.values;
    if (found.reflected) result.reflectionBound = found.asymmetryBound / N;
    if (wantTrace) result.traceNorm = traceNormOfSpectrum(spectrum) / N;
    if (metrics.has("schatten")) {
      const given = options.schattenExponents ?? DEFAULT_SCHATTEN_EXPONENTS;
      result.schatten = exponents.map((p, i) => ({
        p: given[i],
        value: N ** (-1 / p) * schattenNormOfSpectrum(spectrum, p),
      }));
    }
  }
  if (metrics.has("hilbert-schmidt") || metrics.has("wigner-l2")) {
    const hs = parts.hilbertSchmidt();
    if (metrics.has("hilbert-schmidt")) result.hilbertSchmidt = hs / Math.sqrt(N);
    if (metrics.has("wigner-l2")) result.wignerL2 = hs / plancherelFactor(epsilon, d);
  }
  if (metrics.has("density-l1")) {
    const scale = 1 / (N * grid.cellVolume);
    const l1 = densityL1Distance(
      diagonal.map((a) => a * scale),
      parts.tildeDiagonal.map((a) => a * scale),
      grid.cellVolume,
    );
    result.densityL1 = l1;
    const check = densityBoundCheck(l1, result.traceNorm as number, n);
    result.densityBound = { ratio: check.ratio, holds: check.holds };
  }
  return result;
}

/** (1/N) ||rho_{|[x_a, omega~]|}||_{L^p} for p = 1, 2, Infinity, each a list over axes a. */
function rhoCommutatorOf(omegaTilde: DenseOperator, d: number, N: number) {
  const l1: number[] = [];
  const l2: number[] = [];
  const lInfinity: number[] = [];
  for (let a = 0; a < d; a++) {
    const [p1, p2, pInfinity] = rhoCommutatorLpNorms(omegaTilde, a);
    l1.push(p1 / N);
    l2.push(p2 / N);
    lInfinity.push(pInfinity / N);
  }
  return { l1, l2, lInfinity };
}
