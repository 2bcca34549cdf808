// Theorem 2's class of states: a superposition of coherent states,
// omega = (2 pi eps)^-1 int M(r, p) |f_rp><f_rp| dr dp with M the indicator of the Fermi ball
// r^2 + p^2 <= 2 (area 2 pi, so (2 pi eps)^-1 int M = 1/eps = N). 0 <= omega <= 1 holds by
// construction, and W is (2 pi)^-1 M smoothed at scale sqrt(eps).
import { axisPoints, createGrid, createPhaseSpaceGrid, gridForEpsilon } from "@semiclassical/grid";
import {
  checkFermionic,
  coherentStateSuperposition,
  wignerTransform,
} from "@semiclassical/quantum";

const N = 16;
const epsilon = 1 / N;
// The profile M on its own phase-space grid (dr = dp = 6/64, well below sqrt(eps) = 0.25).
const axis = createGrid({ dimension: 1, points: 64, box: 6 });
const profileGrid = createPhaseSpaceGrid(axis, axis);
const r = axisPoints(axis);
const M = new Float64Array(profileGrid.size);
for (let i = 0; i < 64; i++) {
  for (let j = 0; j < 64; j++) M[i * 64 + j] = r[i] ** 2 + r[j] ** 2 <= 2 ? 1 : 0;
}

const grid = gridForEpsilon({ dimension: 1, epsilon, box: 8, vMax: 3 });
export const state = coherentStateSuperposition({ grid: profileGrid, values: M }, grid, epsilon, {
  particles: N,
});
export const report = checkFermionic(state);
export const wigner = wignerTransform(state);

console.log(
  `tr omega = ${report.trace.toFixed(10)}, eigenvalues in [${report.minEigenvalue.toExponential(2)}, ${report.maxEigenvalue.toFixed(6)}]`,
);
console.log(
  `fermionic: ${report.fermionic}; M rescaled by ${state.normalization.toFixed(6)} to make tr omega = N`,
);
