import type { StudyConfig } from "@semiclassical/metrics";
import type { AxisInfo, FoundArray } from "./arrays.js";
import type { RateRecord, TheoremLine } from "./fits.js";
import { encodeNpy } from "./npy.js";
import type { OutputDirectory } from "./output.js";
import { type HeatmapPanel, heatmaps, lineChart, type Series } from "./plots.js";
import { rowEpsilon, rowQuantities, sameTime, type StoredRow } from "./rows.js";

/** A file name from a dotted path: "final.wigner" -> "final-wigner". */
export function fileStem(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "array";
}

/**
 * Writes the phase-space functions and densities of one N's result as NPY (C order, float64,
 * shape = grid shape; phase space: position axes then velocity axes). Returns the file names.
 */
export function writeArrays(out: OutputDirectory, N: number, arrays: readonly FoundArray[]): string[] {
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
 * Side-by-side heatmaps of the HF Wigner function, the Vlasov one and their difference, both
 * resampled (bilinear) on the Vlasov grid's (x_1, v_1) box; d > 1 shows the (x_1, v_1) marginal.
 * Picks the arrays by path: the one naming "vlasov" (or "tilde") is W~_t. Returns the file name or
 * undefined when the result holds no such pair.
 */
export function writeWignerFigure(
  out: OutputDirectory,
  N: number,
  arrays: readonly FoundArray[],
): string | undefined {
  const phase = arrays.filter((a) => a.kind === "phase-space");
  const isClassical = (a: FoundArray) => /vlasov|tilde/i.test(a.path);
  const classical = phase.find(isClassical);
  const quantum = phase.find((a) => !isClassical(a) && !/diff/i.test(a.path));
  if (!classical || !quantum) return undefined;
  const c = marginal(classical);
  const q = marginal(quantum);
  const nx = Math.min(200, c.x.points * 2);
  const nv = Math.min(200, c.v.points * 2);
  const xs = { points: nx, origin: c.x.origin, spacing: ((c.x.points - 1) * c.x.spacing) / (nx - 1) };
  const vs = { points: nv, origin: c.v.origin, spacing: ((c.v.points - 1) * c.v.spacing) / (nv - 1) };
  const wq = new Float64Array(nx * nv);
  const wc = new Float64Array(nx * nv);
  const diff = new Float64Array(nx * nv);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < nv; j++) {
      const x = xs.origin + i * xs.spacing;
      const v = vs.origin + j * vs.spacing;
      wq[i * nv + j] = sample(q.values, q.x, q.v, x, v);
      wc[i * nv + j] = sample(c.values, c.x, c.v, x, v);
      diff[i * nv + j] = wq[i * nv + j] - wc[i * nv + j];
    }
  }
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
    panel("Hartree(-Fock) W_t", wq),
    panel("Vlasov W~_t", wc),
    panel("difference W_t - W~_t", diff),
  ]);
  const name = `wigner-N${N}.png`;
  out.writeBytes(name, canvas.png());
  return name;
}

/** Short label for a quantity in plots. */
function label(quantity: string): string {
  return quantity.length > 40 ? `...${quantity.slice(-37)}` : quantity;
}

/**
 * Error against eps (log-log) at the final time, one PNG per fitted quantity: the data, the
 * fitted line C eps^r and the theorems' slopes drawn through the data's geometric mean.
 */
export function writeRatePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StoredRow[],
  rates: readonly RateRecord[],
  theorems: readonly TheoremLine[],
): string[] {
  const tFinal = config.dynamics.times[config.dynamics.times.length - 1];
  const names: string[] = [];
  for (const rate of rates.filter((r) => sameTime(r.t, tFinal, config.dynamics.dt))) {
    const points = rows
      .filter((r) => sameTime(r.t, tFinal, config.dynamics.dt))
      .map((r) => [rowEpsilon(r, config.dimension), rowQuantities(r).get(rate.quantity)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0)
      .sort((a, b) => a[0] - b[0]);
    if (points.length < 2) continue;
    const eps = points.map((p) => p[0]);
    const ends = [eps[0], eps[eps.length - 1]];
    const logMeanEps = eps.reduce((s, e) => s + Math.log(e), 0) / eps.length;
    const logMeanErr = points.reduce((s, p) => s + Math.log(p[1]), 0) / points.length;
    const series: Series[] = [
      { label: rate.quantity.length > 24 ? "data" : label(rate.quantity), x: eps, y: points.map((p) => p[1]), line: false },
      {
        label: `fit r = ${rate.slope.toFixed(3)}${rate.slopeStdError === null ? "" : ` +- ${rate.slopeStdError.toFixed(3)}`}`,
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
      title: `${label(rate.quantity)} at t = ${tFinal}`,
      xLabel: "eps = N^(-1/d)",
      yLabel: label(rate.quantity),
      logX: true,
      logY: true,
      series,
    });
    const name = `rate-${fileStem(rate.quantity)}.png`;
    out.writeBytes(name, canvas.png());
    names.push(name);
  }
  return names;
}

/** Error against t, one curve per N, one PNG per quantity (log y when every value is > 0). */
export function writeTimePlots(
  out: OutputDirectory,
  config: StudyConfig,
  rows: readonly StoredRow[],
  quantities: readonly string[],
): string[] {
  const names: string[] = [];
  for (const quantity of quantities) {
    const series: Series[] = [];
    for (const N of config.N) {
      const points = rows
        .filter((r) => r.N === N)
        .map((r) => [r.t, rowQuantities(r).get(quantity)] as const)
        .filter((p): p is readonly [number, number] => p[1] !== undefined)
        .sort((a, b) => a[0] - b[0]);
      if (points.length > 0) {
        series.push({ label: `N = ${N}`, x: points.map((p) => p[0]), y: points.map((p) => p[1]) });
      }
    }
    if (series.length === 0) continue;
    const positive = series.every((s) => s.y.every((y) => y > 0));
    const canvas = lineChart({
      title: `${label(quantity)} against time`,
      xLabel: "t",
      yLabel: label(quantity),
      logY: positive,
      series,
    });
    const name = `time-${fileStem(quantity)}.png`;
    out.writeBytes(name, canvas.png());
    names.push(name);
  }
  return names;
}
