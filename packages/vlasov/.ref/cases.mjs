// shared cases: returns a list of [name, Float64Array | number[]] using an adapter
import { createGrid, createPhaseSpaceGrid, FreeSpaceConvolution, harmonicTrap, noExternalPotential, switchedPotential } from "@semiclassical/grid";
import { createHash } from "node:crypto";
export function hash(a) {
  const arr = a instanceof Float64Array ? a : Float64Array.from(a);
  return createHash("sha1").update(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)).digest("hex").slice(0, 16);
}
export function setup(mod) {
  const grid = createPhaseSpaceGrid(createGrid({ dimension: 1, points: 64, box: 16 }), createGrid({ dimension: 1, points: 64, box: 16 }));
  const W0 = mod.samplePhaseSpace(grid, (x, v) => Math.exp(-((x[0] - 1.2) ** 2 + (v[0] - 0.3) ** 2)) + 0.5 * Math.exp(-((x[0] + 0.8) ** 2 + (v[0] + 0.5) ** 2) / 1.5));
  const meanField = new FreeSpaceConvolution(grid.position, { kind: "gaussian", lambda: 2, sigma: 1 });
  const ext = switchedPotential(harmonicTrap(1), noExternalPotential, 0.37);
  const pgrid = createPhaseSpaceGrid(createGrid({ dimension: 1, points: 32, box: 4 * Math.PI }), createGrid({ dimension: 1, points: 64, box: 12 }));
  const P0 = mod.plasmaInitialState(pgrid, { amplitude: 0.2, waveVector: 0.5 });
  return { grid, W0, meanField, ext, pgrid, P0 };
}
export function diagVec(d) { return [d.t, d.mass, d.momentum[0], d.kineticEnergy, d.externalEnergy, d.interactionEnergy, d.energy, d.l2Norm, d.minW, d.electricEnergy]; }
