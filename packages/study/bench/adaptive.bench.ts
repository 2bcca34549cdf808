import { createGrid } from "@semiclassical/grid";
import { createOrbitalDensityMatrix, toDense } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import type { StudyConfigInput } from "../src/config-types.js";
import { spectralTailFraction } from "../src/guards.js";
import { runStudy } from "../src/run.js";

// resolution "adaptive" on the tiny study of adaptive.test.ts (N = 2, a 32 x 32 Vlasov grid the
// rounds refine to 128 x 128), against its verified round 0 alone.
const coarse: StudyConfigInput = {
  N: [2],
  resolution: "adaptive",
  tolerance: 1e-3,
  interaction: { kind: "gaussian", lambda: 4, sigma: 1 },
  dynamics: { tFinal: 0.2, dt: 0.02, times: [0.2] },
  vlasov: { nx: 32, nv: 32, grid: "phase-space" },
  metrics: ["trace-norm"],
};

describe("adaptive study (N = 2, Vlasov 32 -> 128)", () => {
  bench(
    "verified (round 0)",
    async () => {
      await runStudy({ ...coarse, resolution: "verified" });
    },
    { iterations: 1, warmupIterations: 0 },
  );
  bench(
    "adaptive (all rounds)",
    async () => {
      await runStudy(coarse);
    },
    { iterations: 1, warmupIterations: 0 },
  );
});

// The spectral-tail guard of a dense state above 2048 points (row-by-row momentum diagonal).
const grid = createGrid({ dimension: 1, points: 4096, box: 8 });
const orbital = new Float64Array(2 * grid.size);
for (let i = 0; i < grid.size; i++) orbital[2 * i] = 1 / Math.sqrt(grid.size * grid.cellVolume);
const dense = toDense(createOrbitalDensityMatrix(grid, 0.1, Float64Array.of(1), orbital));

describe("spectral tail, dense n = 4096", () => {
  bench(
    "spectralTailFraction",
    () => {
      spectralTailFraction(dense);
    },
    { iterations: 3, warmupIterations: 0 },
  );
});
