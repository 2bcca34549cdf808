import type { Grid, ThreadKernel } from "@semiclassical/grid";
import { KineticPropagator } from "./kinetic.js";
import { orbitalDensity } from "./observables.js";

/** What every thread of a team needs for the orbital loops of one {@link OrbitalPropagator}. */
export interface OrbitalThreadSetup {
  readonly grid: Grid;
  readonly epsilon: number;
  readonly kappa: number;
  /** The K orbitals, K blocks of grid.size interleaved complex values (SharedArrayBuffer). */
  readonly orbitals: Float64Array;
  readonly occupations: Float64Array;
  readonly particleNumber: number;
  /** The potential phase e^{-i tau U/eps}, 2 grid.size values (SharedArrayBuffer). */
  readonly phase: Float64Array;
  /** rho on the grid, grid.size values (SharedArrayBuffer). */
  readonly density: Float64Array;
}

interface OrbitalThreadState {
  readonly setup: OrbitalThreadSetup;
  readonly kinetic: KineticPropagator;
}

/** The job of {@link orbitalKernel} (parameters[0]). */
export const ORBITAL_JOB = { kinetic: 0, phase: 1, density: 2 } as const;

/**
 * phi_k <- p phi_k (interleaved complex, p of 2m values) for the orbitals first <= k < end.
 * Cost O((end - first) m), no allocation.
 */
export function applyOrbitalPhase(
  orbitals: Float64Array,
  p: Float64Array,
  m: number,
  first: number,
  end: number,
): void {
  for (let k = first; k < end; k++) {
    for (let i = 0, o = 2 * k * m; i < m; i++, o += 2) {
      const re = orbitals[o];
      const im = orbitals[o + 1];
      orbitals[o] = re * p[2 * i] - im * p[2 * i + 1];
      orbitals[o + 1] = re * p[2 * i + 1] + im * p[2 * i];
    }
  }
}

/**
 * The thread kernel of the orbital propagator's loops, the job chosen by parameters[0]
 * ({@link ORBITAL_JOB}): "kinetic" e^{-i tau h_0/eps} (tau = parameters[1]) on orbitals
 * [begin, end) (KineticPropagator, its own phase cache per thread); "phase" phi_k <- p phi_k on
 * orbitals [begin, end); "density" rho(x_i) on points [begin, end) (orbitalDensity, the sum over
 * k in the serial order). Every item is computed by one thread with the serial arithmetic, so the
 * result equals the serial loop's bit for bit. Cost: the loop's share; allocates the kinetic
 * scratch (2 M doubles) per thread.
 */
export const orbitalKernel: ThreadKernel<OrbitalThreadState, OrbitalThreadSetup> = {
  name: "hartree-fock.orbital",
  prepare: (setup) => ({
    setup,
    kinetic: new KineticPropagator(setup.grid, setup.epsilon, setup.kappa, false),
  }),
  run(state, begin, end, parameters) {
    const { setup, kinetic } = state;
    const job = parameters[0];
    if (job === ORBITAL_JOB.kinetic) {
      kinetic.propagateOrbitals(setup.orbitals, parameters[1], begin, end);
    } else if (job === ORBITAL_JOB.phase) {
      applyOrbitalPhase(setup.orbitals, setup.phase, setup.grid.size, begin, end);
    } else {
      orbitalDensity(
        setup.grid,
        setup.orbitals,
        setup.occupations,
        setup.particleNumber,
        setup.density,
        begin,
        end,
      );
    }
  },
};
