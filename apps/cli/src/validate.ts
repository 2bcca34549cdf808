import type { StudyPlan } from "@semiclassical/study";
import { formatNumber, renderTable } from "./table.js";

/** Human-readable summary of a resolved config and the grids it implies (`semiclassical validate`). */
export function renderPlan(plan: StudyPlan): string {
  const c = plan.config;
  const v = c.interaction;
  const interaction =
    v.kind === "none"
      ? "none"
      : `${v.kind} ${Object.entries(v)
          .filter(([k]) => k !== "kind")
          .map(([k, x]) => `${k}=${x}`)
          .join(" ")}`;
  const lines = [
    `config "${c.name}": valid`,
    `  d = ${c.dimension}, kappa = ${c.kappa}, N = ${c.N.join(", ")}`,
    `  state: ${c.state.kind}, T = ${c.state.temperature}, harmonic trap strength ${c.state.trap.strength}`,
    `  interaction: ${interaction}`,
    `  dynamics: ${c.dynamics.model}, trap ${c.dynamics.trap}, ${c.dynamics.splitting}, dt = ${c.dynamics.dt}, ` +
      `tFinal = ${c.dynamics.tFinal}, times = ${c.dynamics.times.join(", ")}`,
    `  metrics: ${c.metrics.join(", ")}; error floor: ${c.errorFloor ? "yes" : "no"}`,
    `  energy cutoff E_c = ${formatNumber(plan.energyCutoff)}, box = ${c.grid.box}, vMax (resolution) = ${formatNumber(c.grid.vMax)}`,
    "",
    renderTable(
      [
        "N",
        "eps",
        "quantum points",
        "dx",
        "resolves |v| <",
        "steps",
        "dense matrix",
        "Vlasov grid",
      ],
      plan.entries.map((e) => [
        String(e.N),
        formatNumber(e.epsilon),
        e.grid.shape.join("x"),
        formatNumber(e.grid.spacing[0]),
        formatNumber(e.resolvedVelocity),
        String(e.steps),
        `${formatNumber(e.denseMatrixBytes / 2 ** 20)} MiB`,
        `${e.vlasov.position.shape.join("x")} x ${e.vlasov.velocity.shape.join("x")}, |v| < ${formatNumber(
          e.vlasov.velocity.box[0] / 2,
        )}`,
      ]),
    ),
  ];
  return lines.join("\n");
}
