import type { Grid } from "@semiclassical/grid";
import { KineticOperator } from "./kinetic.js";

/** The real symmetric operator h = T + diag(V) on one grid, applied to pairs of real vectors. */
export class Hamiltonian {
  readonly grid: Grid;
  readonly potential: Float64Array;
  readonly kinetic: KineticOperator;
  readonly upper: number;
  readonly lower: number;
  private readonly pair: Float64Array;

  constructor(grid: Grid, epsilon: number, kappa: number, potential: Float64Array) {
    this.grid = grid;
    this.potential = potential;
    this.kinetic = new KineticOperator(grid, epsilon, kappa);
    let vMax = Number.NEGATIVE_INFINITY;
    let vMin = Number.POSITIVE_INFINITY;
    for (const v of potential) {
      vMax = Math.max(vMax, v);
      vMin = Math.min(vMin, v);
    }
    // kappa > 0: 0 <= T <= max t(k), so vMin <= h <= max t(k) + vMax
    this.upper = this.kinetic.maximum + vMax;
    this.lower = vMin;
    this.pair = new Float64Array(2 * grid.size);
  }

  /** out_k = h y_k for the vectors k in [from, to) of a block (vector k at offset k n). */
  applyBlock(y: Float64Array, out: Float64Array, from: number, to: number): void {
    const n = this.grid.size;
    const z = this.pair;
    const v = this.potential;
    for (let k = from; k < to; k += 2) {
      const two = k + 1 < to;
      const a = k * n;
      const b = (k + 1) * n;
      for (let i = 0; i < n; i++) {
        z[2 * i] = y[a + i];
        z[2 * i + 1] = two ? y[b + i] : 0;
      }
      this.kinetic.apply(z, z);
      for (let i = 0; i < n; i++) out[a + i] = z[2 * i] + v[i] * y[a + i];
      if (two) for (let i = 0; i < n; i++) out[b + i] = z[2 * i + 1] + v[i] * y[b + i];
    }
  }
}
