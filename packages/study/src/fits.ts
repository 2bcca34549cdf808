import { fitRate, type MetricName } from "@semiclassical/metrics";
import type { ResolutionMode, RowVerdict } from "./resolution-types.js";
import type { StudyFit, StudyNoRate, StudyRate, StudyRow } from "./types.js";

/** True when two sample times are the same (they come from whole numbers of steps dt). */
export function sameTime(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

const SCALAR_METRICS: Readonly<Record<MetricName, (row: StudyRow) => number | undefined>> = {
  "trace-norm": (r) => r.traceNorm,
  "hilbert-schmidt": (r) => r.hilbertSchmidt,
  "density-l1": (r) => r.densityL1,
  "wigner-l2": (r) => r.wignerL2,
  commutator: (r) => (r.commutator ? Math.max(...r.commutator) : undefined),
  "rho-commutator": (r) => (r.rhoCommutator ? Math.max(...r.rhoCommutator.lInfinity) : undefined),
  // research metrics (research-metrics.ts): the largest p, the Duhamel bound, and
  // max_r sup_y tr|[chi_(r,y), omega~]| / N (expected ~ eps, as "commutator")
  schatten: (r) => r.schatten?.[r.schatten.length - 1]?.value,
  "proof-terms": (r) => r.duhamelBound,
  "commutator-scaling": (r) =>
    r.commutatorScaling ? Math.max(...r.commutatorScaling.ratios) * r.epsilon : undefined,
};

/**
 * The scalar value of a metric in a row, as the study fits it and its table shows it:
 * "commutator" is the largest axis, "rho-commutator" the L^infinity norm of the largest axis;
 * undefined when not computed. Cost O(d).
 */
export function studyMetricValue(row: StudyRow, metric: MetricName): number | undefined {
  return SCALAR_METRICS[metric](row);
}

const METRIC_ORDER = Object.keys(SCALAR_METRICS) as MetricName[];

/** Options of {@link studyFits}. */
export interface StudyFitsOptions {
  /**
   * config.resolution. "off": every row with a positive value is fitted, unweighted (the study
   * before verification). Otherwise (default "verified"): resolved rows only, weighted by their
   * floors and refinement changes.
   */
  readonly mode?: ResolutionMode;
}

/** The smallest relative uncertainty a weight assumes (keeps the weights' ratio below 1e12). */
const MIN_RELATIVE_UNCERTAINTY = 1e-6;

/**
 * The weight of a resolved row in a fit of log(metric): 1 / sigma^2 with sigma the row's relative
 * uncertainty, the largest of all its floors (`resolution.floors`: transform, V = 0, certificate
 * width, occupation cutoff, reflection, softening) over its distance and its refinement changes
 * (at least {@link MIN_RELATIVE_UNCERTAINTY}). The floors and changes are measured on the row's
 * first metric; a fit of another metric takes them as its relative uncertainty too (they are not
 * measured per metric). Cost O(1).
 */
export function rowWeight(row: StudyRow, distance: number): number {
  const r = row.resolution;
  const floors = Object.values(r?.floors ?? {})
    .filter((x): x is number => x !== undefined)
    .map((x) => Math.abs(x) / distance);
  const changes = Object.values(r?.refinement ?? {}).filter((x): x is number => x !== undefined);
  const sigma = Math.max(MIN_RELATIVE_UNCERTAINTY, ...floors, ...changes);
  return 1 / (sigma * sigma);
}

/**
 * Rate fits log(metric) = slope log(eps) + c over the N of the study (metrics' `fitRate`), one
 * per requested metric and time other than t = 0 (the transform-error row is reported, never
 * fitted); "commutator": the largest axis; "rho-commutator": the L^infinity norm, largest axis.
 * Verified (default): only the rows whose `resolution.verdict` is "resolved" and whose value is
 * positive, weighted by {@link rowWeight}; `used` and `excluded` (with their verdicts) say which
 * rows entered; fewer than two distinct eps give `noRate` with the reason instead of a fit.
 * `mode: "off"`: every positive row, unweighted, `resolved: false`. Cost O(|metrics| |times|
 * |rows|).
 */
export function studyFits(
  rows: readonly StudyRow[],
  metrics: readonly MetricName[],
  times: readonly number[],
  options: StudyFitsOptions = {},
): StudyFit[] {
  const verified = (options.mode ?? "verified") !== "off";
  const fits: StudyFit[] = [];
  for (const metric of METRIC_ORDER) {
    if (!metrics.includes(metric)) continue;
    for (const t of times) {
      if (t === 0) continue;
      const atT = rows.filter((r) => sameTime(r.t, t));
      const used: { epsilon: number; value: number; N: number; weight: number }[] = [];
      const excluded: { N: number; verdict: RowVerdict }[] = [];
      for (const r of atT) {
        const value = studyMetricValue(r, metric);
        const verdict = r.resolution?.verdict ?? "unverified";
        const positive = value !== undefined && value > 0 && Number.isFinite(value);
        if (positive && (!verified || verdict === "resolved")) {
          used.push({
            epsilon: r.epsilon,
            value,
            N: r.N,
            weight: verified ? rowWeight(r, value) : 1,
          });
        } else excluded.push({ N: r.N, verdict });
      }
      const distinct = new Set(used.map((p) => p.epsilon)).size;
      const record = { used: used.map((p) => p.N), excluded, resolved: verified };
      if (distinct >= 2) {
        fits.push({
          metric,
          t,
          fit: fitRate(
            used.map((p) => p.epsilon),
            used.map((p) => p.value),
            verified ? { weights: used.map((p) => p.weight) } : {},
          ),
          ...record,
        });
      } else {
        fits.push({
          metric,
          t,
          noRate: noRateReason(atT.length, record.used, excluded, verified),
          ...record,
        });
      }
    }
  }
  return fits;
}

/** Why a (metric, time) has no rate: one sentence. */
function noRateReason(
  rows: number,
  used: readonly number[],
  excluded: readonly { N: number; verdict: RowVerdict }[],
  verified: boolean,
): string {
  const left = excluded.map((e) => `N = ${e.N} ${e.verdict}`).join(", ");
  if (rows < 2) return `${rows === 0 ? "no row" : "one N only"} at this time; a rate needs two N`;
  if (!verified) return `fewer than two N with a positive value (${left})`;
  return `${used.length === 0 ? "no" : "only one"} resolved row${used.length === 0 ? "" : ` (N = ${used.join(", ")})`}, a rate needs two (left out: ${left})`;
}

/**
 * The fits that exist as plain JSON records ({@link StudyRate}): standard error and confidence
 * interval null where they are not finite (two N), with `resolved`, `used` and `excluded`.
 * Cost O(|fits|).
 */
export function studyRates(fits: readonly StudyFit[]): StudyRate[] {
  const rates: StudyRate[] = [];
  for (const { metric, t, fit, used, excluded, resolved } of fits) {
    if (!fit) continue;
    const finite = Number.isFinite(fit.slopeStdError);
    rates.push({
      metric,
      t,
      slope: fit.slope,
      slopeStdError: finite ? fit.slopeStdError : null,
      intercept: fit.intercept,
      slopeInterval: finite ? [fit.slopeInterval[0], fit.slopeInterval[1]] : null,
      rSquared: fit.rSquared,
      points: fit.points,
      ...(resolved !== undefined ? { resolved } : {}),
      ...(used ? { used } : {}),
      ...(excluded ? { excluded } : {}),
    });
  }
  return rates;
}

/** The (metric, time) pairs without a rate and why (results.json's `noRates`). Cost O(|fits|). */
export function studyNoRates(fits: readonly StudyFit[]): StudyNoRate[] {
  return fits
    .filter((f) => !f.fit)
    .map((f) => ({ metric: f.metric, t: f.t, noRate: f.noRate ?? "no rate" }));
}

/**
 * Per metric, the largest |refined - original| / |original| over the refined rows, each compared
 * with the original row of the same N and t (the error floor's refinement check); metrics
 * without a pair of values are absent. Cost O(|original| |refined|).
 */
export function refinementChange(
  original: readonly StudyRow[],
  refined: readonly StudyRow[],
): Partial<Record<MetricName, number>> {
  const changes: Partial<Record<MetricName, number>> = {};
  for (const metric of METRIC_ORDER) {
    let worst: number | undefined;
    for (const r of refined) {
      const o = original.find((row) => row.N === r.N && sameTime(row.t, r.t));
      const a = o ? studyMetricValue(o, metric) : undefined;
      const b = studyMetricValue(r, metric);
      if (a === undefined || b === undefined) continue;
      const change = Math.abs(b - a) / Math.abs(a);
      worst = worst === undefined ? change : Math.max(worst, change);
    }
    if (worst !== undefined) changes[metric] = worst;
  }
  return changes;
}
