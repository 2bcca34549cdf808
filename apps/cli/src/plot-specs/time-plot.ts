/**
 * Distance against time, one curve (line and dots) per N; log y with decade ticks when every
 * value is > 0, linear otherwise.
 */
import * as Plot from "@observablehq/plot";
import { type LegendEntry, legendMark } from "./legend.js";
import { PALETTE } from "./palette.js";
import { decadeDomain, logAxes } from "./ticks.js";

/** One curve: (t, value) pairs with a label such as "N = 16". */
export interface TimeSeries {
  readonly label: string;
  readonly points: readonly { readonly t: number; readonly value: number }[];
}

/** What a time plot shows. */
export interface TimePlotData {
  readonly yLabel: string;
  readonly series: readonly TimeSeries[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * The Observable Plot options of a time plot: marks (by aria-description) "series" (one line per series) and "data"
 * (one dot per point), "legend". Non-finite values are left out. Cost O(points).
 */
export function timePlotSpec(data: TimePlotData): Plot.PlotOptions {
  const rows = data.series.flatMap((s, k) =>
    s.points
      .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.value))
      .map((p) => ({ ...p, series: s.label, color: PALETTE[k % PALETTE.length] })),
  );
  const values = rows.map((r) => r.value);
  const log = values.length > 0 && values.every((v) => v > 0);
  const yDomain = log ? decadeDomain(Math.min(...values), Math.max(...values)) : null;
  const legend: LegendEntry[] = data.series.map((s, k) => ({
    label: s.label,
    stroke: PALETTE[k % PALETTE.length],
    marker: true,
  }));
  return {
    width: data.width ?? 640,
    height: data.height ?? 400,
    marginLeft: 64,
    marginBottom: 44,
    style: { fontSize: "12px", background: "white" },
    x: { type: "linear" },
    color: { type: "identity" },
    y: yDomain ? { type: "log", domain: yDomain } : { type: "linear", nice: true },
    marks: [
      ...logAxes(null, yDomain, "t", data.yLabel),
      Plot.line(rows, {
        x: "t",
        y: "value",
        z: "series",
        stroke: "color",
        ariaDescription: "series",
      }),
      Plot.dot(rows, { x: "t", y: "value", fill: "color", r: 3, ariaDescription: "data" }),
      legendMark(legend, "bottom-right"),
    ],
  };
}
