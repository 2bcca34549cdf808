import { ParameterError } from "@semiclassical/grid";
import { chemicalPotential, fermiDiracOccupations } from "@semiclassical/quantum";

/** Fermi-Dirac occupations and the chemical potential that fixes their sum. */
export interface FermiDiracFilling {
  readonly occupations: Float64Array;
  /**
   * mu with sum_j f_j = N. T = 0: the midpoint between the last filled and the first empty level
   * when that level was computed (more than N levels), else the last filled level E_{N-1} (then
   * mu is only a lower bound of the midpoint; compute N + 1 levels for it).
   */
  readonly chemicalPotential: number;
}

/**
 * Fills computed levels: f_j = 1/(1 + e^{(E_j - mu)/T}) with sum_j f_j = N (quantum's
 * `chemicalPotential` and `fermiDiracOccupations`, THEORY.md section 4); T = 0: the N lowest levels
 * (N an integer <= the number of levels). `energies` ascending. Throws a ParameterError with
 * parameter `count` if T > 0 and the highest level holds more than `cutoff` particles (too few
 * levels computed), so the caller can compute more. Cost O(L) per bisection step.
 */
export function fillLevels(
  energies: Float64Array,
  particleNumber: number,
  temperature: number,
  cutoff = 1e-12,
): FermiDiracFilling {
  const count = energies.length;
  if (temperature === 0) {
    if (!Number.isInteger(particleNumber) || particleNumber > count) {
      throw new ParameterError(
        "particleNumber",
        `at T = 0 must be an integer <= the ${count} computed levels, got ${particleNumber}`,
      );
    }
    const occupations = new Float64Array(count);
    occupations.fill(1, 0, particleNumber);
    const mu =
      particleNumber < count
        ? 0.5 * (energies[particleNumber - 1] + energies[particleNumber])
        : energies[count - 1];
    return { occupations, chemicalPotential: mu };
  }
  if (particleNumber >= count) {
    throw new ParameterError(
      "count",
      `a thermal state of N = ${particleNumber} needs more than ${count} levels`,
    );
  }
  const mu = chemicalPotential(energies, particleNumber, temperature);
  const occupations = fermiDiracOccupations(energies, mu, temperature);
  if (occupations[count - 1] > cutoff) {
    throw new ParameterError(
      "count",
      `the highest of the ${count} levels still holds ${occupations[count - 1].toExponential(2)} ` +
        `particles at T = ${temperature}; compute more levels`,
    );
  }
  return { occupations, chemicalPotential: mu };
}
