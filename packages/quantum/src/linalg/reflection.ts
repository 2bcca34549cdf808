/**
 * The point reflection of a periodic grid through its center, r(i)_a = (n_a - i_a) mod n_a
 * (x - c -> c - x with c the box center, x_n identified with x_0), and the block-diagonal form
 * it gives an operator that commutes with it. With R the permutation (R psi)_i = psi_r(i), the
 * even sector is spanned by delta_f (fixed points r(f) = f) and (delta_i + delta_r(i))/sqrt(2),
 * the odd one by (delta_i - delta_r(i))/sqrt(2), one i per pair {i, r(i)}, i < r(i). An
 * operator A splits as A = S + T, S = (A + R A R)/2 (block diagonal: its even and odd blocks)
 * and T = (A - R A R)/2 (the coupling of the sectors): the spectrum of S is the union of the
 * two blocks' spectra, found by two eigenproblems of size ~n/2 (a quarter of the work of one of
 * size n). Internal to the package.
 */

/** The sectors of the reflection of a grid of `shape`: basis vectors by their one or two points. */
export interface ReflectionSectors {
  /** n = prod n_a. */
  readonly size: number;
  /** r(i) for every flat (row-major) index i. */
  readonly partner: Int32Array;
  /** Even basis vector k: the point first[k] (first = second: a fixed point) or the pair. */
  readonly evenFirst: Int32Array;
  readonly evenSecond: Int32Array;
  /** Odd basis vector k: (delta_first - delta_second)/sqrt(2), first < second. */
  readonly oddFirst: Int32Array;
  readonly oddSecond: Int32Array;
}

/** The reflection sectors of a grid of `shape` (row-major flat indices). Cost O(n). */
export function reflectionSectors(shape: readonly number[]): ReflectionSectors {
  const n = shape.reduce((p, x) => p * x, 1);
  const partner = new Int32Array(n);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let a = 0; a < shape.length; a++) r = r * shape[a] + ((shape[a] - index[a]) % shape[a]);
    partner[i] = r;
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a]++;
      if (index[a] < shape[a]) break;
      index[a] = 0;
    }
  }
  const evenFirst: number[] = [];
  const evenSecond: number[] = [];
  const oddFirst: number[] = [];
  const oddSecond: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = partner[i];
    if (r < i) continue;
    evenFirst.push(i);
    evenSecond.push(r);
    if (r > i) {
      oddFirst.push(i);
      oddSecond.push(r);
    }
  }
  return {
    size: n,
    partner,
    evenFirst: Int32Array.from(evenFirst),
    evenSecond: Int32Array.from(evenSecond),
    oddFirst: Int32Array.from(oddFirst),
    oddSecond: Int32Array.from(oddSecond),
  };
}

/**
 * How an n x n matrix is stored: "real" row-major, "complex" interleaved complex row-major, or
 * "packed" a complex Hermitian matrix by its lower triangle (quantum's PackedHermitian:
 * A_ij, j <= i, at 2 (i (i + 1)/2 + j); A_ji = conj A_ij).
 */
export type MatrixLayout = "real" | "complex" | "packed";

/**
 * The address of A_ij (its real part; the imaginary part follows) in a "packed" matrix, and the
 * sign of its imaginary part there: +1 on and below the diagonal, -1 above (A_ij = conj A_ji).
 */
function packedAddress(i: number, j: number): number {
  return j <= i ? i * (i + 1) + 2 * j : j * (j + 1) + 2 * i;
}

/** The even and odd blocks of S = (A + R A R)/2. */
export interface ReflectionBlocks {
  /** Order of the even block and its entries (row-major; interleaved complex when complex). */
  readonly evenOrder: number;
  readonly even: Float64Array;
  readonly oddOrder: number;
  readonly odd: Float64Array;
}

/**
 * ||A||_F and ||T||_F, T = (A - R A R)/2, of an n x n matrix stored in `layout`, without
 * forming T (every entry read; a packed matrix's as the full one's, so the same sums for an
 * exactly Hermitian matrix). Cost O(n^2), no allocation.
 */
export function reflectionAsymmetry(
  sectors: ReflectionSectors,
  data: Float64Array,
  layout: MatrixLayout,
): { frobenius: number; asymmetry: number } {
  const { size: n, partner } = sectors;
  let all = 0;
  let odd = 0;
  if (layout === "real") {
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const mirror = partner[i] * n;
      for (let j = 0; j < n; j++) {
        const v = data[row + j];
        const dv = v - data[mirror + partner[j]];
        all += v * v;
        odd += dv * dv;
      }
    }
  } else {
    const packed = layout === "packed";
    for (let i = 0; i < n; i++) {
      const mi = partner[i];
      for (let j = 0; j < n; j++) {
        const mj = partner[j];
        const p = packed ? packedAddress(i, j) : 2 * (i * n + j);
        const q = packed ? packedAddress(mi, mj) : 2 * (mi * n + mj);
        const re = data[p];
        const im = packed && j > i ? -data[p + 1] : data[p + 1];
        const dr = re - data[q];
        const di = im - (packed && mj > mi ? -data[q + 1] : data[q + 1]);
        all += re * re + im * im;
        odd += dr * dr + di * di;
      }
    }
  }
  return { frobenius: Math.sqrt(all), asymmetry: 0.5 * Math.sqrt(odd) };
}

