import { createGrid, createPhaseSpaceGrid, harmonicTrap } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import type { PhaseSpaceFunction } from "../src/phase-space.js";
import { createDenseDensityMatrix } from "../src/states.js";
import { thermalState } from "../src/thermal.js";
import { weylQuantize } from "../src/weyl.js";
import { wignerTransform } from "../src/wigner.js";

// 1D Wigner transform of a dense 1024 x 1024 state: a Gaussian mixed state
// omega(x;y) = c e^{-(x^2 + y^2)/(2 s^2)} e^{-(x - y)^2/(2 l^2)} (Hermitian, resolved).
const epsilon = 1 / 64;
const grid = createGrid({ dimension: 1, points: 1024, box: 8 });
const n = grid.size;
const data = new Float64Array(2 * n * n);
for (let i = 0; i < n; i++) {
  const x = grid.origin[0] + i * grid.spacing[0];
  for (let j = 0; j < n; j++) {
    const y = grid.origin[0] + j * grid.spacing[0];
    data[2 * (i * n + j)] =
      Math.exp(-(x * x + y * y) / 2 - (x - y) ** 2 / (2 * 0.05 ** 2)) * grid.cellVolume;
  }
}
const dense = createDenseDensityMatrix(grid, epsilon, data);

// a 256 x 256 phase-space function (thermal-like Gaussian) on a coarse Vlasov grid
const position = createGrid({ dimension: 1, points: 256, box: 8 });
const velocity = createGrid({ dimension: 1, points: 256, box: 6 });
const psGrid = createPhaseSpaceGrid(position, velocity);
const W: PhaseSpaceFunction = { grid: psGrid, values: new Float64Array(psGrid.size) };
for (let ix = 0; ix < 256; ix++) {
  for (let iv = 0; iv < 256; iv++) {
    const x = position.origin[0] + ix * position.spacing[0];
    const v = velocity.origin[0] + iv * velocity.spacing[0];
    W.values[ix * 256 + iv] = Math.exp(-(x * x + v * v) / 0.5) / (0.5 * Math.PI);
  }
}
const thermalGrid = createGrid({ dimension: 1, points: 2048, box: 8 });

describe("quantum transforms", () => {
  bench(
    "wignerTransform, dense 1024 x 1024 (1D)",
    () => {
      wignerTransform(dense);
    },
    { iterations: 3, warmupIterations: 1 },
  );
  bench(
    "weylQuantize, 256 x 256 phase-space grid -> 1024-point grid",
    () => {
      weylQuantize(W, grid, epsilon);
    },
    { iterations: 3, warmupIterations: 1 },
  );
  bench(
    "thermalState, N = 64 on 2048 points (harmonic trap, T = 0.05)",
    () => {
      thermalState(thermalGrid, { epsilon, potential: harmonicTrap(1), temperature: 0.05 });
    },
    { iterations: 1, warmupIterations: 0 },
  );
});
