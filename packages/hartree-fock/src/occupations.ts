import { ParameterError } from "@semiclassical/grid";

/** Fermi-Dirac occupations and the chemical potential that fixes their sum. */
export interface FermiDiracFilling {
  readonly occupations: Float64Array;
  /** mu with sum_j f_j = N (T = 0: the midpoint between the last filled and first empty level). */
  readonly chemicalPotential: number;
}

/**
 * f_j = 1/(1 + e^{(E_j - mu)/T}) with mu by bisection on sum_j f_j = N (THEORY.md section 4);
 * T = 0: the N lowest levels filled (N must then be an integer <= the number of levels).
 * `energies` ascending. Throws a ParameterError (parameter `count`) if T > 0 and the highest
 * level still holds more than `cutoff` particles (too few levels computed). Cost O(L log(1/tol)).
 */
export function fermiDiracOccupations(
  energies: Float64Array,
  particleNumber: number,
  temperature: number,
  cutoff = 1e-12,
): FermiDiracFilling {
  const count = energies.length;
  const occupations = new Float64Array(count);
  if (temperature === 0) {
    if (!Number.isInteger(particleNumber) || particleNumber > count) {
      throw new ParameterError(
        "particleNumber",
        `at T = 0 must be an integer <= the ${count} computed levels, got ${particleNumber}`,
      );
    }
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
  const fill = (mu: number): number => {
    let s = 0;
    for (let j = 0; j < count; j++) {
      const z = (energies[j] - mu) / temperature;
      const f = z > 700 ? 0 : 1 / (1 + Math.exp(z));
      occupations[j] = f;
      s += f;
    }
    return s;
  };
  let low = energies[0] - 50 * temperature;
  let high = energies[count - 1] + 50 * temperature;
  for (let it = 0; it < 200 && high - low > 1e-15 * Math.max(1, Math.abs(high)); it++) {
    const mid = 0.5 * (low + high);
    if (fill(mid) < particleNumber) low = mid;
    else high = mid;
  }
  const mu = 0.5 * (low + high);
  const total = fill(mu);
  // remove the bisection residue proportionally (keeps 0 <= f <= 1 and sum f = N exactly)
  const scale = particleNumber / total;
  for (let j = 0; j < count; j++) occupations[j] = Math.min(1, occupations[j] * scale);
  if (occupations[count - 1] > cutoff) {
    throw new ParameterError(
      "count",
      `the highest of the ${count} levels still holds ${occupations[count - 1].toExponential(2)} ` +
        `particles at T = ${temperature}; compute more levels`,
    );
  }
  return { occupations, chemicalPotential: mu };
}