/**
 * The entries of one block of S: B_kl = <b_k| A |b_l> over the basis vectors (first, second) of
 * a sector, with sign +1 (even) or -1 (odd), written to out[0] (and out[1] when `complex`).
 * Cost O(1) per entry.
 */
function sectorEntry(
  n: number,
  data: Float64Array,
  layout: MatrixLayout,
  first: Int32Array,
  second: Int32Array,
  sign: number,
): (k: number, l: number, out: Float64Array) => void {
  // basis vector k = w_k (delta_first + sign delta_second), w_k = 1 (fixed point) or 1/sqrt(2)
  const weight = Float64Array.from(first, (f, k) => (f === second[k] ? 1 : Math.SQRT1_2));
  const width = layout === "real" ? 1 : 2;
  const packed = layout === "packed";
  /** Component c of A_ij. */
  const at = (i: number, j: number, c: number) =>
    packed
      ? c === 1 && j > i
        ? -data[packedAddress(i, j) + 1]
        : data[packedAddress(i, j) + c]
      : data[width * (i * n + j) + c];
  return (k, l, out) => {
    const i1 = first[k];
    const i2 = second[k];
    const j1 = first[l];
    const j2 = second[l];
    const w = weight[k] * weight[l];
    for (let c = 0; c < width; c++) {
      let s = at(i1, j1, c);
      if (j2 !== j1) s += sign * at(i1, j2, c);
      if (i1 !== i2) {
        s += sign * at(i2, j1, c);
        if (j2 !== j1) s += at(i2, j2, c);
      }
      out[c] = w * s;
    }
  };
}

/** One block of S of order m (entries from {@link sectorEntry}), stored. Cost O(m^2). */
function sectorBlock(
  entry: (k: number, l: number, out: Float64Array) => void,
  m: number,
  width: number,
): Float64Array {
  const out = new Float64Array(width * m * m);
  const z = new Float64Array(2);
  for (let k = 0; k < m; k++) {
    for (let l = 0; l < m; l++) {
      entry(k, l, z);
      for (let c = 0; c < width; c++) out[width * (k * m + l) + c] = z[c];
    }
  }
  return out;
}

/**
 * The even and odd blocks of S = (A + R A R)/2 for an n x n matrix A stored in `layout` (every
 * entry is read). How far A is from S is
 * {@link reflectionAsymmetry}'s. Cost O(n^2); allocates the two blocks (~n^2/2 entries).
 */
export function reflectionBlocks(
  sectors: ReflectionSectors,
  data: Float64Array,
  layout: MatrixLayout,
): ReflectionBlocks {
  const width = layout === "real" ? 1 : 2;
  const block = (parity: "even" | "odd", order: number) =>
    sectorBlock(reflectionBlockEntry(sectors, data, layout, parity), order, width);
  return {
    evenOrder: sectors.evenFirst.length,
    even: block("even", sectors.evenFirst.length),
    oddOrder: sectors.oddFirst.length,
    odd: block("odd", sectors.oddFirst.length),
  };
}

/**
 * The entries of one block of {@link reflectionBlocks} (its order is the sector's number of
 * basis vectors) without storing it, for a solver that reads entries (quantum's
 * hermitianEigenvaluesOf). Cost O(1) per entry.
 */
export function reflectionBlockEntry(
  sectors: ReflectionSectors,
  data: Float64Array,
  layout: MatrixLayout,
  parity: "even" | "odd",
): (k: number, l: number, out: Float64Array) => void {
  const { size: n, evenFirst, evenSecond, oddFirst, oddSecond } = sectors;
  return parity === "even"
    ? sectorEntry(n, data, layout, evenFirst, evenSecond, 1)
    : sectorEntry(n, data, layout, oddFirst, oddSecond, -1);
}

/**
 * Real sector vectors (vector-major, `count` vectors of the sector's order at offset k m) as
 * grid vectors (vector-major, n values each): psi_first = w u_k, psi_second = sign w u_k.
 * Cost O(count n).
 */
export function expandSectorVectors(
  sectors: ReflectionSectors,
  parity: "even" | "odd",
  vectors: Float64Array,
  count: number,
): Float64Array {
  const n = sectors.size;
  const first = parity === "even" ? sectors.evenFirst : sectors.oddFirst;
  const second = parity === "even" ? sectors.evenSecond : sectors.oddSecond;
  const sign = parity === "even" ? 1 : -1;
  const m = first.length;
  const out = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    for (let l = 0; l < m; l++) {
      const u = vectors[k * m + l];
      if (first[l] === second[l]) {
        out[k * n + first[l]] = u;
      } else {
        out[k * n + first[l]] = Math.SQRT1_2 * u;
        out[k * n + second[l]] = sign * Math.SQRT1_2 * u;
      }
    }
  }
  return out;
}
