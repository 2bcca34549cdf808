/**
 * What `semiclassical sweep` writes beside each point's results.json: sweep.json (the sweep, its
 * points, their status and failures), sweep.csv (one line per point: the axis values, the fitted
 * rates at the final time with their standard errors, the theorems' exponents, the verdicts and
 * the floors) and the plots of each rate against each numeric axis beside the theorems' exponents
 * as functions of that axis. Presentation only: every number comes from `assembleStudyResult`
 * and `studyTheory` of @semiclassical/study.
 */

import * as Plot from "@observablehq/plot";
import {
  numericSweepAxes,
  type StudyResult,
  type SweepPlan,
  type SweepPoint,
  studyMetricValue,
  studyTheory,
  sweepValueText,
} from "@semiclassical/study";
import type { OutputDirectory } from "./output.js";
import { plotSvg, writePlot } from "./plot-render.js";
import { PALETTE } from "./plot-specs/index.js";
import { sameTime } from "./rows.js";
import { versions } from "./versions.js";

/** The state of one point of a sweep. */
export type PointStatus = "pending" | "running" | "complete" | "failed";

/** One point as the report sees it: the plan's point, its result so far and its status. */
export interface PointReport {
  point: SweepPoint;
  /** Directory of the point's results.json, relative to the sweep's DIR. */
  directory: string;
  taskIds: string[];
  status: PointStatus;
  result: StudyResult;
  failures: { taskId: string; message: string }[];
}

/** One curve of a sweep chart. */
export interface Series {
  label: string;
  x: readonly number[];
  y: readonly number[];
  /** Dots at the points (default true). */
  markers?: boolean;
  dashed?: boolean;
}

/**
 * The one drawing call of the sweep: a linear chart of curves with a legend, written as
 * STEM.svg and STEM.png through the CLI's plot renderer. Re-point it here when the plotting
 * stack changes. Returns the file names.
 */
