import {
  createGrid,
  type ExternalPotential,
  FreeSpaceConvolution,
  type Grid,
  type InteractionKernel,
  interpolateToHalfGrid,
  isSingularKernel,
  kernelValue,
  type MeanFieldPotential,
  meshCoordinates,
  noExternalPotential,
  ParameterError,
  requireKernel,
  requireSameGrid,
  samplePotential,
  samplePotentialGradient,
} from "@semiclassical/grid";
import { traceNorm } from "./norms.js";
import { type DenseOperator, requireOperator } from "./operator.js";

function requireSamples(parameter: string, values: Float64Array, length: number, what: string) {
  if (!(values instanceof Float64Array) || values.length !== length) {
    throw new ParameterError(
      parameter,
      `must be a Float64Array of ${length} values (${what}), got length ${
        (values as { length?: number })?.length
      }`,
    );
  }
}

/**
 * The Hermitian matrix i[U, A], (i[U, A])_jk = i (U_j - U_k) A_jk, for the multiplication
 * operator by real samples U_j on the grid ([U, omega] is anti-Hermitian; i[U, omega] has the same
 * singular values). Cost O(n^2); allocates 2 n^2 doubles unless `out` is given.
 */
export function potentialCommutator(
  operator: DenseOperator,
  potential: Float64Array,
  out?: Float64Array,
): Float64Array {
  const n = requireOperator("operator", operator);
  requireSamples("potential", potential, n, "U at the grid points");
  const result = out ?? new Float64Array(2 * n * n);
  const a = operator.data;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const q = 2 * (j * n + k);
      const delta = potential[j] - potential[k];
      result[q] = -delta * a[q + 1];
      result[q + 1] = delta * a[q];
    }
  }
  return result;
}

/**
 * The dominant term of the seed's Duhamel expansion (THEORY.md section 6),
 * tr|[V * (rho - rho~), omega~]|, for a dense omega~ (A~_ij = omega~(x_i; x_j) dx^d) and the
 * densities rho, rho~ on its grid (int rho = 1): U = meanField.potential(rho - rho~), then the
 * trace norm of i[U, A~]. Zero when rho = rho~. Divide by eps for the Duhamel integrand.
 * Cost one mean-field potential plus ~5.3 n^3 flops; allocates 4 n^2 doubles.
 */
export function meanFieldCommutatorTraceNorm(
  omegaTilde: DenseOperator,
  meanField: MeanFieldPotential,
  density: Float64Array,
  densityTilde: Float64Array,
): number {
  const n = requireOperator("omegaTilde", omegaTilde);
  requireSameGrid("meanField", omegaTilde.grid, meanField.grid);
  requireSamples("density", density, n, "rho at the grid points");
  requireSamples("densityTilde", densityTilde, n, "rho~ at the grid points");
  const difference = new Float64Array(n);
  for (let i = 0; i < n; i++) difference[i] = density[i] - densityTilde[i];
  const U = meanField.potential(difference);
  return traceNorm(n, potentialCommutator(omegaTilde, U));
}

/** U~ and grad U~ for the error term B (see {@link midpointMeanField}). */
export interface MidpointPotential {
  /** U~(x_i) at the grid points (grid.size values). */
  readonly potential: Float64Array;
  /**
   * grad U~ on the refined grid X_p = x_0 + p dx/2 (p_a = 0..2 n_a - 1 per axis, row-major): the
   * midpoint (x_i + x_j)/2 is X_{i + j}. One array per axis.
   */
  readonly midpointGradient: Float64Array[];
}

/**
 * U~ = V_ext + V * rho~ at the grid points and grad U~ at the midpoints (x_i + x_j)/2, for
 * {@link errorTermOperator}, with the refined grid's convolution prepared once (for the proof's
 * terms on a time lattice). rho~ (it vanishes at the box edges) is refined by band-limited
 * interpolation to the grid of spacing dx/2 on the same box, V * rho~ and its Fourier gradient
 * are computed there by a FreeSpaceConvolution (Vico-Greengard-Ferrando), and V_ext with its
 * analytic gradient is added; U~ at the grid points is the refined U~ at even indices, so U~ and
 * grad U~ come from one convolution. Without a kernel (V = 0) U~ = V_ext. Cost: the
 * FreeSpaceConvolution precomputation on 2^d times the points (1D n = 2048: ~0.2 s) once, then
 * O(2^d M log M) per {@link MidpointMeanField.at}.
 */
export class MidpointMeanField {
  readonly grid: Grid;
  private readonly fine: Grid;
  private readonly convolution: FreeSpaceConvolution | undefined;
  private readonly externalValues: Float64Array;
  private readonly externalGradient: Float64Array[];

