import {
  type StudyConfig,
  type StudyRate,
  type StudyRow,
  studyMetricValue,
  type TheoremLine,
} from "@semiclassical/study";
import type { AxisInfo, FoundArray } from "./arrays.js";
import { npyPieces } from "./npy.js";
import type { OutputDirectory } from "./output.js";
import { composeSvg, plotSvg, writePlot } from "./plot-render.js";
import {
  colourBarSpec,
  metricLabel,
  type RatePoint,
  ratePlotSpec,
  type TimeSeries,
  timePlotSpec,
  type WignerImage,
  wignerPanelSpec,
  wignerScale,
} from "./plot-specs/index.js";
import { type MetricName, sameTime } from "./rows.js";

/** A file name from a dotted path: "wignerHartreeFock.values" -> "wigner-hartree-fock". */
export function fileStem(path: string): string {
  return (
    path
      .replace(/\.values$/, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "array"
  );
}

/**
 * Writes the phase-space functions and densities of one N's result as NPY (C order, float64,
 * shape = grid shape; phase space: position axes then velocity axes). Returns the file names.
 */
export function writeArrays(
  out: OutputDirectory,
  N: number,
  arrays: readonly FoundArray[],
): string[] {
  const names: string[] = [];
  for (const array of arrays) {
    if (array.kind === "other") continue;
    const name = `${fileStem(array.path)}-N${N}.npy`;
    out.writeBytes(name, npyPieces(array.data, array.shape));
    names.push(name);
  }
  return names;
}

/** The (x_1, v_1) marginal of a phase-space array (sums over the other axes) on its grid. */
function marginal(array: FoundArray): { values: Float64Array; x: AxisInfo; v: AxisInfo } {
  const d = array.shape.length / 2;
  const nx = array.shape[0];
  const nv = array.shape[d];
  const strides = new Array<number>(array.shape.length);
  let size = 1;
  for (let a = array.shape.length - 1; a >= 0; a--) {
    strides[a] = size;
    size *= array.shape[a];
  }
  const values = new Float64Array(nx * nv);
  for (let index = 0; index < array.data.length; index++) {
    const ix = Math.floor(index / strides[0]) % nx;
    const iv = Math.floor(index / strides[d]) % nv;
    values[ix * nv + iv] += array.data[index];
  }
  return { values, x: array.axes[0], v: array.axes[d] };
}

/** Bilinear interpolation of values[ix * nv + iv] at (x, v); 0 outside the grid. */
function sample(values: Float64Array, xa: AxisInfo, va: AxisInfo, x: number, v: number): number {
  const fx = (x - xa.origin) / xa.spacing;
  const fv = (v - va.origin) / va.spacing;
  if (fx < 0 || fv < 0 || fx > xa.points - 1 || fv > va.points - 1) return 0;
  const i = Math.min(Math.floor(fx), xa.points - 2);
  const j = Math.min(Math.floor(fv), va.points - 2);
  const s = fx - i;
  const r = fv - j;
  const at = (a: number, b: number) => values[a * va.points + b];
  return (
    (1 - s) * (1 - r) * at(i, j) +
    s * (1 - r) * at(i + 1, j) +
    (1 - s) * r * at(i, j + 1) +
    s * r * at(i + 1, j + 1)
  );
}

/** The Wigner figure's three panels and colour bar, side by side. */
const PANEL = 300;

/**
 * Side-by-side panels of the HF Wigner function W_t, the Vlasov one W~_t and their difference
 * (computed on the Vlasov grid, W_t resampled spectrally onto it), on the Vlasov grid's (x_1, v_1)
 * box (bilinear for display); d > 1 shows the (x_1, v_1) marginals. W_t and W~_t share one
 * symmetric colour scale, the difference has its own; each scale has a ticked colour bar. Arrays are found by path ("wignerHartreeFock",
 * "wignerVlasov", "wignerDifference"). This computes the panels (at most 160 x 160 values each:
 * small enough to keep until {@link writeWignerFigure} renders them), undefined when the arrays
 * are missing. Cost O(size of the arrays).
 */
export function wignerFigure(N: number, arrays: readonly FoundArray[]): WignerFigure | undefined {
  const find = (name: string) =>
    arrays.find((a) => a.kind === "phase-space" && a.path.startsWith(name));
  const quantumArray = find("wignerHartreeFock");
  const classicalArray = find("wignerVlasov");
  const differenceArray = find("wignerDifference");
  if (!quantumArray || !classicalArray || !differenceArray) return undefined;
  const c = marginal(classicalArray);
  const q = marginal(quantumArray);
  const e = marginal(differenceArray);
  const nx = Math.min(160, Math.max(c.x.points, 80));
  const nv = Math.min(160, Math.max(c.v.points, 80));
  const xs = { origin: c.x.origin, spacing: ((c.x.points - 1) * c.x.spacing) / (nx - 1) };
  const vs = { origin: c.v.origin, spacing: ((c.v.points - 1) * c.v.spacing) / (nv - 1) };
  const display = (m: ReturnType<typeof marginal>): WignerImage => {
    const values = new Float64Array(nx * nv);
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < nv; j++) {
        values[i * nv + j] = sample(
          m.values,
          m.x,
          m.v,
          xs.origin + i * xs.spacing,
          vs.origin + j * vs.spacing,
        );
      }
    }
    return {
      values,
      nx,
      nv,
      xRange: [xs.origin, xs.origin + (nx - 1) * xs.spacing],
      vRange: [vs.origin, vs.origin + (nv - 1) * vs.spacing],
    };
  };
  const marginalNote = quantumArray.shape.length > 2 ? " ((x_1, v_1) marginals)" : "";
  // W_t and W~_t on one scale (comparable colours); the difference, orders of magnitude smaller,
  // on its own symmetric scale (on theirs it would be blank).
  return {
    N,
    title: `Wigner functions at the final time, N = ${N}${marginalNote}`,
    groups: [
      {
        images: [display(q), display(c)],
        titles: ["Hartree(-Fock) W_t", "Vlasov W̃_t"],
        scaleLabel: "W_t and W̃_t (one colour scale)",
      },
      { images: [display(e)], titles: ["W_t − W̃_t"], scaleLabel: "W_t − W̃_t" },
    ],
  };
}

