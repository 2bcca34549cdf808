import type { Grid } from "@semiclassical/grid";
import { hermitianEigen } from "@semiclassical/quantum";
import { gramMatrix } from "./observables.js";

/**
 * tr|[x_a, omega]| for omega = sum_k lambda_k |phi_k><phi_k| (orbital form), for one axis a with
 * coordinates x (grid.size values).
 *
 * [x, omega] = sum_k lambda_k (|x phi_k><phi_k| - |phi_k><x phi_k|) = W M W^* with
 * W = [phi_1..phi_K, x phi_1..x phi_K] and M = [[0, -Lambda], [Lambda, 0]]. Its nonzero
 * eigenvalues are those of G^{1/2} M G^{1/2}, G = W^* W (2K x 2K Gram matrix), so the trace norm is
 * sum |eig(i G^{1/2} M G^{1/2})|, from two Hermitian eigenproblems of order 2K (quantum's
 * `hermitianEigen`). Cost O(K^2 M + K^3), allocates O(K M + K^2).
 */
export function orbitalCommutatorTraceNorm(
  grid: Grid,
  orbitals: Float64Array,
  occupations: Float64Array,
  x: Float64Array,
): number {
  const m = grid.size;
  const count = occupations.length;
  const r = 2 * count;
  const w = new Float64Array(2 * r * m);
  w.set(orbitals.subarray(0, 2 * count * m));
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < m; i++) {
      const o = 2 * (k * m + i);
      w[2 * count * m + o] = x[i] * orbitals[o];
      w[2 * count * m + o + 1] = x[i] * orbitals[o + 1];
    }
  }
  const g = gramMatrix(grid, w, r);
  const { values, vectors } = hermitianEigen(r, g, { vectors: true });
  // G^{1/2} = Q diag(sqrt(max(s, 0))) Q^*
  const root = new Float64Array(2 * r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let re = 0;
      let im = 0;
      for (let s = 0; s < r; s++) {
        const sq = Math.sqrt(Math.max(values[s], 0));
        if (sq === 0) continue;
        const ar = vectors[2 * (i * r + s)];
        const ai = vectors[2 * (i * r + s) + 1];
        const br = vectors[2 * (j * r + s)];
        const bi = -vectors[2 * (j * r + s) + 1];
        re += sq * (ar * br - ai * bi);
        im += sq * (ar * bi + ai * br);
      }
      root[2 * (i * r + j)] = re;
      root[2 * (i * r + j) + 1] = im;
    }
  }
  // H = i R M R with M_{k, K+k} = -lambda_k, M_{K+k, k} = lambda_k (R = G^{1/2} Hermitian).
  // (R M)_{i, K+k} = -R_{i,k} lambda_k, (R M)_{i,k} = R_{i,K+k} lambda_k.
  const rm = new Float64Array(2 * r * r);
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < count; k++) {
      const lk = occupations[k];
      rm[2 * (i * r + count + k)] = -root[2 * (i * r + k)] * lk;
      rm[2 * (i * r + count + k) + 1] = -root[2 * (i * r + k) + 1] * lk;
      rm[2 * (i * r + k)] = root[2 * (i * r + count + k)] * lk;
      rm[2 * (i * r + k) + 1] = root[2 * (i * r + count + k) + 1] * lk;
    }
  }
  const h = new Float64Array(2 * r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let re = 0;
      let im = 0;
      for (let s = 0; s < r; s++) {
        const ar = rm[2 * (i * r + s)];
        const ai = rm[2 * (i * r + s) + 1];
        const br = root[2 * (s * r + j)];
        const bi = root[2 * (s * r + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      // multiply by i
      h[2 * (i * r + j)] = -im;
      h[2 * (i * r + j) + 1] = re;
    }
  }
  const eig = hermitianEigen(r, h).values;
  let total = 0;
  for (let s = 0; s < r; s++) total += Math.abs(eig[s]);
  return total;
}

/**
 * tr|[x, A]| of the dense form (1D): the eigenvalues of the Hermitian matrix i (x_i - x_j) A_ij
 * (quantum's `hermitianEigen`), summed in absolute value. Cost ~ 5 n^3 flops, allocates 2 n^2.
 */
export function denseCommutatorTraceNorm(n: number, data: Float64Array, x: Float64Array): number {
  const h = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const o = 2 * (i * n + j);
      const d = x[i] - x[j];
      h[o] = -d * data[o + 1];
      h[o + 1] = d * data[o];
    }
  }
  const eig = hermitianEigen(n, h).values;
  let total = 0;
  for (let s = 0; s < n; s++) total += Math.abs(eig[s]);
  return total;
}
