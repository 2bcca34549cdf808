import {
  createGrid,
  createPhaseSpaceGrid,
  type Grid,
  type PhaseSpaceGrid,
  resamplePhaseSpace,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { subtractFromDense, subtractFromPacked, toDense } from "./conversions.js";
import { wignerPhaseSpace } from "./half-grid.js";
import { hermitianGridSpectrum } from "./linalg/grid-spectrum.js";
import type { DensityMatrix } from "./states.js";
import { thermalState } from "./thermal.js";
import { weylDifference, weylQuantize } from "./weyl.js";
import { wignerTransform, wignerTransformOnto } from "./wigner.js";

/** A thermal state in the trap x^2 (orbital form), as the study prepares omega_0. */
function trapped(grid: Grid, epsilon: number, temperature: number) {
  const potential = Float64Array.from({ length: grid.size }, (_, i) => {
    let r2 = 0;
    let rest = i;
    for (let a = grid.dimension - 1; a >= 0; a--) {
      const k = rest % grid.shape[a];
      rest = (rest - k) / grid.shape[a];
      r2 += (grid.origin[a] + k * grid.spacing[a]) ** 2;
    }
    return r2;
  });
  return thermalState(grid, { temperature, epsilon, potential });
}

const identical = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe("wignerTransformOnto", () => {
  const epsilon = 1 / 8;
  const grid = createGrid({ dimension: 1, points: 256, box: 9.5 });
  const state = trapped(grid, epsilon, 0.5);
  // a Vlasov-like grid whose positions are every 8th half-grid position (as the study's), and
  // one whose positions fall between the half grid's
  const onNodes = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 64, box: 9.5 }),
    createGrid({ dimension: 1, points: 64, box: 5 }),
  );
  const between = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 64, box: 9.2 }),
    createGrid({ dimension: 1, points: 64, box: 5 }),
  );
  const cases: [string, DensityMatrix, PhaseSpaceGrid][] = [
    ["orbital, positions on half-grid nodes", state, onNodes],
    ["dense, positions on half-grid nodes", toDense(state), onNodes],
    ["orbital, positions between nodes", state, between],
  ];
  for (const [name, omega, target] of cases) {
    it(`is resamplePhaseSpace(wignerTransform) bit for bit: ${name}`, () => {
      const expected = resamplePhaseSpace(wignerTransform(omega), target);
      const found = wignerTransformOnto(omega, target);
      expect(found.grid).toBe(target);
      // the same arithmetic on the same entries (the orbital entries by the same dot products)
      expect(identical(found.values, expected)).toBe(true);
    });
  }

  it("in 2D too", () => {
    const grid2 = createGrid({ dimension: 2, points: 32, box: 9 });
    const omega = trapped(grid2, 1, 0.5);
    const half2 = wignerPhaseSpace(grid2, 1);
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 8, box: 9 }),
      createGrid({ dimension: 2, points: 8, box: 4 }),
    );
    expect(half2.position.shape).toEqual([64, 64]);
    const expected = resamplePhaseSpace(wignerTransform(omega), target);
    expect(identical(wignerTransformOnto(omega, target).values, expected)).toBe(true);
  });
});

