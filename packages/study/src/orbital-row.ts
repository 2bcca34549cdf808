/**
 * The metrics of one row on the orbital path (issue 13): omega_t in orbital form (rank K) against
 * omega~_t = Weyl(W~_t) applied matrix-free, without any dense n^d x n^d operator or the
 * quantum half grid of the state.
 */
import {
  type Grid,
  ParameterError,
  resampleArray,
  type ThreadTeam,
  type UniformAxis,
} from "@semiclassical/grid";
import {
  certifiedTraceNorm,
  DEFAULT_SCHATTEN_EXPONENTS,
  densityBoundCheck,
  densityL1Distance,
  type MetricName,
  operatorHilbertSchmidtDistance,
  plancherelFactor,
  type SchattenExponent,
  schattenExponentValue,
  weylOperator,
} from "@semiclassical/metrics";
import {
  density,
  type OrbitalDensityMatrix,
  type PhaseSpaceFunction,
} from "@semiclassical/quantum";
import type { RowCertificate } from "./resolution-types.js";
import type { StudyRow } from "./types.js";

/** The metrics the orbital path computes (the others need the dense matrices). */
export const ORBITAL_METRICS: readonly MetricName[] = [
  "trace-norm",
  "hilbert-schmidt",
  "density-l1",
  "wigner-l2",
  "schatten",
];

/** Options of {@link orbitalRowMetrics}. */
export interface OrbitalRowOptions {
  readonly metrics: readonly MetricName[];
  /** The nominal N of the per-particle scaling. */
  readonly particleNumber: number;
  /** Relative width (upper - lower) / upper the certified interval aims for. */
  readonly target: number;
  /** Band half-widths of Weyl(W~) per axis (see `certificatePlan`). */
  readonly bandwidth: readonly number[];
  /** Largest subspace dimension of the certificate (default: metrics' 400). */
  readonly maxDimension?: number;
  /** Largest band storage in doubles (from the memory plan). */
  readonly maxStorage: number;
  /** The p of "schatten" (default metrics' 1, 2, "inf"). */
  readonly schattenExponents?: readonly SchattenExponent[];
  /** Threads for the band's applications (metrics' `WeylOperatorOptions.threads`); same numbers. */
  readonly threads?: ThreadTeam;
}

/** The row fields of the orbital path (a `StudyRow` without N, eps, t and seconds). */
export type OrbitalRowMetrics = Omit<StudyRow, "N" | "epsilon" | "t" | "seconds" | "resolution"> & {
  /** (1/N) [lower, upper] of the certified trace norm. */
  readonly traceNormInterval?: readonly [number, number];
  /** Its width (1/N)(upper - lower): a floor of the row. */
  readonly certificateWidth?: number;
  /** How the certificate ended (what limits the width: {@link RowCertificate}). */
  readonly certificate?: RowCertificate;
};

/**
 * Metrics that need the dense matrices: those of metrics' `compareDensityMatrices` beyond the
 * orbital ones, and the study's own "proof-terms" and "commutator-scaling" (trace norms of
 * commutators with omega~_t, research-metrics.ts).
 */
const DENSE_ONLY_METRICS: readonly MetricName[] = [
  "commutator",
  "rho-commutator",
  "proof-terms",
  "commutator-scaling",
];

/**
 * The refusal (a ParameterError on "metrics") of a metric the orbital path cannot compute (see
 * DENSE_ONLY_METRICS), at plan time: before any work. Cost O(|metrics|).
 */
export function requireOrbitalMetrics(metrics: readonly MetricName[]): void {
  for (const m of metrics) {
    if (DENSE_ONLY_METRICS.includes(m)) {
      throw new ParameterError(
        "metrics",
        `"${m}" needs the dense n^d x n^d matrices, which the orbital path (2D/3D, or traceNorm.method ` +
          `"certified") never forms; the orbital path computes ${ORBITAL_METRICS.join(", ")}: remove "${m}" ` +
          'or set traceNorm.method "dense" on a grid small enough for it',
      );
    }
  }
}

function axesOf(g: Grid): UniformAxis[] {
  return g.shape.map((points, a) => ({ points, origin: g.origin[a], spacing: g.spacing[a] }));
}

/**
 * rho~ = int W~ dv (on W~'s position grid) resampled spectrally onto the quantum grid, zero
 * outside W~'s box. Cost O(M log M) per axis.
 */
function vlasovDensityOn(grid: Grid, wTilde: PhaseSpaceFunction): Float64Array {
  const { position, velocity } = wTilde.grid;
  const rho = new Float64Array(position.size);
  const dv = velocity.cellVolume;
  for (let ix = 0; ix < position.size; ix++) {
    let s = 0;
    const o = ix * velocity.size;
    for (let iv = 0; iv < velocity.size; iv++) s += wTilde.values[o + iv];
    rho[ix] = s * dv;
  }
  return resampleArray(rho, axesOf(position), axesOf(grid));
}

