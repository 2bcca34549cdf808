import type { ExternalPotential, Grid, InteractionKernel } from "@semiclassical/grid";
import {
  axisWaveNumbers,
  fftN,
  isSingularKernel,
  kernelValue,
  meshCoordinates,
  noExternalPotential,
  ParameterError,
  requireKernel,
  requirePositive,
  samplePotential,
} from "@semiclassical/grid";
import type { HermitianOperator } from "./lanczos.js";
import { DEFAULT_MAX_BYTES } from "./memory.js";
import { requireTensorBudget, tensorPoints } from "./wavefunction.js";

/** Options of {@link TensorHamiltonian}. */
export interface TensorHamiltonianOptions {
  /** Number N of particles. */
  particles: number;
  /** Semiclassical parameter eps (default N^(-1/d)). */
  epsilon?: number;
  /** kappa in -kappa eps^2 Laplacian (default 1, the seed's convention). */
  kappa?: number;
  /** Pair interaction V (default none). Regular kernels only: see {@link pairTable}. */
  kernel?: InteractionKernel;
  /** V_ext(x, t) (default none). */
  externalPotential?: ExternalPotential;
  /** Memory budget in bytes (default 4 GiB), checked before any allocation. */
  maxBytes?: number;
  /** Extra bytes per tensor point the caller will allocate (counted in the budget). */
  extraBytesPerPoint?: number;
}

/** Bytes per tensor point of a {@link TensorHamiltonian}: interaction 8 + symbol 8 + work 16. */
export const TENSOR_HAMILTONIAN_BYTES_PER_POINT = 32;

/**
 * The pair table P_ab = V(x_a - x_b) for all pairs of one-particle grid points (M x M, row-major),
 * V sampled pointwise. Only regular kernels (gaussian, soft-power): a singular kernel (power,
 * coulomb) is infinite on the diagonal x_a = x_b of the tensor grid, so the grid method refuses it
 * with a ParameterError (use the basis method, whose two-body integrals use the free-space
 * convolution). Cost O(M^2), allocates M^2 doubles.
 */
export function pairTable(grid: Grid, kernel: InteractionKernel): Float64Array {
  requireKernel(kernel, grid.dimension);
  if (isSingularKernel(kernel)) {
    throw new ParameterError(
      "kernel.kind",
      `the grid method samples V(x_i - x_j) on the tensor grid, where the ${kernel.kind} kernel is ` +
        'infinite at x_i = x_j; use a regular kernel ("gaussian", "soft-power") or the basis ' +
        "method (twoBodyIntegrals with the free-space convolution)",
    );
  }
  const M = grid.size;
  const coords = meshCoordinates(grid);
  const table = new Float64Array(M * M);
  for (let a = 0; a < M; a++) {
    for (let b = 0; b < M; b++) {
      let r2 = 0;
      for (let axis = 0; axis < grid.dimension; axis++) {
        r2 += (coords[axis][a] - coords[axis][b]) ** 2;
      }
      table[a * M + b] = kernelValue(kernel, Math.sqrt(r2));
    }
  }
  return table;
}

/**
 * The N-body Hamiltonian of THEORY.md section 6 on the tensor grid,
 *   H_N = sum_j (-kappa eps^2 Laplacian_j + V_ext(x_j, t)) + (1/N) sum_{i<j} V(x_i - x_j),
 * with the spectral Laplacian of every particle axis (the tensor is periodic-indexed like the
 * one-particle grid) and V, V_ext sampled at the points. It offers the two substeps of the
 * matched splitting (kinetic e^{-i tau kappa eps |k|^2} per particle in Fourier space; potential
 * e^{-i tau U/eps}, U = sum_j V_ext(x_j) + (1/N) sum_{i<j} V(x_i - x_j)) and H itself for
 * Lanczos. The budget is checked against maxBytes before allocation.
 * Memory per tensor point: interaction 8, kinetic symbol 8, work 16 bytes (32 M^N in all).
 */
