import type { InteractionKernel } from "@semiclassical/grid";
import { harmonicTrap, noExternalPotential } from "@semiclassical/grid";
import { hermitianEigen, toDense } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { oneBodyIntegrals, trapBasis, twoBodyIntegrals } from "./basis.js";
import { basisSizeFloor } from "./basis-floor.js";
import { BasisHamiltonian, requireBasisBudget } from "./basis-hamiltonian.js";
import {
  BasisManyBodySolver,
  basisGroundState,
  basisOneBodyMatrix,
  basisReducedDensity,
  traceDistancePerParticle,
} from "./basis-solver.js";
import { DeterminantSpace } from "./determinants.js";
import { line } from "./fixtures.js";
import { gridGroundState } from "./grid-ground-state.js";
import { GridManyBodySolver } from "./grid-solver.js";
import { TensorHamiltonian } from "./tensor-hamiltonian.js";
import { slaterDeterminant } from "./wavefunction.js";

const gaussian = { kind: "gaussian" as const, lambda: 2, sigma: 0.5 };
const log = (...args: unknown[]) => process.env.MB_VERBOSE && console.log(...args);
const trap = harmonicTrap(1);

function setup(
  n: number,
  box: number,
  N: number,
  M: number,
  kernel: InteractionKernel | null = gaussian,
  release = trap,
) {
  const grid = line(n, box);
  const epsilon = 1 / N;
  const basis = trapBasis(grid, { epsilon, externalPotential: trap, size: M });
  const space = new DeterminantSpace(M, N);
  const h1 = oneBodyIntegrals(basis, { epsilon, externalPotential: release });
  const v2 = kernel === null ? undefined : twoBodyIntegrals(basis, kernel);
  return { grid, epsilon, basis, space, h: new BasisHamiltonian(space, h1, v2) };
}

describe("DeterminantSpace", () => {
  it("ranks the C(M, N) bitstrings consistently", () => {
    const space = new DeterminantSpace(12, 5);
    expect(space.dimension).toBe(792);
    for (let i = 0; i < space.dimension; i++) expect(space.index(space.masks[i])).toBe(i);
    expect(space.masks[0]).toBe(0b11111);
  });
});

describe("BasisHamiltonian", () => {
  it("diagonal Slater-Condon element = grid energy of the same determinant (N = 3)", () => {
    const { grid, epsilon, basis, space, h } = setup(32, 10, 3, 8);
    const occupied = [0, 2, 5];
    const c = space.slater(occupied);
    const orbitals = new Float64Array(3 * 2 * 32);
    occupied.forEach((p, k) => {
      orbitals.set(basis.orbitals.subarray(2 * p * 32, 2 * (p + 1) * 32), 2 * k * 32);
    });
    const psi = slaterDeterminant(grid, orbitals, 3);
    const tensor = new TensorHamiltonian(grid, {
      particles: 3,
      epsilon,
      kernel: gaussian,
      externalPotential: trap,
    });
    const e = tensor.expectation(psi.data, 0);
    const grid3 = e.kinetic + e.external + e.interaction;
    log("diag", h.expectation(c), grid3);
    // same quadrature on both sides: round-off only
    expect(Math.abs(h.expectation(c) - grid3)).toBeLessThan(1e-11);
  });

  it("non-interacting trap: Lanczos E_0 = sum_{j<N} eps (2j + 1) (N = 6, M = 10)", () => {
    const { epsilon, h } = setup(64, 12, 6, 10, null);
    // a start with weight on every determinant: Lanczos must find the minimum over all C(10, 6)
    const start = new Float64Array(2 * h.dimension).map((_, q) => (q % 2 === 0 ? Math.cos(q) : 0));
    const ground = basisGroundState(h, { start });
    // lowestEigenstates residual 1e-12 per orbital: E_0 exact to ~1e-11
    expect(Math.abs(ground.energy - epsilon * 36)).toBeLessThan(1e-9);
  });
});

