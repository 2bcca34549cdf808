// The N lowest orbitals of h_0 = -eps^2 d_xx + x^2 (kappa = 1, d = 1, trap strength 1):
// the exact eigenvalues are eps (2j + 1).
import { gridForEpsilon, harmonicTrap, samplePotential } from "@semiclassical/grid";
import { lowestEigenstates } from "@semiclassical/quantum";

const N = 16;
const epsilon = 1 / N;
const grid = gridForEpsilon({ dimension: 1, epsilon, box: 8, vMax: 3 });
const potential = samplePotential(grid, harmonicTrap(1)); // V_ext(x_i) = x_i^2

export const { energies, orbitals } = lowestEigenstates(grid, {
  epsilon,
  kappa: 1,
  potential,
  count: N,
});

export const worstError = Math.max(...energies.map((e, j) => Math.abs(e - epsilon * (2 * j + 1))));
console.log(`E_0 = ${energies[0].toFixed(12)}, E_${N - 1} = ${energies[N - 1].toFixed(12)}`);
console.log(`max_j |E_j - eps(2j+1)| = ${worstError.toExponential(2)}`);
