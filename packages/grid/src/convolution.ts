import { gradientOutput, requireLength } from "./convolution-checks.js";
import { PaddedFft, paddedRowIndex, RealPaddedFft } from "./convolution-fft.js";
import { fftPlan } from "./fft.js";
import type { Grid } from "./grid.js";
import {
  isClosedFormTransform,
  RadialTable,
  truncatedKernelTransform,
} from "./kernel-transform.js";
import { type InteractionKernel, requireKernel } from "./kernels.js";
import { nextPowerOfTwo } from "./validation.js";

/** Anything that maps a density to a mean-field potential U = V * rho (and its gradient) on a grid. */
export interface MeanFieldPotential {
  readonly grid: Grid;
  /** U(x_i) ~ int V(x_i - y) rho(y) dy, from samples rho_j on the grid. Cost O(M log M). */
  potential(density: Float64Array, out?: Float64Array): Float64Array;
  /** grad U per axis (d arrays of grid.size), computed in Fourier space (i k V^_R rho^). */
  gradient(density: Float64Array, out?: Float64Array[]): Float64Array[];
}

/** Row-major size of a shape. */
function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, n) => p * n, 1);
}

/**
 * Inverse DFT of size N along `axis` of a real array that holds, on that axis, the samples
 * j = 0..N/2 of a sequence even in j (or, with `odd`, the samples v_j of V^ to be multiplied by
 * i k_j, k_j = j dk, an odd sequence; the Nyquist term is set to 0). Keeps outputs m = 0..nOut-1
 * (real in both cases). Cost O(lines * N log N), allocates the output.
 */
function inverseAlongAxis(
  values: Float64Array,
  shape: readonly number[],
  axis: number,
  nOut: number,
  N: number,
  odd: boolean,
  dk: number,
  line: Float64Array,
): Float64Array {
  const reduced = shape[axis];
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= shape[a];
  const out = new Float64Array(outer * nOut * stride);
  const plan = fftPlan(N);
  const half = N / 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) {
      line.fill(0);
      const base = o * reduced * stride + i;
      for (let j = 0; j < reduced; j++) {
        const v = values[base + j * stride];
        if (odd) {
          if (j === 0 || j === half) continue;
          const w = j * dk * v;
          line[2 * j + 1] = w;
          line[2 * (N - j) + 1] = -w;
        } else {
          line[2 * j] = v;
          if (j > 0 && j < half) line[2 * (N - j)] = v;
        }
      }
      plan.transformLine(line, 0, 1, "inverse");
      const outBase = o * nOut * stride + i;
      for (let m = 0; m < nOut; m++) out[outBase + m * stride] = line[2 * m];
    }
  }
  return out;
}

/**
 * Free-space convolution U = V * rho and its gradient on a grid, by the truncated-kernel method of
 * F. Vico, L. Greengard and M. Ferrando, "Fast convolution with free-space Green's functions",
 * J. Comput. Phys. 323 (2016) 191-203 (THEORY.md section 2).
 *
 * For rho supported in the box (it must vanish at the edges) and smooth enough to be resolved by
 * the grid, V * rho = V_R * rho on the box when V_R = V 1_{|x| <= R} with R >= the box diameter;
 * here R = sqrt(sum_a L_a^2) (= sqrt(d) L on a cube). V^_R is entire, and
 *   U(x_i) = (2 pi)^-d int V^_R(k) rho^(k) e^{i k.x_i} dk
 * is computed to spectral accuracy by the trapezoidal rule on a Fourier grid s_a times finer than
 * the grid's own (s_a = next power of two >= 1 + R/L_a: 2 in 1D, 4 on squares and cubes), which
 * sees no periodic images because V_R * rho vanishes beyond R + L/2. That discrete operation is
 * the aperiodic discrete convolution U_i = sum_j T_{i-j} rho_j with T = IDFT_{s n}(V^_R) (the
 * paper's precomputation): T is formed ONCE here and folded into a 2n-periodic kernel, so each
 * application is a zero-padded (2n)^d FFT convolution. The gradient uses the kernels
 * IDFT_{s n}(i k_a V^_R) in the same way: it is the exact derivative of the band-limited U, never
 * a spectral derivative of the non-periodic result.
 *
 * V^_R(|k|) (kernel-transform.ts) is accurate to ~1e-15 relative: closed forms (3D Coulomb,
 * narrow Gaussians), otherwise the exactly integrated Taylor series near r = 0 and graded
 * Gauss-Legendre panels; in d = 2, 3 it is tabulated on piecewise Chebyshev panels in |k| and
 * interpolated (error ~1e-19 relative).
 *
 * Cost: constructor: V^_R at the (s n/2 + 1)^d reduced Fourier points (by symmetry V^_R is
 * even in every k_a, so T is never formed as a (s n)^d complex array: it comes from real
 * axis-by-axis inverse transforms of the reduced array), (1 + d) d-dimensional partial inverse
 * transforms of size s n per axis, and ceil((1 + d)/2) FFTs of size (2n)^d; the quadrature work
 * for V^_R is O(n^2) in 1D (contour form, ~400 complex powers per k) and ~2.25 kappa_max R
 * transform evaluations of O(kappa R) each for the 2D table (J0). Measured (loaded 2-core
 * machine): 1D n = 4096 ~0.4 s, 2D 256^2 ~2.5 s, 3D 32^3 ~1 s, 3D 64^3 ~4-7 s.
 * Apply: convolveComplex is one forward and one inverse zero-padded (2n)^d complex FFT with the
 * zero blocks skipped, O(2^d M log M), M = grid.size. potential uses real-input transforms in
 * d >= 2 (half spectra, two rows per complex FFT): about half of that; gradient is one real
 * forward and d real inverse transforms (d = 1: one complex convolution each).
 * Memory (doubles): (2n)^d for the potential spectrum and 2 (2n)^d of complex work space, plus in
 * d >= 2 (1 + d)/2 (2n)^d for half spectra and 2 (2n)^d for two half-spectrum buffers; the
 * precomputation temporarily holds (s n/2 + 1)^d and d more (2n)^d. In 3D that is ~56 n^3
 * doubles, ~120 MB at n = 64, 15 MB at n = 32: keep n <= 64 in 3D.
 */
