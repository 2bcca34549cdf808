import type { Grid } from "@semiclassical/grid";
import { ParameterError, requirePositive } from "@semiclassical/grid";
import { kernelsFor } from "./linalg/blocked-tridiagonal.js";

/**
 * Dense form of a density matrix (THEORY.md section 2): the matrix A_ij = omega(x_i; x_j) dx^d,
 * Hermitian, n x n with n = grid.size, interleaved complex row-major (A_ij = data[2(i n + j)] +
 * i data[2(i n + j) + 1]). Its eigenvalues approximate those of omega and tr A = N.
 */
export interface DenseDensityMatrix {
  readonly form: "dense";
  readonly grid: Grid;
  /** Semiclassical parameter eps (= N^(-1/d) in the mean-field scaling). */
  readonly epsilon: number;
  readonly data: Float64Array;
}

/**
 * Orbital form: omega = sum_k lambda_k |phi_k><phi_k| with orbitals orthonormal on the grid
 * (sum_i |phi_k(x_i)|^2 dx^d = 1). `orbitals` holds K blocks of grid.size complex values
 * (orbital k at offset 2 k grid.size, interleaved). `occupations` lambda_k lie in [0, 1] for a
 * fermionic state; the constructor only requires them finite (a Weyl-quantized classical density
 * may have eigenvalues outside [0, 1]: see {@link checkFermionic}).
 */
export interface OrbitalDensityMatrix {
  readonly form: "orbital";
  readonly grid: Grid;
  readonly epsilon: number;
  readonly occupations: Float64Array;
  readonly orbitals: Float64Array;
}

/** Either form of a density matrix on a position grid. */
export type DensityMatrix = DenseDensityMatrix | OrbitalDensityMatrix;

function requireAllFinite(parameter: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new ParameterError(
        parameter,
        `entry ${i} is ${String(data[i])}; all entries must be finite`,
      );
    }
  }
}

/**
 * Throws a ParameterError on `parameter` unless the interleaved complex n x n matrix `data` is
 * finite and Hermitian within `tolerance` (default 1e-10) relative to max |A_ij|: the largest
 * |A_ij - conj(A_ji)|, where, and the fix. Cost O(n^2), no allocation.
 */
export function requireHermitian(
  parameter: string,
  n: number,
  data: Float64Array,
  tolerance = 1e-10,
): void {
  requireAllFinite(parameter, data);
  let scale = 0;
  for (let q = 0; q < data.length; q++) scale = Math.max(scale, Math.abs(data[q]));
  let worst = 0;
  let worstI = 0;
  let worstJ = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const a = 2 * (i * n + j);
      const b = 2 * (j * n + i);
      const dev = Math.hypot(data[a] - data[b], data[a + 1] + data[b + 1]);
      if (dev > worst) {
        worst = dev;
        worstI = i;
        worstJ = j;
      }
    }
  }
  if (worst > tolerance * scale) {
    throw new ParameterError(
      parameter,
      `is not Hermitian: |A_ij - conj(A_ji)| = ${worst.toExponential(3)} at (i, j) = (${worstI}, ${worstJ}), ` +
        `more than the tolerance ${tolerance} times max |A_ij| = ${scale.toExponential(3)}; ` +
        "symmetrize it with (A + A^*)/2",
    );
  }
}

/** Options of {@link createDenseDensityMatrix}. */
export interface DenseValidationOptions {
  /** Largest accepted |A_ij - conj(A_ji)| relative to max |A_ij| (default 1e-10). */
  hermitianTolerance?: number;
}

/**
 * Validates and wraps a dense density matrix: data must hold 2 n^2 finite doubles (n = grid.size,
 * interleaved complex) and be Hermitian within `hermitianTolerance` relative to max |A_ij|
 * ({@link requireHermitian}).
 * The array is used as is (not copied). Cost O(n^2), no allocation.
 */
export function createDenseDensityMatrix(
  grid: Grid,
  epsilon: number,
  data: Float64Array,
  options: DenseValidationOptions = {},
): DenseDensityMatrix {
  requirePositive("epsilon", epsilon);
  const n = grid.size;
  if (!(data instanceof Float64Array) || data.length !== 2 * n * n) {
    throw new ParameterError(
      "data",
      `must be a Float64Array of 2 n^2 = ${2 * n * n} doubles (n = grid.size = ${n}, interleaved complex), got length ${data?.length}`,
    );
  }
  requireHermitian("data", n, data, options.hermitianTolerance);
  return Object.freeze({ form: "dense", grid, epsilon, data });
}

