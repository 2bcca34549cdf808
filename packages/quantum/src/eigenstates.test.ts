import { createGrid, harmonicTrap, ParameterError, samplePotential } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { lowestEigenstates } from "./eigenstates.js";

function overlapError(orbitals: Float64Array, count: number, n: number, dv: number): number {
  let worst = 0;
  for (let k = 0; k < count; k++) {
    for (let l = 0; l <= k; l++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const a = 2 * (k * n + i);
        const b = 2 * (l * n + i);
        re += orbitals[a] * orbitals[b] + orbitals[a + 1] * orbitals[b + 1];
        im += orbitals[a] * orbitals[b + 1] - orbitals[a + 1] * orbitals[b];
      }
      worst = Math.max(worst, Math.hypot(re * dv - (k === l ? 1 : 0), im * dv));
    }
  }
  return worst;
}

describe("lowestEigenstates of h = -kappa eps^2 Laplacian + x^2", () => {
  it("multilevel Chebyshev path (1D, 512 points) gives eps (2j + 1), orthonormal, small residuals", () => {
    // box [-4, 4), eps = 1/16: the orbitals j < 24 (E <= 3) are resolved far below 1e-16 by the
    // grid (Nyquist velocity pi eps/dx = 6.3), so the spectral eigenvalues equal eps(2j+1) up to
    // the solver's residual tolerance (~1e-10) squared over the gap plus round-off.
    const epsilon = 1 / 16;
    const grid = createGrid({ dimension: 1, points: 512, box: 8 });
    const result = lowestEigenstates(grid, {
      epsilon,
      kappa: 1,
      potential: samplePotential(grid, harmonicTrap(1)),
      count: 24,
      denseLimit: 64,
    });
    expect(result.method).toBe("chebyshev");
    for (let j = 0; j < 24; j++)
      expect(Math.abs(result.energies[j] - epsilon * (2 * j + 1))).toBeLessThan(1e-11);
    for (const r of result.residuals) expect(r).toBeLessThanOrEqual(result.tolerance);
    expect(overlapError(result.orbitals, 24, grid.size, grid.cellVolume)).toBeLessThan(1e-12);
  });

  it("dense and Chebyshev paths agree (kappa = 1/2)", () => {
    const epsilon = 0.1;
    const grid = createGrid({ dimension: 1, points: 256, box: 8 });
    const potential = samplePotential(grid, harmonicTrap(0.5));
    const dense = lowestEigenstates(grid, { epsilon, kappa: 0.5, potential, count: 8 });
    const iterative = lowestEigenstates(grid, {
      epsilon,
      kappa: 0.5,
      potential,
      count: 8,
      denseLimit: 16,
    });
    expect(dense.method).toBe("dense");
    expect(iterative.method).toBe("chebyshev");
    // h = -(eps^2/2) d_xx + x^2/2: E_j = eps (j + 1/2)
    for (let j = 0; j < 8; j++) {
      expect(Math.abs(dense.energies[j] - epsilon * (j + 0.5))).toBeLessThan(1e-12);
      expect(Math.abs(iterative.energies[j] - dense.energies[j])).toBeLessThan(1e-12);
    }
  });

  it("2D harmonic trap: E = eps (2 (a + b) + 2) with multiplicities 1, 2, 3", () => {
    const epsilon = 0.25;
    const grid = createGrid({ dimension: 2, points: 32, box: 6 });
    const result = lowestEigenstates(grid, {
      epsilon,
      kappa: 1,
      potential: samplePotential(grid, harmonicTrap(1)),
      count: 6,
    });
    const exact = [2, 4, 4, 6, 6, 6].map((e) => e * epsilon);
    // Nyquist velocity pi eps/dx = 4.2: spectral truncation ~ e^{-4.2^2/eps} ~ 1e-30
    exact.forEach((e, j) => {
      expect(Math.abs(result.energies[j] - e)).toBeLessThan(1e-10);
    });
    expect(overlapError(result.orbitals, 6, grid.size, grid.cellVolume)).toBeLessThan(1e-12);
  });

  it("rejects bad input before computing", () => {
    const grid = createGrid({ dimension: 1, points: 64, box: 8 });
    const potential = new Float64Array(64);
    expect(() => lowestEigenstates(grid, { epsilon: 0.1, kappa: 1, potential, count: 0 })).toThrow(
      ParameterError,
    );
    expect(() =>
      lowestEigenstates(grid, { epsilon: 0.1, kappa: 1, potential: new Float64Array(3), count: 2 }),
    ).toThrow(/grid.size = 64/);
    potential[3] = Number.POSITIVE_INFINITY;
    expect(() => lowestEigenstates(grid, { epsilon: 0.1, kappa: 1, potential, count: 2 })).toThrow(
      /sample 3/,
    );
  });
});
