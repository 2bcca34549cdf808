import { createGrid, ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { densityBoundCheck, densityL1Distance, diagonalDensity } from "./density.js";
import { traceNorm } from "./norms.js";
import { hermitianDifference } from "./operator.js";
import { hermitianWithSpectrum } from "./testing.js";

describe("densities and the bound ||rho - rho~||_L1 <= (1/N) tr|omega - omega~|", () => {
  it("takes rho = diag(A) / (N dx^d) and holds the bound for random fermionic pairs", () => {
    const grid = createGrid({ dimension: 1, points: 16, box: 4 });
    const n = grid.size;
    const N = 3;
    for (let seed = 1; seed <= 20; seed++) {
      // Two random density matrices with spectra in [0, 1] and trace ~ N (times dx^d absorbed:
      // A itself is the discrete operator).
      const spectrum = (s: number) =>
        Array.from({ length: n }, (_, k) =>
          k < N ? 1 - 0.1 * ((s * k) % 3) : 0.05 * ((s + k) % 2),
        );
      const a = { grid, data: hermitianWithSpectrum(spectrum(seed), seed) };
      const b = { grid, data: hermitianWithSpectrum(spectrum(seed + 1), 100 + seed) };
      const rho = diagonalDensity(a, N);
      const rhoTilde = diagonalDensity(b, N);
      const l1 = densityL1Distance(rho, rhoTilde, grid.cellVolume);
      const perParticle = traceNorm(n, hermitianDifference(a.data, b.data)) / N;
      const check = densityBoundCheck(l1, perParticle, n);
      expect(check.holds).toBe(true);
      expect(check.ratio).toBeLessThanOrEqual(1);
      expect(check.ratio).toBeGreaterThan(0);
    }
  });

  it("is sharp for commuting (diagonal) operators and detects a violation", () => {
    // For diagonal A, B: sum |A_ii - B_ii| = tr|A - B| exactly, so the ratio is 1.
    const grid = createGrid({ dimension: 1, points: 4, box: 2 });
    const a = new Float64Array(32);
    const b = new Float64Array(32);
    [1, 0.5, 0, 0.25].forEach((x, i) => {
      a[2 * (i * 4 + i)] = x;
    });
    [0.5, 0.5, 0.5, 0].forEach((x, i) => {
      b[2 * (i * 4 + i)] = x;
    });
    const N = 2;
    const l1 = densityL1Distance(
      diagonalDensity({ grid, data: a }, N),
      diagonalDensity({ grid, data: b }, N),
      grid.cellVolume,
    );
    const perParticle = traceNorm(4, hermitianDifference(a, b)) / N;
    expect(perParticle).toBeCloseTo(1.25 / 2, 15);
    expect(densityBoundCheck(l1, perParticle, 4).ratio).toBeCloseTo(1, 14);
    expect(densityBoundCheck(1.01 * perParticle, perParticle, 4).holds).toBe(false);
  });

  it("rejects bad input", () => {
    const grid = createGrid({ dimension: 1, points: 4, box: 2 });
    expect(() => diagonalDensity({ grid, data: new Float64Array(32) }, 0)).toThrow(ParameterError);
    expect(() => diagonalDensity({ grid, data: new Float64Array(30) }, 1)).toThrow(/data/);
    expect(() => densityL1Distance([1, 2], [1], 1)).toThrow(/rhoTilde/);
  });
});
