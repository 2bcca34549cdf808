import { fftN, requirePositive, waveNumbers } from "@semiclassical/grid";
import { type PhaseSpaceFunction, requireValues } from "./phase-space.js";

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
