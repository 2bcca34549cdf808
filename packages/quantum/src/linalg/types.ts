/** Options of the dense eigensolvers. */
export interface EigenOptions {
  /** Also compute the eigenvectors (default false: eigenvalues only, O(n^2) less memory, ~3x faster). */
  vectors?: boolean;
}

/**
 * Eigen-decomposition of a dense Hermitian (or real symmetric) matrix A = X diag(values) X^*.
 * `values` ascending. `vectors` (only when requested): n x n row-major, column k is the
 * normalized eigenvector for values[k]; interleaved complex for Hermitian input, real for real
 * symmetric input.
 */
export interface EigenResult {
  readonly values: Float64Array;
  readonly vectors?: Float64Array;
}

/** {@link EigenResult} with the eigenvectors present. */
export interface EigenResultWithVectors extends EigenResult {
  readonly vectors: Float64Array;
}
