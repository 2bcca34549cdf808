// Test support (not exported from the package): max norms and a 1D-1V phase-space grid.
import type { PhaseSpaceGrid } from "@semiclassical/grid";
import { createGrid, createPhaseSpaceGrid } from "@semiclassical/grid";

/** max_i |a_i|. Cost O(n). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

/** max_i |a_i - b_i|. Cost O(n). */
export function maxDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The phase-space grid of nx points on a box lx times nv points on a box lv (1D-1V). */
export function phaseSpace1D(nx: number, lx: number, nv: number, lv: number): PhaseSpaceGrid {
  return createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: nx, box: lx }),
    createGrid({ dimension: 1, points: nv, box: lv }),
  );
}
