import type { Grid } from "@semiclassical/grid";
import { ParameterError, requirePositive } from "@semiclassical/grid";
import { DEFAULT_MAX_BYTES, formatBytes, requireMemory } from "./memory.js";

/**
 * An N-particle wave function psi(x_1, ..., x_N) on the tensor grid (THEORY.md section 6), stored
 * as the FULL tensor: M^N interleaved complex values, M = grid.size (points of the one-particle
 * grid), particle 1 slowest: psi(x_{i_1}, ..., x_{i_N}) at flat index sum_j i_j M^(N-j) (i_j
 * the row-major one-particle index of particle j). Normalization sum |psi|^2 dx^(dN) = 1.
 * Antisymmetry (psi changes sign under every exchange of two particles) is checked, not imposed
 * by the layout: the full tensor keeps the kinetic step a plain FFT along every particle axis.
 * Memory 16 M^N bytes (the ordered sector x_1 < ... < x_N would need about 16 M^N / N!).
 */
export interface ManyBodyWavefunction {
  /** The one-particle grid (shape n^d). */
  readonly grid: Grid;
  /** Number N of particles. */
  readonly particles: number;
  /** Semiclassical parameter eps (default N^(-1/d)). */
  readonly epsilon: number;
  /** 2 M^N doubles, interleaved complex. */
  readonly data: Float64Array;
}

/** M^N, the number of tensor-grid points of N particles on a grid of M points. Cost O(1). */
export function tensorPoints(grid: Grid, particles: number): number {
  return grid.size ** particles;
}

/**
 * Throws a {@link ParameterError} unless N is an integer >= 1 and `bytesPerPoint` M^N bytes fit
 * in `maxBytes`; the message gives the size needed and what to change. Cost O(1).
 */
export function requireTensorBudget(
  grid: Grid,
  particles: number,
  bytesPerPoint: number,
  maxBytes = DEFAULT_MAX_BYTES,
): void {
  if (!Number.isInteger(particles) || particles < 1) {
    throw new ParameterError("particles", `must be an integer >= 1, got ${String(particles)}`);
  }
  const points = tensorPoints(grid, particles);
  requireMemory(
    "particles",
    points * bytesPerPoint,
    `the grid method stores M^N = ${grid.size}^${particles} = ${points.toExponential(3)} ` +
      `tensor points at ${bytesPerPoint} bytes each`,
    "use fewer grid points per axis, fewer particles, the basis method " +
      "(BasisHamiltonian), or raise maxBytes",
    maxBytes,
  );
  if (2 * points > 2 ** 31) {
    throw new ParameterError(
      "particles",
      `M^N = ${points} tensor points exceed the typed-array limit; use fewer points or particles`,
    );
  }
}

/** Default semiclassical parameter eps = N^(-1/d) (THEORY.md section 1). */
export function defaultEpsilon(grid: Grid, particles: number): number {
  return particles ** (-1 / grid.dimension);
}

/** sum |psi|^2 dx^(dN) (= 1 for a normalized state). Cost O(M^N). */
export function wavefunctionNorm(psi: ManyBodyWavefunction): number {
  let s = 0;
  const d = psi.data;
  for (let q = 0; q < d.length; q++) s += d[q] * d[q];
  return s * psi.grid.cellVolume ** psi.particles;
}

/** Digits (i_1, ..., i_N) of a flat tensor index, particle 1 first. */
function digitsOf(index: number, base: number, out: Int32Array): void {
  for (let j = out.length - 1; j >= 0; j--) {
    out[j] = index % base;
    index = Math.floor(index / base);
  }
}

/**
 * out(x_1..x_N) = psi(y) with y_{sigma(j)} = x_j, for a permutation sigma of 0..N-1 (out
 * must not alias data). Cost O(M^N), no allocation beyond N integers.
 */
