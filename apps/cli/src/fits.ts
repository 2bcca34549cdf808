import {
  type MetricName,
  type StudyConfig,
  type StudyRow,
  studyFits,
  studyMetricValue,
  studyTheory,
} from "@semiclassical/metrics";
import { type StoredRow, sameTime } from "./rows.js";

/** The scalar value of a metric in a stored row, as the study fits it (metrics' studyMetricValue). */
export function metricValue(row: StoredRow, metric: MetricName): number | undefined {
  return studyMetricValue(row as unknown as StudyRow, metric);
}

/** A fitted convergence rate of one metric at one sample time, over the N of the study. */
export interface RateRecord {
  metric: MetricName;
  t: number;
  /** Measured exponent r in metric ~ C eps^r. */
  slope: number;
  /** Standard error of the slope (null with only two N). */
  slopeStdError: number | null;
  intercept: number;
  /** 95% confidence interval of the slope (null with only two N). */
  slopeInterval: [number, number] | null;
  rSquared: number;
  points: number;
}

/** An exponent predicted by a theorem, printed and plotted beside the measured rates. */
export interface TheoremLine {
  name: string;
  exponent: number;
}

/**
 * The exponents the theorems predict for the config's interaction (metrics' `studyTheory`):
 * Theorem 1 and/or 2 for power and Coulomb kernels; for smooth kernels the exponent 1 of
 * Benedikter-Porta-Saffirio-Schlein (2016); none for V = 0.
 */
export function theoremLines(config: StudyConfig): { lines: TheoremLine[]; note: string } {
  const theory = studyTheory(config.interaction);
  const lines: TheoremLine[] = [];
  if (theory.exponents.theorem1 !== undefined) {
    lines.push({ name: "Theorem 1", exponent: theory.exponents.theorem1 });
  }
  if (theory.exponents.theorem2 !== undefined) {
    lines.push({ name: "Theorem 2", exponent: theory.exponents.theorem2 });
  }
  const kind = config.interaction.kind;
  if (kind === "gaussian" || kind === "soft-power") lines.push({ name: "smooth V", exponent: 1 });
  return { lines, note: theory.note };
}

/** Rate fits of every requested metric at every sample time (metrics' `studyFits`). */
export function fitRates(config: StudyConfig, rows: readonly StoredRow[]): RateRecord[] {
  const fits = studyFits(
    rows as unknown as StudyRow[],
    config.metrics,
    config.dynamics.times.filter((t) => rows.some((r) => sameTime(r.t, t, config.dynamics.dt))),
  );
  const out: RateRecord[] = [];
  for (const { metric, t, fit } of fits) {
    if (!fit) continue;
    const finite = Number.isFinite(fit.slopeStdError);
    out.push({
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
  return out;
}
