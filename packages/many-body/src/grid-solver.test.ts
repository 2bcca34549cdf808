import { axisPoints, createGrid, harmonicTrap, noExternalPotential } from "@semiclassical/grid";
import { lowestEigenstates } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import {
  freeEvolve,
  kick,
  l2Difference,
  line,
  maxDifference,
  projector,
  trapOrbitals,
} from "./fixtures.js";
import { gridGroundState } from "./grid-ground-state.js";
import { GridManyBodySolver } from "./grid-solver.js";
import { reducedDensityMatrix } from "./reduced-density.js";
import { type ManyBodyWavefunction, slaterDeterminant } from "./wavefunction.js";

const gaussian = { kind: "gaussian" as const, lambda: 1, sigma: 0.5 };
const log = (...args: unknown[]) => process.env.MB_VERBOSE && console.log(...args);

describe("GridManyBodySolver", () => {
  it("V = 0: gamma_t is the projector onto the freely evolved orbitals (N = 3, 1D)", () => {
    const grid = line(32, 12);
    const N = 3;
    const epsilon = 1 / N;
    const orbitals = trapOrbitals(grid, epsilon, N, 1, 0.5);
    const psi = slaterDeterminant(grid, orbitals, N);
    const solver = new GridManyBodySolver(psi, { dt: 0.05 });
    solver.run(10);
    const evolved = Array.from({ length: N }, (_, k) =>
      freeEvolve(grid, orbitals.subarray(2 * k * 32, 2 * (k + 1) * 32), 0.5, epsilon),
    );
    const gamma = solver.reducedDensityMatrix();
    const error = maxDifference(gamma.data, projector(grid, evolved));
    log("V=0 gamma error", error);
    // every substep is exact for V = V_ext = 0: only FFT round-off (~1e-15 per entry) remains
    expect(error).toBeLessThan(1e-12);
  });

  it("N = 1: equals the one-body split-operator dynamics", () => {
    const grid = line(64, 10);
    const epsilon = 0.25;
    const phi0 = trapOrbitals(grid, epsilon, 1, 1, 1);
    const psi: ManyBodyWavefunction = { grid, particles: 1, epsilon, data: phi0 };
    const trap = harmonicTrap(1);
    const dt = 0.02;
    const solver = new GridManyBodySolver(psi, { dt, externalPotential: trap, kernel: gaussian });
    solver.run(25);
    // independent Strang one-body reference (naive DFT for the kinetic half steps)
    const v = axisPoints(grid).map((x) => x * x);
    let phi: Float64Array = Float64Array.from(phi0);
    for (let s = 0; s < 25; s++) {
      phi = freeEvolve(grid, phi, dt / 2, epsilon);
      kick(phi, v, dt, epsilon);
      phi = freeEvolve(grid, phi, dt / 2, epsilon);
    }
    const error = maxDifference(solver.view().data, phi);
    log("N=1 error", error);
    // same scheme, FFT vs naive DFT: round-off only (~1e-14 after 50 transforms)
    expect(error).toBeLessThan(1e-11);
  });

  it("conserves norm and antisymmetry to round-off and energy to the order (N = 3, trap + V)", () => {
    const grid = line(32, 10);
    const N = 3;
    const epsilon = 1 / N;
    const psi = slaterDeterminant(grid, trapOrbitals(grid, epsilon, N, 1, 0.4), N);
    const drifts: Record<string, number> = {};
    for (const splitting of ["strang", "order4"] as const) {
      const solver = new GridManyBodySolver(psi, {
        dt: 0.02,
        externalPotential: harmonicTrap(1),
        kernel: gaussian,
        splitting,
      });
      const d0 = solver.diagnostics();
      solver.run(50);
      const d1 = solver.diagnostics();
      log(splitting, d0, d1);
      expect(Math.abs(d1.norm - 1)).toBeLessThan(1e-12);
      // exchanges commute with every substep; FFT round-off along different axes accumulates
      // (8e-13 measured after 50 steps)
      expect(d1.antisymmetryDefect).toBeLessThan(1e-11);
      drifts[splitting] = Math.abs(d1.energy - d0.energy);
    }
    log("energy drifts", drifts);
    expect(drifts.strang).toBeLessThan(1e-3);
    expect(drifts.order4).toBeLessThan(drifts.strang / 10);
  });

  it("time order 2 (Strang) and 4 (Yoshida) by refinement (N = 2, trap + V)", () => {
    const grid = line(32, 10);
    const epsilon = 0.5;
    const psi = slaterDeterminant(grid, trapOrbitals(grid, epsilon, 2, 1, 0.5), 2);
    const options = { externalPotential: harmonicTrap(1), kernel: { ...gaussian, lambda: 4 } };
    const T = 0.8;
    const final = (dt: number, splitting: "strang" | "order4") => {
      const solver = new GridManyBodySolver(psi, { ...options, dt, splitting });
      solver.run(Math.round(T / dt));
      return solver.view().data;
    };
    const reference = final(T / 256, "order4");
    const w = grid.cellVolume ** 2;
    const error = (dt: number, s: "strang" | "order4") => l2Difference(final(dt, s), reference, w);
    const strang = Math.log2(error(T / 8, "strang") / error(T / 16, "strang"));
    const order4 = Math.log2(error(T / 8, "order4") / error(T / 16, "order4"));
    log("orders", strang, order4);
    // asymptotic regime at these steps: observed 2.00 and 4.0 (+- 0.15)
    expect(strang).toBeGreaterThan(1.9);
    expect(strang).toBeLessThan(2.1);
    expect(order4).toBeGreaterThan(3.7);
  });

  it("Kohn: the center of mass of two interacting fermions oscillates at the trap frequency", () => {
    const grid = line(64, 10);
    const epsilon = 0.5;
    // ground state of the displaced trap (x - 0.5)^2 with the interaction, then the centred trap
    const kernel = { ...gaussian, lambda: 3 };
    const ground = gridGroundState(grid, {
      particles: 2,
      epsilon,
      kernel,
      externalPotential: harmonicTrap(1, [0.5]),
    });
    const solver = new GridManyBodySolver(ground.wavefunction, {
      dt: 0.01,
      splitting: "order4",
      kernel,
      externalPotential: harmonicTrap(1),
    });
    const x = axisPoints(grid);
    let worst = 0;
    for (let s = 0; s < 5; s++) {
      solver.run(20);
      const gamma = solver.reducedDensityMatrix();
      let com = 0;
      for (let i = 0; i < x.length; i++) com += x[i] * gamma.data[2 * (i * x.length + i)];
      com /= 2;
      // kappa = 1, V_ext = x^2: x'' = -4 x, so X(t) = 0.5 cos(2t) whatever V(x1 - x2) is
      worst = Math.max(worst, Math.abs(com - 0.5 * Math.cos(2 * solver.time)));
    }
    log("Kohn error", worst, "ground residual", ground.residual);
    // order-4 splitting at dt = 0.01 (~1e-9) and the Lanczos ground state (residual 1e-9)
    expect(worst).toBeLessThan(1e-7);
  });

  it("relative-coordinate reduction: E_0(N = 2) = E_com + lowest odd level of h_rel", () => {
    const grid = line(64, 10);
    const epsilon = 0.5;
    const kernel = { ...gaussian, lambda: 3 };
    const ground = gridGroundState(grid, {
      particles: 2,
      epsilon,
      kernel,
      externalPotential: harmonicTrap(1),
    });
    // x1^2 + x2^2 = 2 X^2 + r^2/2, d1^2 + d2^2 = d_X^2/2 + 2 d_r^2 (X = (x1 + x2)/2, r = x1 - x2):
    // E_com = eps sqrt((1/2) 2) = eps; h_rel = -2 eps^2 d_rr + r^2/2 + V(r)/2, odd (fermions)
    const rel = line(128, 20);
    const potential = axisPoints(rel).map((r) => (r * r) / 2 + (3 * Math.exp(-(r * r) / 0.5)) / 2);
    const levels = lowestEigenstates(rel, { epsilon, kappa: 2, potential, count: 2 }).energies;
    const expected = epsilon + levels[1];
    log("E0", ground.energy, expected, ground.energy - expected);
    // both spectrally resolved (Gaussian tails e^{-x^2/eps} < 1e-20 at the box edges): the
    // difference is the Lanczos tolerance (residual 1e-9 => eigenvalue error ~1e-12 or better)
    expect(Math.abs(ground.energy - expected)).toBeLessThan(1e-8);
  });

  it("Lanczos ground state of the free trap: sum of the N lowest levels eps (2j + 1)", () => {
    const grid = line(32, 10);
    const N = 3;
    const epsilon = 1 / N;
    const ground = gridGroundState(grid, {
      particles: N,
      externalPotential: harmonicTrap(1),
      start: slaterDeterminant(
        grid,
        trapOrbitals(grid, epsilon, N + 1, 1, 0.3).subarray(2 * 32),
        N,
      ),
    });
    const expected = epsilon * (1 + 3 + 5);
    log("free trap E0", ground.energy, expected, ground.restarts);
    // spectral grid (dx = 0.31, orbitals j <= 3 resolved to ~1e-10); Lanczos residual 1e-9
    expect(Math.abs(ground.energy - expected)).toBeLessThan(1e-8);
  });

  it("2D, N = 2: norm, antisymmetry and energy conserved", () => {
    const grid = createGrid({ dimension: 2, points: 16, box: 8 });
    const epsilon = Math.SQRT1_2;
    const potential = new Float64Array(grid.size);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const x = grid.origin[0] + i * grid.spacing[0] - 0.3;
        const y = grid.origin[1] + j * grid.spacing[1];
        potential[i * 16 + j] = x * x + y * y;
      }
    }
    const orbitals = lowestEigenstates(grid, { epsilon, kappa: 1, potential, count: 2 }).orbitals;
    const psi = slaterDeterminant(grid, orbitals, 2);
    const solver = new GridManyBodySolver(psi, {
      dt: 0.02,
      kernel: gaussian,
      externalPotential: harmonicTrap(1),
    });
    const d0 = solver.diagnostics();
    solver.run(10);
    const d1 = solver.diagnostics();
    log("2D", d0.energy, d1.energy, d1.norm, d1.antisymmetryDefect);
    const gamma = solver.reducedDensityMatrix();
    let trace = 0;
    for (let i = 0; i < grid.size; i++) trace += gamma.data[2 * (i * grid.size + i)];
    expect(Math.abs(trace - 2)).toBeLessThan(1e-12);
    expect(Math.abs(d1.norm - 1)).toBeLessThan(1e-12);
    // FFT round-off along the 4 axes (1.8e-12 measured after 10 steps)
    expect(d1.antisymmetryDefect).toBeLessThan(1e-10);
    // Strang energy error O(dt^2) ~ 1e-4 at dt = 0.02
    expect(Math.abs(d1.energy - d0.energy)).toBeLessThan(1e-3);
  });

  it("refuses bad input before any work", () => {
    const grid = line(256, 10);
    const orbitals = trapOrbitals(line(32, 10), 0.25, 2);
    const small = line(32, 10);
    // 256^4 points x 48 bytes = 206 GB
    expect(() => slaterDeterminant(grid, new Float64Array(2 * 256 * 4), 4)).toThrow(/needs .* GiB/);
    expect(
      () =>
        new GridManyBodySolver(
          { grid, particles: 4, epsilon: 0.25, data: new Float64Array(2) },
          { dt: 0.1 },
        ),
    ).toThrow(/maxBytes/);
    const psi = slaterDeterminant(small, orbitals, 2);
    expect(
      () =>
        new GridManyBodySolver(psi, { dt: 0.1, kernel: { kind: "power", lambda: 1, alpha: 0.5 } }),
    ).toThrow(/infinite at x_i = x_j/);
    const unnormalized = { ...psi, data: psi.data.map((v) => 2 * v) };
    expect(() => new GridManyBodySolver(unnormalized, { dt: 0.1 })).toThrow(/not normalized/);
    // a symmetric (bosonic) product state phi(x1) phi(x2)
    const bosonic = new Float64Array(2 * 32 * 32);
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 32; j++) bosonic[2 * (i * 32 + j)] = orbitals[2 * i] * orbitals[2 * j];
    }
    expect(() => new GridManyBodySolver({ ...psi, data: bosonic }, { dt: 0.1 })).toThrow(
      /not fermionic/,
    );
    expect(() => reducedDensityMatrix(psi)).not.toThrow();
    void noExternalPotential;
  });
});
