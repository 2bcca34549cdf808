import { ParameterError } from "@semiclassical/grid";
import { hermitianEigen, type PackedHermitian } from "@semiclassical/quantum";
import { hermitianDifference, requireSquareMatrix } from "./operator.js";

/**
 * Trace norm tr|A| = sum_k |lambda_k(A)| of a Hermitian n x n matrix (interleaved complex,
 * row-major; only the lower triangle is read). For A_ij = D(x_i; x_j) dx^d this approximates
 * the trace norm of the operator D (THEORY.md section 2). Eigenvalues by Householder + QL
 * (`hermitianEigen`), backward stable: the error is <~ n^2 eps_mach ||A||_2 (n eigenvalues, each
 * to n eps_mach ||A||). Cost ~ 5.3 n^3 flops (n = 1024: seconds); allocates 2 n^2 doubles.
 */
export function traceNorm(n: number, data: Float64Array): number {
  requireSquareMatrix("data", n, data);
  return traceNormOfSpectrum(hermitianEigen(n, data).values);
}

/** sum_k |lambda_k| of a spectrum (pairwise summation, error ~ log n eps_mach). Cost O(n). */
export function traceNormOfSpectrum(values: ArrayLike<number>): number {
  return pairwiseAbsoluteSum(values, 0, values.length);
}

function pairwiseAbsoluteSum(values: ArrayLike<number>, from: number, to: number): number {
  if (to - from <= 64) {
    let sum = 0;
    for (let i = from; i < to; i++) sum += Math.abs(values[i]);
    return sum;
  }
  const middle = (from + to) >>> 1;
  return pairwiseAbsoluteSum(values, from, middle) + pairwiseAbsoluteSum(values, middle, to);
}

/**
 * Trace distance tr|A - B| of two Hermitian n x n matrices (interleaved complex). Per particle:
 * divide by N. Cost as {@link traceNorm}; allocates 4 n^2 doubles.
 */
export function traceDistance(n: number, a: Float64Array, b: Float64Array): number {
  requireSquareMatrix("a", n, a);
  requireSquareMatrix("b", n, b);
  return traceNorm(n, hermitianDifference(a, b));
}

/**
 * Hilbert-Schmidt (Frobenius) norm ||A||_HS = (sum_ij |A_ij|^2)^(1/2) of an n x n matrix
 * (interleaved complex). For A_ij = D(x_i; x_j) dx^d this is the quadrature of
 * (int int |D(x;y)|^2 dx dy)^(1/2). Since 0 <= omega <= 1 gives ||omega||_HS^2 <= tr omega = N, the
 * per-particle scale is ||.||_HS / sqrt(N). Scaled accumulation (no overflow or underflow).
 * Cost O(n^2); allocates nothing.
 */
export function hilbertSchmidtNorm(n: number, data: Float64Array): number {
  requireSquareMatrix("data", n, data);
  return euclideanNorm(data);
}

/**
 * ||A||_HS of a Hermitian matrix by its lower triangle (quantum's PackedHermitian):
 * (sum_i |A_ii|^2 + 2 sum_{j < i} |A_ij|^2)^(1/2), scaled by max |entry| as
 * {@link euclideanNorm} (no overflow or underflow). Cost O(n^2); allocates nothing.
 */
export function packedHilbertSchmidtNorm(matrix: PackedHermitian): number {
  const { order: n, data } = matrix;
  if (data.length !== n * (n + 1)) {
    throw new ParameterError(
      "matrix",
      `a packed lower triangle of order ${n} holds n (n + 1) = ${n * (n + 1)} numbers, got ${data.length}`,
    );
  }
  let scale = 0;
  for (let q = 0; q < data.length; q++) scale = Math.max(scale, Math.abs(data[q]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const row = i * (i + 1);
    for (let q = row; q < row + 2 * i; q++) {
      const x = data[q] / scale;
      sum += 2 * x * x;
    }
    const re = data[row + 2 * i] / scale;
    const im = data[row + 2 * i + 1] / scale;
    sum += re * re + im * im;
  }
  return scale * Math.sqrt(sum);
}

/** ||A - B||_HS without forming A - B. Cost O(n^2); allocates nothing. */
export function hilbertSchmidtDistance(n: number, a: Float64Array, b: Float64Array): number {
  requireSquareMatrix("a", n, a);
  requireSquareMatrix("b", n, b);
  return euclideanDistance(a, b);
}

/**
 * (sum_i (a_i - b_i)^2)^(1/2) with scaling by max |a_i - b_i| (no overflow or underflow), for
 * arrays of equal length. Cost O(length); allocates nothing. @internal
 */
export function euclideanDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] - b[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] - b[i]) / scale;
    sum += x * x;
  }
  return scale * Math.sqrt(sum);
}

/** (sum_i x_i^2)^(1/2) with scaling by max |x_i|. Cost O(length). @internal */
export function euclideanNorm(values: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] / scale;
    sum += x * x;
  }
  return scale * Math.sqrt(sum);
}
