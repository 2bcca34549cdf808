/**
 * Wigner panels: W(x, v) on the (x_1, v_1) plane as filled contour bands of Observable Plot, with
 * x and v ticks, and ONE symmetric colour scale for every panel of a figure (blue < 0, white
 * around 0, red > 0) shown by a ticked colour bar. The bands are the scale: 2n + 1 equal bands on
 * [-s, s], the middle one [-delta/2, delta/2) white, so noise around 0 shows no colour.
 */
import * as Plot from "@observablehq/plot";

/** A phase-space function W(x_i, v_j), row-major with v fastest (index = i * nv + j). */
export interface WignerImage {
  readonly values: ArrayLike<number>;
  readonly nx: number;
  readonly nv: number;
  /** x of the first and last grid point. */
  readonly xRange: readonly [number, number];
  readonly vRange: readonly [number, number];
}

/** The colour scale shared by the panels of a figure and its colour bar. */
export interface WignerScale {
  /** s = max |W| over every panel (the scale's bound: [-s, s]). */
  readonly bound: number;
  /** The band edges t_k = -s + k delta, k = 0 .. 2n + 1, delta = 2 s / (2n + 1). */
  readonly edges: readonly number[];
  /** Plot's color scale options: a threshold scale on the interior edges, RdBu reversed. */
  readonly color: Plot.ScaleOptions;
}

/** Bands on each side of the white middle band. */
const SIDE_BANDS = 10;

/**
 * One symmetric scale for a set of images: s = max |W| (1 when every value is 0 or none is
 * finite). Cost O(total values).
 */
export function wignerScale(images: readonly WignerImage[], sideBands = SIDE_BANDS): WignerScale {
  let bound = 0;
  for (const image of images) {
    for (let k = 0; k < image.values.length; k++) {
      const v = image.values[k];
      if (Number.isFinite(v)) bound = Math.max(bound, Math.abs(v));
    }
  }
  if (bound === 0) bound = 1;
  const count = 2 * sideBands + 1;
  const delta = (2 * bound) / count;
  const edges = Array.from({ length: count + 1 }, (_, k) => -bound + k * delta);
  edges[count] = bound;
  return {
    bound,
    edges,
    color: { type: "threshold", domain: edges.slice(1, -1), scheme: "rdbu", reverse: true },
  };
}

/** Options of one panel. */
export interface WignerPanelOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * The Observable Plot options of one panel: x to the right, v upwards, bands filled on the shared
 * scale (mark "wigner", its aria-description), x and v axes with Plot's ticks, the frame. Cost O(nx nv) (the contour
 * bands).
 */
export function wignerPanelSpec(
  image: WignerImage,
  scale: WignerScale,
  options: WignerPanelOptions,
): Plot.PlotOptions {
  const { nx, nv, values, xRange, vRange } = image;
  // Plot's grid order: x fastest, the first row at y1.
  const grid = new Array<number>(nx * nv);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < nv; j++) grid[j * nx + i] = values[i * nv + j];
  }
  // Bands from the one holding min W (the background, covering the frame) up to max W: the
  // others would be empty paths or hidden under the background.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const w of grid) {
    if (Number.isFinite(w)) {
      min = Math.min(min, w);
      max = Math.max(max, w);
    }
  }
  const lower = scale.edges.slice(0, -1);
  const first = Math.max(
    0,
    lower.findLastIndex((t) => t <= min),
  );
  const thresholds = lower.slice(first).filter((t, k) => k === 0 || t <= max);
  const dx = nx > 1 ? (xRange[1] - xRange[0]) / (nx - 1) : 1;
  const dv = nv > 1 ? (vRange[1] - vRange[0]) / (nv - 1) : 1;
  return {
    width: options.width ?? 300,
    height: options.height ?? 300,
    marginLeft: 44,
    marginBottom: 40,
    marginTop: 28,
    style: { fontSize: "11px", background: "white" },
    x: {
      domain: [xRange[0] - dx / 2, xRange[1] + dx / 2],
      label: "x",
      ticks: 6,
      labelAnchor: "center",
      labelArrow: "none",
    },
    y: {
      domain: [vRange[0] - dv / 2, vRange[1] + dv / 2],
      label: "v",
      ticks: 6,
      labelAnchor: "center",
      labelArrow: "none",
    },
    color: scale.color,
    marks: [
      Plot.contour(grid, {
        width: nx,
        height: nv,
        x1: xRange[0] - dx / 2,
        x2: xRange[1] + dx / 2,
        y1: vRange[0] - dv / 2,
        y2: vRange[1] + dv / 2,
        thresholds,
        value: Plot.identity,
        fill: "value",
        stroke: "none",
        ariaDescription: "wigner",
      }),
      Plot.frame(),
      Plot.text([options.title], {
        frameAnchor: "top",
        dy: -18,
        fontSize: 12,
        fontWeight: "bold",
        ariaDescription: "title",
      }),
    ],
  };
}

/**
 * The colour bar of a scale: one rectangle per band on a linear W axis from -s to s with Plot's
 * ticks (aria-description "colour-bar"). Cost O(bands).
 */
export function colourBarSpec(
  scale: WignerScale,
  label = "W (one scale for every panel)",
  width = 600,
): Plot.PlotOptions {
  const bands = scale.edges.slice(0, -1).map((lower, k) => ({ lower, upper: scale.edges[k + 1] }));
  return {
    width,
    height: 70,
    marginLeft: 20,
    marginRight: 20,
    marginTop: 6,
    marginBottom: 44,
    style: { fontSize: "11px", background: "white" },
    x: {
      domain: [-scale.bound, scale.bound],
      ticks: Math.max(3, Math.round(width / 70)),
      label,
      labelAnchor: "center",
      labelArrow: "none",
    },
    y: { axis: null, domain: [0, 1] },
    color: scale.color,
    marks: [
      Plot.rect(bands, {
        x1: "lower",
        x2: "upper",
        y1: 0,
        y2: 1,
        fill: "lower",
        ariaDescription: "colour-bar",
      }),
      Plot.frame(),
    ],
  };
}
