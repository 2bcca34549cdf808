/**
 * The rate plot: a distance at one time against eps = N^(-1/d) on log-log axes with decade ticks,
 * one dot per N, the least-squares line C eps^r of the study's fit, and each theorem's exponent
 * drawn through the data's geometric mean (only the slope of a bound is known, not its constant).
 */
import * as Plot from "@observablehq/plot";
import { type LegendEntry, legendMark } from "./legend.js";
import { DATA_COLOR, FIT_COLOR, metricLabel, THEOREM_COLORS } from "./palette.js";
import { decadeDomain, logAxes } from "./ticks.js";

/** One measured point: the distance at (N, eps). */
export interface RatePoint {
  readonly N: number;
  readonly epsilon: number;
  readonly value: number;
}

/** What a rate plot shows (everything computed by the study; nothing here is a result). */
export interface RatePlotData {
  /** Metric name ("trace-norm", ...): its THEORY.md symbol labels the y axis. */
  readonly metric: string;
  readonly t: number;
  readonly points: readonly RatePoint[];
  /** ln(value) = intercept + slope ln(eps) (the study's `StudyRate`), or null before a fit. */
  readonly fit: {
    readonly slope: number;
    readonly intercept: number;
    readonly slopeStdError: number | null;
  } | null;
  /** The theorems' exponents r in C eps^r. */
  readonly theorems: readonly { readonly name: string; readonly exponent: number }[];
  readonly width?: number;
  readonly height?: number;
}

/** A line through two eps values, as points {epsilon, value, series}. */
function segment(ends: readonly number[], series: string, value: (eps: number) => number) {
  return ends.map((epsilon) => ({ epsilon, value: value(epsilon), series }));
}

/**
 * The Observable Plot options of a rate plot. Marks carry aria-descriptions: "data" (one dot per
 * point), "fit", "theorem" (one line each), "legend". Points with a value <= 0 or not finite are
 * left out (a log axis cannot show them). Cost O(points + theorems).
 */
export function ratePlotSpec(data: RatePlotData): Plot.PlotOptions {
  const points = data.points.filter(
    (p) => p.epsilon > 0 && Number.isFinite(p.value) && p.value > 0,
  );
  const eps = points.map((p) => p.epsilon);
  const values = points.map((p) => p.value);
  const ends = eps.length ? [Math.min(...eps), Math.max(...eps)] : [];
  const lines: { epsilon: number; value: number; series: string }[] = [];
  const legend: LegendEntry[] = [{ label: "measured", stroke: DATA_COLOR, marker: true }];
  const marks: Plot.Markish[] = [];
  if (data.fit && ends.length) {
    const { slope, intercept, slopeStdError } = data.fit;
    const fit = segment(ends, "fit", (e) => Math.exp(intercept + slope * Math.log(e)));
    lines.push(...fit);
    marks.push(
      Plot.line(fit, {
        x: "epsilon",
        y: "value",
        stroke: FIT_COLOR,
        strokeWidth: 2,
        ariaDescription: "fit",
      }),
    );
    const error = slopeStdError === null ? "" : ` ± ${slopeStdError.toFixed(3)}`;
    legend.push({ label: `fit: r = ${slope.toFixed(3)}${error}`, stroke: FIT_COLOR });
  }
  if (points.length && ends.length) {
    const logMeanEps = eps.reduce((s, e) => s + Math.log(e), 0) / eps.length;
    const logMeanValue = values.reduce((s, v) => s + Math.log(v), 0) / values.length;
    data.theorems.forEach((theorem, k) => {
      const stroke = THEOREM_COLORS[k % THEOREM_COLORS.length];
      const line = segment(ends, theorem.name, (e) =>
        Math.exp(logMeanValue + theorem.exponent * (Math.log(e) - logMeanEps)),
      );
      lines.push(...line);
      marks.push(
        Plot.line(line, {
          x: "epsilon",
          y: "value",
          stroke,
          strokeWidth: 1.5,
          strokeDasharray: "6,4",
          ariaDescription: "theorem",
        }),
      );
      legend.push({
        label: `${theorem.name}: r = ${theorem.exponent.toFixed(3)}`,
        stroke,
        dashed: true,
      });
    });
  }
  const allEps = [...eps, ...lines.map((l) => l.epsilon)];
  const allValues = [...values, ...lines.map((l) => l.value)];
  const xDomain: [number, number] = allEps.length
    ? decadeDomain(Math.min(...allEps), Math.max(...allEps))
    : [0.01, 1];
  const yDomain: [number, number] = allValues.length
    ? decadeDomain(Math.min(...allValues), Math.max(...allValues))
    : [1e-4, 1];
  return {
    width: data.width ?? 640,
    height: data.height ?? 420,
    marginLeft: 60,
    marginBottom: 44,
    style: { fontSize: "12px", background: "white" },
    x: { type: "log", domain: xDomain },
    y: { type: "log", domain: yDomain },
    marks: [
      ...logAxes(xDomain, yDomain, "ε = N^(−1/d)", `${metricLabel(data.metric)} at t = ${data.t}`),
      ...marks,
      Plot.dot(points, {
        x: "epsilon",
        y: "value",
        r: 4,
        fill: DATA_COLOR,
        ariaDescription: "data",
      }),
      legendMark(legend, "top-left"),
    ],
  };
}
