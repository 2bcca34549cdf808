import { ParameterError } from "@semiclassical/grid";
import { type DeterminantSpace, fermionSign } from "./determinants.js";
import type { HermitianOperator } from "./lanczos.js";
import { binomial, DEFAULT_MAX_BYTES, requireMemory } from "./memory.js";

/**
 * Upper bound of the nonzeros per row of H_N in the determinant basis: 1 + N (M - N) singles +
 * C(N, 2) C(M - N, 2) doubles. Cost O(1).
 */
export function maxRowEntries(orbitals: number, particles: number): number {
  const holes = orbitals - particles;
  return 1 + particles * holes + binomial(particles, 2) * binomial(holes, 2);
}

/**
 * Bytes of the sparse H_N of {@link BasisHamiltonian} (20 bytes per stored entry: complex value
 * and column index, at the upper bound {@link maxRowEntries} per row) plus the accumulators.
 * Cost O(1).
 */
export function basisHamiltonianBytes(orbitals: number, particles: number): number {
  return binomial(orbitals, particles) * (20 * maxRowEntries(orbitals, particles) + 28);
}

/**
 * Throws a ParameterError (naming basisSize, the bytes needed and the fix) unless the sparse H_N
 * of N particles in M orbitals fits in maxBytes (default 4 GiB). Call it before building anything.
 * Cost O(N).
 */
export function requireBasisBudget(
  orbitals: number,
  particles: number,
  maxBytes = DEFAULT_MAX_BYTES,
): void {
  requireMemory(
    "basisSize",
    basisHamiltonianBytes(orbitals, particles),
    `sparse H_N on C(${orbitals}, ${particles}) = ${binomial(orbitals, particles)} determinants, up to ` +
      `${maxRowEntries(orbitals, particles)} entries per row`,
    "use fewer orbitals M or particles N, or raise maxBytes",
    maxBytes,
  );
}

/**
 * The many-body Hamiltonian of THEORY.md section 6 in the Slater-determinant basis of M orbitals
 * (configuration interaction, second quantization):
 *   H_N = sum_pq h_pq a+_p a_q + (1/N) sum_{p<q, r<s} (<pq|V|rs> - <pq|V|sr>) a+_p a+_q a_s a_r,
 * with h_pq and <pq|V|rs> from oneBodyIntegrals / twoBodyIntegrals (the two-body sum is
 * (1/2N) sum_pqrs <pq|V|rs> a+_p a+_q a_s a_r with the exchange symmetry used). Built by applying
 * the operators to every determinant with fermionic signs (this is the Slater-Condon rules:
 * diagonal, single and double excitations, no special cases) and stored as a Hermitian CSR matrix
 * (complex values). Memory {@link basisHamiltonianBytes}, refused before any work beyond maxBytes.
 * Cost to build O(C(M,N) (N M + N^2 M^2)); apply O(nonzeros).
 */
export class BasisHamiltonian implements HermitianOperator {
  readonly space: DeterminantSpace;
  readonly dimension: number;
  /** CSR row pointers (dimension + 1), column indices, interleaved complex values. */
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;

