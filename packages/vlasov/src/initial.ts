import type { PhaseSpaceGrid } from "@semiclassical/grid";
import { meshCoordinates, ParameterError, requireFinite } from "@semiclassical/grid";
import type { MaxwellianBeam } from "./dispersion.js";

/**
 * Samples f(x, v) on every phase-space grid point: W[ix * velocity.size + iv] = f(x_ix, v_iv).
 * Cost O(size) calls of f; allocates size doubles plus the coordinate tables.
 */
export function samplePhaseSpace(
  grid: PhaseSpaceGrid,
  f: (x: readonly number[], v: readonly number[]) => number,
): Float64Array {
  const xs = meshCoordinates(grid.position);
  const vs = meshCoordinates(grid.velocity);
  const d = grid.position.dimension;
  const nv = grid.velocity.size;
  const x = new Array<number>(d);
  const v = new Array<number>(d);
  const out = new Float64Array(grid.size);
  for (let ix = 0, p = 0; ix < grid.position.size; ix++) {
    for (let a = 0; a < d; a++) x[a] = xs[a][ix];
    for (let iv = 0; iv < nv; iv++, p++) {
      for (let a = 0; a < d; a++) v[a] = vs[a][iv];
      out[p] = f(x, v);
    }
  }
  return out;
}

/** Options of {@link plasmaInitialState}. */
export interface PlasmaInitialStateOptions {
  /** Perturbation amplitude alpha in (1 + alpha cos(k . x)). */
  amplitude: number;
  /** Wave vector k (d entries; in 1D a number). Use a multiple of 2 pi / L per axis. */
  waveVector: number | readonly number[];
  /**
   * Maxwellian populations (drift along axis 0; other axes centred Maxwellians of the same
   * thermal velocity). Default: one unit Maxwellian, density 1, drift 0, thermal velocity 1.
   */
  beams?: readonly MaxwellianBeam[];
}

/**
 * The standard Vlasov-Poisson initial data (Landau damping, two-stream instability):
 * W(x, v) = (1 + alpha cos(k . x)) sum_s n_s prod_a (2 pi sigma_s^2)^{-1/2}
 * exp(-(v_a - u_s delta_{a0})^2 / (2 sigma_s^2)); mean density sum_s n_s (1 for plasma units).
 * Cost O(size).
 */
export function plasmaInitialState(
  grid: PhaseSpaceGrid,
  options: PlasmaInitialStateOptions,
): Float64Array {
  const d = grid.position.dimension;
  requireFinite("amplitude", options.amplitude);
  const k = typeof options.waveVector === "number" ? [options.waveVector] : [...options.waveVector];
  if (k.length !== d) {
    throw new ParameterError("waveVector", `needs ${d} entries (one per axis), got ${k.length}`);
  }
  k.forEach((value, a) => {
    requireFinite(`waveVector[${a}]`, value);
  });
  const beams = options.beams ?? [{ density: 1, drift: 0, thermalVelocity: 1 }];
  beams.forEach((b, s) => {
    requireFinite(`beams[${s}].density`, b.density);
    requireFinite(`beams[${s}].drift`, b.drift);
    if (!(b.thermalVelocity > 0)) {
      throw new ParameterError(
        `beams[${s}].thermalVelocity`,
        `must be > 0, got ${b.thermalVelocity}`,
      );
    }
  });
  const alpha = options.amplitude;
  return samplePhaseSpace(grid, (x, v) => {
    let phase = 0;
    for (let a = 0; a < d; a++) phase += k[a] * x[a];
    let f = 0;
    for (const b of beams) {
      const s2 = b.thermalVelocity * b.thermalVelocity;
      let e = 0;
      for (let a = 0; a < d; a++) e += (v[a] - (a === 0 ? b.drift : 0)) ** 2;
      f += b.density * (2 * Math.PI * s2) ** (-d / 2) * Math.exp(-e / (2 * s2));
    }
    return (1 + alpha * Math.cos(phase)) * f;
  });
}
