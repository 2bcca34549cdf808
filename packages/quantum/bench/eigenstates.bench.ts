import { createGrid, harmonicTrap, samplePotential } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { lowestEigenstates } from "../src/eigenstates.js";

// The thermal eigensolve of the default study at N = 32 (issue 14): h_0 = -eps^2 d_xx + x^2,
// eps = 1/32, n = 1024 points on a box of 9.5, the K = 305 lowest pairs thermalState asks for at
// T = 0.5 (cutoff 1e-12). Dense route (Householder, QL values, inverse iteration for the K
// vectors) against the filtered subspace iteration (denseLimit 256 forces it).
describe("lowestEigenstates n = 1024, K = 305 (thermal T = 0.5, N = 32)", () => {
  const grid = createGrid({ dimension: 1, points: 1024, box: 9.5 });
  const potential = samplePotential(grid, harmonicTrap(1));
  const options = { epsilon: 1 / 32, kappa: 1, potential, count: 305 };
  const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };
  bench("dense + inverse iteration (default)", () => void lowestEigenstates(grid, options), once);
  bench(
    "Chebyshev-filtered subspace iteration",
    () => void lowestEigenstates(grid, { ...options, denseLimit: 256 }),
    once,
  );
});