  constructor(
    grid: Grid,
    kernel: InteractionKernel | undefined,
    externalPotential: ExternalPotential = noExternalPotential,
  ) {
    if (kernel !== undefined) requireKernel(kernel, grid.dimension);
    this.grid = grid;
    this.fine = createGrid({
      dimension: grid.dimension,
      points: grid.shape.map((n) => 2 * n),
      box: grid.box,
      center: grid.origin.map((o, a) => o + grid.box[a] / 2),
    });
    this.convolution = kernel ? new FreeSpaceConvolution(this.fine, kernel) : undefined;
    this.externalValues = samplePotential(this.fine, externalPotential, 0);
    this.externalGradient = samplePotentialGradient(this.fine, externalPotential, 0);
  }

  /** U~ and grad U~ for the density rho~ (grid.size values, int rho~ = 1). */
  at(densityTilde: Float64Array): MidpointPotential {
    const { grid, fine } = this;
    requireSamples("densityTilde", densityTilde, grid.size, "rho~ at the grid points");
    const d = grid.dimension;
    let Ufine: Float64Array;
    let gradient: Float64Array[];
    if (this.convolution) {
      const rhoFine = interpolateToHalfGrid(densityTilde, grid.shape);
      Ufine = this.convolution.potential(rhoFine);
      gradient = this.convolution.gradient(rhoFine);
    } else {
      Ufine = new Float64Array(fine.size);
      gradient = Array.from({ length: d }, () => new Float64Array(fine.size));
    }
    for (let q = 0; q < fine.size; q++) {
      Ufine[q] += this.externalValues[q];
      for (let a = 0; a < d; a++) gradient[a][q] += this.externalGradient[a][q];
    }
    const potential = new Float64Array(grid.size);
    const index = new Array<number>(d).fill(0);
    for (let i = 0; i < grid.size; i++) {
      let q = 0;
      for (let a = 0; a < d; a++) q += 2 * index[a] * fine.strides[a];
      potential[i] = Ufine[q];
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < grid.shape[a]) break;
        index[a] = 0;
      }
    }
    return { potential, midpointGradient: gradient };
  }
}

/**
 * U~ = V_ext + V * rho~ at the grid points and grad U~ at the midpoints (x_i + x_j)/2 for one
 * density: {@link MidpointMeanField} prepared and applied once. Cost: the FreeSpaceConvolution
 * precomputation on 2^d times the points (1D n = 2048: ~0.2 s) plus O(2^d M log M).
 */
export function midpointMeanField(
  grid: Grid,
  kernel: InteractionKernel,
  densityTilde: Float64Array,
  externalPotential: ExternalPotential = noExternalPotential,
): MidpointPotential {
  requireKernel(kernel, grid.dimension);
  requireSamples("densityTilde", densityTilde, grid.size, "rho~ at the grid points");
  return new MidpointMeanField(grid, kernel, externalPotential).at(densityTilde);
}

/**
 * The Hermitian matrix iB of the seed's error term (THEORY.md section 6),
 *   B(x; y) = [U~(x) - U~(y) - grad U~((x + y)/2) . (x - y)] omega~(x; y),
 * on the grid: B_jk = b_jk A~_jk with b_jk = U_j - U_k - G((x_j + x_k)/2) . (x_j - x_k). b is
 * real and antisymmetric, so B is anti-Hermitian and iB Hermitian with the same singular values.
 * The bracket is the midpoint-rule remainder: 0 for quadratic U~, U~''' (x - y)^3 / 24 for
 * cubic. `midpointGradient` holds grad U~ on the refined grid X_p (see {@link MidpointPotential}).
 * Cost O(d n^2); allocates 2 n^2 doubles.
 */
export function errorTermOperator(
  omegaTilde: DenseOperator,
  potential: Float64Array,
  midpointGradient: readonly Float64Array[],
): Float64Array {
  const n = requireOperator("omegaTilde", omegaTilde);
  const grid = omegaTilde.grid;
  const d = grid.dimension;
  requireSamples("potential", potential, n, "U~ at the grid points");
  const fineShape = grid.shape.map((m) => 2 * m);
  const fineSize = fineShape.reduce((p, m) => p * m, 1);
  if (!Array.isArray(midpointGradient) || midpointGradient.length !== d) {
    throw new ParameterError(
      "midpointGradient",
      `must hold ${d} arrays (one per axis) on the refined grid of shape [${fineShape.join(", ")}]`,
    );
  }
  for (let a = 0; a < d; a++) {
    requireSamples(
      `midpointGradient[${a}]`,
      midpointGradient[a],
      fineSize,
      "grad U~ at x_0 + p dx/2",
    );
  }
  const coords = meshCoordinates(grid);
  const idx = Array.from({ length: d }, () => new Int32Array(n));
  for (let i = 0; i < n; i++) {
    let rest = i;
    for (let a = 0; a < d; a++) {
      idx[a][i] = Math.floor(rest / grid.strides[a]);
      rest -= idx[a][i] * grid.strides[a];
    }
  }
  const fineStrides = new Array<number>(d);
  let s = 1;
  for (let a = d - 1; a >= 0; a--) {
    fineStrides[a] = s;
    s *= fineShape[a];
  }
  const a = omegaTilde.data;
  const out = new Float64Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      let q = 0;
      for (let b = 0; b < d; b++) q += (idx[b][j] + idx[b][k]) * fineStrides[b];
      let bracket = potential[j] - potential[k];
      for (let b = 0; b < d; b++) bracket -= midpointGradient[b][q] * (coords[b][j] - coords[b][k]);
      const p = 2 * (j * n + k);
      out[p] = -bracket * a[p + 1];
      out[p + 1] = bracket * a[p];
    }
  }
  return out;
}

