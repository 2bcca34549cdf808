/**
 * Seeded random matrices and shared states for the tests of this package (not exported).
 * @internal
 */
import { createGrid, createPhaseSpaceGrid, type Grid, harmonicTrap } from "@semiclassical/grid";
import { type OrbitalDensityMatrix, orbitalWigner, thermalState } from "@semiclassical/quantum";
import type { PhaseSpaceSamples } from "./phase-space.js";

/** Standard normal samples from a seeded mulberry32 generator (Box-Muller). */
export function seededGaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Random Hermitian n x n matrix (interleaved complex), iid Gaussian entries. */
export function randomHermitian(n: number, seed: number): Float64Array {
  const gaussian = seededGaussian(seed);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = gaussian();
    for (let j = 0; j < i; j++) {
      const re = gaussian();
      const im = gaussian();
      a[2 * (i * n + j)] = re;
      a[2 * (i * n + j) + 1] = im;
      a[2 * (j * n + i)] = re;
      a[2 * (j * n + i) + 1] = -im;
    }
  }
  return a;
}

/**
 * A = sum_k lambda_k u_k u_k^* with u_k orthonormal (Gram-Schmidt of Gaussian vectors, twice):
 * a Hermitian matrix with prescribed spectrum.
 */
export function hermitianWithSpectrum(spectrum: readonly number[], seed: number): Float64Array {
  const n = spectrum.length;
  const gaussian = seededGaussian(seed);
  const u = Array.from({ length: n }, () => Float64Array.from({ length: 2 * n }, gaussian));
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < n; k++) {
      for (let l = 0; l < k; l++) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          re += u[l][2 * i] * u[k][2 * i] + u[l][2 * i + 1] * u[k][2 * i + 1];
          im += u[l][2 * i] * u[k][2 * i + 1] - u[l][2 * i + 1] * u[k][2 * i];
        }
        for (let i = 0; i < n; i++) {
          u[k][2 * i] -= re * u[l][2 * i] - im * u[l][2 * i + 1];
          u[k][2 * i + 1] -= re * u[l][2 * i + 1] + im * u[l][2 * i];
        }
      }
      const norm = Math.hypot(...u[k]);
      for (let i = 0; i < 2 * n; i++) u[k][i] /= norm;
    }
  }
  const a = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) {
    const v = u[k];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        a[2 * (i * n + j)] += spectrum[k] * (v[2 * i] * v[2 * j] + v[2 * i + 1] * v[2 * j + 1]);
        a[2 * (i * n + j) + 1] += spectrum[k] * (v[2 * i + 1] * v[2 * j] - v[2 * i] * v[2 * j + 1]);
      }
    }
  }
  // exact Hermitian symmetry
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      a[2 * (j * n + i)] = a[2 * (i * n + j)];
      a[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1];
    }
  }
  return a;
}

/**
 * omega = the thermal state T = 0.3 in the trap x^2 on `grid` (resolution check off: the tests'
 * small grids do not resolve the highest kept levels) and W~ = the Wigner function, sampled on
 * `vlasov` (n_x^d x n_v^d nodes, boxes `positionBox` and `velocityBox`), of the same state with
 * the trap's center displaced by `shift` (as a short advection would do): D small but nonzero.
 */
export function displacedThermalPair(
  grid: Grid,
  epsilon: number,
  shift: readonly number[],
  vlasov: { points: number; positionBox: number; velocityBox: number },
): { omega: OrbitalDensityMatrix; wTilde: PhaseSpaceSamples } {
  const options = { epsilon, potential: harmonicTrap(1), temperature: 0.3, checkResolution: false };
  const omega = thermalState(grid, options);
  const other = thermalState(grid, { ...options, potential: harmonicTrap(1, [...shift]) });
  const { dimension } = grid;
  const phaseSpace = createPhaseSpaceGrid(
    createGrid({ dimension, points: vlasov.points, box: vlasov.positionBox }),
    createGrid({ dimension, points: vlasov.points, box: vlasov.velocityBox }),
  );
  return { omega, wTilde: orbitalWigner(other, phaseSpace) };
}
