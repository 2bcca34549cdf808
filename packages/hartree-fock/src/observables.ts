import type { Grid } from "@semiclassical/grid";
import { gramMatrix } from "@semiclassical/quantum";

/** The Gram matrix of K orbitals; shared with @semiclassical/quantum (its orthonormality check). */
export { gramMatrix };

/**
 * rho(x_i) = omega(x_i; x_i)/N of the orbital form: (1/N) sum_k lambda_k |phi_k(x_i)|^2, so that
 * sum_i rho_i dx^d = 1 when N = tr omega. Only the points first <= i < end (default all) are
 * written, each with the same sum (k ascending) whatever the range. Cost O(K (end - first)),
 * writes into `out`.
 */
export function orbitalDensity(
  grid: Grid,
  orbitals: Float64Array,
  occupations: Float64Array,
  particleNumber: number,
  out: Float64Array,
  first = 0,
  end = grid.size,
): Float64Array {
  const m = grid.size;
  out.fill(0, first, end);
  for (let k = 0; k < occupations.length; k++) {
    const lk = occupations[k] / particleNumber;
    if (lk === 0) continue;
    for (let i = first, o = 2 * (k * m + first); i < end; i++, o += 2) {
      out[i] += lk * (orbitals[o] * orbitals[o] + orbitals[o + 1] * orbitals[o + 1]);
    }
  }
  return out;
}

/** rho(x_i) = A_ii / (N dx^d) of the dense form. Cost O(n), writes into `out`. */
export function denseDensity(
  grid: Grid,
  data: Float64Array,
  particleNumber: number,
  out: Float64Array,
): Float64Array {
  const n = grid.size;
  const scale = 1 / (particleNumber * grid.cellVolume);
  for (let i = 0; i < n; i++) out[i] = data[2 * (i * n + i)] * scale;
  return out;
}

/** tr omega = sum_k lambda_k ||phi_k||^2 (orbital form). Cost O(K M). */
export function orbitalTrace(
  grid: Grid,
  orbitals: Float64Array,
  occupations: Float64Array,
): number {
  const m = grid.size;
  let total = 0;
  for (let k = 0; k < occupations.length; k++) {
    let s = 0;
    for (let o = 2 * k * m; o < 2 * (k + 1) * m; o++) s += orbitals[o] * orbitals[o];
    total += occupations[k] * s;
  }
  return total * grid.cellVolume;
}

/** tr A (dense form). Cost O(n). */
export function denseTrace(n: number, data: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += data[2 * (i * n + i)];
  return s;
}

/** tr A^2 = sum_ij |A_ij|^2 (dense form, A Hermitian). Cost O(n^2). */
export function densePurity(data: Float64Array): number {
  let s = 0;
  for (let o = 0; o < data.length; o++) s += data[o] * data[o];
  return s;
}

/** max_kl |G_kl - delta_kl|: the drift of the orbitals from orthonormality. Cost O(K^2 M). */
export function orthonormalityDefect(grid: Grid, orbitals: Float64Array, count: number): number {
  const g = gramMatrix(grid, orbitals, count);
  let worst = 0;
  for (let k = 0; k < count; k++) {
    for (let l = 0; l < count; l++) {
      const o = 2 * (k * count + l);
      const d = Math.hypot(g[o] - (k === l ? 1 : 0), g[o + 1]);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/** Centre of mass int x rho dx, one entry per axis, from rho and the mesh coordinates. Cost O(d M). */
export function centerOfMass(
  grid: Grid,
  density: Float64Array,
  coordinates: Float64Array[],
): number[] {
  return coordinates.map((x) => {
    let s = 0;
    for (let i = 0; i < grid.size; i++) s += x[i] * density[i];
    return s * grid.cellVolume;
  });
}
