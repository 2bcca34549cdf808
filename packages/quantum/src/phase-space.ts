import type { PhaseSpaceGrid } from "@semiclassical/grid";
import { ParameterError, requireFinite } from "@semiclassical/grid";

/** W on a phase-space grid; values row-major, index = ix * grid.velocity.size + iv. */
export interface PhaseSpaceFunction {
  readonly grid: PhaseSpaceGrid;
  readonly values: Float64Array;
}

/**
 * Throws a ParameterError unless W.values holds W.grid.size finite values (a NaN or infinity
 * named by its index). Cost O(S).
 */
export function requireValues(W: PhaseSpaceFunction): void {
  if (W.values.length !== W.grid.size) {
    throw new ParameterError(
      "W.values",
      `must hold W.grid.size = ${W.grid.size} values, got ${W.values.length}`,
    );
  }
  for (let q = 0; q < W.values.length; q++) {
    if (!Number.isFinite(W.values[q])) {
      throw new ParameterError("W.values", `entry ${q} is ${W.values[q]}; must be finite`);
    }
  }
}

/** Total mass int int W dx dv (= 1 for a Wigner function with eps^d N = 1). Cost O(S). */
export function phaseSpaceMass(W: PhaseSpaceFunction): number {
  requireValues(W);
  let s = 0;
  for (const w of W.values) s += w;
  return s * W.grid.cellVolume;
}

/**
 * Position marginal rho(x) = int W(x, v) dv on the position grid of W (= the density for a Wigner
 * function). Cost O(S), allocates position.size doubles.
 */
export function phaseSpaceDensity(W: PhaseSpaceFunction): Float64Array {
  requireValues(W);
  const { position, velocity } = W.grid;
  const vs = velocity.size;
  const out = new Float64Array(position.size);
  for (let ix = 0; ix < position.size; ix++) {
    let s = 0;
    for (let iv = 0; iv < vs; iv++) s += W.values[ix * vs + iv];
    out[ix] = s * velocity.cellVolume;
  }
  return out;
}

/**
 * Current j_a(x) = int v_a W(x, v) dv, one array per axis a on the position grid of W. (For a
 * Wigner function: eps Im(conj(psi) d_a psi)-type current per particle; a packet moving with
 * momentum p has j = p rho.) Cost O(d S), allocates d position.size doubles.
 */
export function phaseSpaceCurrent(W: PhaseSpaceFunction): Float64Array[] {
  requireValues(W);
  const { position, velocity } = W.grid;
  const vs = velocity.size;
  const d = velocity.dimension;
  const vCoord = velocity.shape.map(() => new Float64Array(vs));
  for (let iv = 0; iv < vs; iv++) {
    let rest = iv;
    for (let a = 0; a < d; a++) {
      const q = Math.floor(rest / velocity.strides[a]);
      rest -= q * velocity.strides[a];
      vCoord[a][iv] = velocity.origin[a] + q * velocity.spacing[a];
    }
  }
  return vCoord.map((v) => {
    const out = new Float64Array(position.size);
    for (let ix = 0; ix < position.size; ix++) {
      let s = 0;
      for (let iv = 0; iv < vs; iv++) s += v[iv] * W.values[ix * vs + iv];
      out[ix] = s * velocity.cellVolume;
    }
    return out;
  });
}

/**
 * Kinetic energy per particle kappa int int |v|^2 W dx dv (the kinetic part of E_Vlasov; for a
 * Wigner function with eps^d N = 1 it approximates tr(-kappa eps^2 Laplacian omega)/N).
 * Cost O(d S).
 */
export function phaseSpaceKineticEnergy(W: PhaseSpaceFunction, kappa = 1): number {
  requireFinite("kappa", kappa);
  requireValues(W);
  const { position, velocity } = W.grid;
  const vs = velocity.size;
  const v2 = new Float64Array(vs);
  for (let iv = 0; iv < vs; iv++) {
    let rest = iv;
    for (let a = 0; a < velocity.dimension; a++) {
      const q = Math.floor(rest / velocity.strides[a]);
      rest -= q * velocity.strides[a];
      v2[iv] += (velocity.origin[a] + q * velocity.spacing[a]) ** 2;
    }
  }
  let s = 0;
  for (let ix = 0; ix < position.size; ix++) {
    for (let iv = 0; iv < vs; iv++) s += v2[iv] * W.values[ix * vs + iv];
  }
  return kappa * s * W.grid.cellVolume;
}