export class TensorHamiltonian implements HermitianOperator {
  readonly grid: Grid;
  readonly particles: number;
  readonly epsilon: number;
  readonly kappa: number;
  readonly externalPotential: ExternalPotential;
  /** M^N, the number of tensor points (complex unknowns). */
  readonly dimension: number;
  /** Shape of the tensor: the one-particle shape repeated N times (d N axes). */
  readonly shape: readonly number[];
  /** (1/N) sum_{i<j} V(x_i - x_j) at every tensor point (0 without kernel). */
  readonly interaction: Float64Array;
  private readonly k2: Float64Array[];
  /** kappa eps^2 |k|^2 (all particles) at every point of the tensor spectrum (FFT order). */
  private readonly symbol: Float64Array;
  private readonly work: Float64Array;
  private readonly external: Float64Array<ArrayBuffer>;
  private externalTime = Number.NaN;
  private readonly digits: Int32Array;

  constructor(grid: Grid, options: TensorHamiltonianOptions) {
    const N = options.particles;
    requireTensorBudget(
      grid,
      N,
      TENSOR_HAMILTONIAN_BYTES_PER_POINT + (options.extraBytesPerPoint ?? 0),
      options.maxBytes ?? DEFAULT_MAX_BYTES,
    );
    this.grid = grid;
    this.particles = N;
    this.epsilon = options.epsilon ?? N ** (-1 / grid.dimension);
    requirePositive("epsilon", this.epsilon);
    this.kappa = options.kappa ?? 1;
    requirePositive("kappa", this.kappa);
    this.externalPotential = options.externalPotential ?? noExternalPotential;
    const M = grid.size;
    this.dimension = tensorPoints(grid, N);
    this.shape = Array.from({ length: N }, () => grid.shape).flat();
    this.k2 = grid.shape.map((_, a) => axisWaveNumbers(grid, a).map((k) => k * k));
    this.work = new Float64Array(2 * this.dimension);
    this.external = new Float64Array(M);
    this.digits = new Int32Array(N);
    this.symbol = new Float64Array(this.dimension);
    this.fillSymbol();
    this.interaction = new Float64Array(this.dimension);
    if (options.kernel !== undefined && N > 1) {
      const table = pairTable(grid, options.kernel);
      const digits = new Int32Array(N);
      for (let index = 0; index < this.dimension; index++) {
        let s = 0;
        for (let i = 0; i < N; i++) {
          for (let j = i + 1; j < N; j++) s += table[digits[i] * M + digits[j]];
        }
        this.interaction[index] = s / N;
        for (let j = N - 1; j >= 0; j--) {
          if (++digits[j] < M) break;
          digits[j] = 0;
        }
      }
    }
  }

  /** V_ext(., t) on the one-particle grid (cached for time-independent potentials). */
  private externalAt(t: number): Float64Array {
    const sampled = !Number.isNaN(this.externalTime);
    if (!sampled || (this.externalPotential.timeDependent && this.externalTime !== t)) {
      samplePotential(this.grid, this.externalPotential, t, this.external);
      this.externalTime = t;
    }
    return this.external;
  }

  /** U(x_1..x_N, t) at every tensor point (out: M^N doubles). Cost O(N M^N). */
  potential(t: number, out: Float64Array = new Float64Array(this.dimension)): Float64Array {
    const M = this.grid.size;
    const N = this.particles;
    const v = this.externalAt(t);
    const digits = this.digits.fill(0);
    let ext = N * v[0];
    for (let index = 0; index < this.dimension; index++) {
      out[index] = this.interaction[index] + ext;
      for (let j = N - 1; j >= 0; j--) {
        const old = digits[j];
        if (++digits[j] < M) {
          ext += v[digits[j]] - v[old];
          break;
        }
        digits[j] = 0;
        ext += v[0] - v[old];
      }
    }
    return out;
  }

  /** kappa eps^2 |k|^2 summed over the d N axes, at every point of the tensor spectrum. */
  private fillSymbol(): void {
    const shape = this.shape;
    const axes = shape.length;
    const d = this.grid.dimension;
    const digits = new Int32Array(axes);
    const c = this.kappa * this.epsilon ** 2;
    let k2 = 0;
    for (let a = 0; a < axes; a++) k2 += this.k2[a % d][0];
    for (let index = 0; index < this.dimension; index++) {
      this.symbol[index] = c * k2;
      for (let a = axes - 1; a >= 0; a--) {
        const table = this.k2[a % d];
        const old = digits[a];
        if (++digits[a] < shape[a]) {
          k2 += table[digits[a]] - table[old];
          break;
        }
        digits[a] = 0;
        k2 += table[0] - table[old];
      }
    }
  }

