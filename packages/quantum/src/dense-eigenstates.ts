import type { Hamiltonian } from "./hamiltonian.js";
import { symmetricEigen } from "./linalg/index.js";

/**
 * The `count` lowest eigenpairs of h = T + diag(V) by forming the dense n x n matrix (T from n
 * applications of the spectral kinetic operator to unit vectors, symmetrized) and diagonalizing
 * it with symmetricEigen. Returns the eigenvalues and the eigenvectors (vector-major, unit
 * Euclidean norm). Cost n FFTs + O(n^3); allocates n^2 + count n doubles.
 */
export function denseSolve(
  h: Hamiltonian,
  count: number,
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
  const eig = symmetricEigen(n, matrix, { vectors: true });
  const vectors = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) vectors[k * n + i] = eig.vectors[i * n + k];
  }
  return { values: eig.values.slice(0, count), vectors };
}