/**
 * The Gram matrix G_kl = <phi_k, phi_l> = sum_i conj(phi_k(x_i)) phi_l(x_i) dx^d of K orbitals
 * (interleaved K x K): the upper triangle by the eigensolver's dot-product kernel (WebAssembly
 * SIMD where available, two-lane sums), the lower one its conjugate. Cost O(K^2 M) (4 K^2 M
 * flops); allocates 2 K^2 doubles and reuses a kernel workspace of ~2 K (M + 8) doubles.
 */
export function gramMatrix(grid: Grid, vectors: Float64Array, count: number): Float64Array {
  const m = grid.size;
  const g = new Float64Array(2 * count * count);
  if (count === 0) return g;
  // Workspace: Re and Im of the K orbitals as rows of stride ld (zero padded), then out_q.
  const ld = m + 8;
  const XR = 0;
  const XI = count * ld;
  const OR = 2 * count * ld;
  const OI = OR + count;
  const [kernels, h] = kernelsFor(OI + count);
  h.fill(0, 0, OI + count);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < m; i++) {
      h[XR + k * ld + i] = vectors[2 * (k * m + i)];
      h[XI + k * ld + i] = vectors[2 * (k * m + i) + 1];
    }
  }
  const dv = grid.cellVolume;
  for (let l = 0; l < count; l++) {
    // out_k = sum_i conj(phi_k(x_i)) phi_l(x_i) for k <= l
    kernels.dots(ld, 0, m, l + 1, XR, XI, XR + l * ld, XI + l * ld, OR, OI);
    for (let k = 0; k <= l; k++) {
      const re = h[OR + k] * dv;
      const im = h[OI + k] * dv;
      g[2 * (k * count + l)] = re;
      g[2 * (k * count + l) + 1] = im;
      g[2 * (l * count + k)] = re;
      g[2 * (l * count + k) + 1] = -im;
    }
  }
  return g;
}

/** Options of {@link createOrbitalDensityMatrix}. */
export interface OrbitalValidationOptions {
  /** Largest accepted |<phi_k|phi_l> - delta_kl| (default 1e-8). */
  orthonormalityTolerance?: number;
  /**
   * Check all pairs (cost O(K^2 n)) instead of the norms only (O(K n)). Default: all pairs when
   * K^2 n <= 5e7.
   */
  checkPairs?: boolean;
}

/**
 * Validates and wraps an orbital density matrix omega = sum_k lambda_k |phi_k><phi_k|: finite
 * occupations and orbitals (K blocks of grid.size interleaved complex values), orbitals
 * orthonormal on the grid (sum_i conj(phi_k) phi_l dx^d = delta_kl) within the tolerance.
 * Arrays are used as is. Cost O(K n) (norms) or O(K^2 n) (all pairs).
 */
export function createOrbitalDensityMatrix(
  grid: Grid,
  epsilon: number,
  occupations: Float64Array,
  orbitals: Float64Array,
  options: OrbitalValidationOptions = {},
): OrbitalDensityMatrix {
  requirePositive("epsilon", epsilon);
  const n = grid.size;
  const count = occupations.length;
  if (!(orbitals instanceof Float64Array) || orbitals.length !== 2 * n * count) {
    throw new ParameterError(
      "orbitals",
      `must be a Float64Array of 2 K n = ${2 * n * count} doubles (K = ${count} occupations, n = grid.size = ${n}), got length ${orbitals?.length}`,
    );
  }
  requireAllFinite("occupations", occupations);
  requireAllFinite("orbitals", orbitals);
  const tolerance = options.orthonormalityTolerance ?? 1e-8;
  const checkPairs = options.checkPairs ?? count * count * n <= 5e7;
  const dv = grid.cellVolume;
  const gram = checkPairs ? gramMatrix(grid, orbitals, count) : undefined;
  for (let k = 0; k < count; k++) {
    for (let l = checkPairs ? 0 : k; l <= k; l++) {
      let dev: number;
      if (gram !== undefined) {
        const o = 2 * (k * count + l);
        dev = Math.hypot(gram[o] - (k === l ? 1 : 0), gram[o + 1]);
      } else {
        let norm2 = 0;
        for (let i = 2 * k * n; i < 2 * (k + 1) * n; i++) norm2 += orbitals[i] * orbitals[i];
        dev = Math.abs(norm2 * dv - 1);
      }
      if (dev > tolerance) {
        throw new ParameterError(
          "orbitals",
          `are not orthonormal on the grid: |<phi_${k}|phi_${l}> - delta| = ${dev.toExponential(3)} > ${tolerance} ` +
            "(normalize with sum_i |phi(x_i)|^2 dx^d = 1, or build the state with toOrbital)",
        );
      }
    }
  }
  return Object.freeze({ form: "orbital", grid, epsilon, occupations, orbitals });
}
