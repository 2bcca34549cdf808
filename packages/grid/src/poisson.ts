import type { MeanFieldPotential } from "./convolution.js";
import { gradientOutput, requireLength } from "./convolution-checks.js";
import { fftN } from "./fft.js";
import { axisWaveNumbers, type Grid } from "./grid.js";
import { requireFinite } from "./validation.js";

/**
 * Periodic Poisson solver with a neutralizing background, for the Vlasov-Poisson plasma
 * benchmarks (THEORY.md sections 1 and 5; kappa = 1/2, periodic box):
 *   -Laplacian U = lambda (rho - mean rho),  mean U = 0,
 * on the grid's box taken as periodic. Spectrally: U^(k) = lambda rho^(k)/|k|^2 for k != 0,
 * U^(0) = 0; grad U = IFFT(i k U^) (the field is periodic, so spectral differentiation is exact
 * here; the Nyquist modes of the derivative are set to 0). With lambda = 1 and rho the electron
 * density, U is the electrons' potential energy in the standard normalization of the benchmarks
 * (Landau damping, two-stream): the force in the Vlasov equation of THEORY.md is -grad U.
 *
 * Cost: one forward and one inverse FFT of grid.size complex values per call (d inverse FFTs for
 * the gradient, paired two at a time). Memory: 2 grid.size doubles of work space (4 in 2D/3D)
 * and the grid's wave numbers, allocated here once.
 */
export class PeriodicPoisson implements MeanFieldPotential {
  readonly grid: Grid;
  /** Coupling lambda in -Laplacian U = lambda (rho - mean rho). */
  readonly lambda: number;
  private readonly waveNumbers: Float64Array[];
  private readonly work: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly index: Int32Array;

  constructor(grid: Grid, lambda = 1) {
    requireFinite("lambda", lambda);
    this.grid = grid;
    this.lambda = lambda;
    this.waveNumbers = grid.shape.map((_, a) => axisWaveNumbers(grid, a));
    this.work = new Float64Array(2 * grid.size);
    this.spectrum = new Float64Array(grid.dimension > 1 ? 2 * grid.size : 0);
    this.index = new Int32Array(grid.dimension);
  }

  /** Fills work with lambda rho^/|k|^2 (0 at k = 0): the spectrum of U. */
  private solve(density: Float64Array): void {
    const work = this.work;
    const size = this.grid.size;
    work.fill(0);
    for (let q = 0; q < size; q++) work[2 * q] = density[q];
    fftN(work, this.grid.shape, "forward");
    const d = this.grid.dimension;
    const shape = this.grid.shape;
    const index = this.index;
    index.fill(0);
    for (let q = 0; q < size; q++) {
      let k2 = 0;
      for (let a = 0; a < d; a++) k2 += this.waveNumbers[a][index[a]] ** 2;
      const factor = k2 === 0 ? 0 : this.lambda / k2;
      work[2 * q] *= factor;
      work[2 * q + 1] *= factor;
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < shape[a]) break;
        index[a] = 0;
      }
    }
  }

  /** i k_a at FFT index j of axis a, 0 at the Nyquist index. */
  private derivativeFactor(a: number, j: number): number {
    return 2 * j === this.grid.shape[a] ? 0 : this.waveNumbers[a][j];
  }

  /**
   * U with -Laplacian U = lambda (rho - mean rho), mean U = 0 (rho: grid.size real samples).
   * Cost O(M log M); allocates only `out` if absent.
   */
  potential(density: Float64Array, out?: Float64Array): Float64Array {
    const size = this.grid.size;
    requireLength("density", density, size);
    const result = out ?? new Float64Array(size);
    requireLength("out", result, size);
    this.solve(density);
    fftN(this.work, this.grid.shape, "inverse");
    for (let q = 0; q < size; q++) result[q] = this.work[2 * q];
    return result;
  }

  /**
   * grad U per axis (spectral derivative of the periodic U). Cost O(M log M) per pair of axes;
   * allocates only `out` if absent.
   */
  gradient(density: Float64Array, out?: Float64Array[]): Float64Array[] {
    const size = this.grid.size;
    const d = this.grid.dimension;
    requireLength("density", density, size);
    const result = gradientOutput(out, d, size);
    this.solve(density);
    const work = this.work;
    if (d > 1) this.spectrum.set(work);
    const shape = this.grid.shape;
    for (let first = 0; first < d; first += 2) {
      const second = first + 1 < d ? first + 1 : -1;
      if (first > 0) work.set(this.spectrum);
      // multiply by i k_first (+ i * i k_second): the two real fields come out as Re and Im
      const index = this.index;
      index.fill(0);
      for (let q = 0; q < size; q++) {
        const k0 = this.derivativeFactor(first, index[first]);
        const k1 = second < 0 ? 0 : this.derivativeFactor(second, index[second]);
        const re = work[2 * q];
        const im = work[2 * q + 1];
        // (re + i im)(i k0 - k1)
        work[2 * q] = -im * k0 - re * k1;
        work[2 * q + 1] = re * k0 - im * k1;
        for (let a = d - 1; a >= 0; a--) {
          if (++index[a] < shape[a]) break;
          index[a] = 0;
        }
      }
      fftN(work, shape, "inverse");
      const target0 = result[first];
      for (let q = 0; q < size; q++) target0[q] = work[2 * q];
      if (second >= 0) {
        const target1 = result[second];
        for (let q = 0; q < size; q++) target1[q] = work[2 * q + 1];
      }
    }
    return result;
  }
}
