import { type Grid, ParameterError } from "@semiclassical/grid";
import { hermitianEigen } from "@semiclassical/quantum";
import { traceNorm } from "./norms.js";
import { type DenseOperator, requireOperator } from "./operator.js";

function requireAxis(grid: Grid, axis: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= grid.dimension) {
    throw new ParameterError(
      "axis",
      `must be an integer in [0, ${grid.dimension - 1}] (the coordinate x_i), got ${axis}`,
    );
  }
}

/** Coordinate x_axis of every grid point (length grid.size). Cost O(n). */
function coordinates(grid: Grid, axis: number): Float64Array {
  const x = new Float64Array(grid.size);
  const stride = grid.strides[axis];
  const points = grid.shape[axis];
  const origin = grid.origin[axis];
  const spacing = grid.spacing[axis];
  for (let j = 0; j < grid.size; j++) x[j] = origin + (Math.floor(j / stride) % points) * spacing;
  return x;
}

/**
 * The Hermitian matrix i[x_i, A] with (i[x_i, A])_jk = i (x_j - x_k) A_jk, x_j the i-th
 * coordinate of grid point j (the position operator is diagonal on the grid). [x_i, omega] is
 * anti-Hermitian; multiplying by i makes it Hermitian with the same singular values, so
 * tr|[x_i, omega]| = tr|i[x_i, omega]|. Coordinates are the grid's (the state must vanish at the
 * box edges, THEORY.md section 2). Cost O(n^2); allocates 2 n^2 doubles unless `out` is given.
 */
export function positionCommutator(
  operator: DenseOperator,
  axis = 0,
  out?: Float64Array,
): Float64Array {
  const n = requireOperator("operator", operator);
  requireAxis(operator.grid, axis);
  const result = out ?? new Float64Array(2 * n * n);
  const x = coordinates(operator.grid, axis);
  const a = operator.data;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const q = 2 * (j * n + k);
      const delta = x[j] - x[k];
      // i (a + i b) = -b + i a
      result[q] = -delta * a[q + 1];
      result[q + 1] = delta * a[q];
    }
  }
  return result;
}

/**
 * Semiclassical commutator tr|[x_i, omega]| (THEORY.md section 1: <= C N eps for semiclassical
 * states; per particle divide by N). Cost ~ 5.3 n^3 flops; allocates 4 n^2 doubles.
 */
export function commutatorTraceNorm(operator: DenseOperator, axis = 0): number {
  const n = requireOperator("operator", operator);
  return traceNorm(n, positionCommutator(operator, axis));
}

/**
 * The density of the operator |[x_i, omega]| (Saffirio, arXiv:1903.06013; Porta, Rademacher,
 * Saffirio, Schlein, J. Stat. Phys. 166, 2017): rho_{|[x_i, omega]|}(x) = |[x_i, omega]|(x; x),
 * the diagonal of the kernel of the absolute value |A| = (A^* A)^(1/2), with no 1/N (so
 * ||rho_{|[x_i, omega]|}||_L1 = tr|[x_i, omega]| <= C N eps). The absolute value is essential:
 * [x_i, omega] itself has zero diagonal ((x - x) omega(x; x) = 0).
 * Discretely |D| = U |Lambda| U^* for D = i[x_i, A], and rho(x_j) = |D|_jj / dx^d =
 * sum_k |lambda_k| |U_jk|^2 / dx^d. Cost ~ 16 n^3 flops (eigenvectors; n = 1024 takes ~10 s);
 * allocates ~ 8 n^2 doubles.
 */
export function commutatorDensity(operator: DenseOperator, axis = 0): Float64Array {
  const n = requireOperator("operator", operator);
  const { values, vectors } = hermitianEigen(n, positionCommutator(operator, axis), {
    vectors: true,
  });
  const rho = new Float64Array(n);
  const inverseVolume = 1 / operator.grid.cellVolume;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    let q = 2 * j * n;
    for (let k = 0; k < n; k++, q += 2) {
      sum += Math.abs(values[k]) * (vectors[q] * vectors[q] + vectors[q + 1] * vectors[q + 1]);
    }
    rho[j] = sum * inverseVolume;
  }
  return rho;
}

/**
 * L^p norm (int |f|^p dx)^(1/p) of grid samples by the rectangle rule, p in [1, Infinity]
 * (p = Infinity: max |f_j|). Cost O(n); allocates nothing.
 */
export function lpNorm(values: ArrayLike<number>, cellVolume: number, p: number): number {
  if (!(p >= 1)) throw new ParameterError("p", `must be a number in [1, Infinity], got ${p}`);
  let max = 0;
  for (let j = 0; j < values.length; j++) max = Math.max(max, Math.abs(values[j]));
  if (p === Number.POSITIVE_INFINITY || max === 0 || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let j = 0; j < values.length; j++) sum += (Math.abs(values[j]) / max) ** p;
  return max * (sum * cellVolume) ** (1 / p);
}

/**
 * ||rho_{|[x_i, omega]|}||_{L^p} for each p in `exponents` (default 1, 2, Infinity), from one
 * eigen-decomposition (see {@link commutatorDensity}; Theorem 2's hypothesis is
 * ||rho_{|[x, omega~_t]|}||_{L^p} <= C N eps). Cost as {@link commutatorDensity}.
 */
export function rhoCommutatorLpNorms(
  operator: DenseOperator,
  axis = 0,
  exponents: readonly number[] = [1, 2, Number.POSITIVE_INFINITY],
): number[] {
  const rho = commutatorDensity(operator, axis);
  return exponents.map((p) => lpNorm(rho, operator.grid.cellVolume, p));
}

/** ||rho_{|[x_i, omega]|}||_{L^p} for one p (see {@link rhoCommutatorLpNorms}). */
export function rhoCommutatorLpNorm(operator: DenseOperator, axis = 0, p = 1): number {
  return rhoCommutatorLpNorms(operator, axis, [p])[0];
}

/** Alias of {@link rhoCommutatorLpNorm} (the name used in CONTRACTS.md). */
export const rhoCommutatorLp = rhoCommutatorLpNorm;
