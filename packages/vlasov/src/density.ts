import type { PhaseSpaceGrid } from "@semiclassical/grid";

/**
 * rho(x_i) = int W(x_i, v) dv as the Riemann sum over the velocity grid, into `out`
 * (position.size values). Cost O(size); no allocation.
 */
export function velocityIntegral(W: Float64Array, grid: PhaseSpaceGrid, out: Float64Array): void {
  const nv = grid.velocity.size;
  const dv = grid.velocity.cellVolume;
  for (let ix = 0, p = 0; ix < out.length; ix++) {
    let s = 0;
    for (let iv = 0; iv < nv; iv++, p++) s += W[p];
    out[ix] = s * dv;
  }
}
