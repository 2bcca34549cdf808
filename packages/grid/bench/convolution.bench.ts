import { bench, describe } from "vitest";
import { FreeSpaceConvolution } from "../src/convolution.js";
import { createGrid, type Grid, meshCoordinates } from "../src/grid.js";
import { PeriodicPoisson } from "../src/poisson.js";

/** Normalized Gaussian density of unit variance on the grid. */
function gaussianDensity(grid: Grid): Float64Array {
  const coords = meshCoordinates(grid);
  const out = new Float64Array(grid.size);
  for (let i = 0; i < grid.size; i++) {
    let r2 = 0;
    for (let a = 0; a < grid.dimension; a++) r2 += coords[a][i] ** 2;
    out[i] = (2 * Math.PI) ** (-grid.dimension / 2) * Math.exp(-r2 / 2);
  }
  return out;
}

// Free-space convolution time (issue 2): one application with preallocated output, the
// precomputation (constructor) excluded; it is timed separately below with fewer iterations.
const cases = [
  {
    label: "1D n = 4096, power alpha = 0.5",
    dimension: 1 as const,
    points: 4096,
    box: 40,
    alpha: 0.5,
  },
  { label: "2D 256^2, power alpha = 1", dimension: 2 as const, points: 256, box: 20, alpha: 1 },
];

for (const { label, dimension, points, box, alpha } of cases) {
  describe(`FreeSpaceConvolution ${label}`, () => {
    const grid = createGrid({ dimension, points, box });
    const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
    const rho = gaussianDensity(grid);
    const potential = new Float64Array(grid.size);
    const gradient = Array.from({ length: dimension }, () => new Float64Array(grid.size));
    const f = new Float64Array(2 * grid.size);
    for (let i = 0; i < grid.size; i++) f[2 * i] = rho[i];
    const complexOut = new Float64Array(2 * grid.size);
    bench("potential", () => {
      convolution.potential(rho, potential);
    });
    bench("gradient", () => {
      convolution.gradient(rho, gradient);
    });
    bench("convolveComplex", () => {
      convolution.convolveComplex(f, complexOut);
    });
  });
}

describe("FreeSpaceConvolution precomputation (constructor)", () => {
  for (const { label, dimension, points, box, alpha } of cases) {
    const grid = createGrid({ dimension, points, box });
    bench(
      label,
      () => {
        new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
      },
      { iterations: 2, time: 0, warmupIterations: 0 },
    );
  }
  const grid3 = createGrid({ dimension: 3, points: 32, box: 14 });
  bench(
    "3D 32^3, coulomb",
    () => {
      new FreeSpaceConvolution(grid3, { kind: "coulomb", lambda: 1 });
    },
    { iterations: 2, time: 0, warmupIterations: 0 },
  );
});

describe("FreeSpaceConvolution 3D 32^3, coulomb", () => {
  const grid = createGrid({ dimension: 3, points: 32, box: 14 });
  const convolution = new FreeSpaceConvolution(grid, { kind: "coulomb", lambda: 1 });
  const rho = gaussianDensity(grid);
  const potential = new Float64Array(grid.size);
  const gradient = [0, 1, 2].map(() => new Float64Array(grid.size));
  bench("potential", () => {
    convolution.potential(rho, potential);
  });
  bench("gradient", () => {
    convolution.gradient(rho, gradient);
  });
});

describe("PeriodicPoisson 2D 256^2", () => {
  const grid = createGrid({ dimension: 2, points: 256, box: 4 * Math.PI });
  const solver = new PeriodicPoisson(grid);
  const rho = gaussianDensity(grid);
  const potential = new Float64Array(grid.size);
  const gradient = [new Float64Array(grid.size), new Float64Array(grid.size)];
  bench("potential", () => {
    solver.potential(rho, potential);
  });
  bench("gradient", () => {
    solver.gradient(rho, gradient);
  });
});
