import type { Hamiltonian } from "./hamiltonian.js";
import { symmetricEigen } from "./linalg/index.js";
import { lowestSymmetricEigenpairs } from "./linalg/symmetric.js";

/**
 * The `count` lowest eigenpairs of h = T + diag(V) by forming the dense n x n matrix (T from n
 * applications of the spectral kinetic operator to unit vectors, symmetrized) and diagonalizing
 * it: by default eigenvalues by Householder + QL and only the `count` wanted eigenvectors by
 * inverse iteration and back-transformation (lowestSymmetricEigenpairs, ~ (4/3) n^3 + 2 n^2 count
 * flops); with `allVectors` by symmetricEigen with all vectors (~ 9.3 n^3, the fallback when the
 * inverse-iteration residuals miss the tolerance). Returns the eigenvalues and the eigenvectors
 * (vector-major, unit Euclidean norm). Cost n FFTs + O(n^3); allocates 2 n^2 + count n doubles.
 */
export function denseSolve(
  h: Hamiltonian,
  count: number,
  allVectors = false,
): { values: Float64Array; vectors: Float64Array } {
  const n = h.grid.size;
  const matrix = new Float64Array(n * n);
  const e = new Float64Array(2 * n);
  for (let l = 0; l < n; l++) {
    e.fill(0);
    e[2 * l] = 1;
    h.kinetic.apply(e, e);
    for (let i = 0; i < n; i++) matrix[i * n + l] = e[2 * i];
  }
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < i; l++) {
      const s = 0.5 * (matrix[i * n + l] + matrix[l * n + i]);
      matrix[i * n + l] = s;
      matrix[l * n + i] = s;
    }
    matrix[i * n + i] += h.potential[i];
  }
  if (!allVectors) {
    const partial = lowestSymmetricEigenpairs(n, matrix, count);
    return { values: partial.values.slice(0, count), vectors: partial.vectors };
  }
  const eig = symmetricEigen(n, matrix, { vectors: true });
  const vectors = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) vectors[k * n + i] = eig.vectors[i * n + k];
  }
  return { values: eig.values.slice(0, count), vectors };
}
