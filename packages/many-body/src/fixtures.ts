// Test helpers (not exported from the package): independent one-body computations.
import type { Grid } from "@semiclassical/grid";
import { axisPoints, createGrid } from "@semiclassical/grid";
import { lowestEigenstates } from "@semiclassical/quantum";

/** A 1D grid of n points on [-L/2, L/2). */
export function line(n: number, box: number): Grid {
  return createGrid({ dimension: 1, points: n, box });
}

/** The K lowest eigenstates of -kappa eps^2 d_xx + s (x - c)^2 on a 1D grid (grid-normalized). */
export function trapOrbitals(
  grid: Grid,
  epsilon: number,
  count: number,
  strength = 1,
  center = 0,
  kappa = 1,
): Float64Array {
  const x = axisPoints(grid);
  const potential = x.map((v) => strength * (v - center) ** 2);
  return lowestEigenstates(grid, { epsilon, kappa, potential, count }).orbitals;
}

/**
 * Naive O(n^2) DFT of one complex line (sign -1 forward, +1 inverse with 1/n): an FFT-free
 * reference for the free propagator.
 */
function dft(input: Float64Array, sign: 1 | -1): Float64Array {
  const n = input.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const t = (sign * 2 * Math.PI * j * k) / n;
      const c = Math.cos(t);
      const s = Math.sin(t);
      re += input[2 * j] * c - input[2 * j + 1] * s;
      im += input[2 * j] * s + input[2 * j + 1] * c;
    }
    out[2 * k] = sign === 1 ? re / n : re;
    out[2 * k + 1] = sign === 1 ? im / n : im;
  }
  return out;
}

/** e^{-i tau kappa eps k^2} applied to one orbital of a 1D grid by a naive DFT. */
export function freeEvolve(
  grid: Grid,
  orbital: Float64Array,
  tau: number,
  epsilon: number,
  kappa = 1,
): Float64Array {
  const n = grid.size;
  const spectrum = dft(orbital, -1);
  const dk = (2 * Math.PI) / grid.box[0];
  for (let j = 0; j < n; j++) {
    const k = (j < n / 2 ? j : j - n) * dk;
    const theta = -tau * kappa * epsilon * k * k;
    const re = spectrum[2 * j];
    const im = spectrum[2 * j + 1];
    spectrum[2 * j] = re * Math.cos(theta) - im * Math.sin(theta);
    spectrum[2 * j + 1] = re * Math.sin(theta) + im * Math.cos(theta);
  }
  return dft(spectrum, 1);
}

/** phi <- e^{-i tau v/eps} phi pointwise. */
export function kick(phi: Float64Array, v: Float64Array, tau: number, epsilon: number): void {
  for (let i = 0; i < v.length; i++) {
    const theta = (-tau * v[i]) / epsilon;
    const re = phi[2 * i];
    const im = phi[2 * i + 1];
    phi[2 * i] = re * Math.cos(theta) - im * Math.sin(theta);
    phi[2 * i + 1] = re * Math.sin(theta) + im * Math.cos(theta);
  }
}

/** Projector sum_k |phi_k><phi_k| dx as a dense interleaved n x n matrix. */
export function projector(grid: Grid, orbitals: Float64Array[]): Float64Array {
  const n = grid.size;
  const a = new Float64Array(2 * n * n);
  for (const phi of orbitals) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const o = 2 * (i * n + j);
        a[o] += (phi[2 * i] * phi[2 * j] + phi[2 * i + 1] * phi[2 * j + 1]) * grid.cellVolume;
        a[o + 1] += (phi[2 * i + 1] * phi[2 * j] - phi[2 * i] * phi[2 * j + 1]) * grid.cellVolume;
      }
    }
  }
  return a;
}

/** max_q |a_q - b_q|. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let q = 0; q < a.length; q++) worst = Math.max(worst, Math.abs(a[q] - b[q]));
  return worst;
}

/** sqrt(sum |a - b|^2 w). */
export function l2Difference(a: ArrayLike<number>, b: ArrayLike<number>, w = 1): number {
  let s = 0;
  for (let q = 0; q < a.length; q++) s += (a[q] - b[q]) ** 2;
  return Math.sqrt(s * w);
}