export function permuteParticles(
  data: Float64Array,
  base: number,
  sigma: readonly number[],
  out: Float64Array,
): void {
  const N = sigma.length;
  const strides = new Array<number>(N);
  for (let j = N - 1, s = 1; j >= 0; j--, s *= base) strides[j] = s;
  // out at digits i = data at digits i' with i'_{sigma(j)} = i_j
  const jump = sigma.map((target) => strides[target]);
  const digits = new Int32Array(N);
  const total = data.length / 2;
  let source = 0;
  for (let index = 0; index < total; index++) {
    out[2 * index] = data[2 * source];
    out[2 * index + 1] = data[2 * source + 1];
    for (let j = N - 1; j >= 0; j--) {
      if (++digits[j] < base) {
        source += jump[j];
        break;
      }
      digits[j] = 0;
      source -= (base - 1) * jump[j];
    }
  }
}

/** All permutations of 0..N-1 with their signs (N! entries; Heap's algorithm). Cost O(N N!). */
export function signedPermutations(N: number): { sigma: number[]; sign: number }[] {
  const out: { sigma: number[]; sign: number }[] = [];
  const a = Array.from({ length: N }, (_, j) => j);
  const c = new Array<number>(N).fill(0);
  let sign = 1;
  out.push({ sigma: [...a], sign });
  let i = 1;
  while (i < N) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i], a[k]];
      sign = -sign;
      out.push({ sigma: [...a], sign });
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

/**
 * In place: data <- A data with the antisymmetrizer A = (1/N!) sum_sigma sgn(sigma) P_sigma (the
 * orthogonal projector onto antisymmetric functions). Cost O(N! M^N); allocates 4 M^N doubles.
 */
export function antisymmetrize(data: Float64Array, base: number, particles: number): void {
  if (particles === 1) return;
  const permuted = new Float64Array(data.length);
  const sum = new Float64Array(data.length);
  const perms = signedPermutations(particles);
  for (const { sigma, sign } of perms) {
    permuteParticles(data, base, sigma, permuted);
    for (let q = 0; q < data.length; q++) sum[q] += sign * permuted[q];
  }
  const w = 1 / perms.length;
  for (let q = 0; q < data.length; q++) data[q] = sum[q] * w;
}

/**
 * Antisymmetry defect max_j ||psi + P_(j,j+1) psi|| / ||psi|| over the exchanges of neighbouring
 * particles (they generate S_N, so the defect is 0 exactly for antisymmetric psi). Cost O(N M^N),
 * allocates 2 M^N doubles.
 */
export function antisymmetryDefect(psi: ManyBodyWavefunction): number {
  const N = psi.particles;
  if (N === 1) return 0;
  const base = psi.grid.size;
  const permuted = new Float64Array(psi.data.length);
  let norm = 0;
  for (let q = 0; q < psi.data.length; q++) norm += psi.data[q] ** 2;
  let worst = 0;
  for (let j = 0; j + 1 < N; j++) {
    const sigma = Array.from({ length: N }, (_, k) => k);
    sigma[j] = j + 1;
    sigma[j + 1] = j;
    permuteParticles(psi.data, base, sigma, permuted);
    let s = 0;
    for (let q = 0; q < permuted.length; q++) s += (permuted[q] + psi.data[q]) ** 2;
    worst = Math.max(worst, Math.sqrt(s / norm));
  }
  return worst;
}

/** Options of {@link checkWavefunction}. */
export interface WavefunctionCheckOptions {
  /** Largest accepted |sum |psi|^2 dx^(dN) - 1| (default 1e-8). */
  normTolerance?: number;
  /** Largest accepted {@link antisymmetryDefect} (default 1e-8). */
  antisymmetryTolerance?: number;
}

/**
 * Throws a {@link ParameterError} unless psi has the layout of {@link ManyBodyWavefunction}
 * (2 M^N finite doubles), is normalized and antisymmetric (fermionic) within the tolerances.
 * Cost O(N M^N).
 */