  /**
   * Kinetic substep psi <- e^{-i tau sum_j (-kappa eps^2 Laplacian_j)/eps} psi: multiplies the
   * d N-dimensional spectrum by e^{-i tau kappa eps |k|^2}. Cost O(M^N log M^N), in place.
   */
  kineticStep(data: Float64Array, tau: number): void {
    fftN(data, this.shape, "forward");
    const c = -tau / this.epsilon;
    const symbol = this.symbol;
    for (let index = 0; index < this.dimension; index++) {
      const theta = c * symbol[index];
      const cs = Math.cos(theta);
      const sn = Math.sin(theta);
      const re = data[2 * index];
      const im = data[2 * index + 1];
      data[2 * index] = re * cs - im * sn;
      data[2 * index + 1] = re * sn + im * cs;
    }
    fftN(data, this.shape, "inverse");
  }

  /** Potential substep psi <- e^{-i tau U(t)/eps} psi with U at time t. Cost O(N M^N), in place. */
  potentialStep(data: Float64Array, tau: number, t: number): void {
    const M = this.grid.size;
    const N = this.particles;
    const v = this.externalAt(t);
    const digits = this.digits.fill(0);
    let ext = N * v[0];
    const c = -tau / this.epsilon;
    for (let index = 0; index < this.dimension; index++) {
      const theta = c * (this.interaction[index] + ext);
      const cs = Math.cos(theta);
      const sn = Math.sin(theta);
      const re = data[2 * index];
      const im = data[2 * index + 1];
      data[2 * index] = re * cs - im * sn;
      data[2 * index + 1] = re * sn + im * cs;
      for (let j = N - 1; j >= 0; j--) {
        const old = digits[j];
        if (++digits[j] < M) {
          ext += v[digits[j]] - v[old];
          break;
        }
        digits[j] = 0;
        ext += v[0] - v[old];
      }
    }
  }

  /** y = H_N x at time t (default 0) for tensors x, y (2 M^N doubles; may not alias). Cost O(M^N log M^N). */
  applyAt(x: Float64Array, y: Float64Array, t: number): void {
    y.set(x);
    fftN(y, this.shape, "forward");
    for (let index = 0; index < this.dimension; index++) {
      y[2 * index] *= this.symbol[index];
      y[2 * index + 1] *= this.symbol[index];
    }
    fftN(y, this.shape, "inverse");
    const u = this.potential(t, this.work.subarray(0, this.dimension));
    for (let index = 0; index < this.dimension; index++) {
      y[2 * index] += u[index] * x[2 * index];
      y[2 * index + 1] += u[index] * x[2 * index + 1];
    }
  }

  /** y = H_N x with V_ext at t = 0 (the {@link HermitianOperator} of Lanczos). */
  apply(x: Float64Array, y: Float64Array): void {
    this.applyAt(x, y, 0);
  }

  /**
   * The terms of <psi|H_N(t)|psi> dx^(dN) for a tensor psi: kinetic sum_j <-kappa eps^2
   * Laplacian_j>, external sum_j <V_ext(x_j)>, interaction (1/N) sum_{i<j} <V(x_i - x_j)> (totals,
   * not per particle). Cost O(M^N log M^N), uses the work tensor.
   */
  expectation(
    data: Float64Array,
    t: number,
  ): { kinetic: number; external: number; interaction: number } {
    const w = this.work;
    w.set(data);
    fftN(w, this.shape, "forward");
    let kinetic = 0;
    for (let index = 0; index < this.dimension; index++) {
      kinetic += this.symbol[index] * (w[2 * index] ** 2 + w[2 * index + 1] ** 2);
    }
    // Parseval: sum_x |f|^2 = (1/P) sum_k |f^_k|^2
    const dv = this.grid.cellVolume ** this.particles;
    kinetic *= dv / this.dimension;
    const u = this.potential(t, w.subarray(0, this.dimension));
    let total = 0;
    let interaction = 0;
    for (let index = 0; index < this.dimension; index++) {
      const p = data[2 * index] ** 2 + data[2 * index + 1] ** 2;
      total += u[index] * p;
      interaction += this.interaction[index] * p;
    }
    return { kinetic, external: (total - interaction) * dv, interaction: interaction * dv };
  }
}