describe("weylDifference", () => {
  const epsilon = 1 / 8;
  const grid = createGrid({ dimension: 1, points: 256, box: 9.5 });
  const omega = trapped(grid, epsilon, 0.5);
  const n = grid.size;
  // W~: the Wigner function of a warmer state on a coarser Vlasov-like grid
  const vlasov = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 64, box: 9.5 }),
    createGrid({ dimension: 1, points: 64, box: 5 }),
  );
  const W = wignerTransformOnto(trapped(grid, epsilon, 0.6), vlasov);

  it("is A - weylQuantize(W~) to round-off, as a packed lower triangle", () => {
    const full = weylQuantize(W, grid, epsilon).data;
    const tilde = Float64Array.from({ length: n }, (_, i) => full[2 * (i * n + i)]);
    const diagonal = subtractFromDense(omega, full);
    const found = weylDifference(omega, W);
    expect(found.difference.order).toBe(n);
    expect(found.difference.data.length).toBe(n * (n + 1));
    let scale = 0;
    let error = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        for (let c = 0; c < 2; c++) {
          const a = full[2 * (i * n + j) + c];
          scale = Math.max(scale, Math.abs(a));
          error = Math.max(error, Math.abs(a - found.difference.data[i * (i + 1) + 2 * j + c]));
        }
      }
    }
    // W~ is interpolated along x first and then v (weylQuantize: v first): the entries agree
    // to a few ulps of the largest one (measured 3e-17 of 2e-3 here)
    expect(error).toBeLessThan(1e-13 * scale);
    // the diagonals come from the same entries
    expect(identical(found.diagonal, diagonal)).toBe(true);
    for (let i = 0; i < n; i++)
      expect(Math.abs(found.tildeDiagonal[i] - tilde[i])).toBeLessThan(1e-13 * scale);
  });

  it("has the spectrum of the full difference (sectors or not) to round-off", () => {
    const full = weylQuantize(W, grid, epsilon).data;
    subtractFromDense(omega, full);
    const found = weylDifference(omega, W).difference;
    for (const sectors of [true, false]) {
      const a = hermitianGridSpectrum(grid.shape, full, { sectors, tolerance: 1 }).values;
      const b = hermitianGridSpectrum(grid.shape, found, { sectors, tolerance: 1 }).values;
      const norm = a.reduce((s, x) => s + Math.abs(x), 0);
      // backward-stable eigensolvers on matrices equal to 1e-13: eigenvalues to ~n u ||D||
      for (let k = 0; k < n; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-12 * norm);
    }
  });
  it("in 2D: weylQuantize's matrix minus A, packed (bit for bit)", () => {
    const grid2 = createGrid({ dimension: 2, points: 16, box: 5.5 });
    const omega2 = trapped(grid2, 1, 0.5);
    const W2 = wignerTransformOnto(
      trapped(grid2, 1, 0.7),
      createPhaseSpaceGrid(
        createGrid({ dimension: 2, points: 8, box: 5.5 }),
        createGrid({ dimension: 2, points: 8, box: 4 }),
      ),
    );
    const m = grid2.size;
    const full = weylQuantize(W2, grid2, 1).data;
    subtractFromDense(omega2, full);
    const found = weylDifference(omega2, W2).difference.data;
    const lower = new Float64Array(m * (m + 1));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        lower.set(full.subarray(2 * (i * m + j), 2 * (i * m + j) + 2), i * (i + 1) + 2 * j);
      }
    }
    expect(identical(found, lower)).toBe(true);
  });
});

describe("packed lower triangles", () => {
  const grid = createGrid({ dimension: 1, points: 64, box: 9 });
  const omega = trapped(grid, 1 / 2, 0.5);
  const n = grid.size;
  // an exactly Hermitian matrix M (random lower triangle, mirrored)
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const full = new Float64Array(2 * n * n);
  const packed = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const re = random();
      const im = i === j ? 0 : random();
      full.set([re, im], 2 * (i * n + j));
      full.set([re, -im], 2 * (j * n + i));
      packed.set([re, im], i * (i + 1) + 2 * j);
    }
  }

  it("subtractFromPacked is subtractFromDense's lower triangle bit for bit", () => {
    const a = full.slice();
    const b = packed.slice();
    const da = subtractFromDense(omega, a);
    const db = subtractFromPacked(omega, b);
    expect(identical(da, db)).toBe(true);
    const lower = new Float64Array(n * (n + 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++)
        lower.set(a.subarray(2 * (i * n + j), 2 * (i * n + j) + 2), i * (i + 1) + 2 * j);
    }
    expect(identical(lower, b)).toBe(true);
  });

  it("hermitianGridSpectrum reads a packed matrix as the full one, bit for bit", () => {
    // symmetrize about the reflection so that the sectors are used: S = (M + R M R)/2
    const shape = grid.shape;
    const sym = new Float64Array(2 * n * n);
    const r = (i: number) => (n - i) % n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let c = 0; c < 2; c++) {
          sym[2 * (i * n + j) + c] =
            0.5 * (full[2 * (i * n + j) + c] + full[2 * (r(i) * n + r(j)) + c]);
        }
      }
    }
    const symPacked = new Float64Array(n * (n + 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++)
        symPacked.set(sym.subarray(2 * (i * n + j), 2 * (i * n + j) + 2), i * (i + 1) + 2 * j);
    }
    for (const [matrix, lower] of [
      [full, packed],
      [sym, symPacked],
    ] as const) {
      const a = hermitianGridSpectrum(shape, matrix);
      const b = hermitianGridSpectrum(shape, { order: n, data: lower });
      expect(b.reflected).toBe(a.reflected);
      expect(b.asymmetryBound).toBe(a.asymmetryBound);
      expect(identical(a.values, b.values)).toBe(true);
    }
    expect(hermitianGridSpectrum(shape, { order: n, data: symPacked }).reflected).toBe(true);
  });
});
