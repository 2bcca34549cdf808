import { requireFinite } from "@semiclassical/grid";
import { KineticOperator } from "./kinetic.js";
import type { DensityMatrix } from "./states.js";

/**
 * Particle number N = tr omega = tr A (dense: sum_i A_ii; orbital: sum_k lambda_k).
 * Cost O(n) or O(K), no allocation.
 */
export function particleNumber(state: DensityMatrix): number {
  if (state.form === "orbital") {
    let s = 0;
    for (const l of state.occupations) s += l;
    return s;
  }
  const n = state.grid.size;
  let s = 0;
  for (let i = 0; i < n; i++) s += state.data[2 * (i * n + i)];
  return s;
}

/**
 * Diagonal omega(x_i; x_i) of the density matrix on the grid (not divided by N).
 * Cost O(n) dense, O(K n) orbital; allocates n doubles.
 */
export function diagonal(state: DensityMatrix): Float64Array {
  const n = state.grid.size;
  const out = new Float64Array(n);
  const dv = state.grid.cellVolume;
  if (state.form === "dense") {
    for (let i = 0; i < n; i++) out[i] = state.data[2 * (i * n + i)] / dv;
    return out;
  }
  const { occupations, orbitals } = state;
  for (let k = 0; k < occupations.length; k++) {
    const l = occupations[k];
    const o = 2 * k * n;
    for (let i = 0; i < n; i++) {
      const re = orbitals[o + 2 * i];
      const im = orbitals[o + 2 * i + 1];
      out[i] += l * (re * re + im * im);
    }
  }
  return out;
}

/**
 * Density rho(x_i) = omega(x_i; x_i) / N with N = tr omega (THEORY.md section 1), so that
 * sum_i rho(x_i) dx^d = 1. Cost O(n) dense, O(K n) orbital; allocates n doubles.
 */
export function density(state: DensityMatrix): Float64Array {
  const rho = diagonal(state);
  const n = particleNumber(state);
  if (n === 0) return rho;
  for (let i = 0; i < rho.length; i++) rho[i] /= n;
  return rho;
}

/**
 * Kinetic energy tr(-kappa eps^2 Laplacian omega) with the spectral Laplacian (total, not per
 * particle: divide by N for the kinetic term of E_HF). Orbital: sum_k lambda_k <phi_k|T|phi_k>,
 * cost O(K n log n). Dense: sum_l (T A)_ll by one FFT per column, cost O(n^2 log n), allocates
 * 4 n doubles.
 */
export function kineticEnergy(state: DensityMatrix, kappa = 1): number {
  requireFinite("kappa", kappa);
  const grid = state.grid;
  const n = grid.size;
  const t = new KineticOperator(grid, state.epsilon, kappa);
  if (state.form === "orbital") {
    let s = 0;
    for (let k = 0; k < state.occupations.length; k++) {
      s += state.occupations[k] * t.expectation(state.orbitals, 2 * k * n);
    }
    return s * grid.cellVolume;
  }
  const column = new Float64Array(2 * n);
  const out = new Float64Array(2 * n);
  let s = 0;
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < n; i++) {
      column[2 * i] = state.data[2 * (i * n + l)];
      column[2 * i + 1] = state.data[2 * (i * n + l) + 1];
    }
    t.apply(column, out);
    s += out[2 * l];
  }
  return s;
}

/**
 * Purity tr(omega^2) / tr(omega): 1 for a Slater determinant (occupations 0 or 1), < 1 for mixed
 * states. Dense: sum_ij |A_ij|^2 / tr A (A Hermitian); orbital: sum lambda_k^2 / sum lambda_k.
 * Cost O(n^2) or O(K).
 */
export function purity(state: DensityMatrix): number {
  const trace = particleNumber(state);
  let s = 0;
  if (state.form === "orbital") {
    for (const l of state.occupations) s += l * l;
  } else {
    for (const x of state.data) s += x * x;
  }
  return s / trace;
}
