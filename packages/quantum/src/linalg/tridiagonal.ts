import { ParameterError } from "@semiclassical/grid";
import type { EigenOptions, EigenResult, EigenResultWithVectors } from "./types.js";

const MACHINE_EPSILON = 2 ** -52;
/** QL sweeps allowed per eigenvalue before giving up (EISPACK uses 30; typical is 1-3). */
const MAX_SWEEPS = 60;

/**
 * Implicit-shift QL iteration on a real symmetric tridiagonal matrix (EISPACK tql1/tql2, as in
 * JAMA), in place.
 *
 * d (length n): the diagonal, replaced by the eigenvalues (unsorted).
 * e (length n): e[i] couples i and i+1 for i < n-1; e[n-1] is ignored; destroyed.
 * rows (optional, n x n row-major): the rotations are applied to rows i, i+1 (row k is then the
 * k-th eigenvector, transposed storage, so each rotation touches two contiguous rows).
 * Cost O(n^2) without rows, ~6 n^3 flops with rows (about n^2 rotations of 6 n flops); allocates
 * O(1) without rows, a 0.6 MB rotation log with rows.
 * Deflation test |e_i| <= eps_mach max_l(|d_l| + |e_l|): eigenvalues accurate to ~ eps_mach ||T||.
 */
export function tridiagonalQL(
  n: number,
  d: Float64Array,
  e: Float64Array,
  rows?: Float64Array,
): void {
  const log = rows ? new RotationLog(n, rows) : undefined;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= MACHINE_EPSILON * tst1) break;
      m++;
    }
    if (m > l) {
      let sweeps = 0;
      do {
        if (++sweeps > MAX_SWEEPS) {
          throw new Error(
            `tridiagonalQL: no convergence for eigenvalue ${l} after ${MAX_SWEEPS} sweeps (NaN or Inf in the input?)`,
          );
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.sqrt(p * p + 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = 1;
        let c3 = 1;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.sqrt(p * p + e[i] * e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          log?.push(i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > MACHINE_EPSILON * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  log?.flush();
}

/**
 * Deferred application of the QL plane rotations to the eigenvector rows: rotations are logged
 * and applied in batches, column block by column block, so each block of the n x n matrix stays
 * in cache while thousands of rotations pass over it (applied one by one, every rotation would
 * stream two full rows from memory: memory-bound, ~3x slower for n = 1024).
 */
class RotationLog {
  private static readonly CAPACITY = 1 << 15;
  private static readonly BLOCK = 32;
  private readonly index = new Int32Array(RotationLog.CAPACITY);
  private readonly cosines = new Float64Array(RotationLog.CAPACITY);
  private readonly sines = new Float64Array(RotationLog.CAPACITY);
  private count = 0;

  constructor(
    private readonly n: number,
    private readonly rows: Float64Array,
  ) {}

  /** Logs the rotation (row_i, row_{i+1}) <- (c row_i - s row_{i+1}, s row_i + c row_{i+1}). */
  push(i: number, c: number, s: number): void {
    if (this.count === RotationLog.CAPACITY) this.flush();
    this.index[this.count] = i;
    this.cosines[this.count] = c;
    this.sines[this.count] = s;
    this.count++;
  }

  /** Applies the logged rotations in order, one column block at a time. */
  flush(): void {
    const { n, rows, index, cosines, sines, count } = this;
    for (let c0 = 0; c0 < n; c0 += RotationLog.BLOCK) {
      const c1 = Math.min(n, c0 + RotationLog.BLOCK);
      for (let r = 0; r < count; r++) {
        const c = cosines[r];
        const s = sines[r];
        const a = index[r] * n;
        const b = a + n;
        for (let k = c0; k < c1; k++) {
          const zb = rows[b + k];
          const za = rows[a + k];
          rows[b + k] = s * za + c * zb;
          rows[a + k] = c * za - s * zb;
        }
      }
    }
    this.count = 0;
  }
}

/**
 * Permutation sorting `values` ascending (stable). Cost O(n log n).
 * @internal
 */
export function ascendingOrder(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order;
}

/** @internal Throws unless n is a positive integer. */
export function requireOrder(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new ParameterError(
      "n",
      `must be a positive integer (the matrix order), got ${String(n)}`,
    );
  }
}

/**
 * Eigenvalues (ascending) and optionally eigenvectors of the real symmetric tridiagonal matrix T
 * with T_ii = diagonal[i] and T_{i,i+1} = T_{i+1,i} = offDiagonal[i] (length n-1), by implicit-shift
 * QL (EISPACK tql1/tql2). Vectors: n x n row-major real, column k = unit eigenvector for values[k].
 *
 * Use: Rayleigh-Ritz on a Lanczos tridiagonal, or the last stage of the dense solvers.
 * Cost O(n^2) (values) or ~6 n^3 flops (vectors). Allocates 2 n (values) + 2 n^2 (vectors) doubles;
 * the inputs are not modified. Backward stable: |lambda_k - lambda~_k| <~ n eps_mach ||T||.
 */
export function symmetricTridiagonalEigen(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>,
  options: { vectors: true },
): EigenResultWithVectors;
export function symmetricTridiagonalEigen(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>,
  options?: EigenOptions,
): EigenResult;
export function symmetricTridiagonalEigen(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>,
  options: EigenOptions = {},
): EigenResult {
  const n = diagonal.length;
  requireOrder(n);
  if (offDiagonal.length < n - 1) {
    throw new ParameterError(
      "offDiagonal",
      `needs n - 1 = ${n - 1} entries for a diagonal of length ${n}, got ${offDiagonal.length}`,
    );
  }
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = offDiagonal[i];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]) || !Number.isFinite(e[i])) {
      throw new ParameterError("diagonal", `entry ${i} (or offDiagonal[${i}]) is not finite`);
    }
  }
  return solveTridiagonal(n, d, e, options.vectors === true);
}

