import {
  fftN,
  ParameterError,
  requireFinite,
  requirePositive,
  waveNumbers,
} from "@semiclassical/grid";
import type { PhaseSpaceFunction } from "./wigner.js";

function requireValues(W: PhaseSpaceFunction): void {
  if (W.values.length !== W.grid.size) {
    throw new ParameterError(
      "W.values",
      `must hold W.grid.size = ${W.grid.size} values, got ${W.values.length}`,
    );
  }
}

/**
 * Husimi transform H = W * G, the Wigner function smoothed by the Gaussian
 * G(x, v) = (pi eps)^-d e^{-(|x|^2 + |v|^2)/eps}, i.e. standard deviation sqrt(eps/2) in every
 * position and velocity coordinate. G is the Wigner function of the coherent state
 * f_00 = (pi eps)^(-d/4) e^{-|x|^2/(2 eps)} normalized to int G = 1, so
 * H(r, p) = (2 pi)^-d <f_rp|omega|f_rp> >= 0 for omega >= 0 (since tr(omega_1 omega_2) =
 * (2 pi/eps)^d int int W_1 W_2 and W_{f_rp} = eps^d G(x - r, v - p)), and
 * int int H = int int W. The convolution is done by FFT on W's phase-space grid (periodic; W must
 * vanish near the edges of its box): H^ = W^ e^{-eps |k|^2 / 4} with k the wave numbers of the
 * 2d axes. Cost O(S log S) for S = W.grid.size; allocates 2 S doubles.
 */
export function husimiTransform(W: PhaseSpaceFunction, epsilon: number): PhaseSpaceFunction {
  requirePositive("epsilon", epsilon);
  requireValues(W);
  const { position, velocity } = W.grid;
  const shape = [...position.shape, ...velocity.shape];
  const spacing = [...position.spacing, ...velocity.spacing];
  const size = W.grid.size;
  const z = new Float64Array(2 * size);
  for (let q = 0; q < size; q++) z[2 * q] = W.values[q];
  fftN(z, shape, "forward");
  const factors = shape.map((n, a) =>
    Float64Array.from(waveNumbers(n, spacing[a]), (k) => Math.exp((-epsilon * k * k) / 4)),
  );
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a];
  }
  for (let q = 0; q < size; q++) {
    let rest = q;
    let f = 1;
    for (let a = 0; a < shape.length; a++) {
      const i = Math.floor(rest / strides[a]);
      rest -= i * strides[a];
      f *= factors[a][i];
    }
    z[2 * q] *= f;
    z[2 * q + 1] *= f;
  }
  fftN(z, shape, "inverse");
  const values = new Float64Array(size);
  for (let q = 0; q < size; q++) values[q] = z[2 * q];
  return Object.freeze({ grid: W.grid, values });
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
