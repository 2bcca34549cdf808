import { type Grid, ParameterError } from "@semiclassical/grid";
import type { DenseDensityMatrix } from "@semiclassical/quantum";
import { createDenseDensityMatrix } from "@semiclassical/quantum";
import type { ManyBodyWavefunction } from "./wavefunction.js";

/**
 * The one-body reduced density matrix of THEORY.md section 6 in quantum's dense form,
 *   A_ij = gamma(x_i; x_j) dx^d,  gamma(x; y) = N int psi(x, x_2..x_N) conj(psi(y, x_2..x_N)) dx_2..dx_N,
 * i.e. A = N dx^(dN) Psi Psi^* with Psi the M x M^(N-1) matrix of psi (particle 1 the row). For an
 * antisymmetric normalized psi: tr A = N and 0 <= A <= 1; for a Slater determinant A is the
 * projector onto its orbitals. Cost O(M^(N+1)) (half of it by Hermitian symmetry), allocates
 * 2 M^2 doubles.
 */
export function reducedDensityMatrix(psi: ManyBodyWavefunction): DenseDensityMatrix {
  const M = psi.grid.size;
  const rest = psi.data.length / (2 * M);
  const rows = new Int32Array(M);
  for (let i = 0; i < M; i++) rows[i] = 2 * i * rest;
  const w = psi.particles * psi.grid.cellVolume ** psi.particles;
  const a = weightedRowGram(psi.data, rows, rest, w);
  return createDenseDensityMatrix(psi.grid, psi.epsilon, a);
}

/**
 * The grid method's refinement comparison: gamma of a wave function on a refined grid (r times
 * the points per axis of `coarse` on the same box and origin, r an integer), restricted to the
 * coarse points (every r-th fine point, F(i) = sum_a r i_a strides_fine[a]):
 *   (R A)_ij = r^d A_{F(i) F(j)} = r^d N dx^(dN) sum_rest psi(x_F(i), rest) conj(psi(x_F(j), rest)),
 * the partial trace over particles 2..N still on the fine grid (exact), only the kernel's two
 * arguments sampled (r^d = dx_coarse^d / dx^d). For a gamma band-limited to the coarse wave
 * numbers this is gamma itself; the refinement floor of the grid method is
 * (1/N) tr|gamma(M) - R gamma(M')|. Refuses grids that do not nest. Cost O(n^2 M'^(d(N-1))) with
 * n = coarse.size, allocates 2 n^2 doubles.
 */
export function restrictedReducedDensityMatrix(
  psi: ManyBodyWavefunction,
  coarse: Grid,
): DenseDensityMatrix {
  const g = psi.grid;
  const r = g.shape[0] / coarse.shape[0];
  for (let a = 0; a < g.dimension; a++) {
    const nest =
      g.dimension === coarse.dimension &&
      Number.isInteger(r) &&
      r >= 1 &&
      g.shape[a] === r * coarse.shape[a] &&
      Math.abs(g.box[a] - coarse.box[a]) <= 1e-12 * g.box[a] &&
      Math.abs(g.origin[a] - coarse.origin[a]) <= 1e-12 * g.box[a];
    if (!nest) {
      throw new ParameterError(
        "coarse",
        `must nest in the wave function's grid (same box and origin, an integer multiple r of its points on every axis), got ${coarse.shape.join("x")} points on box ${coarse.box.join("x")} against ${g.shape.join("x")} on ${g.box.join("x")}`,
      );
    }
  }
  const n = coarse.size;
  const rest = psi.data.length / (2 * g.size);
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let a = 0; a < coarse.dimension; a++) {
      f += r * (Math.floor(i / coarse.strides[a]) % coarse.shape[a]) * g.strides[a];
    }
    row[i] = 2 * f * rest;
  }
  const w = r ** coarse.dimension * psi.particles * g.cellVolume ** psi.particles;
  const a = weightedRowGram(psi.data, row, rest, w);
  return createDenseDensityMatrix(coarse, psi.epsilon, a);
}

/**
 * A_ij = w sum_q x[rows_i + q] conj(x[rows_j + q]) over the `rest` complex values of each row
 * (rows_i: offsets in doubles into the interleaved complex x), an n x n Hermitian matrix with n =
 * rows.length, filled from its lower triangle. Cost O(n^2 rest), allocates 2 n^2 doubles.
 */
function weightedRowGram(x: Float64Array, rows: Int32Array, rest: number, w: number): Float64Array {
  const n = rows.length;
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    const oi = rows[i];
    for (let j = 0; j <= i; j++) {
      const oj = rows[j];
      let re = 0;
      let im = 0;
      for (let q = 0; q < 2 * rest; q += 2) {
        const ar = x[oi + q];
        const ai = x[oi + q + 1];
        const br = x[oj + q];
        const bi = x[oj + q + 1];
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      a[2 * (i * n + j)] = w * re;
      a[2 * (i * n + j) + 1] = w * im;
      a[2 * (j * n + i)] = w * re;
      a[2 * (j * n + i) + 1] = -w * im;
    }
    a[2 * (i * n + i) + 1] = 0;
  }
  return a;
}
