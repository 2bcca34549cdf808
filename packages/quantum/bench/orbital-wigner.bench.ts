import { createGrid, createPhaseSpaceGrid, harmonicTrap } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { orbitalWigner } from "../src/orbital-wigner.js";
import { thermalState } from "../src/thermal.js";

// W = sum_k lambda_k Wigner(phi_k) sampled directly on a Vlasov-type phase-space grid.
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };

describe("orbitalWigner 1D, 64 x 64 target", () => {
  // thermal T = 0.3 in x^2, eps = 1/16 (N = 16), quantum grid 256 points on [-3.5, 3.5)
  const grid = createGrid({ dimension: 1, points: 256, box: 7 });
  const state = thermalState(grid, {
    epsilon: 1 / 16,
    potential: harmonicTrap(1),
    temperature: 0.3,
  });
  const target = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 64, box: 7 }),
    createGrid({ dimension: 1, points: 64, box: 7 }),
  );
  bench(
    `K = ${state.occupations.length} orbitals`,
    () => {
      orbitalWigner(state, target);
    },
    once,
  );
});

describe("orbitalWigner 2D, 32^2 x 32^2 target", () => {
  // Slater state (T = 0, K = N = 16) in |x|^2, eps = 1/4, quantum grid 32^2 on [-3.5, 3.5)^2
  // (measured: the thermal T = 0.3 state, K = 253, takes 424 s; the cost is linear in K)
  const grid = createGrid({ dimension: 2, points: 32, box: 7 });
  const state = thermalState(grid, {
    epsilon: 1 / 4,
    potential: harmonicTrap(1),
    temperature: 0,
    checkResolution: false,
  });
  const target = createPhaseSpaceGrid(
    createGrid({ dimension: 2, points: 32, box: 7 }),
    createGrid({ dimension: 2, points: 32, box: 7 }),
  );
  bench(
    `K = ${state.occupations.length} orbitals`,
    () => {
      orbitalWigner(state, target);
    },
    once,
  );
});
