import { createGrid, harmonicTrap, samplePotential } from "@semiclassical/grid";
import { lowestEigenstates } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import {
  BasisHamiltonian,
  BasisManyBodySolver,
  DeterminantSpace,
  GridManyBodySolver,
  oneBodyIntegrals,
  slaterDeterminant,
  trapBasis,
  twoBodyIntegrals,
} from "../src/index.js";

const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 0.5 };
const trap = harmonicTrap(1);

function gridSolver(N: number, n: number): GridManyBodySolver {
  const grid = createGrid({ dimension: 1, points: n, box: 10 });
  const epsilon = 1 / N;
  const potential = samplePotential(grid, harmonicTrap(1, [0.3]));
  const orbitals = lowestEigenstates(grid, { epsilon, kappa: 1, potential, count: N }).orbitals;
  const psi = slaterDeterminant(grid, orbitals, N);
  return new GridManyBodySolver(psi, { dt: 0.01, kernel, externalPotential: trap });
}

function basisSolver(N: number, M: number): BasisManyBodySolver {
  const grid = createGrid({ dimension: 1, points: 64, box: 12 });
  const epsilon = 1 / N;
  const basis = trapBasis(grid, { epsilon, externalPotential: trap, size: M });
  const space = new DeterminantSpace(M, N);
  const h = new BasisHamiltonian(
    space,
    oneBodyIntegrals(basis, { epsilon }),
    twoBodyIntegrals(basis, kernel),
  );
  return new BasisManyBodySolver(h, space.slater(Array.from({ length: N }, (_, k) => k)), {
    dt: 0.01,
    epsilon,
  });
}

describe("grid method: one Strang step, 1D, n = 32", () => {
  for (const N of [2, 3, 4]) {
    const solver = gridSolver(N, 32);
    bench(`N = ${N} (32^${N} points)`, () => solver.advance(), { iterations: N === 4 ? 3 : 10 });
  }
});

describe("basis method: one Krylov step (tolerance 1e-10)", () => {
  for (const [N, M] of [
    [2, 4],
    [4, 8],
    [6, 12],
    [8, 12],
  ]) {
    const solver = basisSolver(N, M);
    bench(`N = ${N}, M = ${M} (C = ${new DeterminantSpace(M, N).dimension})`, () => {
      solver.advance();
    });
  }
});
