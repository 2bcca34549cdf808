/**
 * Helpers of the orbital-path tests (not exported by the package): displaced states and the
 * center of mass for the Kohn checks, and the resolved 1D case the certificate tests share with
 * the dense matrix of the operator they certify.
 */
import { fftAxis, type Grid } from "@semiclassical/grid";
import {
  type DenseOperator,
  type PhaseSpaceSamples,
  weylOperator,
  weylOperatorMatrix,
} from "@semiclassical/metrics";
import { createOrbitalDensityMatrix, type OrbitalDensityMatrix } from "@semiclassical/quantum";
import type { StudyConfigInput } from "./config-types.js";

/** omega with every orbital shifted by x0 along axis 0 (spectral shift: phi(x) -> phi(x - x0)). */
export function displaced(state: OrbitalDensityMatrix, x0: number): OrbitalDensityMatrix {
  const g = state.grid;
  const M = g.size;
  const n = g.shape[0];
  const orbitals = state.orbitals.slice();
  for (let k = 0; k < state.occupations.length; k++) {
    const w = orbitals.subarray(2 * k * M, 2 * (k + 1) * M);
    fftAxis(w, g.shape, 0, "forward");
    for (let i = 0; i < M; i++) {
      const j = Math.floor(i / g.strides[0]) % n;
      const wave = (2 * Math.PI * (j < n / 2 ? j : j - n)) / g.box[0];
      const c = Math.cos(wave * x0);
      const s = -Math.sin(wave * x0);
      const re = w[2 * i];
      const im = w[2 * i + 1];
      w[2 * i] = re * c - im * s;
      w[2 * i + 1] = re * s + im * c;
    }
    fftAxis(w, g.shape, 0, "inverse");
  }
  return createOrbitalDensityMatrix(g, state.epsilon, state.occupations.slice(), orbitals);
}

/** <x_0> of a density on a grid. */
export function centerOfMass(grid: Grid, rho: Float64Array): number {
  let mass = 0;
  let moment = 0;
  for (let i = 0; i < grid.size; i++) {
    const x = grid.origin[0] + (Math.floor(i / grid.strides[0]) % grid.shape[0]) * grid.spacing[0];
    mass += rho[i];
    moment += x * rho[i];
  }
  return moment / mass;
}

/**
 * The resolved 1D case of the certificate tests (N = 8, n = 256, thermal T = 0.5, Gaussian V,
 * 64 x 64 Vlasov grid, traceNorm "certified"): the banded Weyl operator and weylQuantize agree to
 * ~1e-7 of ||omega~||_HS there, so both paths measure the same D.
 */
export const RESOLVED_CERTIFIED_1D: StudyConfigInput = {
  N: [8],
  grid: { box: 10, vMax: 4.5 },
  state: { kind: "thermal", temperature: 0.5 },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] },
  vlasov: { nx: 64, nv: 64 },
  traceNorm: { method: "certified" },
};

/**
 * The dense matrix of the operator the orbital rows certify: metrics' banded Weyl(W~) with the
 * memory plan's band (its natural band unless narrowed), for checks at small n^d.
 */
export function certifiedOperator(
  wTilde: PhaseSpaceSamples,
  grid: Grid,
  epsilon: number,
  bandwidth: readonly number[],
): DenseOperator {
  const op = weylOperator(wTilde, grid, epsilon, { bandwidth, maxStorage: 2 ** 28 });
  return { grid, data: weylOperatorMatrix(op) };
}