describe("grid method against basis method", () => {
  for (const N of [2, 3]) {
    it(`ground state and dynamics agree within the basis floor (N = ${N})`, () => {
      const n = 32;
      const box = 10;
      const results = [8, 12].map((M) => setup(n, box, N, M, gaussian, harmonicTrap(1, [0.4])));
      const grid = results[0].grid;
      const epsilon = 1 / N;
      // ground states in the trap: variational in M, the grid the M = n limit
      const trapped = [8, 12].map((M) => setup(n, box, N, M));
      const e = trapped.map((s) => basisGroundState(s.h).energy);
      const g = gridGroundState(grid, { particles: N, kernel: gaussian, externalPotential: trap });
      log("E0", N, e, g.energy);
      expect(e[0]).toBeGreaterThanOrEqual(e[1] - 1e-10);
      expect(e[1]).toBeGreaterThanOrEqual(g.energy - 1e-9);
      expect(e[1] - g.energy).toBeLessThan(e[0] - e[1]);
      // dynamics from the Slater determinant of the N lowest trap orbitals in the shifted trap
      const orbitals = results[0].basis.orbitals.subarray(0, 2 * N * n);
      const psi = slaterDeterminant(grid, Float64Array.from(orbitals), N);
      const gridSolver = new GridManyBodySolver(psi, {
        dt: 0.01,
        splitting: "order4",
        kernel: gaussian,
        externalPotential: harmonicTrap(1, [0.4]),
      });
      gridSolver.run(50);
      const gammaGrid = gridSolver.reducedDensityMatrix();
      const gammas = results.map((s) => {
        const c0 = s.space.slater(Array.from({ length: N }, (_, k) => k));
        const solver = new BasisManyBodySolver(s.h, c0, { dt: 0.05, epsilon });
        solver.run(10);
        expect(Math.abs(solver.norm() - 1)).toBeLessThan(1e-10);
        return basisReducedDensity(s.basis, s.space, solver.coefficients(), epsilon);
      });
      const floor = traceDistancePerParticle(gammas[0], gammas[1]);
      const distance = traceDistancePerParticle(gammaGrid, gammas[1]);
      log("dynamics", N, { floor, distance });
      expect(distance).toBeLessThan(floor);
    });
  }
});

describe("BasisManyBodySolver", () => {
  it("Krylov step equals the exact exponential to the tolerance; norm and energy conserved", () => {
    const { epsilon, space, h } = setup(32, 10, 3, 8, gaussian, noExternalPotential);
    const dim = space.dimension;
    // dense H and its exact exponential by hermitianEigen
    const dense = new Float64Array(2 * dim * dim);
    const e = new Float64Array(2 * dim);
    const col = new Float64Array(2 * dim);
    for (let j = 0; j < dim; j++) {
      e.fill(0);
      e[2 * j] = 1;
      h.apply(e, col);
      for (let i = 0; i < dim; i++) {
        dense[2 * (i * dim + j)] = col[2 * i];
        dense[2 * (i * dim + j) + 1] = col[2 * i + 1];
      }
    }
    const eig = hermitianEigen(dim, dense, { vectors: true });
    const c0 = space.slater([0, 1, 2]);
    const dt = 0.2;
    const exact = new Float64Array(2 * dim);
    for (let k = 0; k < dim; k++) {
      // (U^* c0)_k, then e^{-i dt E_k/eps}
      let re = 0;
      let im = 0;
      for (let i = 0; i < dim; i++) {
        const ur = eig.vectors[2 * (i * dim + k)];
        const ui = eig.vectors[2 * (i * dim + k) + 1];
        re += ur * c0[2 * i] + ui * c0[2 * i + 1];
        im += ur * c0[2 * i + 1] - ui * c0[2 * i];
      }
      const th = (-dt * eig.values[k]) / epsilon;
      const pr = re * Math.cos(th) - im * Math.sin(th);
      const pi = re * Math.sin(th) + im * Math.cos(th);
      for (let i = 0; i < dim; i++) {
        const ur = eig.vectors[2 * (i * dim + k)];
        const ui = eig.vectors[2 * (i * dim + k) + 1];
        exact[2 * i] += ur * pr - ui * pi;
        exact[2 * i + 1] += ur * pi + ui * pr;
      }
    }
    const solver = new BasisManyBodySolver(h, c0, { dt, epsilon, tolerance: 1e-10 });
    const energy0 = solver.energy();
    const report = solver.advance();
    let err = 0;
    const c = solver.coefficients();
    for (let q = 0; q < c.length; q++) err = Math.max(err, Math.abs(c[q] - exact[q]));
    log("krylov", report, err);
    // the a-posteriori estimate bounds the true error (it overestimates it by ~10 here)
    expect(err).toBeLessThan(1e-10);
    expect(report.errorEstimate).toBeLessThan(1e-10);
    solver.run(20);
    expect(Math.abs(solver.norm() - 1)).toBeLessThan(1e-12);
    expect(Math.abs(solver.energy() - energy0)).toBeLessThan(1e-10);
  });

  it("gamma_t: tr = N, 0 <= gamma <= 1, Hermitian; release of N = 6 with M = 12", () => {
    const { epsilon, basis, space, h } = setup(64, 12, 6, 12, gaussian, noExternalPotential);
    const trapped = new BasisHamiltonian(
      space,
      oneBodyIntegrals(basis, { epsilon, externalPotential: trap }),
      twoBodyIntegrals(basis, gaussian),
    );
    const ground = basisGroundState(trapped);
    const solver = new BasisManyBodySolver(h, ground.vector, { dt: 0.05, epsilon });
    solver.run(4);
    const g = basisOneBodyMatrix(space, solver.coefficients());
    const values = hermitianEigen(12, g).values;
    let trace = 0;
    for (const v of values) trace += v;
    log("N=6", ground.energy, values, solver.accumulatedError, h.nonzeros);
    expect(Math.abs(trace - 6)).toBeLessThan(1e-12);
    expect(values[0]).toBeGreaterThan(-1e-12);
    expect(values[11]).toBeLessThan(1 + 1e-12);
    const gamma = basisReducedDensity(basis, space, solver.coefficients(), epsilon);
    const dense = toDense(gamma);
    let tr = 0;
    for (let i = 0; i < 64; i++) tr += dense.data[2 * (i * 64 + i)];
    expect(Math.abs(tr - 6)).toBeLessThan(1e-10);
  });
});

