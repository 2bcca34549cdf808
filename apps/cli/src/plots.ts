import { textWidth } from "./font.js";
import { BLACK, Canvas, type Color, divergingColor, GRAY, PALETTE } from "./raster.js";

/** One curve of a {@link lineChart}. */
export interface Series {
  label: string;
  x: readonly number[];
  y: readonly number[];
  color?: Color;
  /** Draw the points as discs (default true). */
  markers?: boolean;
  /** Join the points with a line (default true). */
  line?: boolean;
  dashed?: boolean;
}

/** A line chart: axes with ticks, labelled, linear or logarithmic, with a legend on the right. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: readonly Series[];
  width?: number;
  height?: number;
}

/** Short label of a tick value: 3 significant digits, exponent form outside [1e-3, 1e4). */
export function formatTick(value: number): string {
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split("e");
  return `${Number(mantissa)}e${Number(exponent)}`;
}

function niceLinearTicks(min: number, max: number): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const decades = Math.log10(max) - Math.log10(min);
  const mantissas = decades <= 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : decades <= 2.5 ? [1, 2, 5] : [1];
  const stride = Math.max(1, Math.ceil((hi - lo) / 8));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += stride) {
    for (const m of mantissas) {
      const t = m * 10 ** k;
      if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks;
}

function range(values: number[], log: boolean): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (finite.length === 0) return log ? [0.1, 1] : [0, 1];
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (log) {
    if (max / min < 1.5) {
      min /= 1.5;
      max *= 1.5;
    }
    const pad = (Math.log10(max) - Math.log10(min)) * 0.06;
    return [10 ** (Math.log10(min) - pad), 10 ** (Math.log10(max) + pad)];
  }
  if (max - min < 1e-300) {
    const d = Math.abs(max) * 0.1 || 1;
    min -= d;
    max += d;
  }
  const pad = (max - min) * 0.06;
  return [min - pad, max + pad];
}

/** Draws a line chart and returns the canvas (720 x 480 by default). */
export function lineChart(options: ChartOptions): Canvas {
  const width = options.width ?? 720;
  const height = options.height ?? 480;
  const canvas = new Canvas(width, height);
  const left = 86;
  const top = 40;
  const legendWidth = Math.max(120, ...options.series.map((s) => textWidth(s.label) + 34));
  const right = width - legendWidth - 16;
  const bottom = height - 56;
  const logX = options.logX ?? false;
  const logY = options.logY ?? false;
  const [x0, x1] = range(
    options.series.flatMap((s) => [...s.x]),
    logX,
  );
  const [y0, y1] = range(
    options.series.flatMap((s) => [...s.y]),
    logY,
  );
  const fx = (x: number) =>
    left +
    ((logX ? Math.log10(x) - Math.log10(x0) : x - x0) /
      (logX ? Math.log10(x1) - Math.log10(x0) : x1 - x0)) *
      (right - left);
  const fy = (y: number) =>
    bottom -
    ((logY ? Math.log10(y) - Math.log10(y0) : y - y0) /
      (logY ? Math.log10(y1) - Math.log10(y0) : y1 - y0)) *
      (bottom - top);

  canvas.text((left + right) / 2, 14, options.title, BLACK, { align: "center", scale: 2 });
  for (const t of logX ? logTicks(x0, x1) : niceLinearTicks(x0, x1)) {
    const x = fx(t);
    canvas.line(x, top, x, bottom, GRAY);
    canvas.line(x, bottom, x, bottom + 5, BLACK);
    canvas.text(x, bottom + 9, formatTick(t), BLACK, { align: "center" });
  }
  for (const t of logY ? logTicks(y0, y1) : niceLinearTicks(y0, y1)) {
    const y = fy(t);
    canvas.line(left, y, right, y, GRAY);
    canvas.line(left - 5, y, left, y, BLACK);
    canvas.text(left - 8, y - 3, formatTick(t), BLACK, { align: "right" });
  }
  canvas.strokeRect(left, top, right - left, bottom - top, BLACK);
  canvas.text((left + right) / 2, height - 24, options.xLabel, BLACK, {
    align: "center",
    scale: 2,
  });
  canvas.text(8, (top + bottom) / 2, options.yLabel, BLACK, {
    align: "center",
    scale: 2,
    vertical: true,
  });

  const visible = (x: number, y: number) =>
    Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
  options.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const points: [number, number][] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (visible(s.x[i], s.y[i])) points.push([fx(s.x[i]), fy(s.y[i])]);
    }
    if (s.line ?? true) {
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1], points[i]];
        canvas.line(a[0], a[1], b[0], b[1], color, 2, s.dashed ? [8, 5] : undefined);
      }
    }
    if (s.markers ?? true) for (const [x, y] of points) canvas.disc(x, y, 4, color);
    const ly = top + 10 + 18 * k;
    const lx = right + 14;
    canvas.line(lx, ly + 3, lx + 20, ly + 3, color, 2, s.dashed ? [5, 3] : undefined);
    if (s.markers ?? true) canvas.disc(lx + 10, ly + 3, 3, color);
    canvas.text(lx + 26, ly, s.label, BLACK);
  });
  return canvas;
}

