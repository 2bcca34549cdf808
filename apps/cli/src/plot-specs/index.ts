/**
 * The plot specs of the CLI and the docs demo (apps/docs imports this folder by a relative path:
 * the CLI may depend only on @semiclassical/study, so the specs cannot live in a workspace
 * package of their own). Each spec is a pure function from data to Observable Plot options: the
 * CLI renders them headless (linkedom) to SVG and PNG (resvg), the demo in the browser's DOM.
 */
export { type LegendEntry, legendMark } from "./legend.js";
export { type LineChartData, lineChartSpec, type Series } from "./line-chart.js";
export { DATA_COLOR, FIT_COLOR, METRIC_SYMBOL, metricLabel, PALETTE } from "./palette.js";
export { type RatePlotData, type RatePoint, ratePlotSpec } from "./rate-plot.js";
export { decadeDomain, decadeTicks, formatDecade, logAxes, minorLogTicks } from "./ticks.js";
export { type TimePlotData, type TimeSeries, timePlotSpec } from "./time-plot.js";
export {
  colourBarSpec,
  type WignerImage,
  type WignerPanelOptions,
  type WignerScale,
  wignerPanelSpec,
  wignerScale,
} from "./wigner-plot.js";
