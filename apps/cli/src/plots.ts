/**
 * A line chart rendered headless from the plot specs (Observable Plot -> SVG -> PNG), for the
 * callers that draw x-y series (the sweep's report). Write both `svg` and `png()` where you can.
 */
import { plotSvg, svgToPng } from "./plot-render.js";
import { type LineChartData, lineChartSpec, type Series } from "./plot-specs/index.js";

export type { Series };

/** The chart as SVG text and PNG bytes. Cost: Plot's and resvg's. */
export function lineChart(options: LineChartData): { svg: string; png(): Uint8Array } {
  const svg = plotSvg(lineChartSpec(options));
  return { svg, png: () => svgToPng(svg) };
}