export function checkWavefunction(
  psi: ManyBodyWavefunction,
  options: WavefunctionCheckOptions = {},
): void {
  requirePositive("epsilon", psi.epsilon);
  const N = psi.particles;
  if (!Number.isInteger(N) || N < 1) {
    throw new ParameterError("particles", `must be an integer >= 1, got ${String(N)}`);
  }
  const expected = 2 * tensorPoints(psi.grid, N);
  if (!(psi.data instanceof Float64Array) || psi.data.length !== expected) {
    throw new ParameterError(
      "data",
      `must be a Float64Array of 2 M^N = ${expected} doubles (M = ${psi.grid.size}, N = ${N}), ` +
        `got length ${psi.data?.length}`,
    );
  }
  for (let q = 0; q < psi.data.length; q++) {
    if (!Number.isFinite(psi.data[q])) {
      throw new ParameterError("data", `entry ${q} is ${psi.data[q]}; all entries must be finite`);
    }
  }
  const normTolerance = options.normTolerance ?? 1e-8;
  const norm = wavefunctionNorm(psi);
  if (!(Math.abs(norm - 1) <= normTolerance)) {
    throw new ParameterError(
      "data",
      `is not normalized: sum |psi|^2 dx^(dN) = ${norm.toPrecision(12)}, off by more than ` +
        `normTolerance = ${normTolerance}; divide psi by sqrt of that sum`,
    );
  }
  const tolerance = options.antisymmetryTolerance ?? 1e-8;
  const defect = antisymmetryDefect(psi);
  if (!(defect <= tolerance)) {
    throw new ParameterError(
      "data",
      `is not fermionic: ||psi + P psi|| / ||psi|| = ${defect.toExponential(3)} for an exchange ` +
        `of two particles (> ${tolerance}); antisymmetrize it or build it with slaterDeterminant`,
    );
  }
}

/**
 * The Slater determinant psi(x_1..x_N) = det[phi_k(x_j)] / sqrt(N!) of N orbitals on the grid
 * (N blocks of grid.size interleaved complex values, orthonormal on the grid, so psi is
 * normalized): the antisymmetrized product sqrt(N!) A (phi_1 x ... x phi_N). Refuses, before any
 * work, tensors beyond `maxBytes` (it allocates 48 M^N bytes). Cost O(N! M^N).
 */
export function slaterDeterminant(
  grid: Grid,
  orbitals: Float64Array,
  particles: number,
  options: { epsilon?: number; maxBytes?: number } = {},
): ManyBodyWavefunction {
  requireTensorBudget(grid, particles, 48, options.maxBytes);
  const M = grid.size;
  if (!(orbitals instanceof Float64Array) || orbitals.length < 2 * M * particles) {
    throw new ParameterError(
      "orbitals",
      `must hold N = ${particles} blocks of 2 M = ${2 * M} doubles, got length ${orbitals?.length}`,
    );
  }
  const total = tensorPoints(grid, particles);
  const data = new Float64Array(2 * total);
  const digits = new Int32Array(particles);
  for (let index = 0; index < total; index++) {
    digitsOf(index, M, digits);
    let re = 1;
    let im = 0;
    for (let j = 0; j < particles; j++) {
      const o = 2 * (j * M + digits[j]);
      const a = orbitals[o];
      const b = orbitals[o + 1];
      const r = re * a - im * b;
      im = re * b + im * a;
      re = r;
    }
    data[2 * index] = re;
    data[2 * index + 1] = im;
  }
  antisymmetrize(data, M, particles);
  let factorial = 1;
  for (let j = 2; j <= particles; j++) factorial *= j;
  const s = Math.sqrt(factorial);
  for (let q = 0; q < data.length; q++) data[q] *= s;
  const epsilon = options.epsilon ?? defaultEpsilon(grid, particles);
  return Object.freeze({ grid, particles, epsilon, data });
}

/** "12.0 MiB" for the tensor of N particles on `grid` (16 M^N bytes). Cost O(1). */
export function describeTensorSize(grid: Grid, particles: number): string {
  return formatBytes(16 * tensorPoints(grid, particles));
}
