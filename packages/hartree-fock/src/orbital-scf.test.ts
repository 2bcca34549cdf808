import { createGrid, FreeSpaceConvolution, harmonicTrap } from "@semiclassical/grid";
import { chemicalPotential, fermiDiracOccupations } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { selfConsistentState } from "./ground-state.js";

const gaussian = (lambda: number, sigma: number) => ({ kind: "gaussian" as const, lambda, sigma });
const trap = harmonicTrap(1);

describe("selfConsistentState, orbital (iterative) solver", () => {
  it("2D, V = 0 (Hartree-Fock path with a zero kernel): oscillator shells eps (2 s + 2), degeneracies 1, 2, 3", () => {
    const epsilon = 0.25;
    const grid = createGrid({ dimension: 2, points: 32, box: 8 });
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: 6,
      model: "hartree-fock",
      meanField: new FreeSpaceConvolution(grid, gaussian(0, 1)),
      externalPotential: trap,
      eigensolver: "iterative",
    });
    expect(result.converged).toBe(true);
    // h = -eps^2 Laplacian + |x|^2: E = eps (2 (a + b) + 2); shells s = 0, 1, 2 hold 1, 2, 3.
    const expected = [2, 4, 4, 6, 6, 6].map((e) => epsilon * e);
    // Gaussians of width sqrt(eps) = 0.5 on dx = 0.25: spectral tail e^{-eps k_max^2/2} ~ 3e-9
    // (its square ~1e-17 in the energies), box tail e^{-16/eps} ~ e^{-64}; the Ritz values of
    // the filtered iteration are accurate to its residual tolerance 1e-11 ||h|| ~ 5e-10.
    for (let j = 0; j < 6; j++) {
      expect(Math.abs(result.orbitalEnergies[j] - expected[j])).toBeLessThan(1e-9);
    }
    // E_HF = tr(h omega)/N = eps (2 + 4 + 4 + 6 + 6 + 6)/6.
    expect(Math.abs(result.energy - (epsilon * 28) / 6)).toBeLessThan(1e-9);
    expect(result.residual).toBeLessThan(1e-8);
  });

  it("2D, V = 0, T > 0: the Fermi-Dirac filling of the exact oscillator levels", () => {
    const epsilon = 0.25;
    const temperature = 0.04;
    const grid = createGrid({ dimension: 2, points: 32, box: 8 });
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: 3,
      temperature,
      // shells 0..4 (15 levels): the top one holds e^{-(2.5 - mu)/T} ~ 1e-14 < the 1e-12 cutoff
      orbitalCount: 15,
      model: "hartree-fock",
      meanField: new FreeSpaceConvolution(grid, gaussian(0, 1)),
      externalPotential: trap,
      eigensolver: "iterative",
    });
    expect(result.converged).toBe(true);
    // Levels eps (2 s + 2) with degeneracy s + 1, shells s = 0..4.
    const levels = [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4].map((s) => epsilon * (2 * s + 2));
    expect(result.orbitalEnergies.length).toBe(levels.length);
    const mu = chemicalPotential(levels, 3, temperature);
    const expected = fermiDiracOccupations(levels, mu, temperature);
    let total = 0;
    for (let j = 0; j < levels.length; j++) {
      // Eigenvalues to the eigensolver tolerance (~5e-10); f' <= 1/(4T) carries it over.
      expect(Math.abs(result.orbitalEnergies[j] - levels[j])).toBeLessThan(1e-9);
      expect(Math.abs(result.state.occupations[j] - expected[j])).toBeLessThan(1e-9);
      total += result.state.occupations[j];
    }
    expect(total).toBeCloseTo(3, 12);
  });

  it("1D Hartree-Fock: the iterative solver reproduces the dense one", () => {
    const epsilon = 0.1;
    const grid = createGrid({ dimension: 1, points: 128, box: 12 });
    const meanField = new FreeSpaceConvolution(grid, gaussian(1, 0.8));
    const common = {
      epsilon,
      particleNumber: 4,
      model: "hartree-fock" as const,
      meanField,
      externalPotential: trap,
      densityTolerance: 1e-11,
      energyTolerance: 1e-12,
    };
    const dense = selfConsistentState(grid, { ...common, eigensolver: "direct" });
    const orbital = selfConsistentState(grid, { ...common, eigensolver: "iterative" });
    expect(dense.converged && orbital.converged).toBe(true);
    // Both converge to the same self-consistent state (different mixing variables: the density
    // matrix vs the density with the exchange of the last output): the energy to the SCF
    // tolerances, the orbital energies to ~ the density change 1e-11 times ||dh/drho|| ~ 1.
    expect(Math.abs(orbital.energy - dense.energy)).toBeLessThan(1e-10);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(orbital.orbitalEnergies[j] - dense.orbitalEnergies[j])).toBeLessThan(1e-9);
    }
    expect(orbital.residual).toBeLessThan(1e-8);
  });

  it("2D Hartree-Fock with a Gaussian repulsion: self-consistent to a residual below 1e-8", () => {
    const epsilon = 0.25;
    const grid = createGrid({ dimension: 2, points: 32, box: 10 });
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: 6,
      model: "hartree-fock",
      meanField: new FreeSpaceConvolution(grid, gaussian(1, 1)),
      externalPotential: trap,
      densityTolerance: 1e-10,
      energyTolerance: 1e-12,
    });
    expect(result.converged).toBe(true);
    // The exact ||h[omega] phi_k - E_k phi_k|| (U from the output density, X uncompressed).
    expect(result.residual).toBeLessThan(1e-8);
    expect(result.densityChange).toBeLessThan(1e-10);
    // The repulsion raises the levels above the oscillator's eps (2 s + 2).
    expect(result.orbitalEnergies[0]).toBeGreaterThan(2 * epsilon);
  });

  it("3D Hartree on 16^3 in the trap converges", () => {
    const epsilon = 0.5;
    const grid = createGrid({ dimension: 3, points: 16, box: 8 });
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: 4,
      meanField: new FreeSpaceConvolution(grid, gaussian(1, 1)),
      externalPotential: trap,
      eigensolver: "iterative",
      densityTolerance: 1e-9,
    });
    expect(result.converged).toBe(true);
    expect(result.residual).toBeLessThan(1e-8);
  });

  it("refuses the dense solver in 2D and an unknown eigensolver", () => {
    const grid = createGrid({ dimension: 2, points: 16, box: 8 });
    const meanField = new FreeSpaceConvolution(grid, gaussian(1, 1));
    const base = { epsilon: 0.3, particleNumber: 2, model: "hartree-fock" as const, meanField };
    expect(() => selfConsistentState(grid, { ...base, eigensolver: "direct" })).toThrow(
      /eigensolver/,
    );
    expect(() => selfConsistentState(grid, { ...base, eigensolver: "lanczos" as never })).toThrow(
      /eigensolver/,
    );
  });
});
