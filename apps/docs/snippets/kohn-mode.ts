// Hartree dynamics of an interacting Fermi sea kicked in the trap V_ext = x^2 (kappa = 1): by
// Kohn's theorem the centre of mass oscillates at angular frequency 2 whatever the pair
// interaction, x_cm(t) = p0 sin(2t) for a kick of momentum p0 at t = 0.
import {
  axisPoints,
  FreeSpaceConvolution,
  gridForEpsilon,
  harmonicTrap,
  samplePotential,
} from "@semiclassical/grid";
import { HartreeFockSolver } from "@semiclassical/hartree-fock";
import { lowestEigenstates } from "@semiclassical/quantum";

const N = 8;
const epsilon = 1 / N;
const p0 = 0.5;
const trap = harmonicTrap(1);
const grid = gridForEpsilon({ dimension: 1, epsilon, box: 8, vMax: 3 });
const { orbitals } = lowestEigenstates(grid, {
  epsilon,
  kappa: 1,
  potential: samplePotential(grid, trap),
  count: N,
});

// The kick: every orbital times e^{i p0 x / eps}.
const x = axisPoints(grid);
const n = grid.size;
for (let k = 0; k < N; k++) {
  for (let i = 0; i < n; i++) {
    const re = orbitals[2 * (k * n + i)];
    const phase = (p0 * x[i]) / epsilon;
    orbitals[2 * (k * n + i)] = re * Math.cos(phase);
    orbitals[2 * (k * n + i) + 1] = re * Math.sin(phase);
  }
}

const state = {
  form: "orbital" as const,
  grid,
  epsilon,
  occupations: new Float64Array(N).fill(1),
  orbitals,
};
const solver = new HartreeFockSolver(state, {
  dt: 0.01,
  kappa: 1,
  model: "hartree",
  meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1, sigma: 1 }),
  externalPotential: trap,
});

export const samples: { t: number; centerOfMass: number; energy: number }[] = [];
await solver.run(80, {
  diagnosticsEvery: 20,
  onStep: (d) => samples.push({ t: d.time, centerOfMass: d.centerOfMass[0], energy: d.energy }),
});
for (const s of samples) {
  console.log(
    `t = ${s.t.toFixed(2)}: x_cm = ${s.centerOfMass.toFixed(6)}, p0 sin(2t) = ${(p0 * Math.sin(2 * s.t)).toFixed(6)}, E_HF = ${s.energy.toFixed(8)}`,
  );
}
