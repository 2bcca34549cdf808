import { fitRate, type MetricName } from "@semiclassical/metrics";
import type { StudyFit, StudyRate, StudyRow } from "./types.js";

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

/**
 * Rate fits log(metric) = slope log(eps) + c over the N of the study (metrics' `fitRate`), one
 * per requested metric and time ("commutator": the largest axis; "rho-commutator": the
 * L^infinity norm, largest axis), from the rows with a positive value; no `fit` when fewer than
 * two distinct eps have one. Cost O(|metrics| |times| |rows|).
 */
export function studyFits(
  rows: readonly StudyRow[],
  metrics: readonly MetricName[],
  times: readonly number[],
): StudyFit[] {
  const fits: StudyFit[] = [];
  for (const metric of METRIC_ORDER) {
    if (!metrics.includes(metric)) continue;
    for (const t of times) {
      const points = rows
        .filter((r) => sameTime(r.t, t))
        .map((r) => ({ epsilon: r.epsilon, value: studyMetricValue(r, metric) }))
        .filter((p): p is { epsilon: number; value: number } => (p.value ?? 0) > 0);
      const distinct = new Set(points.map((p) => p.epsilon)).size;
      fits.push(
        distinct >= 2
          ? {
              metric,
              t,
              fit: fitRate(
                points.map((p) => p.epsilon),
                points.map((p) => p.value),
              ),
            }
          : { metric, t },
      );
    }
  }
  return fits;
}

/**
 * The fits that exist as plain JSON records ({@link StudyRate}): standard error and confidence
 * interval null where they are not finite (two N). Cost O(|fits|).
 */
export function studyRates(fits: readonly StudyFit[]): StudyRate[] {
  const rates: StudyRate[] = [];
  for (const { metric, t, fit } of fits) {
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
    });
  }
  return rates;
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