describe("basis method: singular kernels and bad input", () => {
  it("a power kernel through the free-space convolution; the grid method refuses it", () => {
    const power = { kind: "power" as const, lambda: 1, alpha: 0.5 };
    const { space, h } = setup(64, 12, 2, 6, power);
    const ground = basisGroundState(h);
    // repulsion raises E_0 above the free value eps (1 + 3) = 2
    expect(ground.energy).toBeGreaterThan(2);
    expect(ground.residual).toBeLessThan(1e-8);
    expect(space.dimension).toBe(15);
  });

  it("refuses spaces beyond maxBytes and unnormalized coefficients before any work", () => {
    // C(24, 12) = 2.7e6 determinants, up to 4501 entries per row: 226 GiB
    expect(() => requireBasisBudget(24, 12)).toThrow(/basisSize: needs 2\d\d GiB/);
    const space = new DeterminantSpace(24, 12);
    expect(() => new BasisHamiltonian(space, new Float64Array(2 * 576), undefined)).toThrow(
      /use fewer orbitals M/,
    );
    expect(() => new DeterminantSpace(30, 15, 1e6)).toThrow(/maxBytes/);
    const { epsilon, h } = setup(32, 10, 2, 4, null);
    const bad = new Float64Array(2 * h.dimension).fill(1);
    expect(() => new BasisManyBodySolver(h, bad, { dt: 0.1, epsilon })).toThrow(/not normalized/);
  });
});

describe("basisSizeFloor", () => {
  it("shrinks with M for a release from the trap (N = 4)", () => {
    const options = {
      grid: line(64, 12),
      particles: 4,
      kernel: gaussian,
      trap,
      externalPotential: noExternalPotential,
      dt: 0.1,
      times: [0, 0.3],
    };
    const a = basisSizeFloor({ ...options, basisSize: 6, largerBasisSize: 8 });
    const b = basisSizeFloor({ ...options, basisSize: 8, largerBasisSize: 10 });
    log("floors", a.floor, b.floor);
    // t = 0: both runs start from the same Slater determinant exactly
    expect(a.floor[0]).toBeLessThan(1e-12);
    expect(b.floor[1]).toBeLessThan(a.floor[1]);
  });
});
