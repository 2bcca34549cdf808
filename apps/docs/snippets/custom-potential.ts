// Your own external potential: a double well V_ext(x) = a (x^2 - b^2)^2 with its analytic
// gradient (the solvers never differentiate V_ext on a periodic grid).
import {
  createGrid,
  type ExternalPotential,
  samplePotential,
  samplePotentialGradient,
} from "@semiclassical/grid";

export function doubleWell(a: number, b: number): ExternalPotential {
  return {
    name: `double-well(${a}, ${b})`,
    timeDependent: false,
    value: (x) => a * (x[0] ** 2 - b ** 2) ** 2,
    gradient: (x, _t, out) => {
      out[0] = 4 * a * x[0] * (x[0] ** 2 - b ** 2);
    },
  };
}

const grid = createGrid({ dimension: 1, points: 256, box: 6 });
const well = doubleWell(1, 1);
export const values = samplePotential(grid, well);
export const [gradient] = samplePotentialGradient(grid, well);

// Check the analytic gradient against centred differences of the sampled values.
const dx = grid.spacing[0];
export let worstMismatch = 0;
for (let i = 1; i < grid.size - 1; i++) {
  const centred = (values[i + 1] - values[i - 1]) / (2 * dx);
  worstMismatch = Math.max(worstMismatch, Math.abs(centred - gradient[i]));
}
console.log(`max |dV/dx - centred difference| = ${worstMismatch.toExponential(2)} (O(dx^2))`);
