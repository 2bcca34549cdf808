// The plot specs rendered as the CLI renders them (Observable Plot on linkedom -> SVG), parsed
// back: the marks must be there (one dot per point, the fitted line through exact power-law data,
// one dashed line per theorem, decade tick labels; Wigner bands of both signs on one symmetric
// scale, a ticked colour bar). A blank or empty plot fails the same checks.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { plotSvg, svgToPng } from "./plot-render.js";
import {
  colourBarSpec,
  decadeTicks,
  formatDecade,
  lineChartSpec,
  ratePlotSpec,
  timePlotSpec,
  type WignerImage,
  wignerPanelSpec,
  wignerScale,
} from "./plot-specs/index.js";

function parse(svg: string) {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  return document;
}

/** The group of a mark by its aria-description. */
function marks(svg: string, description: string): Element[] {
  return [...parse(svg).querySelectorAll(`g[aria-description="${description}"]`)];
}

/** The checks a rate plot must pass; throws with the reason otherwise. */
function checkRatePlot(svg: string, points: number, theorems: number): void {
  const dots = marks(svg, "data").flatMap((g) => [...g.querySelectorAll("circle")]);
  if (dots.length !== points) throw new Error(`${dots.length} dots, expected ${points}`);
  const fit = marks(svg, "fit").flatMap((g) => [...g.querySelectorAll("path")]);
  if (fit.length !== 1 || !/^M[^L]+L/.test(fit[0].getAttribute("d") ?? "")) {
    throw new Error("no fitted line");
  }
  const lines = marks(svg, "theorem").flatMap((g) => [...g.querySelectorAll("path")]);
  if (lines.length !== theorems) throw new Error(`${lines.length} theorem lines`);
  const labels = [...parse(svg).querySelectorAll('g[aria-label="y-axis tick label"] text')];
  if (!labels.some((t) => /^10[⁻⁰-⁹]+$/.test(t.textContent ?? ""))) {
    throw new Error("no decade tick labels");
  }
}

/** Power-law data value = C eps^r, exactly, at N = 8, 16, 32 (eps = 1/N). */
function powerLaw(C: number, r: number) {
  return [8, 16, 32].map((N) => ({ N, epsilon: 1 / N, value: C * N ** -r }));
}

describe("rate plot", () => {
  const points = powerLaw(0.05, 2);
  const fit = { slope: 2, intercept: Math.log(0.05), slopeStdError: 0.01 };
  const theorems = [
    { name: "Theorem 1", exponent: 0.8 },
    { name: "Theorem 2", exponent: 1 },
  ];
  const svg = plotSvg(ratePlotSpec({ metric: "trace-norm", t: 1, points, fit, theorems }));

  it("has one dot per row, the fitted line, one line per theorem, decade ticks", () => {
    checkRatePlot(svg, 3, 2);
    // Labels carry THEORY.md's symbols.
    expect(svg).toContain("ε = N^(−1/d)");
    expect(svg).toContain("(1/N) tr|ω_t − ω̃_t|");
    expect(marks(svg, "theorem")[0].getAttribute("stroke-dasharray")).toBe("6,4");
  });

  it("draws the fitted line through exact power-law data (log scales on both axes)", () => {
    // The data is exactly 0.05 eps^2, so each dot lies on the fit's segment: the segment's y at
    // a dot's x agrees up to Plot's rounding of path coordinates to 3 decimals (2e-3 px).
    const d = marks(svg, "fit")[0].querySelector("path")?.getAttribute("d") ?? "";
    const [x0, y0, x1, y1] = (d.match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number);
    for (const dot of marks(svg, "data")[0].querySelectorAll("circle")) {
      const cx = Number(dot.getAttribute("cx"));
      const cy = Number(dot.getAttribute("cy"));
      expect(Math.abs(y0 + ((cx - x0) / (x1 - x0)) * (y1 - y0) - cy)).toBeLessThan(2e-3);
    }
  });

  it("fails the checks when the plot is empty or has no fit", () => {
    const empty = plotSvg(ratePlotSpec({ metric: "trace-norm", t: 1, points: [], fit, theorems }));
    expect(() => checkRatePlot(empty, 3, 2)).toThrow(/0 dots/);
    const noFit = plotSvg(
      ratePlotSpec({ metric: "trace-norm", t: 1, points, fit: null, theorems }),
    );
    expect(() => checkRatePlot(noFit, 3, 2)).toThrow(/no fitted line/);
    expect(() => checkRatePlot("<svg></svg>", 3, 2)).toThrow();
  });

  it("renders to a PNG with ink in it (not a blank image)", () => {
    const png = svgToPng(svg, 1);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    // A blank white 640 x 420 PNG deflates to well under 2 kB; text, lines and dots do not.
    const blank = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"/>', 1);
    expect(blank.length).toBeLessThan(2000);
    expect(png.length).toBeGreaterThan(5 * blank.length);
  });
});

