import { compareDensityMatrices } from "@semiclassical/metrics";
import { type OrbitalDensityMatrix, toDense, weylQuantize } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import { createStudyEvolution } from "../src/evolution.js";
import { memoryPlanOf } from "../src/memory-plan.js";
import { orbitalRowMetrics } from "../src/orbital-row.js";
import { planStudy } from "../src/plan.js";
import { STUDY_PRESETS } from "../src/presets.js";

// Issue 13: one row of the 1D study (thermal T = 0.5 in x^2, Gaussian V, one Strang step) by the
// dense path (toDense + weylQuantize + compareDensityMatrices, O(n^3)) and by the orbital path
// (certified trace norm + matrix-free HS), for n = 256, 512, 1024: the measurement behind
// traceNorm.method "auto" keeping the dense path in 1D. Then the memory/time plan of each 2D/3D
// preset (validate's table) and the first step of each smallest N.
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };

for (const N of [8, 16, 32]) {
  describe(`1D row, N = ${N}`, () => {
    const config = {
      N: [N],
      grid: { box: 10, vMax: 4.5 },
      state: { kind: "thermal" as const, temperature: 0.5 },
      interaction: { kind: "gaussian" as const, lambda: 1, sigma: 1 },
      dynamics: { tFinal: 0.05, dt: 0.05, times: [0.05] },
      vlasov: { nx: 128, nv: 128 },
      traceNorm: { method: "certified" as const },
    };
    const plan = planStudy(config);
    const entry = plan.entries[0];
    const evolution = createStudyEvolution(plan.config, entry);
    evolution.hartreeFock.step();
    evolution.vlasov.step();
    const W = { grid: evolution.vlasovGrid, values: evolution.vlasov.state() };
    const state = evolution.hartreeFock.state() as OrbitalDensityMatrix;
    const metrics = ["trace-norm", "hilbert-schmidt"] as const;
    bench(
      `dense n = ${entry.grid.shape[0]}`,
      () => {
        const row = compareDensityMatrices(
          toDense(state),
          weylQuantize(W, entry.grid, entry.epsilon),
          { metrics, particleNumber: N },
        );
        console.log(`dense n = ${entry.grid.shape[0]}: ${row.traceNorm}`);
      },
      once,
    );
    bench(
      `certified n = ${entry.grid.shape[0]}`,
      () => {
        const certificate = memoryPlanOf(plan.config, {
          ...entry,
          vlasov: evolution.vlasovGrid,
        }).certificate;
        const row = orbitalRowMetrics(state, W, {
          metrics,
          particleNumber: N,
          target: 1e-3,
          bandwidth: certificate?.bandwidth ?? [entry.grid.shape[0] - 1],
          maxDimension: certificate?.maxDimension,
          maxStorage: 2 ** 31,
        });
        console.log(`certified n = ${entry.grid.shape[0]}: ${row.traceNormInterval?.join(", ")}`);
      },
      once,
    );
  });
}

describe("2D/3D presets: the plan", () => {
  for (const name of ["coulomb-3d", "coulomb-3d-attractive", "power-2d"]) {
    bench(
      `plan ${name}`,
      () => {
        const preset = STUDY_PRESETS.find((p) => p.name === name);
        if (!preset) throw new Error(`no preset ${name}`);
        for (const e of planStudy(preset.config).entries) {
          console.log(
            `${name} N = ${e.N}: ${e.grid.shape.join("x")}, K ~ ${e.memory.orbitals}, ` +
              `${(e.memory.totalBytes / 1e9).toFixed(1)} GB, steps ${e.memory.seconds.steps.toFixed(0)} s, ` +
              `rows ${e.memory.seconds.rows.toFixed(0)} s (estimated, one core)`,
          );
        }
      },
      once,
    );
  }
});
