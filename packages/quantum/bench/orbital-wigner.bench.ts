import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  samplePotential,
} from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { lowestEigenstates } from "../src/eigenstates.js";
import { orbitalWigner, orbitalWignerCost } from "../src/orbital-wigner.js";
import { createOrbitalDensityMatrix } from "../src/states.js";
import { thermalState } from "../src/thermal.js";

// W = sum_k lambda_k Wigner(phi_k) sampled directly on a Vlasov-type phase-space grid.
// Each case prints orbitalWignerCost beside the timing (the planner's estimate).
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
  // thermal T = 0.3 in |x|^2, eps = 1/4, K = 253, on quantum grids 32^2 and 64^2 of [-3.5, 3.5)^2
  // (the former implementation took 424 s for the 32^2 case)
  for (const points of [32, 64]) {
    const grid = createGrid({ dimension: 2, points, box: 7 });
    const state = thermalState(grid, {
      epsilon: 1 / 4,
      potential: harmonicTrap(1),
      temperature: 0.3,
      checkResolution: false,
    });
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 32, box: 7 }),
      createGrid({ dimension: 2, points: 32, box: 7 }),
    );
    const K = state.occupations.length;
    const cost = orbitalWignerCost(grid, 1 / 4, K, target);
    bench(
      `quantum ${points}^2, K = ${K} (${(cost.flops / 1e9).toFixed(1)} Gflop, ${(cost.bytes / 2 ** 20).toFixed(0)} MiB)`,
      () => {
        orbitalWigner(state, target);
      },
      once,
    );
  }
});

describe("orbitalWigner 3D, 16^3 x 16^3 target", () => {
  // K = 64 products of the 1D HO levels j = 0..3 (eps = 1/4, x^2), quantum grid 32^3 on [-3.5, 3.5)^3
  const n = 32;
  const eps = 1 / 4;
  const g1 = createGrid({ dimension: 1, points: n, box: 7 });
  const e1 = lowestEigenstates(g1, {
    epsilon: eps,
    kappa: 1,
    potential: samplePotential(g1, harmonicTrap(1)),
    count: 4,
  });
  const grid = createGrid({ dimension: 3, points: n, box: 7 });
  const K = 64;
  const orbitals = new Float64Array(2 * K * grid.size);
  for (let k = 0; k < K; k++) {
    const js = [k >> 4, (k >> 2) & 3, k & 3];
    for (let p = 0; p < grid.size; p++) {
      const idx = [p >> 10, (p >> 5) & 31, p & 31];
      let v = 1;
      for (let a = 0; a < 3; a++) v *= e1.orbitals[2 * (js[a] * n + idx[a])];
      orbitals[2 * (k * grid.size + p)] = v;
    }
  }
  const state = createOrbitalDensityMatrix(grid, eps, new Float64Array(K).fill(1), orbitals);
  const target = createPhaseSpaceGrid(
    createGrid({ dimension: 3, points: 16, box: 7 }),
    createGrid({ dimension: 3, points: 16, box: 7 }),
  );
  const cost = orbitalWignerCost(grid, eps, K, target);
  bench(
    `quantum 32^3, K = 64 (${(cost.flops / 1e9).toFixed(1)} Gflop, ${(cost.bytes / 2 ** 20).toFixed(0)} MiB)`,
    () => {
      orbitalWigner(state, target);
    },
    once,
  );
});