/**
 * The row's metrics on the orbital path (THEORY.md sections 1 and 6), per particle with N:
 * - "trace-norm": metrics' `certifiedTraceNorm(omega, W~, {target})`: traceNorm = lower / N (its
 *   estimate), `traceNormInterval` = [lower, upper] / N, `certificateWidth` = (upper - lower) / N;
 * - "hilbert-schmidt" / "wigner-l2": metrics' `operatorHilbertSchmidtDistance`,
 *   ||D||_HS^2 = sum_kl lambda_k lambda_l |<phi_k, phi_l>|^2 - 2 Re tr(omega omega~)
 *   + ||omega~||_HS^2 with omega~ the same banded Weyl operator (`weylOperator`), clamped at 0:
 *   the subtraction of O(N) terms loses ~ sqrt(u N) (u = 2^-53), so HS distances below ~1e-8
 *   per particle are round-off;
 *   wignerL2 = HS / (2 pi / eps)^(d/2) as on the dense path;
 * - "schatten": for each p, N^(-1/p) [lower, upper] of metrics' certified Schatten interval from
 *   the same subspace as the trace norm (value = the lower end; `interval` beside it);
 * - "density-l1": ||rho_t - rho~_t||_L1 on the quantum grid, rho_t from the orbitals, rho~_t =
 *   int W~ dv resampled spectrally, with the bound check against the interval's upper end.
 * One banded operator omega~ (metrics' `weylOperator`) serves every metric of the row.
 * Cost: its build and the certified trace norm (see metrics) plus, for HS, K applications
 * (O(K n^d B)) and O(K^2 n^d) for the Gram matrix. Never forms an n^d x n^d matrix.
 */
export function orbitalRowMetrics(
  omega: OrbitalDensityMatrix,
  wTilde: PhaseSpaceFunction,
  options: OrbitalRowOptions,
): OrbitalRowMetrics {
  requireOrbitalMetrics(options.metrics);
  const metrics = new Set(options.metrics);
  const N = options.particleNumber;
  const grid = omega.grid;
  const M = grid.size;
  const K = omega.occupations.length;
  const d = grid.dimension;
  const dx = grid.cellVolume;
  const rho = density(omega);
  const rhoTilde = vlasovDensityOn(grid, wTilde);
  let quantumTrace = 0;
  for (let k = 0; k < K; k++) {
    let norm = 0;
    for (let i = 2 * k * M; i < 2 * (k + 1) * M; i++) norm += omega.orbitals[i] ** 2;
    quantumTrace += omega.occupations[k] * norm * dx;
  }
  let vlasovTrace = 0;
  for (const r of rhoTilde) vlasovTrace += r;
  const result: { -readonly [Key in keyof OrbitalRowMetrics]: OrbitalRowMetrics[Key] } = {
    particleNumber: { quantum: quantumTrace, vlasov: N * vlasovTrace * dx },
  };
  // one banded Weyl operator omega~ for every metric of the row (its build costs as much as
  // hundreds of applications)
  const needsOperator = ["trace-norm", "density-l1", "schatten", "hilbert-schmidt", "wigner-l2"];
  const op = needsOperator.some((m) => metrics.has(m as MetricName))
    ? weylOperator(wTilde, grid, omega.epsilon, {
        bandwidth: options.bandwidth,
        maxStorage: options.maxStorage,
        threads: options.threads,
      })
    : undefined;
  if (
    op !== undefined &&
    (metrics.has("trace-norm") || metrics.has("density-l1") || metrics.has("schatten"))
  ) {
    const exponents = metrics.has("schatten")
      ? (options.schattenExponents ?? DEFAULT_SCHATTEN_EXPONENTS)
      : [];
    const certified = certifiedTraceNorm(omega, op, {
      target: options.target,
      ...(options.maxDimension !== undefined ? { maxDimension: options.maxDimension } : {}),
      schattenExponents: exponents.map((p, i) => schattenExponentValue(p, `schattenP[${i}]`)),
    });
    result.traceNorm = certified.estimate / N;
    result.traceNormInterval = [certified.lower / N, certified.upper / N];
    result.certificateWidth = (certified.upper - certified.lower) / N;
    result.certificate = {
      subspaceDimension: certified.subspaceDimension,
      maxDimension: certified.maxDimension,
      converged: certified.converged,
      truncation: (2 * certified.truncation) / N,
    };
    if (metrics.has("schatten")) {
      result.schatten = certified.schatten.map((s, i) => {
        const scale = N ** (-1 / s.p);
        return {
          p: exponents[i],
          value: scale * s.lower,
          interval: [scale * s.lower, scale * s.upper] as const,
        };
      });
    }
  }
  if (op !== undefined && (metrics.has("hilbert-schmidt") || metrics.has("wigner-l2"))) {
    const hs = operatorHilbertSchmidtDistance(omega, op);
    if (metrics.has("hilbert-schmidt")) result.hilbertSchmidt = hs / Math.sqrt(N);
    if (metrics.has("wigner-l2")) result.wignerL2 = hs / plancherelFactor(omega.epsilon, d);
  }
  if (metrics.has("density-l1")) {
    const l1 = densityL1Distance(rho, rhoTilde, dx);
    result.densityL1 = l1;
    const upper = (result.traceNormInterval as readonly [number, number])[1];
    const check = densityBoundCheck(l1, result.traceNorm as number, M);
    result.densityBound = {
      ratio: check.ratio,
      holds: densityBoundCheck(l1, upper, M).holds,
    };
  }
  op?.release();
  return result;
}