export function drawSweepChart(
  out: OutputDirectory,
  stem: string,
  spec: { title: string; xLabel: string; yLabel: string; series: readonly Series[] },
): string[] {
  const data = spec.series.flatMap((s, k) =>
    s.x
      .map((x, i) => ({ x, y: s.y[i], series: s.label, k }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
  );
  const color = (k: number) => PALETTE[k % PALETTE.length];
  const marks: Plot.Markish[] = [Plot.frame()];
  spec.series.forEach((s, k) => {
    const points = data.filter((p) => p.k === k);
    marks.push(
      Plot.line(points, {
        x: "x",
        y: "y",
        stroke: color(k),
        strokeWidth: 2,
        ...(s.dashed ? { strokeDasharray: "6,4" } : {}),
      }),
    );
    if (s.markers ?? true) marks.push(Plot.dot(points, { x: "x", y: "y", fill: color(k), r: 4 }));
  });
  // Legend: one line of text per curve, in its colour, right of the frame.
  spec.series.forEach((s, k) => {
    marks.push(
      Plot.text([`${s.dashed ? "- - " : "—o "}${s.label}`], {
        frameAnchor: "top-right",
        dx: 12,
        dy: 16 * k,
        textAnchor: "start",
        fill: color(k),
      }),
    );
  });
  marks.push(Plot.text([spec.title], { frameAnchor: "top", dy: -40, fontWeight: "bold" }));
  const svg = plotSvg({
    width: 760,
    height: 440,
    marginLeft: 64,
    marginRight: 260,
    marginBottom: 44,
    marginTop: 56,
    style: { fontSize: "12px", background: "white" },
    x: { label: spec.xLabel, nice: true },
    y: { label: spec.yLabel, nice: true },
    marks,
  });
  return writePlot(out, stem, svg);
}

/** The rates of a result at its final time, by metric. */
function finalRates(result: StudyResult) {
  const { times, dt } = result.config.dynamics;
  const tFinal = times[times.length - 1];
  return new Map(
    result.rates.filter((r) => sameTime(r.t, tFinal, dt)).map((r) => [r.metric, r] as const),
  );
}

/** The verdicts of the main rows at the final time ("N=8:resolved;..."), when rows carry them. */
function verdicts(result: StudyResult): string {
  const { times, dt } = result.config.dynamics;
  const tFinal = times[times.length - 1];
  return result.rows
    .filter((r) => sameTime(r.t, tFinal, dt))
    .map((r) => {
      const verdict = (r as { resolution?: { verdict?: string } }).resolution?.verdict;
      return verdict ? `N=${r.N}:${verdict}` : "";
    })
    .filter((v) => v !== "")
    .join(";");
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** sweep.csv: one line per point (complete or not: a failed point shows its status and no rates). */
export function sweepCsv(plan: SweepPlan, reports: readonly PointReport[]): string {
  const metrics = [...new Set(reports.flatMap((r) => r.point.config.metrics))];
  const theorems = [
    ...new Set(
      reports.flatMap((r) => studyTheory(r.point.config.interaction).lines.map((l) => l.name)),
    ),
  ];
  const header = [
    "point",
    "id",
    "status",
    ...plan.axes.map((a) => a.path),
    ...metrics.flatMap((m) => [`rate:${m}`, `rateStdError:${m}`]),
    ...theorems.map((t) => `exponent:${t}`),
    "verdicts",
    ...metrics.flatMap((m) => [`floorInteractionOff:${m}`, `floorRefinement:${m}`]),
  ];
  const lines = [header.map(csvField).join(",")];
  for (const report of reports) {
    const { point, result } = report;
    const complete = report.status === "complete";
    const rates = finalRates(result);
    const lineOf = new Map(studyTheory(point.config.interaction).lines.map((l) => [l.name, l]));
    const { times, dt } = point.config.dynamics;
    const tFinal = times[times.length - 1];
    const floor = result.errorFloor;
    const offFinal = floor?.interactionOff
      .filter((r) => sameTime(r.t, tFinal, dt))
      .sort((a, b) => b.N - a.N)[0];
    lines.push(
      [
        point.index,
        point.id,
        report.status,
        ...plan.axes.map((a) => sweepValueText(point.parameters[a.path])),
        ...metrics.flatMap((m) => {
          const rate = complete ? rates.get(m) : undefined;
          return [rate?.slope, rate?.slopeStdError];
        }),
        ...theorems.map((t) => lineOf.get(t)?.exponent),
        verdicts(result),
        ...metrics.flatMap((m) => [
          offFinal ? studyMetricValue(offFinal, m) : undefined,
          floor?.refinement.relativeChange[m],
        ]),
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** sweep.json: the sweep as planned, each point's status, directory and failures. */
export function sweepDocument(
  plan: SweepPlan,
  reports: readonly PointReport[],
  run: { status: string; startedAt: string; totalSeconds: number; mode: string; files: string[] },
) {
  return {
    tool: "semiclassical sweep",
    versions: versions(),
    status: run.status,
    startedAt: run.startedAt,
    mode: run.mode,
    name: plan.name,
    ...(plan.description !== undefined ? { description: plan.description } : {}),
    ...(plan.basePreset !== undefined ? { basePreset: plan.basePreset } : {}),
    base: plan.base,
    axes: plan.axes,
    points: reports.map((r) => ({
      index: r.point.index,
      id: r.point.id,
      parameters: r.point.parameters,
      status: r.status,
      directory: r.directory,
      tasks: r.taskIds,
      theory: r.result.theory.lines,
      ...(r.failures.length > 0 ? { failures: r.failures } : {}),
    })),
    totalSeconds: run.totalSeconds,
    files: run.files,
  };
}

/**
 * One PNG per (metric, numeric axis): the measured rate at the final time (points with +- one
 * standard error as dashed curves when known) and each theorem's exponent, both against the axis;
 * one curve per combination of the other axes' values. Returns the file names.
 */
export function writeSweepPlots(
  out: OutputDirectory,
  plan: SweepPlan,
  reports: readonly PointReport[],
): string[] {
  const names: string[] = [];
  const complete = reports.filter((r) => r.status === "complete");
  const metrics = [...new Set(complete.flatMap((r) => r.point.config.metrics))];
  for (const axis of numericSweepAxes(plan).filter((a) => a.values.length >= 2)) {
    const others = plan.axes.filter((a) => a.path !== axis.path);
    const groups = new Map<string, PointReport[]>();
    for (const report of complete) {
      const key = others
        .map((a) => `${a.path} = ${sweepValueText(report.point.parameters[a.path])}`)
        .join(", ");
      groups.set(key, [...(groups.get(key) ?? []), report]);
    }
    for (const metric of metrics) {
      const series: Series[] = [];
      const theorySeen = new Set<string>();
      for (const [key, group] of groups) {
        const suffix = key && groups.size > 1 ? ` (${key})` : "";
        const points = group
          .map((r) => ({
            x: r.point.parameters[axis.path] as number,
            rate: finalRates(r.result).get(metric),
            r,
          }))
          .filter((p) => p.rate !== undefined)
          .sort((a, b) => a.x - b.x);
        if (points.length === 0) continue;
        const x = points.map((p) => p.x);
        series.push({
          label: `measured ${metric}${suffix}`,
          x,
          y: points.map((p) => p.rate?.slope ?? Number.NaN),
        });
        if (points.every((p) => p.rate?.slopeStdError != null)) {
          for (const sign of [1, -1]) {
            series.push({
              label: `${sign > 0 ? "+" : "-"} 1 std error${suffix}`,
              x,
              y: points.map((p) => (p.rate?.slope ?? 0) + sign * (p.rate?.slopeStdError ?? 0)),
              markers: false,
              dashed: true,
            });
          }
        }
        const lineNames = [
          ...new Set(
            points.flatMap((p) =>
              studyTheory(p.r.point.config.interaction).lines.map((l) => l.name),
            ),
          ),
        ];
        for (const name of lineNames) {
          const y = points.map(
            (p) =>
              studyTheory(p.r.point.config.interaction).lines.find((l) => l.name === name)
                ?.exponent ?? Number.NaN,
          );
          const signature = `${name}:${x.join()}:${y.join()}`;
          if (theorySeen.has(signature)) continue;
          theorySeen.add(signature);
          series.push({
            label: `${name} exponent${groups.size > 1 ? suffix : ""}`,
            x,
            y,
            markers: false,
            dashed: true,
          });
        }
      }
      if (series.length === 0) continue;
      const stem = `rate-${metric}-vs-${axis.path.replace(/[^A-Za-z0-9]+/g, "-")}`;
      names.push(
        ...drawSweepChart(out, stem, {
          title: `rate of ${metric} at the final time against ${axis.path}`,
          xLabel: axis.path,
          yLabel: "rate r (error ~ eps^r)",
          series,
        }),
      );
    }
  }
  return names;
}