export class FreeSpaceConvolution implements MeanFieldPotential {
  readonly grid: Grid;
  readonly kernel: InteractionKernel;
  /** Truncation radius R = sqrt(sum_a L_a^2) (the box diagonal). */
  readonly truncationRadius: number;
  /** Oversampling factor s_a of the precomputation per axis. */
  readonly oversampling: readonly number[];
  private readonly paddedShape: number[];
  private readonly paddedSize: number;
  /** FFT_{2n}(T): real because T is even on every axis. */
  private readonly potentialSpectrum: Float64Array;
  /** Imaginary parts of FFT_{2n}(d_a T): purely imaginary because d_a T is odd on axis a. */
  private gradientSpectra: Float64Array[];
  private readonly work: Float64Array;
  private readonly fft: PaddedFft;
  /** d >= 2: real-input transforms on half spectra (last axis 0..n), with their kernel spectra. */
  private readonly realFft: RealPaddedFft | undefined;
  private readonly halfPotential: Float64Array;
  private readonly halfGradients: Float64Array[];
  private readonly half: Float64Array;
  private readonly halfDensity: Float64Array;

  /**
   * Validates the kernel (ParameterError naming e.g. `kernel.alpha`) and precomputes the kernel
   * spectra (see the class comment for cost and memory).
   */
  constructor(grid: Grid, kernel: InteractionKernel) {
    requireKernel(kernel, grid.dimension);
    this.grid = grid;
    this.kernel = kernel;
    const d = grid.dimension;
    const n = grid.shape;
    const R = Math.sqrt(grid.box.reduce((s, L) => s + L * L, 0));
    this.truncationRadius = R;
    this.oversampling = grid.box.map((L) =>
      Math.max(2, nextPowerOfTwo(Math.ceil((L + R) / L - 1e-9))),
    );
    this.paddedShape = n.map((na) => 2 * na);
    this.paddedSize = sizeOf(this.paddedShape);
    this.work = new Float64Array(2 * this.paddedSize);
    this.fft = new PaddedFft(this.paddedShape, n);

    // V^_R on the reduced oversampled Fourier grid j_a = 0..N_a/2, k_a = 2 pi j_a / (s_a L_a).
    const N = n.map((na, a) => this.oversampling[a] * na);
    const reducedShape = N.map((Na) => Na / 2 + 1);
    const dk = grid.box.map((L, a) => (2 * Math.PI) / (this.oversampling[a] * L));
    const transform = truncatedKernelTransform(kernel, d, R);
    let evaluate = transform;
    if (d > 1 && !isClosedFormTransform(kernel, d, R)) {
      const kappaMax = Math.sqrt(reducedShape.reduce((s, m, a) => s + ((m - 1) * dk[a]) ** 2, 0));
      const table = new RadialTable(transform, kappaMax, R);
      evaluate = (kappa: number) => table.evaluate(kappa);
    }
    const reducedSize = sizeOf(reducedShape);
    const vhat = new Float64Array(reducedSize);
    const index = new Array<number>(d).fill(0);
    for (let q = 0; q < reducedSize; q++) {
      let k2 = 0;
      for (let a = 0; a < d; a++) k2 += (index[a] * dk[a]) ** 2;
      vhat[q] = evaluate(Math.sqrt(k2));
      for (let a = d - 1; a >= 0; a--) {
        if (++index[a] < reducedShape[a]) break;
        index[a] = 0;
      }
    }

    const lines = N.map((Na) => new Float64Array(2 * Na));
    const fullFft = new PaddedFft(this.paddedShape, this.paddedShape);
    const work = this.work;
    /** Adds T (oddAxis < 0) or d_a T (a = oddAxis), folded 2n-periodically, to part `part` of work. */
    const fold = (oddAxis: number, part: 0 | 1): void => {
      // T (or d_a T) at m_b = 0..n_b-1 on every axis
      let values: Float64Array = vhat;
      const shape = [...reducedShape];
      for (let a = 0; a < d; a++) {
        values = inverseAlongAxis(values, shape, a, n[a], N[a], a === oddAxis, dk[a], lines[a]);
        shape[a] = n[a];
      }
      // K(p) = T(m), m_a = p_a or p_a - 2 n_a (T even, d_a T odd in m_a), K = 0 at p_a = n_a
      const p = new Array<number>(d).fill(0);
      for (let q = 0; q < this.paddedSize; q++) {
        let source = 0;
        let sign = 1;
        let skip = false;
        for (let a = 0; a < d; a++) {
          let m = p[a];
          if (m === n[a]) {
            skip = true;
            break;
          }
          if (m > n[a]) {
            m = 2 * n[a] - m;
            if (a === oddAxis) sign = -sign;
          }
          source = source * n[a] + m;
        }
        if (!skip) work[2 * q + part] += sign * values[source];
        for (let a = d - 1; a >= 0; a--) {
          if (++p[a] < this.paddedShape[a]) break;
          p[a] = 0;
        }
      }
    };
    const extract = (part: 0 | 1, sign: number): Float64Array => {
      const out = new Float64Array(this.paddedSize);
      for (let q = 0; q < this.paddedSize; q++) out[q] = sign * work[2 * q + part];
      return out;
    };
    // FFT(T) is real (T even) and FFT(d_a T) imaginary (odd on axis a), so two kernels share one
    // FFT: FFT(T + d_0 T) = T^ + i g_0, and FFT(d_1 T + i d_2 T) = -g_2 + i g_1.
    work.fill(0);
    fold(-1, 0);
    fold(0, 0);
    fullFft.forward(work);
    this.potentialSpectrum = extract(0, 1);
    this.gradientSpectra = [extract(1, 1)];
    if (d > 1) {
      work.fill(0);
      fold(1, 0);
      if (d === 3) fold(2, 1);
      fullFft.forward(work);
      this.gradientSpectra.push(extract(1, 1));
      if (d === 3) this.gradientSpectra.push(extract(0, -1));
    }
    // d >= 2: the real paths use the half spectra (last axis k = 0..n_{d-1})
    if (d === 1) {
      this.realFft = undefined;
      this.halfPotential = new Float64Array(0);
      this.halfGradients = [];
      this.half = new Float64Array(0);
      this.halfDensity = new Float64Array(0);
    } else {
      const realFft = new RealPaddedFft(n);
      this.realFft = realFft;
      const last = n[d - 1];
      const toHalf = (full: Float64Array): Float64Array => {
        const out = new Float64Array(realFft.halfSize);
        const rows = realFft.halfSize / (last + 1);
        for (let row = 0; row < rows; row++) {
          for (let k = 0; k <= last; k++) out[row * (last + 1) + k] = full[row * 2 * last + k];
        }
        return out;
      };
      this.halfPotential = toHalf(this.potentialSpectrum);
      this.halfGradients = this.gradientSpectra.map(toHalf);
      this.gradientSpectra = []; // only the half spectra are used for d >= 2
      this.half = new Float64Array(2 * realFft.halfSize);
      this.halfDensity = new Float64Array(2 * realFft.halfSize);
    }
  }

