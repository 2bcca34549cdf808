import type { Grid } from "@semiclassical/grid";

/**
 * Weyl-law level count N(E) = (2 pi eps)^-d |{(x, v): kappa |v|^2 + V(x) <= E}| with the
 * x-integral as a grid sum. Cost O(n).
 */
export function weylLevelCount(
  grid: Grid,
  epsilon: number,
  kappa: number,
  potential: Float64Array,
  energy: number,
): number {
  const d = grid.dimension;
  const ball = [2, Math.PI, (4 * Math.PI) / 3][d - 1];
  let s = 0;
  for (const v of potential) if (energy > v) s += ((energy - v) / kappa) ** (d / 2);
  return (2 * Math.PI * epsilon) ** -d * ball * s * grid.cellVolume;
}

/**
 * Semiclassical estimate of the number of orbitals a thermal state needs: mu from N(mu) = N
 * (Weyl law), then E_cut = mu + T ln(g T / cutoff) (g = dN/dE at mu) so that the Boltzmann tail
 * beyond E_cut is below the cutoff; returns 1.1 N(E_cut) + 8.
 */
export function estimateLevelCount(
  grid: Grid,
  epsilon: number,
  kappa: number,
  potential: Float64Array,
  particles: number,
  temperature: number,
  cutoff: number,
): number {
  let lo = Number.POSITIVE_INFINITY;
  for (const v of potential) lo = Math.min(lo, v);
  let hi = lo + 1;
  const count = (e: number) => weylLevelCount(grid, epsilon, kappa, potential, e);
  for (let k = 0; k < 200 && count(hi) < particles; k++) hi = lo + 2 * (hi - lo);
  for (let k = 0; k < 100; k++) {
    const mid = 0.5 * (lo + hi);
    if (count(mid) < particles) lo = mid;
    else hi = mid;
  }
  const mu = hi;
  const delta = Math.max(temperature, 1e-6 * Math.abs(mu) + 1e-12);
  const g = (count(mu + delta) - count(mu - delta)) / (2 * delta);
  const cut = mu + temperature * Math.log(Math.max((g * temperature) / cutoff, 1));
  const estimate = Math.ceil(1.1 * count(cut) + 8);
  return Number.isFinite(estimate) ? estimate : Math.ceil(particles) + 16;
}
