// Test and benchmark support (not exported from the package): exact harmonic-oscillator states
// and a pointwise discrete Wigner function.
import type { Grid } from "@semiclassical/grid";
import { axisPoints } from "@semiclassical/grid";
import type { DenseState, OrbitalState } from "./types.js";

/**
 * Orbitals j = 0..count-1 of h = -eps^2 d_xx + x^2 (kappa = 1; eigenvalues eps (2j + 1)), moved to
 * centre x0 and boosted to momentum p0: psi_j(x - x0) e^{i p0 x / eps}, with
 * psi_j(x) = eps^{-1/4} h_j(x / sqrt(eps)) (normalized Hermite functions, stable recurrence).
 */
export function hermiteOrbitals(
  grid: Grid,
  epsilon: number,
  count: number,
  x0 = 0,
  p0 = 0,
): Float64Array {
  const m = grid.size;
  const x = axisPoints(grid);
  const out = new Float64Array(2 * count * m);
  const scale = epsilon ** -0.25;
  for (let i = 0; i < m; i++) {
    const xi = (x[i] - x0) / Math.sqrt(epsilon);
    let previous = 0;
    let current = Math.PI ** -0.25 * Math.exp(-(xi * xi) / 2);
    const c = Math.cos((p0 * x[i]) / epsilon);
    const s = Math.sin((p0 * x[i]) / epsilon);
    for (let j = 0; j < count; j++) {
      out[2 * (j * m + i)] = scale * current * c;
      out[2 * (j * m + i) + 1] = scale * current * s;
      const next = Math.sqrt(2 / (j + 1)) * xi * current - Math.sqrt(j / (j + 1)) * previous;
      previous = current;
      current = next;
    }
  }
  return out;
}

/** A Slater (or mixed) state of displaced harmonic-oscillator orbitals. */
export function hermiteState(
  grid: Grid,
  epsilon: number,
  occupations: number[],
  x0 = 0,
  p0 = 0,
): OrbitalState {
  return {
    form: "orbital",
    grid,
    epsilon,
    occupations: Float64Array.from(occupations),
    orbitals: hermiteOrbitals(grid, epsilon, occupations.length, x0, p0),
  };
}

/** A_ij = sum_k lambda_k phi_k(x_i) conj(phi_k(x_j)) dx of an orbital state (1D). */
export function toDenseState(state: OrbitalState): DenseState {
  const m = state.grid.size;
  const a = new Float64Array(2 * m * m);
  const dx = state.grid.cellVolume;
  state.occupations.forEach((lambda, k) => {
    const o = 2 * k * m;
    for (let i = 0; i < m; i++) {
      const ar = lambda * dx * state.orbitals[o + 2 * i];
      const ai = lambda * dx * state.orbitals[o + 2 * i + 1];
      for (let j = 0; j < m; j++) {
        const br = state.orbitals[o + 2 * j];
        const bi = -state.orbitals[o + 2 * j + 1];
        a[2 * (i * m + j)] += ar * br - ai * bi;
        a[2 * (i * m + j) + 1] += ar * bi + ai * br;
      }
    }
  });
  return { form: "dense", grid: state.grid, epsilon: state.epsilon, data: a };
}

/**
 * The discrete Wigner function (THEORY.md section 2) at a half-grid point X_p = x_0 + p dx/2 and
 * velocity v: W = (1/pi) sum_{i+j=p} A_ij e^{-i v (x_i - x_j)/eps}, A from the orbitals. Cost O(K n).
 */
export function wignerAt(state: OrbitalState, p: number, v: number): number {
  const m = state.grid.size;
  const dx = state.grid.spacing[0];
  let total = 0;
  for (let i = Math.max(0, p - m + 1); i <= Math.min(p, m - 1); i++) {
    const j = p - i;
    const phase = (-v * (i - j) * dx) / state.epsilon;
    const c = Math.cos(phase);
    const s = Math.sin(phase);
    state.occupations.forEach((lambda, k) => {
      const o = 2 * k * m;
      // phi_k(x_i) conj(phi_k(x_j))
      const ar = state.orbitals[o + 2 * i];
      const ai = state.orbitals[o + 2 * i + 1];
      const br = state.orbitals[o + 2 * j];
      const bi = -state.orbitals[o + 2 * j + 1];
      const re = ar * br - ai * bi;
      const im = ar * bi + ai * br;
      total += lambda * dx * (re * c - im * s);
    });
  }
  return total / Math.PI;
}

/** THEORY.md section 4: W_j(x, v) = ((-1)^j / pi) e^{-(x^2+v^2)/eps} L_j(2 (x^2 + v^2)/eps). */
export function oscillatorWigner(j: number, x: number, v: number, epsilon: number): number {
  const r = (x * x + v * v) / epsilon;
  const z = 2 * r;
  let previous = 1;
  let current = 1 - z;
  if (j === 0) current = 1;
  else {
    for (let k = 1; k < j; k++) {
      const next = ((2 * k + 1 - z) * current - k * previous) / (k + 1);
      previous = current;
      current = next;
    }
  }
  return ((j % 2 === 0 ? 1 : -1) / Math.PI) * Math.exp(-r) * current;
}
