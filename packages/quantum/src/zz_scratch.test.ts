import { test } from "vitest";
import { createGrid, harmonicTrap, samplePotential } from "@semiclassical/grid";
import { lowestEigenstates } from "./eigenstates.js";
import { thermalState } from "./thermal.js";
test("scratch", () => {
  for (const [n, count, box, eps] of [[2048, 100, 8, 1/64]] as const) {
    const grid = createGrid({ dimension: 1, points: n, box });
    const potential = samplePotential(grid, harmonicTrap(1));
    const t0 = performance.now();
    const r = lowestEigenstates(grid, { epsilon: eps, kappa: 1, potential, count });
    let err = 0;
    for (let j = 0; j < count; j++) err = Math.max(err, Math.abs(r.energies[j] - eps * (2 * j + 1)));
    console.log(n, count, performance.now() - t0, "ms", r.method, r.sweeps, "maxErr", err, "maxRes", Math.max(...r.residuals), r.tolerance);
  }
  const grid = createGrid({ dimension: 1, points: 2048, box: 8 });
  const t0 = performance.now();
  return; const s = thermalState(grid, { epsilon: 1/64, potential: harmonicTrap(1), temperature: 0.05 });
  console.log("thermal", performance.now() - t0, s.computedOrbitals, s.occupations.length, s.droppedWeight, s.maxResidual);
});
