/**
 * What `semiclassical study` shows and writes, from the study's own result
 * (`assembleStudyResult` of @semiclassical/study): results.json, results.csv and the terminal
 * table. Presentation only: rows, rates, theorem exponents and the error floor all come from the
 * result.
 */
import {
  REFINED_DISCRETIZATIONS,
  type RefinedDiscretization,
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
    path: e.path,
    memory: e.memory,
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
  /**
   * Wall seconds: the whole study (every run of a resumed one), per task label, and per task id
   * (what resolution "adaptive" estimates its budget.maxSeconds from).
   */
  timings: { totalSeconds: number; tasks: Record<string, number>; byTask?: Record<string, number> };
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
    noRates: run.status === "complete" ? result.noRates : [],
    verification: result.verification,
    theory: { exponents: result.theory.lines, note: result.theory.note },
    errorFloor: floor && {
      interactionOff: floor.interactionOff.map(publicRow),
      refinement: {
        N: floor.refinement.N,
        rows: floor.refinement.rows.map(publicRow),
        relativeChange: floor.refinement.relativeChange,
      },
      ...(floor.refinements
        ? {
            refinements: floor.refinements.map((r) => ({
              refine: r.refine,
              N: r.N,
              rows: r.rows.map(publicRow),
              relativeChange: r.relativeChange,
            })),
          }
        : {}),
    },
    snapshots: run.snapshots,
    timings: run.timings,
    files: run.files,
    ...(run.error ? { error: run.error } : {}),
  };
}

/**
 * results.csv: N, eps, t, the verdict and every numeric quantity of the main rows (the guards,
 * floors and refinement changes included), one line per row.
 */
