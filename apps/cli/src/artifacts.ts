import {
  type StudyConfig,
  type StudyRate,
  type StudyRow,
  studyMetricValue,
  type TheoremLine,
} from "@semiclassical/study";
import type { AxisInfo, FoundArray } from "./arrays.js";
import { encodeNpy } from "./npy.js";
import type { OutputDirectory } from "./output.js";
import { type HeatmapPanel, heatmaps, lineChart, type Series } from "./plots.js";
import { sameTime } from "./rows.js";

/** A metric of the study (a name in config.metrics). */
type MetricName = StudyConfig["metrics"][number];

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
    out.writeBytes(name, encodeNpy(array.data, array.shape));
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

/**
 * Side-by-side heatmaps of the HF Wigner function W_t, the Vlasov one W~_t and their difference
 * (computed on the Vlasov grid, W_t resampled spectrally onto it), on the Vlasov grid's (x_1, v_1)
 * box (bilinear for display); d > 1 shows the (x_1, v_1) marginals. Arrays are found by path
 * ("wignerHartreeFock", "wignerVlasov", "wignerDifference"). Returns the file name, or undefined
 * when the arrays are missing.
 */
export function writeWignerFigure(
  out: OutputDirectory,
  N: number,
  arrays: readonly FoundArray[],
): string | undefined {
  const find = (name: string) =>
    arrays.find((a) => a.kind === "phase-space" && a.path.startsWith(name));
  const quantumArray = find("wignerHartreeFock");
  const classicalArray = find("wignerVlasov");
  const differenceArray = find("wignerDifference");
  if (!quantumArray || !classicalArray || !differenceArray) return undefined;
  const c = marginal(classicalArray);
  const q = marginal(quantumArray);
  const e = marginal(differenceArray);
  const nx = Math.min(240, Math.max(c.x.points, 120));
  const nv = Math.min(240, Math.max(c.v.points, 120));
  const xs = { origin: c.x.origin, spacing: ((c.x.points - 1) * c.x.spacing) / (nx - 1) };
  const vs = { origin: c.v.origin, spacing: ((c.v.points - 1) * c.v.spacing) / (nv - 1) };
  const display = (m: ReturnType<typeof marginal>) => {
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
    return values;
  };
  const xRange = [xs.origin, xs.origin + (nx - 1) * xs.spacing] as const;
  const vRange = [vs.origin, vs.origin + (nv - 1) * vs.spacing] as const;
  const panel = (title: string, values: Float64Array): HeatmapPanel => ({
    title,
    values,
    nx,
    nv,
    xRange,
    vRange,
  });
  const canvas = heatmaps(`Wigner functions at the final time, N = ${N}`, [
    panel("Hartree(-Fock) W_t", display(q)),
    panel("Vlasov W~_t", display(c)),
    panel("difference W_t - W~_t", display(e)),
  ]);
  const name = `wigner-N${N}.png`;
  out.writeBytes(name, canvas.png());
  return name;
}

/**
 * Error against eps (log-log) at the final time, one PNG per fitted metric: the data, the fitted
 * line C eps^r and the theorems' slopes drawn through the data's geometric mean.
 */
export function writeRatePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StudyRow[],
  rates: readonly StudyRate[],
  theorems: readonly TheoremLine[],
): string[] {
  const { times, dt } = config.dynamics;
  const tFinal = times[times.length - 1];
  const names: string[] = [];
  for (const rate of rates.filter((r) => sameTime(r.t, tFinal, dt))) {
    const points = rows
      .filter((r) => sameTime(r.t, tFinal, dt))
      .map((r) => [r.epsilon, studyMetricValue(r, rate.metric)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0)
      .sort((a, b) => a[0] - b[0]);
    if (points.length < 2) continue;
    const eps = points.map((p) => p[0]);
    const ends = [eps[0], eps[eps.length - 1]];
    const logMeanEps = eps.reduce((s, e) => s + Math.log(e), 0) / eps.length;
    const logMeanErr = points.reduce((s, p) => s + Math.log(p[1]), 0) / points.length;
    const error = rate.slopeStdError === null ? "" : ` +- ${rate.slopeStdError.toFixed(3)}`;
    const series: Series[] = [
      { label: rate.metric, x: eps, y: points.map((p) => p[1]), line: false },
      {
        label: `fit r = ${rate.slope.toFixed(3)}${error}`,
        x: ends,
        y: ends.map((e) => Math.exp(rate.intercept + rate.slope * Math.log(e))),
        markers: false,
      },
      ...theorems.map((t) => ({
        label: `${t.name}: r = ${t.exponent.toFixed(3)}`,
        x: ends,
        y: ends.map((e) => Math.exp(logMeanErr + t.exponent * (Math.log(e) - logMeanEps))),
        markers: false,
        dashed: true,
      })),
    ];
    const canvas = lineChart({
      title: `${rate.metric} against eps at t = ${tFinal}`,
      xLabel: "eps = N^(-1/d)",
      yLabel: rate.metric,
      logX: true,
      logY: true,
      series,
    });
    const name = `rate-${rate.metric}.png`;
    out.writeBytes(name, canvas.png());
    names.push(name);
  }
  return names;
}

/** Error against t, one curve per N, one PNG per metric (log y when every value is > 0). */
export function writeTimePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StudyRow[],
  metrics: readonly MetricName[],
): string[] {
  const names: string[] = [];
  for (const metric of metrics) {
    const series: Series[] = [];
    for (const N of config.N) {
      const points = rows
        .filter((r) => r.N === N)
        .map((r) => [r.t, studyMetricValue(r, metric)] as const)
        .filter((p): p is readonly [number, number] => p[1] !== undefined)
        .sort((a, b) => a[0] - b[0]);
      if (points.length > 0) {
        series.push({ label: `N = ${N}`, x: points.map((p) => p[0]), y: points.map((p) => p[1]) });
      }
    }
    if (series.length === 0) continue;
    const positive = series.every((s) => s.y.every((y) => y > 0));
    const canvas = lineChart({
      title: `${metric} against time`,
      xLabel: "t",
      yLabel: metric,
      logY: positive,
      series,
    });
    const name = `time-${metric}.png`;
    out.writeBytes(name, canvas.png());
    names.push(name);
  }
  return names;
}
