import {
  axisWaveNumbers,
  createGrid,
  FreeSpaceConvolution,
  fftPlan,
  harmonicTrap,
  ParameterError,
  samplePotential,
} from "@semiclassical/grid";
import { chemicalPotential, fermiDiracOccupations } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { OrbitalExchange } from "./exchange.js";
import { selfConsistentState } from "./ground-state.js";
import { orbitalDensity } from "./observables.js";
import { HartreeFockSolver } from "./solver.js";

const gaussian = (lambda: number, sigma: number) => ({ kind: "gaussian" as const, lambda, sigma });

/**
 * max_k ||h phi_k - E_k phi_k|| (grid L2 norm) with h = -kappa eps^2 Laplacian + U - X, the
 * Laplacian spectral and X applied in orbital form (an independent code path from the dense
 * Hamiltonian the solver diagonalizes).
 */
function residual(
  orbitals: Float64Array,
  energies: Float64Array,
  occupations: Float64Array,
  u: Float64Array,
  epsilon: number,
  grid: ReturnType<typeof createGrid>,
  exchange?: OrbitalExchange,
  particleNumber = 1,
): number {
  const m = grid.size;
  const k = axisWaveNumbers(grid);
  const plan = fftPlan(m);
  const spectrum = new Float64Array(2 * m);
  const kinetic = new Float64Array(2 * m);
  const x = new Float64Array(2 * m);
  let worst = 0;
  for (let j = 0; j < energies.length; j++) {
    const phi = orbitals.subarray(2 * j * m, 2 * (j + 1) * m);
    plan.transform(phi, spectrum, "forward");
    for (let q = 0; q < m; q++) {
      spectrum[2 * q] *= epsilon ** 2 * k[q] ** 2;
      spectrum[2 * q + 1] *= epsilon ** 2 * k[q] ** 2;
    }
    plan.transform(spectrum, kinetic, "inverse");
    if (exchange) exchange.applyToVector(orbitals, occupations, particleNumber, phi, x);
    let s = 0;
    for (let i = 0; i < m; i++) {
      for (const c of [0, 1]) {
        const r = kinetic[2 * i + c] + (u[i] - energies[j]) * phi[2 * i + c] - x[2 * i + c];
        s += r * r;
      }
    }
    worst = Math.max(worst, Math.sqrt(s * grid.cellVolume));
  }
  return worst;
}

