// The metrics package on two small examples with known answers.
// 1) The trace distance of two one-particle projections |phi><phi| and |psi><psi| is
//    2 sqrt(1 - |<phi|psi>|^2); for Gaussians e^{-a x^2/2}, e^{-b x^2/2}: |<phi|psi>|^2 = 2 sqrt(ab)/(a+b).
// 2) A rate fit recovers the exponent of error = C eps^r.
import { axisPoints, createGrid } from "@semiclassical/grid";
import { fitRate, theoremExponents, traceDistance } from "@semiclassical/metrics";
import { createOrbitalDensityMatrix, toDense } from "@semiclassical/quantum";

const epsilon = 1 / 8;
const grid = createGrid({ dimension: 1, points: 256, box: 8 });
const x = axisPoints(grid);

/** The ground state of -eps^2 d_xx + s x^2 (a = sqrt(s)/eps) as a one-orbital state. */
function groundState(strength: number) {
  const a = Math.sqrt(strength) / epsilon;
  const orbital = new Float64Array(2 * grid.size);
  x.forEach((xi, i) => {
    orbital[2 * i] = (a / Math.PI) ** 0.25 * Math.exp((-a * xi * xi) / 2);
  });
  return { a, state: createOrbitalDensityMatrix(grid, epsilon, new Float64Array([1]), orbital) };
}

const first = groundState(1);
const second = groundState(2);
export const distance = traceDistance(
  grid.size,
  toDense(first.state).data,
  toDense(second.state).data,
);
const overlapSquared = (2 * Math.sqrt(first.a * second.a)) / (first.a + second.a);
export const exactDistance = 2 * Math.sqrt(1 - overlapSquared);
console.log(`tr|P - Q| = ${distance.toFixed(12)}, exact ${exactDistance.toFixed(12)}`);

const epsilons = [1 / 8, 1 / 16, 1 / 32, 1 / 64];
const errors = epsilons.map((e) => 0.3 * e ** 0.8);
export const fit = fitRate(epsilons, errors);
export const exponents = theoremExponents(0.25);
console.log(
  `slope ${fit.slope.toFixed(6)} (Theorem 1 for alpha = 0.25: ${exponents.theorem1?.toFixed(4)})`,
);
