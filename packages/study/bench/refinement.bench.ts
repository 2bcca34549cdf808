import { bench, describe } from "vitest";
import type { StudyConfig } from "../src/config-types.js";
import { planStudy } from "../src/plan.js";
import { studyPreset } from "../src/presets.js";
import { runStudy } from "../src/run.js";

// Stability of the example study under refinement (issue 6: results must not change by more
// than 1%): the trace-norm distance at every t for N = 8 and 16, with the box, dxOverEps, dt and
// the Vlasov grid refined one at a time. Prints the largest relative change per refinement.
const example = studyPreset("smooth");
const base: StudyConfig = { ...example, N: [8, 16], errorFloor: false, metrics: ["trace-norm"] };

function refinements(config: StudyConfig): Array<[string, unknown]> {
  const dx = planStudy({ ...config, N: [16] }).entries[0].grid.spacing[0]; // the N = 16 grid
  return [
    ["box x 1.5", { ...config, grid: { ...config.grid, box: config.grid.box * 1.5 } }],
    [
      "dxOverEps / 2",
      { ...config, grid: { ...config.grid, dxOverEps: ((dx * 16) / 2) * (1 + 1e-9) } },
    ],
    ["dt / 2", { ...config, dynamics: { ...config.dynamics, dt: config.dynamics.dt / 2 } }],
    [
      "Vlasov nx, nv x 2",
      {
        ...config,
        vlasov: { ...config.vlasov, nx: 2 * config.vlasov.nx, nv: 2 * config.vlasov.nv },
      },
    ],
  ];
}

describe("refinement stability of the example study", () => {
  bench(
    "box, dxOverEps, dt, Vlasov grid",
    async () => {
      const reference = await runStudy(base);
      for (const [label, config] of refinements(base)) {
        const refined = await runStudy(config as StudyConfig);
        let worst = 0;
        for (const row of refined.rows) {
          const ref = reference.rows.find((r) => r.N === row.N && Math.abs(r.t - row.t) < 1e-9);
          if (!ref?.traceNorm || row.traceNorm === undefined) continue;
          worst = Math.max(worst, Math.abs(row.traceNorm - ref.traceNorm) / ref.traceNorm);
        }
        console.log(
          `${label}: max relative change of (1/N) tr|omega - omega~| = ${worst.toExponential(2)}`,
        );
      }
    },
    { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
  );
});
