import { seededRandom } from "./random.js";

const MACHINE_EPSILON = 2 ** -52;
/** Inverse-iteration solves per eigenvector (LAPACK dstein: up to 5, converged in 1-2 for accurate shifts). */
const ITERATIONS = 3;

/**
 * Eigenvectors of the real symmetric tridiagonal T (diagonal d, off-diagonal e[i] = T_{i,i+1},
 * not modified) for the given eigenvalues (ascending, accurate to ~eps_mach ||T||, e.g. from
 * {@link tridiagonalQL}), by inverse iteration (LAPACK dstein): for each value lambda, LU with
 * partial pivoting of T - lambda I (pivots below eps_mach ||T||_1 replaced by it), three solves
 * from a seeded random start (each scaled by its max), modified Gram-Schmidt against the earlier
 * vectors of its cluster (consecutive values closer than 1e-3 ||T||_1, dstein's rule) after the
 * last solve (after every solve for values within 1e-8 ||T||_1 of the previous one), and
 * normalization.
 * Returns count x n row-major (row k = unit eigenvector of values[k]). Accuracy: residual
 * ||T x - lambda x|| ~ eps_mach ||T|| and orthogonality ~ eps_mach ||T|| / gap within clusters
 * (MGS keeps it at round-off); callers check the residuals. Cost O(n count) + O(n c^2) for
 * clusters of c values; allocates count n + 7 n doubles.
 * @internal
 */
export function tridiagonalEigenvectors(
  d: Float64Array,
  e: Float64Array,
  values: ArrayLike<number>,
  count: number,
): Float64Array {
  const n = d.length;
  const out = new Float64Array(count * n);
  let norm1 = 0;
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? Math.abs(e[i - 1]) : 0;
    const right = i < n - 1 ? Math.abs(e[i]) : 0;
    norm1 = Math.max(norm1, Math.abs(d[i]) + left + right);
  }
  if (n === 1) {
    for (let k = 0; k < count; k++) out[k] = 1;
    return out;
  }
  const clusterGap = 1e-3 * norm1;
  const tiny = MACHINE_EPSILON * norm1 || Number.MIN_VALUE;
  const dl = new Float64Array(n);
  const dd = new Float64Array(n);
  const du = new Float64Array(n);
  const du2 = new Float64Array(n);
  const swapped = new Uint8Array(n);
  const x = new Float64Array(n);
  const random = seededRandom(2024);
  let clusterStart = 0;
  for (let k = 0; k < count; k++) {
    const lambda = values[k];
    if (k > 0 && lambda - values[k - 1] >= clusterGap) clusterStart = k;
    const tight = k > 0 && lambda - values[k - 1] < 1e-8 * norm1;
    // LU of T - lambda I with partial pivoting (LAPACK dgttrf)
    for (let i = 0; i < n; i++) {
      dd[i] = d[i] - lambda;
      if (i < n - 1) {
        dl[i] = e[i];
        du[i] = e[i];
      }
      du2[i] = 0;
      swapped[i] = 0;
    }
    for (let i = 0; i < n - 1; i++) {
      if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
        if (dd[i] === 0) dd[i] = tiny;
        const fact = dl[i] / dd[i];
        dl[i] = fact;
        dd[i + 1] -= fact * du[i];
      } else {
        const fact = dd[i] / dl[i];
        dd[i] = dl[i];
        dl[i] = fact;
        const temp = du[i];
        du[i] = dd[i + 1];
        dd[i + 1] = temp - fact * dd[i + 1];
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -fact * du[i + 1];
        }
        swapped[i] = 1;
      }
    }
    for (let i = 0; i < n; i++) if (Math.abs(dd[i]) < tiny) dd[i] = dd[i] < 0 ? -tiny : tiny;
    for (let i = 0; i < n; i++) x[i] = random() - 0.5;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      // solve L U y = P x (LAPACK dgtts2)
      for (let i = 0; i < n - 1; i++) {
        if (swapped[i] === 0) x[i + 1] -= dl[i] * x[i];
        else {
          const temp = x[i];
          x[i] = x[i + 1];
          x[i + 1] = temp - dl[i] * x[i];
        }
      }
      x[n - 1] /= dd[n - 1];
      x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / dd[n - 2];
      for (let i = n - 3; i >= 0; i--) {
        x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / dd[i];
      }
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
      for (let i = 0; i < n; i++) x[i] /= scale;
      // Reorthogonalize after the last solve only, unless the previous value is within 1e-8
      // ||T||_1 (then after every solve, as dstein does, so that the next solve amplifies the
      // in-cluster remainder): for separated values the solves converge the direction by
      // themselves and one MGS pass keeps the cluster orthonormal to round-off, 3x cheaper for
      // clusters of hundreds of values.
      if (iteration < ITERATIONS - 1 && !tight) continue;
      for (let l = clusterStart; l < k; l++) {
        const row = l * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += out[row + i] * x[i];
        for (let i = 0; i < n; i++) x[i] -= dot * out[row + i];
      }
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i] * x[i];
    const inverse = 1 / Math.sqrt(sum);
    for (let i = 0; i < n; i++) x[i] *= inverse;
    out.set(x, k * n);
  }
  return out;
}
