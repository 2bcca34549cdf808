import { ParameterError, requirePositive } from "@semiclassical/grid";

/**
 * Fermi-Dirac occupations f_j = 1 / (1 + e^{(E_j - mu)/T}) (T > 0), evaluated without overflow.
 * Cost O(K), allocates K doubles.
 */
export function fermiDiracOccupations(
  energies: ArrayLike<number>,
  chemicalPotential: number,
  temperature: number,
): Float64Array {
  const out = new Float64Array(energies.length);
  for (let j = 0; j < energies.length; j++) {
    const x = (energies[j] - chemicalPotential) / temperature;
    out[j] = x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x));
  }
  return out;
}

/** sum_j 1/(1 + e^{(E_j - mu)/T}), the particle number of the levels at mu. Cost O(K). */
function occupationSum(energies: ArrayLike<number>, mu: number, t: number): number {
  let s = 0;
  for (let j = 0; j < energies.length; j++) {
    const x = (energies[j] - mu) / t;
    s += x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x));
  }
  return s;
}

/**
 * Chemical potential mu with sum_j 1/(1 + e^{(E_j - mu)/T}) = N over the given levels, by
 * bisection down to adjacent doubles (the sum is increasing in mu). Requires 0 < N < K.
 * Cost O(K) per bisection step, ~100 steps.
 */
export function chemicalPotential(
  energies: ArrayLike<number>,
  particles: number,
  temperature: number,
): number {
  requirePositive("temperature", temperature);
  if (!(particles > 0 && particles < energies.length)) {
    throw new ParameterError(
      "particles",
      `must lie strictly between 0 and the number of levels ${energies.length}, got ${particles}`,
    );
  }
  let lo = energies[0] - 50 * temperature - 1;
  let hi = energies[energies.length - 1] + 50 * temperature + 1;
  while (occupationSum(energies, lo, temperature) > particles) lo -= hi - lo;
  while (occupationSum(energies, hi, temperature) < particles) hi += hi - lo;
  for (let step = 0; step < 2000; step++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (occupationSum(energies, mid, temperature) < particles) lo = mid;
    else hi = mid;
  }
  const errLo = Math.abs(occupationSum(energies, lo, temperature) - particles);
  const errHi = Math.abs(occupationSum(energies, hi, temperature) - particles);
  return errLo <= errHi ? lo : hi;
}
