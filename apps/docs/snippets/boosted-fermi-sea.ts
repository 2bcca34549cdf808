// Your own initial state in orbital form: the Slater determinant of the N lowest trap orbitals,
// every orbital multiplied by e^{i p0 x / eps} (the whole Fermi sea moving with momentum p0).
// Its Wigner function is the trap ground state's shifted to v -> v - p0, so the kinetic energy
// per particle grows by exactly kappa p0^2.
import { axisPoints, gridForEpsilon, harmonicTrap, samplePotential } from "@semiclassical/grid";
import {
  createOrbitalDensityMatrix,
  kineticEnergy,
  lowestEigenstates,
  particleNumber,
} from "@semiclassical/quantum";

const N = 16;
const epsilon = 1 / N;
const kappa = 1;
const p0 = 1;
const grid = gridForEpsilon({ dimension: 1, epsilon, box: 8, vMax: 4 });
const { orbitals } = lowestEigenstates(grid, {
  epsilon,
  kappa,
  potential: samplePotential(grid, harmonicTrap(1)),
  count: N,
});

// Multiply orbital k (complex values at 2*(k*n + i)) by e^{i p0 x_i / eps}.
const x = axisPoints(grid);
const n = grid.size;
const boosted = new Float64Array(orbitals.length);
for (let k = 0; k < N; k++) {
  for (let i = 0; i < n; i++) {
    const re = orbitals[2 * (k * n + i)];
    const im = orbitals[2 * (k * n + i) + 1];
    const c = Math.cos((p0 * x[i]) / epsilon);
    const s = Math.sin((p0 * x[i]) / epsilon);
    boosted[2 * (k * n + i)] = re * c - im * s;
    boosted[2 * (k * n + i) + 1] = re * s + im * c;
  }
}

const occupations = new Float64Array(N).fill(1); // a pure state: 0 <= omega <= 1 holds
// Validates orthonormality on the grid (a unitary change of the orbitals keeps it).
export const atRest = createOrbitalDensityMatrix(grid, epsilon, occupations, orbitals);
export const moving = createOrbitalDensityMatrix(grid, epsilon, occupations, boosted);

export const gain = (kineticEnergy(moving, kappa) - kineticEnergy(atRest, kappa)) / N;
console.log(`tr omega = ${particleNumber(moving).toFixed(12)}`);
console.log(
  `kinetic energy gained per particle: ${gain.toFixed(12)} (kappa p0^2 = ${kappa * p0 * p0})`,
);