describe("selfConsistentState", () => {
  const epsilon = 0.1;
  const grid = createGrid({ dimension: 1, points: 128, box: 12 });
  const trap = harmonicTrap(1);

  it("V = 0 in the trap x^2: orbital energies eps (2j + 1), N E_HF = sum_j eps (2j + 1)", () => {
    const n = 4;
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: n,
      externalPotential: trap,
    });
    expect(result.converged).toBe(true);
    const expected = Array.from({ length: n }, (_, j) => epsilon * (2 * j + 1));
    // Gaussians of width sqrt(eps) on dx = 0.094 are resolved spectrally; the eigensolver
    // residual is 1e-12 relative, so energies agree to ~1e-12; allow 1e-10.
    for (let j = 0; j < n; j++) {
      expect(Math.abs(result.orbitalEnergies[j] - expected[j])).toBeLessThan(1e-10);
    }
    const sum = expected.reduce((a, b) => a + b, 0);
    expect(Math.abs(n * result.energy - sum)).toBeLessThan(1e-10);
  });

  it("V = 0, T > 0: the Fermi-Dirac filling of the exact levels", () => {
    const n = 3.5;
    const temperature = 0.15;
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: n,
      temperature,
      externalPotential: trap,
    });
    const levels = Float64Array.from({ length: 40 }, (_, j) => epsilon * (2 * j + 1));
    const occupations = fermiDiracOccupations(
      levels,
      chemicalPotential(levels, n, temperature),
      temperature,
    );
    const expected = occupations.reduce((s, f, j) => s + f * levels[j], 0) / n;
    // Levels exact to ~1e-12, occupations beyond the computed ones < 1e-12.
    expect(Math.abs(result.energy - expected)).toBeLessThan(1e-10);
    expect(result.state.occupations.reduce((a, b) => a + b, 0)).toBeCloseTo(n, 12);
  });

  it("Hartree, Gaussian repulsion: self-consistent (h[rho] phi = E phi), Anderson and linear agree", () => {
    const meanField = new FreeSpaceConvolution(grid, gaussian(1.5, 0.5));
    const n = 4;
    const iterations: number[] = [];
    const anderson = selfConsistentState(grid, {
      epsilon,
      particleNumber: n,
      externalPotential: trap,
      meanField,
      onIteration: (p) => iterations.push(p.iteration),
    });
    const linear = selfConsistentState(grid, {
      epsilon,
      particleNumber: n,
      externalPotential: trap,
      meanField,
      mixing: { method: "linear", weight: 0.5 },
      maxIterations: 400,
    });
    expect(anderson.converged && linear.converged).toBe(true);
    expect(iterations).toEqual(Array.from({ length: anderson.iterations }, (_, i) => i + 1));
    expect(anderson.iterations).toBeLessThan(linear.iterations);
    // Both stop at ||delta rho||_L1 < 1e-9; the energy is stationary, so they agree to ~1e-9.
    expect(Math.abs(anderson.energy - linear.energy)).toBeLessThan(1e-8);
    const { occupations, orbitals } = anderson.state;
    const rho = orbitalDensity(grid, orbitals, occupations, n, new Float64Array(grid.size));
    const u = meanField.potential(rho);
    const vext = samplePotential(grid, trap);
    for (let i = 0; i < grid.size; i++) u[i] += vext[i];
    // Residual of h[rho_out] on the output orbitals: of the order of the density change (1e-9)
    // times ||V||; allow 1e-7.
    expect(
      residual(orbitals, anderson.orbitalEnergies, occupations, u, epsilon, grid),
    ).toBeLessThan(1e-7);
  });

  const kernels = [
    gaussian(1.5, 0.5),
    { kind: "power" as const, lambda: 0.5, alpha: 0.5 }, // singular: 0.5/|x|^(1/2)
  ];
  it.each(kernels)(
    "Hartree-Fock (1D, $kind): h_HF phi = E phi with X applied in orbital form",
    async (kernel) => {
      const meanField = new FreeSpaceConvolution(grid, kernel);
      const n = 4;
      const result = selfConsistentState(grid, {
        epsilon,
        particleNumber: n,
        externalPotential: trap,
        meanField,
        model: "hartree-fock",
      });
      expect(result.converged).toBe(true);
      const { occupations, orbitals } = result.state;
      const rho = orbitalDensity(grid, orbitals, occupations, n, new Float64Array(grid.size));
      const u = meanField.potential(rho);
      const vext = samplePotential(grid, trap);
      for (let i = 0; i < grid.size; i++) u[i] += vext[i];
      const exchange = new OrbitalExchange(meanField);
      // As above: the residual is set by the SCF tolerance, ~1e-9 ||V||; allow 1e-7.
      expect(
        residual(orbitals, result.orbitalEnergies, occupations, u, epsilon, grid, exchange, n),
      ).toBeLessThan(1e-7);
      // The exchange lowers the energy of a repulsive Slater state: E_HF < E_Hartree of the same
      // orbitals by the exchange energy, which is > 0 for V > 0.
      const solver = new HartreeFockSolver(result.state, {
        dt: 0.01,
        splitting: "order4",
        model: "hartree-fock",
        meanField,
        externalPotential: trap,
      });
      const d = solver.diagnostics();
      expect(d.exchangeEnergy).toBeGreaterThan(0);
      expect(d.energy).toBeCloseTo(result.energy, 12);
      // A self-consistent state is stationary: under the order-4 evolution the density moves only
      // by the splitting error O(dt^4) ~ 1e-8 over t = 0.2.
      const rho0 = solver.currentDensity();
      await solver.run(10, { diagnosticsEvery: 10 });
      const rho1 = solver.currentDensity();
      let change = 0;
      for (let i = 0; i < grid.size; i++) change += Math.abs(rho1[i] - rho0[i]) * grid.cellVolume;
      expect(change).toBeLessThan(1e-6);
    },
  );

  it("reports non-convergence and rejects bad input", () => {
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: 4,
      externalPotential: trap,
      meanField: new FreeSpaceConvolution(grid, gaussian(1.5, 0.5)),
      maxIterations: 2,
    });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
    expect(() => selfConsistentState(grid, { epsilon, particleNumber: 2.5 })).toThrow(
      ParameterError,
    );
    expect(() => selfConsistentState(grid, { epsilon: -1, particleNumber: 2 })).toThrow(/epsilon/);
    const plane = createGrid({ dimension: 2, points: 8, box: 4 });
    expect(() =>
      selfConsistentState(plane, {
        epsilon,
        particleNumber: 2,
        model: "hartree-fock",
        // the dense h is 1D only (d >= 2 defaults to the iterative solver, orbital-scf.test.ts)
        eigensolver: "direct",
        meanField: {
          grid: plane,
          potential: (r: Float64Array) => r,
          convolveComplex: (f: Float64Array) => f,
        },
      }),
    ).toThrow(/1D/);
  });
});