export function csvText(rows: readonly StudyRow[]): string {
  const quantities: string[] = [];
  // Where each refinement change was measured is in results.json, not a column.
  const values = rows.map((row) => {
    const q = rowQuantities(row);
    for (const key of [...q.keys()]) if (key.startsWith("resolution.refinementAt.")) q.delete(key);
    return q;
  });
  for (const q of values) {
    for (const key of q.keys()) if (!quantities.includes(key)) quantities.push(key);
  }
  const lines = [["N", "epsilon", "t", "verdict", ...quantities].join(",")];
  rows.forEach((row, k) => {
    const q = values[k];
    lines.push(
      [
        row.N,
        row.epsilon,
        row.t,
        row.resolution?.verdict ?? "",
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
  schatten: "|w-w~|_pmax/N^(1/p)",
  "proof-terms": "Duhamel bound/N",
  "commutator-scaling": "tr|[chi,w~]|/N",
};

/** How the report names each refined discretization. */
const REFINED: Record<RefinedDiscretization, string> = {
  "quantum-grid": "quantum grid x2",
  "vlasov-grid": "Vlasov grid x2",
  dt: "dt / 2         ",
};

/**
 * The reasons of the rows that are not resolved, grouped: reasons that differ only in their
 * numbers are one line (the first row's text, "e.g." when several rows share it) with the rows
 * they concern.
 */
function verdictReasons(result: StudyResult): string[] {
  const groups = new Map<string, { text: string; where: string[] }>();
  for (const row of result.rows) {
    const verdict = row.resolution?.verdict;
    if (!verdict || verdict === "resolved") continue;
    for (const reason of row.resolution?.reasons ?? []) {
      const key = `${verdict}: ${reason.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, "#")}`;
      const group = groups.get(key) ?? { text: `${verdict}: ${reason}`, where: [] };
      group.where.push(`N=${row.N} t=${formatNumber(row.t)}`);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ text, where }) =>
    where.length === 1
      ? `${text} (${where[0]})`
      : `${text} (e.g.; ${where.length === result.rows.length ? "every row" : where.join(", ")})`,
  );
}

/**
 * resolution "adaptive": per N the levels of the reported rows (level k: factor 2^k) with the
 * grids and dt they mean, the final relative changes, and what stopped a refinement.
 */
function adaptiveLines(result: StudyResult): string[] {
  const { config } = result;
  const lines: string[] = [];
  const seen = new Set<number>();
  for (const row of result.rows) {
    const adaptive = row.resolution?.adaptive;
    if (!adaptive || seen.has(row.N)) continue;
    seen.add(row.N);
    const { levels, changes } = adaptive;
    const points = result.grids.find((g) => g.N === row.N)?.points ?? [];
    const q = 2 ** levels["quantum-grid"];
    const v = 2 ** levels["vlasov-grid"];
    const meaning = [
      `quantum grid ${levels["quantum-grid"]} (${points.map((n) => n * q).join("x")} points)`,
      `Vlasov grid ${levels["vlasov-grid"]} (nx, nv = ${config.vlasov.nx * v}, ${config.vlasov.nv * v})`,
      `dt ${levels.dt} (dt = ${formatNumber(config.dynamics.dt / 2 ** levels.dt)})`,
    ].join(", ");
    const changeText = [...REFINED_DISCRETIZATIONS, "combined" as const]
      .filter((d) => changes[d] !== undefined)
      .map((d) => `${d} ${formatNumber(changes[d])}`)
      .join(", ");
    lines.push(`  N=${row.N}: levels ${meaning}; final changes ${changeText || "-"}`);
    for (const [d, reason] of Object.entries(adaptive.stopped ?? {})) {
      lines.push(`    ${d} stopped: ${reason}`);
    }
  }
  if (lines.length === 0) return [];
  return [
    `adaptive refinement (level k: factor 2^k; tolerance ${formatNumber(result.verification.tolerance)}):`,
    ...lines,
  ];
}

/**
 * The terminal report: N, eps, t, each metric and the verdict of each row; the reasons of the
 * rows that are not resolved; the rates (or "no rate: <reason>") beside the theorems; the
 * adaptive levels (resolution "adaptive"); the error floor and the refinement changes.
 */
export function renderStudy(result: StudyResult): string {
  const { config } = result;
  const withBound = config.metrics.includes("density-l1");
  const table = renderTable(
    [
      "N",
      "eps",
      "t",
      ...config.metrics.map((m) => COLUMN[m]),
      ...(withBound ? ["L1/trace"] : []),
      "verdict",
    ],
    result.rows.map((row) => [
      String(row.N),
      formatNumber(row.epsilon),
      formatNumber(row.t),
      ...config.metrics.map((m) => formatNumber(studyMetricValue(row, m))),
      ...(withBound ? [formatNumber(row.densityBound?.ratio)] : []),
      row.resolution?.verdict ?? "-",
    ]),
  );
  const { theory, verification } = result;
  const parts = [table];
  const reasons = verdictReasons(result);
  if (reasons.length > 0) parts.push("", ...reasons);
  parts.push("", renderRates(result.rates, theory.lines, theory.note, result.noRates));
  if (verification.mode === "off") {
    parts.push('(resolution "off": every row and rate above is unverified)');
  }
  const adaptive = adaptiveLines(result);
  if (adaptive.length > 0) parts.push("", ...adaptive);
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
    );
    if (floor.refinements) {
      for (const r of floor.refinements) {
        const change = r.relativeChange[config.metrics[0]];
        parts.push(
          `             ${verification.mode === "adaptive" ? "round 0: " : ""}${REFINED[r.refine]} at N = ${r.N.join(", ")}: largest relative change of ${config.metrics[0]} ${formatNumber(change)} (tolerance ${formatNumber(verification.tolerance)})`,
        );
      }
    } else {
      parts.push(
        `             grids refined x2 at N = ${floor.refinement.N}, t = ${formatNumber(tFinal)}, relative change: ${refineText || "-"}`,
      );
    }
  }
  const { exactness } = verification;
  if (exactness) {
    parts.push(
      "",
      `exactness check (V = 0, THEORY.md section 3): largest ${exactness.metric} ${formatNumber(exactness.maxDistance)} ${exactness.passed ? "<=" : ">"} ${exactness.threshold}: ${exactness.passed ? "passed" : "FAILED"}`,
    );
  }
  return parts.join("\n");
}
