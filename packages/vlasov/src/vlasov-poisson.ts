import type { PhaseSpaceGrid, ShiftMethod, Splitting } from "@semiclassical/grid";
import { PeriodicPoisson } from "@semiclassical/grid";
import { VlasovSolver } from "./solver.js";

/** Options of {@link vlasovPoissonSolver}. */
export interface VlasovPoissonOptions {
  /** Periodic phase-space grid (the position box is the plasma's period). */
  grid: PhaseSpaceGrid;
  dt: number;
  splitting?: Splitting;
  shiftMethod?: ShiftMethod;
  /** The initial time t_0 of W0 (default 0). */
  time?: number;
}

/**
 * Periodic electron Vlasov-Poisson with a neutralizing ion background, in units where the plasma
 * frequency of the mean density 1 is 1 (length: Debye length for unit thermal velocity):
 *   d_t f + v . grad_x f - E . grad_v f = 0,  div E = 1 - rho,  E = -grad phi,
 * which is THEORY's equation with kappa = 1/2 and U = -phi the electron potential energy:
 *   -Laplacian U = rho - 1 (`PeriodicPoisson(grid.position, 1)`, mean U = 0), E = grad U.
 * (Force on an electron -grad U = -E, as for charge -1; rho - 1 has zero mean on a periodic box
 * when int rho = L^d.) The interaction energy (1/2) int U rho = (1/2) int U (rho - 1) =
 * (1/2) int |E|^2 is the field energy, reported as both `interactionEnergy` and `electricEnergy`.
 * Returns a {@link VlasovSolver} owning a copy of W0. Cost: see {@link VlasovSolver}.
 */
export function vlasovPoissonSolver(W0: Float64Array, options: VlasovPoissonOptions): VlasovSolver {
  return new VlasovSolver(W0, {
    grid: options.grid,
    dt: options.dt,
    kappa: 0.5,
    meanField: new PeriodicPoisson(options.grid.position, 1),
    splitting: options.splitting,
    shiftMethod: options.shiftMethod,
    time: options.time,
  });
}
