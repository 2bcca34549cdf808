import { ParameterError } from "@semiclassical/grid";
import { binomial, DEFAULT_MAX_BYTES, requireMemory } from "./memory.js";

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The C(M, N) Slater determinants of N fermions in M orbitals as occupation bitstrings (bit p set
 * = orbital p occupied; M <= 30), |D> = a+_{p_1} ... a+_{p_N} |0> with p_1 < ... < p_N, numbered in
 * increasing order of the bitstring (colexicographic): index(D) = sum_k C(p_k, k + 1). Fermionic
 * signs: a_q |D> and a+_p |D> carry (-1)^(number of occupied orbitals below q, resp. p).
 * Memory 4 C(M, N) bytes; cost of the constructor O(C(M, N)).
 */
export class DeterminantSpace {
  readonly orbitals: number;
  readonly particles: number;
  readonly dimension: number;
  /** The bitstrings, increasing. */
  readonly masks: Int32Array;
  private readonly choose: Float64Array;

  constructor(orbitals: number, particles: number, maxBytes = DEFAULT_MAX_BYTES) {
    if (!Number.isInteger(orbitals) || orbitals < 1 || orbitals > 30) {
      throw new ParameterError(
        "basisSize",
        `must be an integer in [1, 30], got ${String(orbitals)}`,
      );
    }
    if (!Number.isInteger(particles) || particles < 1 || particles > orbitals) {
      throw new ParameterError(
        "particles",
        `must be an integer in [1, M = ${orbitals}], got ${String(particles)}`,
      );
    }
    const dimension = binomial(orbitals, particles);
    requireMemory(
      "basisSize",
      4 * dimension,
      `C(M, N) = C(${orbitals}, ${particles}) = ${dimension} determinants`,
      "use fewer orbitals M or particles N, or raise maxBytes",
      maxBytes,
    );
    this.orbitals = orbitals;
    this.particles = particles;
    this.dimension = dimension;
    this.choose = new Float64Array((orbitals + 1) * (particles + 1));
    for (let m = 0; m <= orbitals; m++) {
      for (let k = 0; k <= particles; k++) this.choose[m * (particles + 1) + k] = binomial(m, k);
    }
    this.masks = new Int32Array(dimension);
    let mask = (1 << particles) - 1;
    for (let index = 0; index < dimension; index++) {
      this.masks[index] = mask;
      // Gosper's hack: next integer with the same number of set bits
      const c = mask & -mask;
      const r = mask + c;
      mask = Math.floor(((r ^ mask) >>> 2) / c) | r;
    }
  }

  /** The index of a bitstring with N set bits (colex rank). Cost O(M). */
  index(mask: number): number {
    let rank = 0;
    let k = 0;
    for (let p = 0; mask !== 0; p++, mask >>>= 1) {
      if (mask & 1) {
        k++;
        rank += this.choose[p * (this.particles + 1) + k];
      }
    }
    return rank;
  }

  /** The occupied orbitals of determinant `index`, ascending. Cost O(M). */
  occupied(index: number): number[] {
    const out: number[] = [];
    const mask = this.masks[index];
    for (let p = 0; p < this.orbitals; p++) if (mask & (1 << p)) out.push(p);
    return out;
  }

  /** The unit coefficient vector (interleaved complex) of the determinant of `occupied`. Cost O(C(M,N)). */
  slater(occupied: readonly number[]): Float64Array {
    if (occupied.length !== this.particles) {
      throw new ParameterError(
        "occupied",
        `must list N = ${this.particles} orbitals, got ${occupied.length}`,
      );
    }
    let mask = 0;
    for (const p of occupied) {
      if (!Number.isInteger(p) || p < 0 || p >= this.orbitals || mask & (1 << p)) {
        throw new ParameterError(
          "occupied",
          `must be distinct orbitals in [0, ${this.orbitals}), got ${occupied}`,
        );
      }
      mask |= 1 << p;
    }
    const c = new Float64Array(2 * this.dimension);
    // |a+_{q_1} ... a+_{q_N} 0> in the listed order = sign(sort) |D>
    let sign = 1;
    const list = [...occupied];
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j + 1 < list.length - i; j++) {
        if (list[j] > list[j + 1]) {
          [list[j], list[j + 1]] = [list[j + 1], list[j]];
          sign = -sign;
        }
      }
    }
    c[2 * this.index(mask)] = sign;
    return c;
  }
}

/** (-1)^(number of set bits of mask below bit p). */
export function fermionSign(mask: number, p: number): number {
  return popcount(mask & ((1 << p) - 1)) & 1 ? -1 : 1;
}