/**
 * QL on (d, e) (destroyed), then sort; vectors as columns of a real row-major n x n matrix.
 * @internal
 */
export function solveTridiagonal(
  n: number,
  d: Float64Array,
  e: Float64Array,
  vectors: boolean,
): EigenResult {
  if (!vectors) {
    tridiagonalQL(n, d, e);
    return { values: d.sort() };
  }
  const rows = new Float64Array(n * n);
  for (let i = 0; i < n; i++) rows[i * n + i] = 1;
  tridiagonalQL(n, d, e, rows);
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  const columns = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const from = order[k];
    values[k] = d[from];
    const row = from * n;
    for (let i = 0; i < n; i++) columns[i * n + k] = rows[row + i];
  }
  return { values, vectors: columns };
}

/**
 * Like {@link solveTridiagonal} with vectors, but returns the sorted eigenvectors as rows
 * (row k = eigenvector k), which the back-transformations consume row by row.
 * @internal
 */
export function solveTridiagonalRows(
  n: number,
  d: Float64Array,
  e: Float64Array,
): { values: Float64Array; rows: Float64Array } {
  const raw = new Float64Array(n * n);
  for (let i = 0; i < n; i++) raw[i * n + i] = 1;
  tridiagonalQL(n, d, e, raw);
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  const rows = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    values[k] = d[order[k]];
    rows.set(raw.subarray(order[k] * n, order[k] * n + n), k * n);
  }
  return { values, rows };
}

/**
 * Eigen-decomposition of the zero n x n matrix: zero values and, when wanted, identity vectors
 * with `components` doubles per entry (1: real, 2: interleaved complex).
 * @internal
 */
export function zeroMatrixEigen(n: number, wantVectors: boolean, components: 1 | 2): EigenResult {
  const values = new Float64Array(n);
  if (!wantVectors) return { values };
  const vectors = new Float64Array(components * n * n);
  for (let i = 0; i < n; i++) vectors[components * (i * n + i)] = 1;
  return { values, vectors };
}

/**
 * Last stage of the dense solvers: the spectrum of the tridiagonal (d, e) (destroyed) reduced
 * from A / scale, values ascending and multiplied back by scale; with wantVectors also the
 * sorted eigenvectors of the tridiagonal as rows (see {@link solveTridiagonalRows}).
 * @internal
 */
export function scaledTridiagonalSpectrum(
  n: number,
  d: Float64Array,
  e: Float64Array,
  scale: number,
  wantVectors: boolean,
): { values: Float64Array; rows?: Float64Array } {
  if (!wantVectors) {
    tridiagonalQL(n, d, e);
    const values = d.sort();
    for (let k = 0; k < n; k++) values[k] *= scale;
    return { values };
  }
  const { values, rows } = solveTridiagonalRows(n, d, e);
  for (let k = 0; k < n; k++) values[k] *= scale;
  return { values, rows };
}
