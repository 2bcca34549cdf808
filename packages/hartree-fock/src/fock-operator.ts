import type { Grid } from "@semiclassical/grid";
import { type BlockOperator, Hamiltonian, symmetricEigen } from "@semiclassical/quantum";

/**
 * The adaptively compressed exchange (ACE, L. Lin, J. Chem. Theory Comput. 12, 2242 (2016)) of a
 * real exchange operator X = X[omega] (real orbitals, as in a trap without magnetic field) on
 * the span of K real orbitals Phi: with W = X Phi and M_X = <Phi, W> (K x K symmetric,
 * <a, b> = sum_i a_i b_i dx^d),
 *   A = W M_X^{-1} W^T = sum_r s_r xi_r xi_r^T,  M_X = Q diag(mu) Q^T,  xi_r = W Q_r / sqrt|mu_r|,
 * s_r = sign(mu_r) (directions with |mu_r| <= 1e-14 max|mu| are dropped: for a definite X they
 * carry W Q_r = 0). A = X on span(Phi) and has rank <= K; applying it to B vectors costs
 * 2 R B M flops (R <= K kept directions) instead of K B convolutions. X >= 0 for a positive
 * definite kernel (V^ >= 0: M_X positive definite, Cholesky would do), X <= 0 for an attractive
 * one; the eigen-decomposition covers both and indefinite truncated kernels.
 */
export class RealCompressedExchange {
  readonly grid: Grid;
  /** Kept directions xi_r (R x M, vector-major, grid-normalized weights). */
  readonly directions: Float64Array;
  /** s_r = +-1. */
  readonly signs: Float64Array;
  /** sum over s_r < 0 of <xi_r, xi_r>: bounds the largest eigenvalue of -A. */
  readonly negativeBound: number;

  /**
   * Builds A from K real orbitals (vector-major, K x M, grid-normalized) and W = X Phi (same
   * layout). Cost 2 M K^2 flops + a K x K symmetric eigenproblem; allocates R M doubles.
   */
  constructor(grid: Grid, orbitals: Float64Array, exchanged: Float64Array, count: number) {
    this.grid = grid;
    const m = grid.size;
    const dv = grid.cellVolume;
    const mx = new Float64Array(count * count);
    for (let k = 0; k < count; k++) {
      for (let l = k; l < count; l++) {
        let s = 0;
        let t = 0;
        for (let i = 0; i < m; i++) {
          s += orbitals[k * m + i] * exchanged[l * m + i];
          t += orbitals[l * m + i] * exchanged[k * m + i];
        }
        mx[k * count + l] = 0.5 * (s + t) * dv;
        mx[l * count + k] = mx[k * count + l];
      }
    }
    const { values, vectors } = symmetricEigen(count, mx, { vectors: true });
    let largest = 0;
    for (const mu of values) largest = Math.max(largest, Math.abs(mu));
    const kept: number[] = [];
    for (let r = 0; r < count; r++) {
      if (Math.abs(values[r]) > 1e-14 * largest && largest > 0) kept.push(r);
    }
    this.directions = new Float64Array(kept.length * m);
    this.signs = new Float64Array(kept.length);
    let negative = 0;
    kept.forEach((r, j) => {
      const scale = 1 / Math.sqrt(Math.abs(values[r]));
      this.signs[j] = Math.sign(values[r]);
      const xi = this.directions.subarray(j * m, (j + 1) * m);
      for (let k = 0; k < count; k++) {
        const c = vectors[k * count + r] * scale;
        if (c === 0) continue;
        for (let i = 0; i < m; i++) xi[i] += c * exchanged[k * m + i];
      }
      if (values[r] < 0) {
        let s = 0;
        for (let i = 0; i < m; i++) s += xi[i] * xi[i];
        negative += s * dv;
      }
    });
    this.negativeBound = negative;
  }

  /** Number R of kept directions (the rank of A). */
  get rank(): number {
    return this.signs.length;
  }

  /**
   * out_k -= A y_k for the vectors k in [from, to) of a block (vector k at offset k M): first the
   * coefficients c_rk = s_r <xi_r, y_k>, then out_k -= sum_r c_rk xi_r, both with two vectors per
   * pass (register blocking). Cost 4 R M flops per vector; allocates the R x (to - from)
   * coefficients.
   */
  subtractFrom(y: Float64Array, out: Float64Array, from: number, to: number): void {
    const m = this.grid.size;
    const dv = this.grid.cellVolume;
    const xi = this.directions;
    const rank = this.signs.length;
    const width = to - from;
    const c = new Float64Array(rank * width);
    for (let r = 0; r < rank; r++) {
      const xr = r * m;
      const s = this.signs[r] * dv;
      for (let k = from; k < to; k += 2) {
        const two = k + 1 < to;
        const y0 = k * m;
        const y1 = (two ? k + 1 : k) * m;
        let d0 = 0;
        let d1 = 0;
        for (let i = 0; i < m; i++) {
          const x = xi[xr + i];
          d0 += x * y[y0 + i];
          d1 += x * y[y1 + i];
        }
        c[r * width + k - from] = s * d0;
        if (two) c[r * width + k + 1 - from] = s * d1;
      }
    }
    for (let k = from; k < to; k++) {
      const ok = k * m;
      for (let r = 0; r < rank; r += 2) {
        const two = r + 1 < rank;
        const a = c[r * width + k - from];
        const b = two ? c[(r + 1) * width + k - from] : 0;
        const x0 = r * m;
        const x1 = (two ? r + 1 : r) * m;
        for (let i = 0; i < m; i++) out[ok + i] -= a * xi[x0 + i] + b * xi[x1 + i];
      }
    }
  }
}

/**
 * The Fock operator h = -kappa eps^2 Laplacian + U - A on real grid vectors (THEORY.md section
 * 4), U = V_ext + V * rho sampled on the grid and A the ACE of X[omega] (omitted: Hartree): a
 * quantum `BlockOperator` for the filtered subspace iteration. The local part is quantum's
 * `Hamiltonian` (one complex FFT pair per two vectors); `upper` bounds the spectrum
 * (max T + max U + the bound of -A). Cost per vector: O(M log M) + 4 R M.
 */
export class FockOperator implements BlockOperator {
  readonly grid: Grid;
  readonly upper: number;
  readonly local: Hamiltonian;

  constructor(
    grid: Grid,
    epsilon: number,
    kappa: number,
    potential: Float64Array,
    readonly exchange: RealCompressedExchange | undefined,
  ) {
    this.grid = grid;
    this.local = new Hamiltonian(grid, epsilon, kappa, potential);
    this.upper = this.local.upper + (exchange?.negativeBound ?? 0);
  }

  applyBlock(y: Float64Array, out: Float64Array, from: number, to: number): void {
    this.local.applyBlock(y, out, from, to);
    this.exchange?.subtractFrom(y, out, from, to);
  }
}
