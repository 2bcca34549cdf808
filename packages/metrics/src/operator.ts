import { type Grid, ParameterError } from "@semiclassical/grid";

/**
 * A discrete operator on a position grid: A_ij = omega(x_i; x_j) dx^d, n x n with n = grid.size,
 * interleaved complex row-major (A_ij at 2 (i n + j)). THEORY.md section 2. The quantum package's
 * `DenseDensityMatrix` is one.
 */
export interface DenseOperator {
  readonly grid: Grid;
  readonly data: Float64Array;
}

/** @internal Throws unless `data` holds an interleaved complex n x n matrix. */
export function requireSquareMatrix(parameter: string, n: number, data: Float64Array): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new ParameterError("n", `must be a positive integer (the matrix order), got ${n}`);
  }
  if (!(data instanceof Float64Array) || data.length !== 2 * n * n) {
    throw new ParameterError(
      parameter,
      `must be a Float64Array of 2 n^2 = ${2 * n * n} numbers (interleaved complex ${n} x ${n}), got ${
        data instanceof Float64Array ? data.length : typeof data
      }`,
    );
  }
}

/** @internal Throws unless the operator's data matches its grid (n = grid.size). */
export function requireOperator(parameter: string, operator: DenseOperator): number {
  const n = operator.grid.size;
  requireSquareMatrix(`${parameter}.data`, n, operator.data);
  return n;
}

/**
 * A - B for two interleaved complex arrays of equal length (Hermitian in, Hermitian out).
 * Cost O(n^2); allocates 2 n^2 doubles unless `out` is given.
 */
export function hermitianDifference(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array = new Float64Array(a.length),
): Float64Array {
  if (a.length !== b.length || out.length !== a.length) {
    throw new ParameterError(
      "b",
      `must have the length of a (${a.length}), got ${b.length} (out: ${out.length})`,
    );
  }
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