/**
 * Writes the figure of {@link wignerFigure} as wigner-N{N}.svg and .png; returns the file names.
 * Rendering (Observable Plot on linkedom, resvg) takes 50-110 MB for a while, which is why the study
 * renders after its tasks (see study.ts).
 */
export function writeWignerFigure(out: OutputDirectory, figure: WignerFigure): string[] {
  return writePlot(out, `wigner-N${figure.N}`, wignerFigureSvg(figure.title, figure.groups));
}

/** The Wigner figure of one N before rendering: its title and panel groups. */
export interface WignerFigure {
  readonly N: number;
  readonly title: string;
  readonly groups: readonly WignerGroup[];
}

/** Panels sharing one symmetric colour scale, and the label of their colour bar. */
export interface WignerGroup {
  readonly images: readonly WignerImage[];
  readonly titles: readonly string[];
  readonly scaleLabel: string;
}

/**
 * Groups of panels side by side, each group on its own symmetric colour scale (see the plot
 * specs) with a ticked colour bar under it, as one SVG.
 */
export function wignerFigureSvg(title: string, groups: readonly WignerGroup[]): string {
  const count = groups.reduce((n, g) => n + g.images.length, 0);
  const width = Math.max(count * PANEL, 480);
  let x = (width - count * PANEL) / 2;
  const parts: { svg: string; x: number; y: number }[] = [];
  for (const group of groups) {
    const scale = wignerScale(group.images);
    const left = x;
    group.images.forEach((image, k) => {
      const spec = wignerPanelSpec(image, scale, {
        title: group.titles[k],
        width: PANEL,
        height: PANEL,
      });
      parts.push({ svg: plotSvg(spec), x, y: 34 });
      x += PANEL;
    });
    const barWidth = x - left;
    parts.push({
      svg: plotSvg(colourBarSpec(scale, group.scaleLabel, barWidth)),
      x: left,
      y: 34 + PANEL + 6,
    });
  }
  return composeSvg(title, parts, width, 34 + PANEL + 6 + 70);
}

/** The final time of the config. */
function finalTime(config: StudyConfig): number {
  const { times } = config.dynamics;
  return times[times.length - 1];
}

/**
 * Error against eps (log-log, decade ticks) at the final time, one plot per fitted metric: one
 * dot per N, the fitted line C eps^r and the theorems' slopes through the data's geometric mean.
 * Writes rate-{metric}.svg and .png; returns the file names.
 */
export function writeRatePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StudyRow[],
  rates: readonly StudyRate[],
  theorems: readonly TheoremLine[],
): string[] {
  const { dt } = config.dynamics;
  const tFinal = finalTime(config);
  const names: string[] = [];
  for (const rate of rates.filter((r) => sameTime(r.t, tFinal, dt))) {
    const points = rows
      .filter((r) => sameTime(r.t, tFinal, dt))
      .map((r) => ({ N: r.N, epsilon: r.epsilon, value: studyMetricValue(r, rate.metric) }))
      .filter((p): p is RatePoint => p.value !== undefined && p.value > 0);
    if (points.length < 2) continue;
    const svg = plotSvg(
      ratePlotSpec({ metric: rate.metric, t: tFinal, points, fit: rate, theorems }),
    );
    names.push(...writePlot(out, `rate-${rate.metric}`, svg));
  }
  return names;
}

/**
 * Error against t, one curve per N, one plot per metric (log y with decade ticks when every value
 * is > 0). Writes time-{metric}.svg and .png; returns the file names.
 */
export function writeTimePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StudyRow[],
  metrics: readonly MetricName[],
): string[] {
  const names: string[] = [];
  for (const metric of metrics) {
    const series: TimeSeries[] = [];
    for (const N of config.N) {
      const points = rows
        .filter((r) => r.N === N)
        .map((r) => ({ t: r.t, value: studyMetricValue(r, metric) }))
        .filter((p): p is { t: number; value: number } => p.value !== undefined)
        .sort((a, b) => a.t - b.t);
      if (points.length > 0) series.push({ label: `N = ${N}`, points });
    }
    if (series.length === 0) continue;
    const svg = plotSvg(timePlotSpec({ yLabel: metricLabel(metric), series }));
    names.push(...writePlot(out, `time-${metric}`, svg));
  }
  return names;
}
