/**
 * What `semiclassical study` shows and writes, from the study's own result
 * (`assembleStudyResult` of @semiclassical/study): results.json, results.csv and the terminal
 * table. Presentation only: rows, rates, theorem exponents and the error floor all come from the
 * result.
 */
import {
  type StudyPlan,
  type StudyResult,
  type StudyRow,
  studyMetricValue,
} from "@semiclassical/study";
import { type MetricName, publicRow, rowQuantities, sameTime } from "./rows.js";
import { formatNumber, renderRates, renderTable } from "./table.js";
import { versions } from "./versions.js";

/** The resolved plan as it goes into results.json (and `validate --json`). */
export function describePlan(plan: StudyPlan): unknown[] {
  return plan.entries.map((e) => ({
    N: e.N,
    epsilon: e.epsilon,
    points: e.grid.shape,
    box: e.grid.box,
    dx: e.grid.spacing,
    resolvedVelocity: e.resolvedVelocity,
    steps: e.steps,
    denseMatrixBytes: e.denseMatrixBytes,
    vlasov: {
      positionPoints: e.vlasov.position.shape,
      velocityPoints: e.vlasov.velocity.shape,
      positionBox: e.vlasov.position.box,
      velocityBox: e.vlasov.velocity.box,
    },
  }));
}

/** The run around the result, as results.json records it. */
export interface StudyRunRecord {
  status: "running" | "complete" | "interrupted" | "failed";
  startedAt: string;
  timings: { totalSeconds: number; tasks: Record<string, number> };
  /** The N whose final arrays (NPY, Wigner figure) are written. */
  snapshots: number[];
  files: string[];
  error?: string;
}

/**
 * results.json: the run record and the study's result (main rows, rates once complete, the
 * theorems' exponents, the error floor), rows without their phase and task id.
 */
export function resultsDocument(run: StudyRunRecord, result: StudyResult) {
  const floor = result.errorFloor;
  return {
    tool: "semiclassical study",
    versions: versions(),
    status: run.status,
    startedAt: run.startedAt,
    config: result.config,
    plan: describePlan(result.plan),
    rows: result.rows.map(publicRow),
    rates: run.status === "complete" ? result.rates : [],
    theory: { exponents: result.theory.lines, note: result.theory.note },
    errorFloor: floor && {
      interactionOff: floor.interactionOff.map(publicRow),
      refinement: {
        N: floor.refinement.N,
        rows: floor.refinement.rows.map(publicRow),
        relativeChange: floor.refinement.relativeChange,
      },
    },
    snapshots: run.snapshots,
    timings: run.timings,
    files: run.files,
    ...(run.error ? { error: run.error } : {}),
  };
}

/** results.csv: N, eps, t and every numeric quantity of the main rows, one line per row. */
export function csvText(rows: readonly StudyRow[]): string {
  const quantities: string[] = [];
  const values = rows.map((row) => rowQuantities(row));
  for (const q of values) {
    for (const key of q.keys()) if (!quantities.includes(key)) quantities.push(key);
  }
  const lines = [["N", "epsilon", "t", ...quantities].join(",")];
  rows.forEach((row, k) => {
    const q = values[k];
    lines.push(
      [
        row.N,
        row.epsilon,
        row.t,
        ...quantities.map((name) => (q.has(name) ? q.get(name) : "")),
      ].join(","),
    );
  });
  return `${lines.join("\n")}\n`;
}

/** Table column name of a metric. */
const COLUMN: Record<MetricName, string> = {
  "trace-norm": "tr|w-w~|/N",
  "hilbert-schmidt": "HS/sqrt(N)",
  "density-l1": "|rho-rho~|_1",
  "wigner-l2": "|W-W~|_2",
  commutator: "tr|[x,w]|/N",
  "rho-commutator": "rho_[x,w~] Linf/N",
};

/** The terminal report: N, eps, t, each metric; the rates beside the theorems; the error floor. */
export function renderStudy(result: StudyResult): string {
  const { config } = result;
  const withBound = config.metrics.includes("density-l1");
  const table = renderTable(
    ["N", "eps", "t", ...config.metrics.map((m) => COLUMN[m]), ...(withBound ? ["L1/trace"] : [])],
    result.rows.map((row) => [
      String(row.N),
      formatNumber(row.epsilon),
      formatNumber(row.t),
      ...config.metrics.map((m) => formatNumber(studyMetricValue(row, m))),
      ...(withBound ? [formatNumber(row.densityBound?.ratio)] : []),
    ]),
  );
  const { theory } = result;
  const parts = [table, "", renderRates(result.rates, theory.lines, theory.note)];
  const floor = result.errorFloor;
  if (floor) {
    const { times, dt } = config.dynamics;
    const tFinal = times[times.length - 1];
    const atFinal = floor.interactionOff.filter((r) => sameTime(r.t, tFinal, dt));
    const offText = atFinal
      .map((r) => `N=${r.N}: ${formatNumber(studyMetricValue(r, config.metrics[0]))}`)
      .join(", ");
    const refineText = Object.entries(floor.refinement.relativeChange)
      .map(([m, v]) => `${m} ${formatNumber(v)}`)
      .join(", ");
    parts.push(
      "",
      `error floor: with V = 0 (same grids) ${config.metrics[0]} at t = ${formatNumber(tFinal)}: ${offText || "-"}`,
      `             grids refined x2 at N = ${floor.refinement.N}, t = ${formatNumber(tFinal)}, relative change: ${refineText || "-"}`,
    );
  }
  return parts.join("\n");
}
