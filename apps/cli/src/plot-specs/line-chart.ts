/**
 * A general line chart (the sweep's rate-against-parameter plots, any x-y series): linear or log
 * axes (decade ticks), one curve per series, dashed or solid, with or without dots, a legend.
 */
import * as Plot from "@observablehq/plot";
import { type LegendEntry, legendMark } from "./legend.js";
import { PALETTE } from "./palette.js";
import { decadeDomain, logAxes } from "./ticks.js";

/** One curve of a {@link lineChartSpec}. */
export interface Series {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly color?: string;
  /** Draw the points as dots (default true). */
  readonly markers?: boolean;
  /** Join the points with a line (default true). */
  readonly line?: boolean;
  readonly dashed?: boolean;
}

/** What a line chart shows. */
export interface LineChartData {
  readonly title?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * The Observable Plot options of a line chart: marks (by aria-description) "series" (lines),
 * "data" (dots), "legend". Points that a log axis cannot show, or not finite, are left out.
 * Cost O(points).
 */
export function lineChartSpec(data: LineChartData): Plot.PlotOptions {
  const rows = data.series.flatMap((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    return s.x
      .map((x, i) => ({ x, y: s.y[i], series: `${k}`, color }))
      .filter(
        (p) =>
          Number.isFinite(p.x) &&
          Number.isFinite(p.y) &&
          (!data.logX || p.x > 0) &&
          (!data.logY || p.y > 0),
      );
  });
  const of = (k: number) => rows.filter((r) => r.series === `${k}`);
  const xs = rows.map((r) => r.x);
  const ys = rows.map((r) => r.y);
  const xDomain = data.logX && xs.length ? decadeDomain(Math.min(...xs), Math.max(...xs)) : null;
  const yDomain = data.logY && ys.length ? decadeDomain(Math.min(...ys), Math.max(...ys)) : null;
  const marks: Plot.Markish[] = [];
  const legend: LegendEntry[] = [];
  data.series.forEach((s, k) => {
    const stroke = s.color ?? PALETTE[k % PALETTE.length];
    const points = of(k);
    if (s.line ?? true) {
      marks.push(
        Plot.line(points, {
          x: "x",
          y: "y",
          stroke,
          strokeWidth: 1.5,
          ...(s.dashed ? { strokeDasharray: "6,4" } : {}),
          ariaDescription: "series",
        }),
      );
    }
    if (s.markers ?? true) {
      marks.push(Plot.dot(points, { x: "x", y: "y", r: 3, fill: stroke, ariaDescription: "data" }));
    }
    legend.push({ label: s.label, stroke, dashed: s.dashed, marker: s.markers ?? true });
  });
  return {
    width: data.width ?? 640,
    height: data.height ?? 400,
    marginLeft: 64,
    marginBottom: 44,
    marginTop: data.title ? 34 : 20,
    style: { fontSize: "12px", background: "white" },
    x: xDomain ? { type: "log", domain: xDomain } : { type: "linear", nice: true },
    y: yDomain ? { type: "log", domain: yDomain } : { type: "linear", nice: true },
    marks: [
      ...logAxes(xDomain, yDomain, data.xLabel, data.yLabel),
      ...marks,
      ...(data.title
        ? [
            Plot.text([data.title], {
              frameAnchor: "top",
              dy: -22,
              fontSize: 13,
              fontWeight: "bold",
            }),
          ]
        : []),
      legendMark(legend, "top-right"),
    ],
  };
}