  /** Copies a real (or, with `complex`, interleaved complex) grid array into the padded corner. */
  private load(values: Float64Array, complex: boolean): void {
    const work = this.work;
    work.fill(0);
    const n = this.grid.shape;
    const d = this.grid.dimension;
    const rows = this.grid.size / n[d - 1];
    const last = n[d - 1];
    const paddedLast = 2 * last;
    for (let row = 0; row < rows; row++) {
      const target = 2 * paddedRowIndex(row, n) * paddedLast;
      if (complex) {
        work.set(values.subarray(2 * row * last, 2 * (row + 1) * last), target);
      } else {
        const source = row * last;
        for (let i = 0; i < last; i++) work[target + 2 * i] = values[source + i];
      }
    }
  }

  /** Copies the padded corner's real parts (part 0), imaginary parts (1) or both (-1) into out. */
  private store(out: Float64Array, part: 0 | 1 | -1): void {
    const work = this.work;
    const n = this.grid.shape;
    const d = this.grid.dimension;
    const rows = this.grid.size / n[d - 1];
    const last = n[d - 1];
    const paddedLast = 2 * last;
    for (let row = 0; row < rows; row++) {
      const source = 2 * paddedRowIndex(row, n) * paddedLast;
      if (part < 0) {
        out.set(work.subarray(source, source + 2 * last), 2 * row * last);
      } else {
        const target = row * last;
        for (let i = 0; i < last; i++) out[target + i] = work[source + 2 * i + part];
      }
    }
  }