describe("decade ticks", () => {
  it("are the powers of ten of the domain, labelled 10^k", () => {
    expect(decadeTicks([1e-5, 1e-2])).toEqual([1e-5, 1e-4, 1e-3, 1e-2]);
    expect(formatDecade(1e-3)).toBe("10⁻³");
    expect(formatDecade(1)).toBe("10⁰");
    expect(formatDecade(100)).toBe("10²");
  });
});

describe("time plot and line chart", () => {
  it("have one dot per point and one line per series", () => {
    const series = [8, 16].map((N) => ({
      label: `N = ${N}`,
      points: [0.5, 1].map((t) => ({ t, value: t / N })),
    }));
    const svg = plotSvg(timePlotSpec({ yLabel: "distance", series }));
    expect(marks(svg, "data")[0].querySelectorAll("circle")).toHaveLength(4);
    expect(marks(svg, "series")[0].querySelectorAll("path")).toHaveLength(2);
    const chart = plotSvg(
      lineChartSpec({
        xLabel: "alpha",
        yLabel: "r",
        series: [{ label: "measured", x: [0.1, 0.2, 0.3], y: [1, 1.1, 1.2] }],
      }),
    );
    expect(marks(chart, "data")[0].querySelectorAll("circle")).toHaveLength(3);
  });
});

/** The distinct fills of the non-empty band paths of a Wigner panel. */
function bandFills(svg: string): Set<string | null> {
  const paths = [...marks(svg, "wigner")[0].querySelectorAll("path")];
  return new Set(
    paths.filter((p) => (p.getAttribute("d") ?? "") !== "").map((p) => p.getAttribute("fill")),
  );
}

describe("Wigner panels", () => {
  // W = exp(-(x^2 + v^2)) cos(3x): both signs, max |W| = 1 at the origin (a grid point).
  const nx = 41;
  const nv = 41;
  const values = new Float64Array(nx * nv);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < nv; j++) {
      const x = -2 + (4 * i) / (nx - 1);
      const v = -2 + (4 * j) / (nv - 1);
      values[i * nv + j] = Math.exp(-(x * x + v * v)) * Math.cos(3 * x);
    }
  }
  const image: WignerImage = { values, nx, nv, xRange: [-2, 2], vRange: [-2, 2] };
  const half: WignerImage = { ...image, values: values.map((w) => w / 2) };
  const scale = wignerScale([image, half]);

  it("share one symmetric scale: [-max|W|, max|W|] over every panel", () => {
    expect(scale.bound).toBe(1);
    expect(scale.edges[0]).toBe(-1);
    expect(scale.edges.at(-1)).toBe(1);
    // The middle band is centred on 0 (white): its edges are symmetric to round-off.
    const mid = (scale.edges.length - 2) / 2;
    expect(scale.edges[mid] + scale.edges[mid + 1]).toBeCloseTo(0, 14);
  });

  it("fill bands of both signs, with x and v ticks", () => {
    const svg = plotSvg(wignerPanelSpec(image, scale, { title: "W_t" }));
    const fills = bandFills(svg);
    // 21 bands on [-1, 1]; W reaches both -0.4 and 1, so many distinct colours appear.
    expect(fills.size).toBeGreaterThan(8);
    const doc = parse(svg);
    expect(doc.querySelectorAll('g[aria-label="x-axis tick label"] text').length).toBeGreaterThan(
      2,
    );
    expect(doc.querySelectorAll('g[aria-label="y-axis tick label"] text').length).toBeGreaterThan(
      2,
    );
  });

  it("a blank panel (W = 0) has one band only, which the check above rejects", () => {
    const zero: WignerImage = { ...image, values: new Float64Array(nx * nv) };
    const svg = plotSvg(wignerPanelSpec(zero, wignerScale([zero]), { title: "0" }));
    expect(bandFills(svg).size).toBe(1);
  });

  it("has a ticked colour bar with one rectangle per band", () => {
    const svg = plotSvg(colourBarSpec(scale));
    expect(marks(svg, "colour-bar")[0].querySelectorAll("rect")).toHaveLength(21);
    const ticks = [...parse(svg).querySelectorAll('g[aria-label="x-axis tick label"] text')].map(
      (t) => t.textContent,
    );
    expect(ticks).toContain("0.0");
    expect(ticks.length).toBeGreaterThanOrEqual(3);
  });
});
