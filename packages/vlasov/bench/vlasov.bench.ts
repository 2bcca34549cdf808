import { createGrid, createPhaseSpaceGrid } from "@semiclassical/grid";
import { bench, describe } from "vitest";
import { plasmaInitialState } from "../src/initial.js";
import { vlasovPoissonSolver } from "../src/vlasov-poisson.js";

// Vlasov-Poisson, spectral shifts, Strang. `step` is one full step (advect dt/2, kick,
// advect dt/2); `advance` runs steps with adjacent half advections fused (what evolve does
// without a per-step callback), reported per 10 steps.

describe("1D-1V, 512 x 512", () => {
  const grid = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 512, box: 4 * Math.PI }),
    createGrid({ dimension: 1, points: 512, box: 12 }),
  );
  const W = plasmaInitialState(grid, { amplitude: 0.01, waveVector: 0.5 });
  const solver = vlasovPoissonSolver(W, { grid, dt: 0.05 });
  const quintic = vlasovPoissonSolver(W, { grid, dt: 0.05, shiftMethod: "quintic-spline" });
  bench("step (spectral)", () => {
    solver.step();
  });
  bench("10 fused steps (spectral)", () => {
    solver.advance(10);
  });
  bench("step (quintic spline)", () => {
    quintic.step();
  });
});

describe("2D-2V, 64^4", () => {
  const grid = createPhaseSpaceGrid(
    createGrid({ dimension: 2, points: 64, box: 4 * Math.PI }),
    createGrid({ dimension: 2, points: 64, box: 12 }),
  );
  const W = plasmaInitialState(grid, { amplitude: 0.01, waveVector: [0.5, 0.5] });
  const solver = vlasovPoissonSolver(W, { grid, dt: 0.05 });
  bench(
    "step (spectral)",
    () => {
      solver.step();
    },
    { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});