  /** Multiplies the work spectrum by the real spectrum `factor`. */
  private multiplyReal(factor: Float64Array): void {
    const work = this.work;
    for (let q = 0; q < this.paddedSize; q++) {
      const f = factor[q];
      work[2 * q] *= f;
      work[2 * q + 1] *= f;
    }
  }

  /**
   * U_i = sum_j T_{i-j} rho_j ~ int V(x_i - y) rho(y) dy (rho: grid.size real samples, row-major).
   * Cost: one forward and one inverse zero-padded (2n)^d FFT (real-input, half size, in d >= 2);
   * allocates only `out` if absent.
   */
  potential(density: Float64Array, out?: Float64Array): Float64Array {
    const size = this.grid.size;
    requireLength("density", density, size);
    const result = out ?? new Float64Array(size);
    requireLength("out", result, size);
    if (this.realFft !== undefined) {
      const half = this.half;
      this.realFft.forward(density, half);
      const factor = this.halfPotential;
      for (let q = 0; q < factor.length; q++) {
        half[2 * q] *= factor[q];
        half[2 * q + 1] *= factor[q];
      }
      this.realFft.inverse(half, result);
      return result;
    }
    this.load(density, false);
    this.fft.forward(this.work);
    this.multiplyReal(this.potentialSpectrum);
    this.fft.inverse(this.work);
    this.store(result, 0);
    return result;
  }

  /**
   * grad U at the grid points, one array of grid.size per axis: the same convolution with the
   * kernels d_a T = IDFT(i k_a V^_R) (exact derivative of the band-limited U). Cost: one forward
   * and d inverse zero-padded (2n)^d FFTs (real-input, half size, in d >= 2); allocates only
   * `out` if absent.
   */
  gradient(density: Float64Array, out?: Float64Array[]): Float64Array[] {
    const size = this.grid.size;
    const d = this.grid.dimension;
    requireLength("density", density, size);
    const result = gradientOutput(out, d, size);
    if (this.realFft !== undefined) {
      // one real forward transform, then per axis: multiply by i G_a, real inverse transform
      const half = this.half;
      this.realFft.forward(density, this.halfDensity);
      for (let a = 0; a < d; a++) {
        half.set(this.halfDensity);
        const g = this.halfGradients[a];
        for (let q = 0; q < g.length; q++) {
          const re = half[2 * q];
          half[2 * q] = -half[2 * q + 1] * g[q];
          half[2 * q + 1] = re * g[q];
        }
        this.realFft.inverse(half, result[a]);
      }
      return result;
    }
    // d = 1: multiply by i G_0
    const work = this.work;
    this.load(density, false);
    this.fft.forward(work);
    const g = this.gradientSpectra[0];
    for (let q = 0; q < this.paddedSize; q++) {
      const re = work[2 * q];
      work[2 * q] = -work[2 * q + 1] * g[q];
      work[2 * q + 1] = re * g[q];
    }
    this.fft.inverse(work);
    this.store(result[0], 0);
    return result;
  }

  /**
   * (V * f)(x_i) for complex f (interleaved, grid.size complex values), e.g. f = conj(phi_k) phi
   * in the exchange term (THEORY.md section 2). Cost as {@link potential}; allocates only `out`
   * (2 grid.size doubles) if absent.
   */
  convolveComplex(f: Float64Array, out?: Float64Array): Float64Array {
    const size = this.grid.size;
    requireLength("f", f, 2 * size);
    const result = out ?? new Float64Array(2 * size);
    requireLength("out", result, 2 * size);
    this.load(f, true);
    this.fft.forward(this.work);
    this.multiplyReal(this.potentialSpectrum);
    this.fft.inverse(this.work);
    this.store(result, -1);
    return result;
  }
}