  /**
   * @param oneBody h_pq (interleaved complex M x M), @param twoBody <pq|V|rs> (M^4 complex) or
   * undefined for V = 0. The 1/N of H_N uses N = space.particles.
   */
  constructor(
    space: DeterminantSpace,
    oneBody: Float64Array,
    twoBody: Float64Array | undefined,
    options: { maxBytes?: number } = {},
  ) {
    const M = space.orbitals;
    const N = space.particles;
    if (oneBody.length !== 2 * M * M) {
      throw new ParameterError(
        "oneBody",
        `must hold 2 M^2 = ${2 * M * M} doubles, got ${oneBody.length}`,
      );
    }
    if (twoBody !== undefined && twoBody.length !== 2 * M ** 4) {
      throw new ParameterError(
        "twoBody",
        `must hold 2 M^4 = ${2 * M ** 4} doubles, got ${twoBody.length}`,
      );
    }
    requireBasisBudget(M, N, options.maxBytes);
    this.space = space;
    this.dimension = space.dimension;
    const dim = space.dimension;
    const accRe = new Float64Array(dim);
    const accIm = new Float64Array(dim);
    const mark = new Int32Array(dim).fill(-1);
    const touched = new Int32Array(maxRowEntries(M, N) + 1);
    const rowStart = new Int32Array(dim + 1);
    let columns = new Int32Array(Math.min(dim * maxRowEntries(M, N), 1 << 20));
    let values = new Float64Array(2 * columns.length);
    let count = 0;
    const full = (1 << M) - 1;
    for (let col = 0; col < dim; col++) {
      const d = space.masks[col];
      let nTouched = 0;
      const add = (mask: number, re: number, im: number) => {
        const row = space.index(mask);
        if (mark[row] !== col) {
          mark[row] = col;
          accRe[row] = 0;
          accIm[row] = 0;
          touched[nTouched++] = row;
        }
        accRe[row] += re;
        accIm[row] += im;
      };
      // one-body: a+_p a_q |D>
      for (let q = 0; q < M; q++) {
        if (!(d & (1 << q))) continue;
        const sq = fermionSign(d, q);
        const d1 = d & ~(1 << q);
        for (let p = 0; p < M; p++) {
          if (d1 & (1 << p)) continue;
          const s = sq * fermionSign(d1, p);
          const o = 2 * (p * M + q);
          add(d1 | (1 << p), s * oneBody[o], s * oneBody[o + 1]);
        }
      }
      // two-body: a+_p a+_q a_s a_r |D>, r < s occupied, p < q empty after removal
      if (twoBody !== undefined) {
        for (let r = 0; r < M; r++) {
          if (!(d & (1 << r))) continue;
          for (let s = r + 1; s < M; s++) {
            if (!(d & (1 << s))) continue;
            // a_s a_r |D>: remove r first, then s
            const dr = d & ~(1 << r);
            const sign1 = fermionSign(d, r) * fermionSign(dr, s);
            const d2 = dr & ~(1 << s);
            const empty = full & ~d2;
            for (let p = 0; p < M; p++) {
              if (!(empty & (1 << p))) continue;
              for (let q = p + 1; q < M; q++) {
                if (!(empty & (1 << q))) continue;
                // a+_p a+_q |d2>: create q first, then p
                const dq = d2 | (1 << q);
                const sign = sign1 * fermionSign(d2, q) * fermionSign(dq, p);
                const a = 2 * (((p * M + q) * M + r) * M + s);
                const b = 2 * (((p * M + q) * M + s) * M + r);
                const w = sign / N;
                add(
                  dq | (1 << p),
                  w * (twoBody[a] - twoBody[b]),
                  w * (twoBody[a + 1] - twoBody[b + 1]),
                );
              }
            }
          }
        }
      }
      // column `col` of H is conj(row `col`): store row col = conj of the accumulated column
      if (count + nTouched > columns.length) {
        const bigger = new Int32Array(Math.max(2 * columns.length, count + nTouched));
        bigger.set(columns);
        columns = bigger;
        const biggerValues = new Float64Array(2 * bigger.length);
        biggerValues.set(values);
        values = biggerValues;
      }
      const sorted = Array.from(touched.subarray(0, nTouched)).sort((x, y) => x - y);
      for (const row of sorted) {
        if (accRe[row] === 0 && accIm[row] === 0) continue;
        columns[count] = row;
        values[2 * count] = accRe[row];
        values[2 * count + 1] = -accIm[row];
        count++;
      }
      rowStart[col + 1] = count;
    }
    this.rowStart = rowStart;
    this.columns = columns.slice(0, count);
    this.values = values.slice(0, 2 * count);
  }

  /** Number of stored entries. */
  get nonzeros(): number {
    return this.columns.length;
  }

  /** y = H_N x (interleaved complex, C(M, N) values each). Cost O(nonzeros), no allocation. */
  apply(x: Float64Array, y: Float64Array): void {
    const { rowStart, columns, values } = this;
    for (let row = 0; row < this.dimension; row++) {
      let re = 0;
      let im = 0;
      for (let k = rowStart[row]; k < rowStart[row + 1]; k++) {
        const c = columns[k];
        const hr = values[2 * k];
        const hi = values[2 * k + 1];
        const xr = x[2 * c];
        const xi = x[2 * c + 1];
        re += hr * xr - hi * xi;
        im += hr * xi + hi * xr;
      }
      y[2 * row] = re;
      y[2 * row + 1] = im;
    }
  }

  /** <x|H_N|x> for a coefficient vector (Euclidean; = the energy when ||x|| = 1). Cost O(nonzeros). */
  expectation(x: Float64Array): number {
    const y = new Float64Array(x.length);
    this.apply(x, y);
    let s = 0;
    for (let q = 0; q < x.length; q++) s += x[q] * y[q];
    return s;
  }
}
