import type { Hamiltonian } from "./hamiltonian.js";
import { symmetricEigen } from "./linalg/index.js";
import {
  expandSectorVectors,
  type ReflectionSectors,
  reflectionAsymmetry,
  reflectionBlocks,
  reflectionSectors,
} from "./linalg/reflection.js";
import { lowestSymmetricEigenpairs, symmetricReduction } from "./linalg/symmetric.js";

/**
 * Largest max_i |V_i - V_r(i)| / max_i |V_i| (r the reflection of the grid through its center)
 * for which {@link denseSolve} diagonalizes in the reflection's sectors: the round-off of the grid
 * coordinates in a potential symmetric about the box center. Above it the potential is taken as
 * asymmetric. Either way the caller's residual check is against h itself.
 */
const REFLECTION_POTENTIAL_TOLERANCE = 1e-13;

/**
 * The reflection sectors of h's grid when V_ext is symmetric about the box center (to
 * {@link REFLECTION_POTENTIAL_TOLERANCE}; the spectral kinetic operator always is), else
 * undefined. Cost O(n).
 */
export function reflectionSymmetry(h: Hamiltonian): ReflectionSectors | undefined {
  const v = h.potential;
  const n = v.length;
  if (n < 4) return undefined;
  const sectors = reflectionSectors(h.grid.shape);
  let scale = 0;
  let asymmetry = 0;
  for (let i = 0; i < n; i++) {
    scale = Math.max(scale, Math.abs(v[i]));
    asymmetry = Math.max(asymmetry, Math.abs(v[i] - v[sectors.partner[i]]));
  }
  return asymmetry <= REFLECTION_POTENTIAL_TOLERANCE * scale ? sectors : undefined;
}

/**
 * The `count` lowest eigenpairs of a real symmetric n x n matrix commuting with the grid's
 * reflection (to round-off): each sector's block reduced and its eigenvalues found
 * (symmetricReduction), the values merged, and the vectors of the `count` lowest computed in
 * their sector and mapped back to the grid. Cost ~ 2 x (4/3)(n/2)^3 + n^2 count flops: a quarter
 * of the unreduced reduction, half its back-transformation. Undefined when ||h - R h R||_F / 2
 * exceeds {@link REFLECTION_POTENTIAL_TOLERANCE} ||h||_F.
 */
function reflectedSolve(
  sectors: ReflectionSectors,
  matrix: Float64Array,
  count: number,
): { values: Float64Array; vectors: Float64Array } | undefined {
  const n = sectors.size;
  // h = S + T with T = (h - R h R)/2 the part the sectors drop: round-off for the spectral
  // Laplacian and a symmetric V_ext; anything larger and the unreduced solve is used
  const { frobenius, asymmetry } = reflectionAsymmetry(sectors, matrix, "real");
  if (asymmetry > REFLECTION_POTENTIAL_TOLERANCE * frobenius) return undefined;
  const blocks = reflectionBlocks(sectors, matrix, "real");
  const even = symmetricReduction(blocks.evenOrder, blocks.even);
  const odd =
    blocks.oddOrder > 0
      ? symmetricReduction(blocks.oddOrder, blocks.odd)
      : { values: new Float64Array(0), lowestVectors: () => new Float64Array(0) };
  // merge by value: source[k] = 0 (even) or 1 (odd) for the k-th lowest of all n
  const values = new Float64Array(n);
  const source = new Uint8Array(n);
  let e = 0;
  let o = 0;
  for (let k = 0; k < n; k++) {
    const fromEven =
      o >= odd.values.length || (e < even.values.length && even.values[e] <= odd.values[o]);
    values[k] = fromEven ? even.values[e++] : odd.values[o++];
    source[k] = fromEven ? 0 : 1;
  }
  let wantedEven = 0;
  for (let k = 0; k < count; k++) if (source[k] === 0) wantedEven++;
  const grids = [
    expandSectorVectors(sectors, "even", even.lowestVectors(wantedEven), wantedEven),
    expandSectorVectors(sectors, "odd", odd.lowestVectors(count - wantedEven), count - wantedEven),
  ];
  const vectors = new Float64Array(count * n);
  const taken = [0, 0];
  for (let k = 0; k < count; k++) {
    const s = source[k];
    vectors.set(grids[s].subarray(taken[s] * n, (taken[s] + 1) * n), k * n);
    taken[s]++;
  }
  return { values, vectors };
}

/**
 * The `count` lowest eigenpairs of h = T + diag(V) by forming the dense n x n matrix (T from n
 * applications of the spectral kinetic operator to unit vectors, symmetrized) and diagonalizing
 * it: by default eigenvalues by Householder + QL and only the `count` wanted eigenvectors by
 * inverse iteration and back-transformation (lowestSymmetricEigenpairs, ~ (4/3) n^3 + 2 n^2 count
 * flops); with `allVectors` by symmetricEigen with all vectors (~ 9.3 n^3, the fallback when the
 * inverse-iteration residuals miss the tolerance). Returns the eigenvalues and the eigenvectors
 * (vector-major, unit Euclidean norm). When V_ext is symmetric about the box center
 * ({@link reflectionSymmetry}) the default route diagonalizes the reflection's even and odd blocks
 * instead (orders ~n/2: a quarter of the reduction's flops). Cost n FFTs + O(n^3); allocates
 * 2 n^2 + count n doubles.
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
    const sectors = reflectionSymmetry(h);
    const reduced = sectors ? reflectedSolve(sectors, matrix, count) : undefined;
    if (reduced) {
      return { values: reduced.values.slice(0, count), vectors: reduced.vectors };
    }
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
