import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import {
  assertResolves,
  axisPoints,
  axisWaveNumbers,
  createGrid,
  createPhaseSpaceGrid,
  gridForEpsilon,
  meshCoordinates,
  resolvedVelocity,
  sampleOnGrid,
  waveNumbers,
} from "./grid.js";
import {
  harmonicTrap,
  noExternalPotential,
  samplePotential,
  samplePotentialGradient,
  switchedPotential,
} from "./potentials.js";

describe("createGrid", () => {
  it("lays out a 1D grid centred on the box", () => {
    const grid = createGrid({ dimension: 1, points: 8, box: 4, center: 1 });
    expect(grid.shape).toEqual([8]);
    expect(grid.spacing).toEqual([0.5]);
    expect(grid.origin).toEqual([-1]); // c - L/2
    expect(grid.box).toEqual([4]);
    expect(grid.strides).toEqual([1]);
    expect(grid.size).toBe(8);
    expect(grid.cellVolume).toBe(0.5);
    // x_i = origin + i dx: the last point is c + L/2 - dx (periodic indexing).
    expect(Array.from(axisPoints(grid))).toEqual([-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it("handles per-axis sizes in 3D with row-major strides", () => {
    const grid = createGrid({
      dimension: 3,
      points: [2, 4, 8],
      box: [1, 2, 4],
      center: [0, 1, -2],
    });
    expect(grid.shape).toEqual([2, 4, 8]);
    expect(grid.spacing).toEqual([0.5, 0.5, 0.5]);
    expect(grid.origin).toEqual([-0.5, 0, -4]);
    expect(grid.strides).toEqual([32, 8, 1]);
    expect(grid.size).toBe(64);
    expect(grid.cellVolume).toBe(0.125);
    // meshCoordinates follows the same row-major order: index 1 * 32 + 2 * 8 + 3.
    const [x, y, z] = meshCoordinates(grid);
    const index = 32 + 16 + 3;
    expect([x[index], y[index], z[index]]).toEqual([0, 1, -2.5]);
    expect(sampleOnGrid(grid, (p) => p[0] + 10 * p[1] + 100 * p[2])[index]).toBeCloseTo(-240, 12);
    expect(Object.isFrozen(grid)).toBe(true);
  });

  it("gives FFT-ordered wave numbers 2 pi j / L, negative from n/2 on", () => {
    const k = waveNumbers(8, 0.25); // L = 2, dk = pi
    const expected = [0, 1, 2, 3, -4, -3, -2, -1].map((j) => j * Math.PI);
    expect(Array.from(k)).toEqual(expected);
    const grid = createGrid({ dimension: 2, points: [4, 8], box: [1, 2] });
    expect(Array.from(axisWaveNumbers(grid, 1))).toEqual(expected);
  });

  it("rejects sizes that are not powers of two and non-positive boxes, naming the axis", () => {
    expect(() => createGrid({ dimension: 1, points: 12, box: 1 })).toThrow(ParameterError);
    expect(() => createGrid({ dimension: 1, points: 12, box: 1 })).toThrow(/points: .*use 16/);
    expect(() => createGrid({ dimension: 2, points: [8, 6], box: 1 })).toThrow(/points\[1\]/);
    expect(() => createGrid({ dimension: 2, points: 8, box: [1, -1] })).toThrow(
      /box\[1\]: must be > 0/,
    );
    expect(() => createGrid({ dimension: 2, points: [8], box: 1 })).toThrow(
      /points: needs 2 entries/,
    );
    expect(() => createGrid({ dimension: 4 as 1, points: 8, box: 1 })).toThrow(
      /dimension: must be 1, 2 or 3/,
    );
  });
});

describe("grids chosen from epsilon", () => {
  it("resolvedVelocity is pi eps / (2 dx)", () => {
    expect(resolvedVelocity(0.1, 0.2)).toBeCloseTo(Math.PI, 14);
  });

  it.each([
    [0.1, 10, 2],
    [0.05, 12, 1.5],
    [0.3, 8, 3],
    [0.01, 4, 1],
  ])(
    "eps = %f, L = %f, vMax = %f: the coarsest power of two with dx <= pi eps/(2 vMax)",
    (epsilon, box, vMax) => {
      const grid = gridForEpsilon({ dimension: 1, epsilon, box, vMax });
      const bound = (Math.PI * epsilon) / (2 * vMax);
      const n = grid.shape[0];
      expect(Math.log2(n) % 1).toBe(0);
      expect(grid.spacing[0]).toBeLessThanOrEqual(bound);
      // Coarsest: half as many points would violate the bound.
      expect(box / (n / 2)).toBeGreaterThan(bound);
      expect(grid.box[0]).toBe(box);
      expect(() => assertResolves(grid, epsilon, vMax)).not.toThrow();
    },
  );

  it("also honours dxOverEps and uses every axis in 2D", () => {
    const grid = gridForEpsilon({ dimension: 2, epsilon: 0.1, box: 8, vMax: 1, dxOverEps: 0.5 });
    // pi eps/2 = 0.157 > 0.5 eps = 0.05, so dx <= 0.05: 8 / 0.05 = 160 -> 256.
    expect(grid.shape).toEqual([256, 256]);
  });

  it("refuses grids above maxPoints with a message naming the numbers and the fix", () => {
    let error: unknown;
    try {
      gridForEpsilon({ dimension: 2, epsilon: 0.001, box: 10, vMax: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParameterError);
    const message = (error as Error).message;
    expect((error as ParameterError).parameter).toBe("epsilon");
    // 10 / (pi 0.001 / 4) = 12732 -> 16384 points per axis, above the 2D default 512.
    expect(message).toContain("epsilon = 0.001");
    expect(message).toContain("16384");
    expect(message).toContain("maxPoints = 512");
    expect(message).toMatch(/larger epsilon|smaller box|raise maxPoints/);
  });

  it("assertResolves names dx, the bound, and the number of points needed", () => {
    const grid = createGrid({ dimension: 2, points: [64, 32], box: [4, 4] });
    // dx = 0.125 on axis 1; eps = 0.05, vMax = 1: bound pi * 0.05 / 2 = 0.0785 -> 4/0.0785 = 51 -> 64.
    expect(() => assertResolves(grid, 0.05, 1)).toThrow(
      /grid\.points\[1\]: the grid does not resolve epsilon = 0\.05: dx = 0\.1250 > pi\*epsilon\/\(2\*vMax\) = 0\.07854.*use at least 64 points/,
    );
    expect(() => assertResolves(grid, 0.05, 0.5)).not.toThrow(); // bound 0.157 > 0.125
    expect(() => assertResolves(grid, -1, 1)).toThrow(/epsilon: must be > 0/);
  });
});

describe("phase-space grid", () => {
  it("pairs position and velocity grids: size and cell volume multiply", () => {
    const position = createGrid({ dimension: 1, points: 32, box: 8 });
    const velocity = createGrid({ dimension: 1, points: 16, box: 4 });
    const phase = createPhaseSpaceGrid(position, velocity);
    expect(phase.size).toBe(512);
    expect(phase.cellVolume).toBeCloseTo(0.25 * 0.25, 15);
    expect(phase.position).toBe(position);
    expect(phase.velocity).toBe(velocity);
  });

  it("refuses mismatched dimensions", () => {
    const position = createGrid({ dimension: 2, points: 8, box: 1 });
    const velocity = createGrid({ dimension: 1, points: 8, box: 1 });
    expect(() => createPhaseSpaceGrid(position, velocity)).toThrow(
      /velocity: must have the dimension/,
    );
  });
});

describe("external potentials", () => {
  /** Central difference (V(x + h e_a) - V(x - h e_a)) / (2h). */
  function finiteDifference(
    value: (x: readonly number[], t: number) => number,
    x: number[],
    t: number,
    h: number,
  ): number[] {
    return x.map((_, a) => {
      const plus = [...x];
      const minus = [...x];
      plus[a] += h;
      minus[a] -= h;
      return (value(plus, t) - value(minus, t)) / (2 * h);
    });
  }

  it("harmonicTrap is s |x - c|^2 with gradient 2 s (x - c)", () => {
    const trap = harmonicTrap(1.5, [0.5, -1]);
    expect(trap.value([0.5, -1], 0)).toBe(0);
    expect(trap.value([1.5, 1], 0)).toBeCloseTo(1.5 * (1 + 4), 14);
    expect(trap.timeDependent).toBe(false);
    const x = [0.3, 0.7];
    const gradient = [0, 0];
    trap.gradient(x, 0, gradient);
    // For a quadratic the central difference is exact; what remains is cancellation,
    // ~ 1e-16 |V| / h = 1e-12 with h = 1e-4: tolerance 1e-9.
    const fd = finiteDifference((p, t) => trap.value(p, t), x, 0, 1e-4);
    expect(Math.abs(gradient[0] - fd[0])).toBeLessThan(1e-9);
    expect(Math.abs(gradient[1] - fd[1])).toBeLessThan(1e-9);
    expect(gradient[0]).toBeCloseTo(2 * 1.5 * (0.3 - 0.5), 14);
    expect(() => harmonicTrap(-1)).toThrow(/trap.strength: must be >= 0/);
  });

  it("switchedPotential changes at t0 and is time dependent", () => {
    const trap = harmonicTrap(1);
    const released = switchedPotential(trap, noExternalPotential, 0.5);
    expect(released.timeDependent).toBe(true);
    expect(released.value([2], 0.49)).toBe(4);
    expect(released.value([2], 0.5)).toBe(0);
    const out = [7];
    released.gradient([2], 0, out);
    expect(out[0]).toBe(4);
    released.gradient([2], 1, out);
    expect(out[0]).toBe(0);
  });

  it("samples the potential and its gradient on a grid (row-major)", () => {
    const grid = createGrid({ dimension: 2, points: [4, 8], box: [2, 4] });
    const trap = harmonicTrap(2, [0.25, 0]);
    const values = samplePotential(grid, trap);
    const [gx, gy] = samplePotentialGradient(grid, trap);
    const [x, y] = meshCoordinates(grid);
    for (let i = 0; i < grid.size; i++) {
      expect(values[i]).toBeCloseTo(2 * ((x[i] - 0.25) ** 2 + y[i] ** 2), 13);
      expect(gx[i]).toBeCloseTo(4 * (x[i] - 0.25), 13);
      expect(gy[i]).toBeCloseTo(4 * y[i], 13);
    }
    expect(Array.from(samplePotential(grid, noExternalPotential))).toEqual(new Array(32).fill(0));
  });
});