/** One panel of a {@link heatmaps} figure: values[ix * nv + iv] on [xMin, xMax] x [vMin, vMax]. */
export interface HeatmapPanel {
  title: string;
  values: Float64Array;
  nx: number;
  nv: number;
  xRange: readonly [number, number];
  vRange: readonly [number, number];
}

/**
 * Side-by-side heatmaps (x horizontal, v vertical), each with a diverging colour map symmetric
 * about 0 scaled to its own max |value|, stated under the panel.
 */
export function heatmaps(title: string, panels: readonly HeatmapPanel[], size = 300): Canvas {
  const gap = 70;
  const left = 60;
  const top = 50;
  const width = left + panels.length * (size + gap);
  const height = top + size + 80;
  const canvas = new Canvas(width, height);
  canvas.text(width / 2, 14, title, BLACK, { align: "center", scale: 2 });
  panels.forEach((panel, p) => {
    const ox = left + p * (size + gap);
    let scale = 0;
    for (const v of panel.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let py = 0; py < size; py++) {
      const iv = Math.min(panel.nv - 1, Math.floor(((size - 1 - py) / size) * panel.nv));
      for (let px = 0; px < size; px++) {
        const ix = Math.min(panel.nx - 1, Math.floor((px / size) * panel.nx));
        const value = panel.values[ix * panel.nv + iv];
        canvas.set(ox + px, top + py, divergingColor(scale > 0 ? value / scale : 0));
      }
    }
    canvas.strokeRect(ox, top, size, size, BLACK);
    canvas.text(ox + size / 2, top - 14, panel.title, BLACK, { align: "center" });
    canvas.text(ox, top + size + 6, formatTick(panel.xRange[0]), BLACK);
    canvas.text(ox + size, top + size + 6, formatTick(panel.xRange[1]), BLACK, { align: "right" });
    canvas.text(ox + size / 2, top + size + 6, "x", BLACK, { align: "center" });
    canvas.text(ox - 6, top + size - 7, formatTick(panel.vRange[0]), BLACK, { align: "right" });
    canvas.text(ox - 6, top, formatTick(panel.vRange[1]), BLACK, { align: "right" });
    canvas.text(ox - 12, top + size / 2 - 3, "v", BLACK, { align: "right" });
    // colour bar
    const barTop = top + size + 24;
    for (let i = 0; i < size; i++) {
      const color = divergingColor((2 * i) / (size - 1) - 1);
      canvas.line(ox + i, barTop, ox + i, barTop + 10, color);
    }
    canvas.strokeRect(ox, barTop, size, 10, BLACK);
    canvas.text(ox, barTop + 14, formatTick(-scale), BLACK);
    canvas.text(ox + size, barTop + 14, formatTick(scale), BLACK, { align: "right" });
    canvas.text(ox + size / 2, barTop + 14, "0", BLACK, { align: "center" });
  });
  return canvas;
}
