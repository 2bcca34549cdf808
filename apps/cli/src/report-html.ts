/**
 * report.html: one self-contained page of a finished (or stopped) study, to open offline or
 * attach to a paper's supplement. The plots inline as SVG, the rows (with their resolution
 * verdicts when the rows carry them), the fitted rates beside the theorems, the error floor, the
 * resolved config, the versions and the timings. No script, no external URL: styles are inline.
 * Presentation only: every number comes from results.json's document.
 */
import { type StudyResult, studyMetricValue } from "@semiclassical/study";
import { metricLabel } from "./plot-specs/index.js";
import { sameTime } from "./rows.js";
import type { resultsDocument } from "./study-report.js";
import { formatNumber } from "./table.js";

/** The file name of the report in an output directory. */
export const REPORT_FILE = "report.html";

/** One plot of the report: its file stem and SVG text. */
export interface ReportPlot {
  readonly name: string;
  readonly svg: string;
}

/** HTML-escapes text. */
function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function table(id: string, head: readonly string[], body: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const rows = body
    .map((cells) => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** What the report reads of a row's trust record (`row.resolution`), when the study attached one. */
interface ResolutionView {
  verdict?: unknown;
  reasons?: readonly string[];
  floors?: { transform?: number; interactionOff?: number; softening?: number };
}

function resolutionOf(row: unknown): ResolutionView | undefined {
  return (row as { resolution?: ResolutionView }).resolution;
}

/** The verdict and its reasons ("unresolved: doubling the Vlasov grid ..."). */
function verdictText(row: unknown): string {
  const verdict = verdictOf(row);
  if (verdict === undefined) return "–";
  const reasons = resolutionOf(row)?.reasons ?? [];
  return reasons.length ? `${verdict}: ${reasons.join("; ")}` : verdict;
}

/** The verdict of a row's resolution check, when the study attached one. */
function verdictOf(row: unknown): string | undefined {
  const verdict = resolutionOf(row)?.verdict;
  return verdict === undefined ? undefined : String(verdict);
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d232b; margin: 2em auto; max-width: 1000px; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #dde; }
table { border-collapse: collapse; margin: 0.5em 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccd; padding: 2px 8px; text-align: right; }
th { background: #f2f4f7; } #rows td:last-child { text-align: left; max-width: 28em; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #5b6472; font-size: 0.9em; }
pre { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 12px; }
.status { font-weight: bold; }`;

/**
 * The page. `document` is results.json's content, `result` the study's assembled result (for the
 * metric values of each row), `plots` the SVGs written beside it. Cost O(rows + plot size).
 */
export function reportHtml(
  document: ReturnType<typeof resultsDocument>,
  result: StudyResult,
  plots: readonly ReportPlot[],
): string {
  const { config } = result;
  const metrics = config.metrics;
  const withVerdict = result.rows.some((r) => verdictOf(r) !== undefined);
  const withFloors = result.rows.some((r) => resolutionOf(r)?.floors !== undefined);
  // a Coulomb trap's nucleus softening floor (the rerun at half the softening)
  const withSoftening = result.rows.some((r) => resolutionOf(r)?.floors?.softening !== undefined);
  const rowTable = table(
    "rows",
    [
      "N",
      "ε",
      "t",
      ...metrics.map(metricLabel),
      ...(withFloors ? ["floor: transform at t = 0", "floor: V = 0"] : []),
      ...(withSoftening ? ["floor: softening / 2"] : []),
      ...(withVerdict ? ["verdict"] : []),
    ],
    result.rows.map((row) => {
      const floors = resolutionOf(row)?.floors;
      return [
        String(row.N),
        formatNumber(row.epsilon),
        formatNumber(row.t),
        ...metrics.map((m) => formatNumber(studyMetricValue(row, m))),
        ...(withFloors
          ? [formatNumber(floors?.transform), formatNumber(floors?.interactionOff)]
          : []),
        ...(withSoftening ? [formatNumber(floors?.softening)] : []),
        ...(withVerdict ? [verdictText(row)] : []),
      ];
    }),
  );
  const theorems = document.theory.exponents;
  const rateTable = table(
    "rates",
    [
      "metric",
      "t",
      "fitted r",
      "std. error",
      "95% interval",
      "R²",
      "points",
      ...theorems.map((t) => `${t.name} r`),
    ],
    document.rates.map((r) => [
      metricLabel(r.metric),
      formatNumber(r.t),
      r.slope.toFixed(3),
      r.slopeStdError === null ? "–" : r.slopeStdError.toFixed(3),
      r.slopeInterval === null
        ? "–"
        : `[${r.slopeInterval[0].toFixed(3)}, ${r.slopeInterval[1].toFixed(3)}]`,
      r.rSquared.toFixed(4),
      String(r.points),
      ...theorems.map((t) => t.exponent.toFixed(3)),
    ]),
  );
  const noRates =
    (result as { noRates?: readonly { metric: string; t: number; noRate: string }[] }).noRates ??
    [];
  const noRateHtml = noRates.length
    ? `<p>No rate is printed where the study's own checks contradict it:</p>${table(
        "no-rates",
        ["metric", "t", "why no rate"],
        noRates.map((r) => [metricLabel(r.metric), formatNumber(r.t), r.noRate]),
      )}`
    : "";
  const floor = result.errorFloor;
  let floorHtml = "<p>No error floor was computed (config.errorFloor is false).</p>";
  if (floor) {
    const { times, dt } = config.dynamics;
    const tFinal = times[times.length - 1];
    const off = floor.interactionOff.filter((r) => sameTime(r.t, tFinal, dt));
    floorHtml =
      `<p>With the interaction off on the same grids (the quadratic Hamiltonian left is exact for both dynamics), at t = ${esc(formatNumber(tFinal))}:</p>` +
      table(
        "floor-interaction-off",
        ["N", ...metrics.map(metricLabel)],
        off.map((r) => [String(r.N), ...metrics.map((m) => formatNumber(studyMetricValue(r, m)))]),
      ) +
      `<p>Grids refined by 2 per axis at N = ${esc(floor.refinement.N)}: relative change</p>` +
      table(
        "floor-refinement",
        ["metric", "relative change"],
        Object.entries(floor.refinement.relativeChange).map(([m, v]) => [
          metricLabel(m),
          formatNumber(v as number),
        ]),
      );
  }
  const figures = plots
    .map(
      (p) =>
        `<figure data-plot="${esc(p.name)}">${p.svg}<figcaption>${esc(p.name)}.svg</figcaption></figure>`,
    )
    .join("\n");
  const timings = table(
    "timings",
    ["task", "seconds"],
    [
      ...Object.entries(document.timings.tasks).map(([k, v]) => [k, (v as number).toFixed(1)]),
      ["total", document.timings.totalSeconds.toFixed(1)],
    ],
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>semiclassical study report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Hartree(-Fock) versus Vlasov: study report</h1>
<p>Status: <span class="status" id="status">${esc(document.status)}</span>; started ${esc(document.startedAt)}. N = ${esc(config.N.join(", "))}, ε = N^(−1/d); distances between ω_t and ω̃_t = Weyl(W̃_t).</p>
<h2>Plots</h2>
${figures || "<p>No plots (the study did not finish).</p>"}
<h2>Rows</h2>
${rowTable}
<h2>Fitted rates and the theorems</h2>
<p>${esc(document.theory.note)}</p>
${rateTable}
${noRateHtml}
<h2>Error floor</h2>
${floorHtml}
<h2>Resolved config</h2>
<pre id="config">${esc(JSON.stringify(document.config, null, 2))}</pre>
<h2>Versions</h2>
<pre id="versions">${esc(JSON.stringify(document.versions, null, 2))}</pre>
<h2>Timings</h2>
${timings}
</body>
</html>
`;
}
