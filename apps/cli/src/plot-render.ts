/**
 * Renders the plot specs (./plot-specs) headless: Observable Plot on a linkedom document gives
 * the SVG, resvg turns it into a PNG with DejaVu Sans (TrueType, shipped by the npm package
 * dejavu-fonts-ttf; no system font is read, so every machine draws the same pixels).
 */
import { createRequire } from "node:module";
import * as Plot from "@observablehq/plot";
import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";
import type { OutputDirectory } from "./output.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

/** The SVG text of a plot spec (a standalone document: xmlns set). Cost: Plot's. */
export function plotSvg(options: Plot.PlotOptions): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const node = Plot.plot({ ...options, document: document as unknown as Document });
  if (node.tagName.toLowerCase() !== "svg") {
    throw new Error("plot spec rendered to HTML (a legend or caption outside the SVG)");
  }
  node.setAttribute("xmlns", SVG_NS);
  return node.outerHTML;
}

/** One placed part of a {@link composeSvg} figure. */
export interface FigurePart {
  readonly svg: string;
  readonly x: number;
  readonly y: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Several plot SVGs placed in one SVG (nested svg elements) under a title. */
export function composeSvg(
  title: string,
  parts: readonly FigurePart[],
  width: number,
  height: number,
): string {
  const placed = parts.map((p) => p.svg.replace(/^<svg /, `<svg x="${p.x}" y="${p.y}" `)).join("");
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="system-ui, sans-serif">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
    `${escapeXml(title)}</text>${placed}</svg>`
  );
}

/** PNG bytes of an SVG at twice its size (white background, DejaVu Sans). */
export function svgToPng(svg: string, zoom = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: zoom },
    font: {
      fontFiles: [FONT],
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/** Writes STEM.svg and STEM.png; returns both names. */
export function writePlot(out: OutputDirectory, stem: string, svg: string): string[] {
  out.writeText(`${stem}.svg`, svg);
  out.writeBytes(`${stem}.png`, svgToPng(svg));
  return [`${stem}.svg`, `${stem}.png`];
}
