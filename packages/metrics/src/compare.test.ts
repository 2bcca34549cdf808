import { createGrid, ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { compareDensityMatrices } from "./compare.js";
import { hermitianWithSpectrum } from "./testing.js";

describe("compareDensityMatrices", () => {
  const grid = createGrid({ dimension: 1, points: 8, box: 4 });
  const epsilon = 0.25; // N = eps^-1 = 4

  it("gives exact values for commuting (diagonal) matrices", () => {
    // A = diag(1, 1, 1, 1, 0, ...), B = diag(1, 1, 0.5, 0.5, 0.5, 0.5, 0, 0): D = diag(0, 0, 0.5,
    // 0.5, -0.5, -0.5, 0, 0), tr|D| = 2, ||D||_HS = 1, sum |D_ii| = 2 (ratio 1), N = 4.
    const a = new Float64Array(128);
    const b = new Float64Array(128);
    [1, 1, 1, 1, 0, 0, 0, 0].forEach((x, i) => {
      a[2 * (i * 8 + i)] = x;
    });
    [1, 1, 0.5, 0.5, 0.5, 0.5, 0, 0].forEach((x, i) => {
      b[2 * (i * 8 + i)] = x;
    });
    const result = compareDensityMatrices({ grid, epsilon, data: a }, { grid, data: b });
    expect(result.traceNorm).toBeCloseTo(2 / 4, 15);
    expect(result.hilbertSchmidt).toBeCloseTo(1 / 2, 15);
    expect(result.densityL1).toBeCloseTo(2 / 4, 15);
    expect(result.densityBound?.ratio).toBeCloseTo(1, 14);
    expect(result.densityBound?.holds).toBe(true);
    // Plancherel: (eps / 2 pi)^(1/2) ||D||_HS.
    expect(result.wignerL2).toBeCloseTo(Math.sqrt(epsilon / (2 * Math.PI)), 15);
    expect(result.particleNumber).toEqual({ quantum: 4, vlasov: 4 });
    // A diagonal omega commutes with x.
    const commutators = compareDensityMatrices(
      { grid, epsilon, data: a },
      { grid, data: b },
      { metrics: ["commutator", "rho-commutator"] },
    );
    expect(commutators.commutator).toEqual([0]);
    expect(commutators.rhoCommutator?.lInfinity).toEqual([0]);
    expect(commutators.traceNorm).toBeUndefined();
  });

  it("returns zero distances for identical states and validates its input", () => {
    const data = hermitianWithSpectrum([1, 1, 0.5, 0.3, 0.2, 0, 0, 0], 4);
    const same = compareDensityMatrices({ grid, epsilon, data }, { grid, data });
    expect(same.traceNorm).toBe(0);
    expect(same.hilbertSchmidt).toBe(0);
    expect(same.densityL1).toBe(0);
    const other = createGrid({ dimension: 1, points: 8, box: 5 });
    expect(() => compareDensityMatrices({ grid, epsilon, data }, { grid: other, data })).toThrow(
      ParameterError,
    );
    expect(() =>
      compareDensityMatrices(
        { grid, epsilon, data },
        { grid, data },
        {
          metrics: ["energy" as "trace-norm"],
        },
      ),
    ).toThrow(/metrics/);
  });
});
