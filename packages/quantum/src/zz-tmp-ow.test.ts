import { createGrid, createPhaseSpaceGrid, harmonicTrap } from "@semiclassical/grid";
import { it } from "vitest";
import { orbitalWigner } from "./orbital-wigner.js";
import { phaseSpaceMass } from "./phase-space.js";
import { thermalState } from "./thermal.js";
it("t", () => {
  const grid = createGrid({ dimension: 1, points: 256, box: 7 });
  const state = thermalState(grid, { epsilon: 1 / 16, potential: harmonicTrap(1), temperature: 0.3 });
  const target = createPhaseSpaceGrid(createGrid({ dimension: 1, points: 64, box: 7 }), createGrid({ dimension: 1, points: 64, box: 7 }));
  let t = performance.now();
  const W = orbitalWigner(state, target);
  console.log("1D K", state.occupations.length, "ms", performance.now() - t, "mass", phaseSpaceMass(W));
  const g2 = createGrid({ dimension: 2, points: 32, box: 7 });
  const s2 = thermalState(g2, { epsilon: 1 / 4, potential: harmonicTrap(1), temperature: 0.3, checkResolution: false });
  const t2 = createPhaseSpaceGrid(createGrid({ dimension: 2, points: 32, box: 7 }), createGrid({ dimension: 2, points: 32, box: 7 }));
  t = performance.now();
  const W2 = orbitalWigner(s2, t2);
  console.log("2D K", s2.occupations.length, "ms", performance.now() - t, "mass", phaseSpaceMass(W2));
}, 600000);
