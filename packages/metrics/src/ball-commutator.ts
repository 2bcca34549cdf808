import { meshCoordinates, ParameterError, requirePositive } from "@semiclassical/grid";
import { hermitianEigen } from "@semiclassical/quantum";
import { type DenseOperator, requireOperator } from "./operator.js";

/**
 * tr|[chi_(r,y), omega]| for the indicator chi of the closed ball {|x - y| <= r} (THEORY.md
 * section 6; the proof uses tr|[chi_(r,y), omega~]| <~ sqrt(r) N eps). On the grid chi is 1 at
 * the points inside (set I, m points) and 0 outside (O), so [chi, A] = [[0, A_IO], [-A_OI, 0]]
 * and tr|[chi, A]| = 2 sum_k sigma_k(A_IO): the singular values come from the eigenvalues of the
 * smaller Gram matrix (A_IO A_IO^* or A_IO^* A_IO), sigma_k = sqrt(max(lambda_k, 0)). That
 * squares the condition: each sigma_k is accurate to ~ sqrt(eps_mach) sigma_max in the worst
 * case, so the sum to ~ min(m, n - m) 1.5e-8 sigma_max (far below the values compared with N eps).
 * The grid resolves r only to dx: chi jumps when the sphere crosses grid points.
 * Cost O(m (n - m) min(m, n - m)) for the Gram matrix plus ~5.3 min(m, n - m)^3 for its
 * eigenvalues; allocates 2 m (n - m) + 2 min^2 doubles.
 */
export function ballCommutatorTraceNorm(
  operator: DenseOperator,
  radius: number,
  center: readonly number[],
): number {
  const n = requireOperator("operator", operator);
  const grid = operator.grid;
  const d = grid.dimension;
  requirePositive("radius", radius);
  if (!Array.isArray(center) || center.length !== d || !center.every(Number.isFinite)) {
    throw new ParameterError("center", `must be ${d} finite coordinates (the ball's centre y)`);
  }
  const coords = meshCoordinates(grid);
  const inside: number[] = [];
  const outside: number[] = [];
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += (coords[a][i] - center[a]) ** 2;
    (r2 <= radius * radius ? inside : outside).push(i);
  }
  if (inside.length === 0 || outside.length === 0) return 0;
  // rows: the smaller set, columns: the other; Gram G = M M^* with M_pq = A_{row_p, col_q}
  const [rows, cols] = inside.length <= outside.length ? [inside, outside] : [outside, inside];
  const m = rows.length;
  const a = operator.data;
  const M = new Float64Array(2 * m * cols.length);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < cols.length; q++) {
      const src = 2 * (rows[p] * n + cols[q]);
      M[2 * (p * cols.length + q)] = a[src];
      M[2 * (p * cols.length + q) + 1] = a[src + 1];
    }
  }
  const G = new Float64Array(2 * m * m);
  const c = cols.length;
  for (let p = 0; p < m; p++) {
    for (let s = 0; s <= p; s++) {
      let re = 0;
      let im = 0;
      for (let q = 0; q < c; q++) {
        const x = 2 * (p * c + q);
        const y = 2 * (s * c + q);
        // M_pq conj(M_sq)
        re += M[x] * M[y] + M[x + 1] * M[y + 1];
        im += M[x + 1] * M[y] - M[x] * M[y + 1];
      }
      G[2 * (p * m + s)] = re;
      G[2 * (p * m + s) + 1] = im;
      G[2 * (s * m + p)] = re;
      G[2 * (s * m + p) + 1] = -im;
    }
  }
  const values = hermitianEigen(m, G).values;
  let sum = 0;
  for (let k = 0; k < m; k++) sum += Math.sqrt(Math.max(values[k], 0));
  return 2 * sum;
}
