// Vlasov in the trap V_ext = x^2 with a Gaussian pair interaction (kappa = 1): a blob released at
// x0 = 1 at rest. The pair forces cancel in the total momentum, so (Kohn again) the mean
// momentum follows the trap alone: P(t) = -x0 sin(2t), and the mass int W stays 1.
import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
} from "@semiclassical/grid";
import { samplePhaseSpace, VlasovSolver } from "@semiclassical/vlasov";

const x0 = 1;
const s = 0.3; // width of the blob in x and v
const position = createGrid({ dimension: 1, points: 64, box: 8 });
const velocity = createGrid({ dimension: 1, points: 64, box: 8 });
const grid = createPhaseSpaceGrid(position, velocity);
const W0 = samplePhaseSpace(
  grid,
  ([x], [v]) => Math.exp(-((x - x0) ** 2 + v ** 2) / (2 * s * s)) / (2 * Math.PI * s * s),
);

const solver = new VlasovSolver(W0, {
  grid,
  dt: 0.01,
  kappa: 1,
  meanField: new FreeSpaceConvolution(position, { kind: "gaussian", lambda: 1, sigma: 1 }),
  externalPotential: harmonicTrap(1),
});
export const run = await solver.evolve({ tFinal: Math.PI / 4, times: [Math.PI / 8, Math.PI / 4] });
for (const { t, diagnostics } of run.samples) {
  console.log(
    `t = ${t.toFixed(4)}: mass = ${diagnostics.mass.toFixed(14)}, ` +
      `P = ${diagnostics.momentum[0].toFixed(6)} (exact ${(-x0 * Math.sin(2 * t)).toFixed(6)}), ` +
      `E = ${diagnostics.energy.toFixed(8)}`,
  );
}
