import {
  allTasksSeconds,
  formatBytes,
  largestTask,
  memoryRefusal,
  planStudy,
  type StudyPlan,
} from "@semiclassical/study";
import { resolveConfig } from "./load.js";
import { formatNumber, renderTable } from "./table.js";

/**
 * `semiclassical validate`: resolves and plans a config without the memory check, so the plan
 * (grids, components, times) is printed even when it is over budget; `refusal` is then the
 * ParameterError the study would throw at its start (the CLI prints it and exits 2): the main
 * task of an N over maxMemory, or one of its other tasks (refinements, W~ on the Wigner grid).
 */
export function validateStudy(raw: unknown): { plan: StudyPlan; refusal?: Error } {
  const config = resolveConfig(raw);
  const plan = planStudy(config, { checkMemory: false });
  const refusal = memoryRefusal(plan.config, plan.entries, { tasks: true });
  return refusal ? { plan, refusal } : { plan };
}

/** Seconds as "12 s", "3.4 min", "2.1 h". */
function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toPrecision(2))} s`;
  if (seconds < 3600) return `${Number((seconds / 60).toPrecision(2))} min`;
  return `${Number((seconds / 3600).toPrecision(2))} h`;
}

/** The task of an N that needs the most memory, as "quantum-grid refinement 1.2 GB (over)". */
function largestOf(memory: StudyPlan["entries"][number]["memory"], limit: number): string {
  const { task, totalBytes } = largestTask(memory);
  return `${task} ${formatBytes(totalBytes)}${totalBytes > limit ? " (over)" : ""}`;
}

/**
 * The memory and time table of a plan (issue 13 item 5): per N the measurement path, the
 * number of orbitals K, the bytes of each component of the main task, their total against
 * maxMemory, the estimated time of the main task (steps + rows, one core), the task of the N that
 * needs the most memory (main or a refinement) with its bytes, and the time of all its tasks.
 */
export function renderMemoryPlan(plan: StudyPlan): string {
  const names = [...new Set(plan.entries.flatMap((e) => e.memory.components.map((c) => c.name)))];
  const limit = plan.config.maxMemory;
  const rows = plan.entries.map((e) => [
    String(e.N),
    e.path,
    String(e.memory.orbitals),
    ...names.map((name) => {
      const c = e.memory.components.find((x) => x.name === name);
      return c ? formatBytes(c.bytes) : "-";
    }),
    `${formatBytes(e.memory.totalBytes)}${e.memory.totalBytes > limit ? " (over)" : ""}`,
    formatSeconds(e.memory.seconds.steps),
    formatSeconds(e.memory.seconds.rows),
    largestOf(e.memory, limit),
    formatSeconds(allTasksSeconds(e.memory)),
  ]);
  return [
    `memory and time per N (maxMemory ${formatBytes(limit)}; times estimated for one core):`,
    renderTable(
      ["N", "path", "K", ...names, "total", "steps", "rows", "largest task", "all tasks"],
      rows,
    ),
  ].join("\n");
}

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
    `  state: ${c.state.kind}, T = ${c.state.temperature}, ${
      c.state.trap.kind === "coulomb"
        ? `Coulomb trap -${c.state.trap.charge}/sqrt(|x|^2 + ${c.state.trap.softening}^2)`
        : `harmonic trap strength ${c.state.trap.strength}`
    }`,
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
        `${e.mainPhaseSpace.position.shape.join("x")} x ${e.mainPhaseSpace.velocity.shape.join("x")}, |v| < ${formatNumber(
          e.mainPhaseSpace.velocity.box[0] / 2,
        )}${e.mainPhaseSpace === e.vlasov ? "" : " (the Wigner grid of omega_0: vlasov.nx, nv, vMax unused)"}`,
      ]),
    ),
    "",
    renderMemoryPlan(plan),
  ];
  return lines.join("\n");
}