/**
 * tr|B| of the seed's error term ({@link errorTermOperator}). Divide by eps for the Duhamel
 * integrand. Cost ~5.3 n^3 flops; allocates 4 n^2 doubles.
 */
export function errorTermTraceNorm(
  omegaTilde: DenseOperator,
  potential: Float64Array,
  midpointGradient: readonly Float64Array[],
): number {
  const n = requireOperator("omegaTilde", omegaTilde);
  return traceNorm(n, errorTermOperator(omegaTilde, potential, midpointGradient));
}

/**
 * The dense exchange operator X_ij = (1/N) V(x_i - x_j) A_ij (THEORY.md section 1, X(x; y) =
 * (1/N) V(x - y) omega(x; y), times dx^d as A), for regular kernels only: the dense form is wrong
 * for singular ones (THEORY.md section 2), which are rejected. Cost O(d n^2); allocates 2 n^2.
 */
export function denseExchangeOperator(
  omega: DenseOperator,
  kernel: InteractionKernel,
  particleNumber: number,
): Float64Array {
  const n = requireOperator("omega", omega);
  requireKernel(kernel, omega.grid.dimension);
  if (isSingularKernel(kernel)) {
    throw new ParameterError(
      "kernel.kind",
      `the dense exchange operator needs a regular kernel ("gaussian" or "soft-power"), got ` +
        `${JSON.stringify(kernel.kind)}: V(0) is infinite; use the orbital exchange of ` +
        "@semiclassical/hartree-fock for singular kernels",
    );
  }
  if (!(particleNumber > 0) || !Number.isFinite(particleNumber)) {
    throw new ParameterError(
      "particleNumber",
      `must be a finite number > 0, got ${particleNumber}`,
    );
  }
  const coords = meshCoordinates(omega.grid);
  const d = omega.grid.dimension;
  const out = new Float64Array(2 * n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      let r2 = 0;
      for (let b = 0; b < d; b++) r2 += (coords[b][j] - coords[b][k]) ** 2;
      const v = kernelValue(kernel, Math.sqrt(r2)) / particleNumber;
      const q = 2 * (j * n + k);
      out[q] = v * omega.data[q];
      out[q + 1] = v * omega.data[q + 1];
    }
  }
  return out;
}

/**
 * The Hermitian matrix i[A, B] = i(AB - BA) of two Hermitian n x n matrices (interleaved
 * complex). Cost 16 n^3 flops (two complex products); allocates 2 n^2 doubles.
 */
export function commutatorMatrix(n: number, a: Float64Array, b: Float64Array): Float64Array {
  if (a.length !== 2 * n * n || b.length !== 2 * n * n) {
    throw new ParameterError("b", `a and b must both hold 2 n^2 = ${2 * n * n} numbers`);
  }
  const out = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const p = 2 * (i * n + k);
      const aRe = a[p];
      const aIm = a[p + 1];
      const bRe = b[p];
      const bIm = b[p + 1];
      for (let j = 0; j < n; j++) {
        const q = 2 * (k * n + j);
        const o = 2 * (i * n + j);
        // AB - BA: A_ik B_kj - B_ik A_kj
        const re = aRe * b[q] - aIm * b[q + 1] - (bRe * a[q] - bIm * a[q + 1]);
        const im = aRe * b[q + 1] + aIm * b[q] - (bRe * a[q + 1] + bIm * a[q]);
        // i (re + i im) = -im + i re
        out[o] -= im;
        out[o + 1] += re;
      }
    }
  }
  return out;
}

/**
 * The Hartree-Fock exchange term tr|[X, omega]| of the Duhamel bound (THEORY.md section 6), with
 * the dense X of {@link denseExchangeOperator} (regular kernels). Divide by eps for the
 * integrand. Cost ~21 n^3 flops; allocates 6 n^2 doubles.
 */
export function exchangeCommutatorTraceNorm(
  omega: DenseOperator,
  kernel: InteractionKernel,
  particleNumber: number,
): number {
  const n = requireOperator("omega", omega);
  const X = denseExchangeOperator(omega, kernel, particleNumber);
  return traceNorm(n, commutatorMatrix(n, X, omega.data));
}
