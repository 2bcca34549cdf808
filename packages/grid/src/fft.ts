import FFT from "fft.js";
import { ParameterError } from "./errors.js";
import { activeKernel } from "./fft-wasm.js";
import { requirePowerOfTwo } from "./validation.js";

/**
 * FFT direction. Conventions (n points, interleaved complex data, see below):
 * forward  X_k = sum_j x_j e^{-2 pi i j k / n},
 * inverse  x_j = (1/n) sum_k X_k e^{+2 pi i j k / n}  (so inverse(forward(x)) = x).
 */
export type FftDirection = "forward" | "inverse";

/**
 * Complex layout used throughout semiclassical: a `Float64Array` of length 2m holding m complex
 * numbers interleaved, z_j = data[2j] + i data[2j+1]. A d-dimensional complex array of shape
 * (n_0, ..., n_{d-1}) is row-major with the last axis fastest: z at (i_0, ..., i_{d-1}) is entry
 * j = sum_a i_a prod_{b>a} n_b.
 */
export type ComplexArray = Float64Array;

/**
 * A reusable 1D complex FFT of size n (a power of two). The engine is the package's WebAssembly
 * SIMD kernel where the runtime has it, else fft.js (radix-4); see {@link FftEngine} and
 * `selectFftEngine`. Twiddles and work buffers are allocated once, never per transform.
 */
export class FftPlan {
  readonly n: number;
  private readonly engine: FFT;
  private readonly lineIn: Float64Array;
  private readonly lineOut: Float64Array;
  /** Gather buffers of {@link transformLines} (LINE_BLOCK lines in, LINE_BLOCK out), made on first use. */
  private blockIn?: Float64Array[];
  private blockOut?: Float64Array[];

  constructor(n: number) {
    requirePowerOfTwo("n", n);
    this.n = n;
    this.engine = new FFT(n);
    this.lineIn = new Float64Array(2 * n);
    this.lineOut = new Float64Array(2 * n);
  }

  /** Out-of-place transform of n interleaved complex values. Cost O(n log n), no allocation. */
  transform(input: ComplexArray, output: ComplexArray, direction: FftDirection): void {
    if (input === output)
      throw new ParameterError("output", "must not alias input; use transformLine");
    const kernel = activeKernel();
    if (kernel) kernel.transform(input, output, this.n, direction === "forward");
    else if (direction === "forward") this.engine.transform(output, input);
    else this.engine.inverseTransform(output, input);
  }

  /**
   * In-place transform of one strided line of a complex array: element j of the line is the
   * complex number at index offset + j * stride (in complex units). Cost O(n log n), no allocation.
   */
  transformLine(data: ComplexArray, offset: number, stride: number, direction: FftDirection): void {
    const n = this.n;
    const out = this.lineOut;
    const kernel = activeKernel();
    if (kernel) {
      if (stride === 1) {
        kernel.rows(data, offset, n, 1, direction === "forward");
        return;
      }
      if (kernel.lines(data, offset, n, 1, stride, direction === "forward")) return;
    }
    if (stride === 1) {
      const view = data.subarray(2 * offset, 2 * (offset + n));
      this.transform(view, out, direction);
      view.set(out);
      return;
    }
    const buf = this.lineIn;
    for (let j = 0, p = 2 * offset; j < n; j++, p += 2 * stride) {
      buf[2 * j] = data[p];
      buf[2 * j + 1] = data[p + 1];
    }
    this.transform(buf, out, direction);
    for (let j = 0, p = 2 * offset; j < n; j++, p += 2 * stride) {
      data[p] = out[2 * j];
      data[p + 1] = out[2 * j + 1];
    }
  }

  /**
   * In-place transforms of `count` strided lines whose starts are consecutive: line b has element j
   * at complex index offset + b + j * stride. The lines are gathered LINE_BLOCK at a time into
   * contiguous buffers (one pass over rows of `count` neighbouring complex numbers, which is much
   * more cache-friendly than one line at a time), transformed, and scattered back. Same result as
   * {@link transformLine} on each line. Cost O(count n log n); allocates 4 n LINE_BLOCK doubles on
   * the first call only.
   */
  transformLines(
    data: ComplexArray,
    offset: number,
    count: number,
    stride: number,
    direction: FftDirection,
  ): void {
    const n = this.n;
    if (activeKernel()?.lines(data, offset, n, count, stride, direction === "forward")) return;
    if (this.blockIn === undefined || this.blockOut === undefined) {
      this.blockIn = lineBlock(n);
      this.blockOut = lineBlock(n);
    }
    const inputs = this.blockIn;
    const outputs = this.blockOut;
    for (let first = 0; first < count; first += LINE_BLOCK) {
      const lines = Math.min(LINE_BLOCK, count - first);
      const start = offset + first;
      for (let j = 0; j < n; j++) {
        const p = 2 * (start + j * stride);
        for (let b = 0; b < lines; b++) {
          const line = inputs[b];
          line[2 * j] = data[p + 2 * b];
          line[2 * j + 1] = data[p + 2 * b + 1];
        }
      }
      for (let b = 0; b < lines; b++) this.transform(inputs[b], outputs[b], direction);
      for (let j = 0; j < n; j++) {
        const p = 2 * (start + j * stride);
        for (let b = 0; b < lines; b++) {
          const line = outputs[b];
          data[p + 2 * b] = line[2 * j];
          data[p + 2 * b + 1] = line[2 * j + 1];
        }
      }
    }
  }

  /**
   * In-place transforms of `count` contiguous lines: line l holds the n complex numbers from
   * complex index offset + l n. Same result as {@link transformLine} on each. Cost O(count n log n).
   */
  transformRows(data: ComplexArray, offset: number, count: number, direction: FftDirection): void {
    const kernel = activeKernel();
    if (kernel) {
      kernel.rows(data, offset, this.n, count, direction === "forward");
      return;
    }
    for (let l = 0; l < count; l++) this.transformLine(data, offset + l * this.n, 1, direction);
  }

  /**
   * Zero-padded circular convolution of rows with a real spectrum S (n values): for r < count,
   * row r of `input` (`length` <= n complex numbers from complex index r length) padded with
   * zeros to n points, then IFFT_n(S FFT_n(row)), whose first `length` complex numbers go to
   * `output` at complex index outputOffset + r length (`output` may be `input`, with offset 0).
   * With n >= 2 length and S the
   * FFT of a kernel folded onto n points this is the free-space convolution V * f on the
   * `length`-point grid (the exchange's pair convolutions). Same arithmetic as transformRows
   * forward, the product and transformRows inverse, so the same numbers bit for bit; the
   * WebAssembly kernel moves each row into its memory once and multiplies in SIMD. Cost
   * O(count n log n); no allocation after the plan's first use.
   */
  convolveRows(
    input: ComplexArray,
    output: ComplexArray,
    length: number,
    count: number,
    spectrum: Float64Array,
    outputOffset = 0,
  ): void {
    const n = this.n;
    if (!Number.isInteger(length) || length < 1 || length > n) {
      throw new ParameterError("length", `must be an integer in [1, ${n}], got ${length}`);
    }
    if (spectrum.length < n) {
      throw new ParameterError("spectrum", `must hold n = ${n} values, got ${spectrum.length}`);
    }
    if (input.length < 2 * length * count || output.length < 2 * (outputOffset + length * count)) {
      throw new ParameterError(
        "input",
        `input and output (from outputOffset) must hold count x length = ${count} x ${length} complex numbers`,
      );
    }
    const kernel = activeKernel();
    if (kernel) {
      kernel.convolveRows(input, 0, output, outputOffset, length, n, count, spectrum);
      return;
    }
    const row = this.lineIn;
    for (let r = 0; r < count; r++) {
      row.set(input.subarray(2 * r * length, 2 * (r + 1) * length));
      row.fill(0, 2 * length);
      this.transformLine(row, 0, 1, "forward");
      for (let q = 0; q < n; q++) {
        row[2 * q] *= spectrum[q];
        row[2 * q + 1] *= spectrum[q];
      }
      this.transformLine(row, 0, 1, "inverse");
      output.set(row.subarray(0, 2 * length), 2 * (outputOffset + r * length));
    }
  }

  /**
   * Forward transform of n real samples into the full complex spectrum (2n doubles): the samples
   * read as n/2 complex numbers, one complex FFT of size n/2 and the split into even and odd
   * parts (WebAssembly kernel, n >= 4), or fft.js's real-input algorithm; about half the work of a
   * complex transform. Cost O(n log n).
   */
  forwardReal(input: ArrayLike<number>, output: ComplexArray): void {
    const kernel = activeKernel();
    if (kernel && this.n >= 4) {
      kernel.forwardReal(input, output, this.n);
      return;
    }
    this.engine.realTransform(output, input);
    this.engine.completeSpectrum(output);
  }

  /**
   * Batched real forward transforms with half-spectrum output (numpy.fft.rfft along the last
   * axis): row r of `input` (n reals from input[n r]) goes to X_k = sum_j x_j e^{-2 pi i j k / n},
   * k = 0 .. n/2, the n/2 + 1 complex numbers from output[2 (n/2 + 1) r] (X_{n-k} = conj X_k
   * gives the rest). WebAssembly kernel: per row one complex FFT of size n/2 on the samples read
   * as z_j = x_{2j} + i x_{2j+1} and a SIMD split pass, rows copied in and out in pieces of
   * 128 KiB; fft.js: its real-input transform per row. Cost O(count n log n), no allocation.
   */
  forwardRealRows(input: Float64Array, output: ComplexArray, count: number): void {
    const n = this.n;
    const half = n / 2 + 1;
    requireRealBatch(input, "input", output, "output", n, count);
    const kernel = activeKernel();
    if (kernel) {
      kernel.realRows(input, output, n, count);
      return;
    }
    const line = this.lineOut;
    for (let r = 0; r < count; r++) {
      this.engine.realTransform(line, input.subarray(n * r, n * (r + 1)));
      output.set(line.subarray(0, 2 * half), 2 * half * r);
    }
  }

  /**
   * The inverse of {@link forwardRealRows} (numpy.fft.irfft with n points): row r of `output`
   * (n reals) becomes x_j = (1/n) sum_{k<n} X_k e^{+2 pi i j k / n} of the Hermitian spectrum
   * X_0 .. X_{n/2} read from input[2 (n/2 + 1) r], X_{n-k} = conj X_k; the imaginary parts of
   * X_0 and X_{n/2} are ignored (they are zero for the spectrum of real data). WebAssembly: a SIMD
   * merge pass to n/2 complex numbers and one inverse complex FFT of size n/2 per row; fft.js: a
   * complex inverse of size n per row. Cost O(count n log n), no allocation; `input` is unchanged.
   */
  inverseRealRows(input: ComplexArray, output: Float64Array, count: number): void {
    const n = this.n;
    const half = n / 2 + 1;
    requireRealBatch(output, "output", input, "input", n, count);
    const kernel = activeKernel();
    if (kernel) {
      kernel.realInverseRows(input, output, n, count);
      return;
    }
    const full = this.lineIn;
    const line = this.lineOut;
    for (let r = 0; r < count; r++) {
      const p = 2 * half * r;
      for (let k = 0; k < half; k++) {
        full[2 * k] = input[p + 2 * k];
        full[2 * k + 1] = input[p + 2 * k + 1];
      }
      full[1] = 0;
      full[n + 1] = 0;
      for (let k = 1; k < n / 2; k++) {
        full[2 * (n - k)] = full[2 * k];
        full[2 * (n - k) + 1] = -full[2 * k + 1];
      }
      this.engine.inverseTransform(line, full);
      for (let j = 0; j < n; j++) output[n * r + j] = line[2 * j];
    }
  }
}

/** ParameterErrors unless `real` holds count rows of n reals and `half` count half spectra. */
function requireRealBatch(
  real: Float64Array,
  realName: string,
  half: Float64Array,
  halfName: string,
  n: number,
  count: number,
): void {
  const halfLength = n / 2 + 1;
  if (!Number.isInteger(count) || count < 0) {
    throw new ParameterError("count", `must be a non-negative integer, got ${count}`);
  }
  if (real.length < n * count) {
    throw new ParameterError(
      realName,
      `has ${real.length} doubles, need ${n * count} (count = ${count} rows of n = ${n})`,
    );
  }
  if (half.length < 2 * halfLength * count) {
    throw new ParameterError(
      halfName,
      `has ${half.length} doubles, need ${2 * halfLength * count} (count = ${count} rows of n/2 + 1 = ${halfLength} complex numbers)`,
    );
  }
}

/** Lines transformed together by {@link FftPlan.transformLines} (gathered into contiguous buffers). */
const LINE_BLOCK = 16;

/** LINE_BLOCK views of 2n doubles on one buffer. */
function lineBlock(n: number): Float64Array[] {
  const buffer = new Float64Array(2 * n * LINE_BLOCK);
  return Array.from({ length: LINE_BLOCK }, (_, b) => buffer.subarray(2 * n * b, 2 * n * (b + 1)));
}

const planCache = new Map<number, FftPlan>();

/** A shared {@link FftPlan} of size n, created on first use and reused afterwards. */
export function fftPlan(n: number): FftPlan {
  let plan = planCache.get(n);
  if (plan === undefined) {
    plan = new FftPlan(n);
    planCache.set(n, plan);
  }
  return plan;
}

function requireShape(data: ComplexArray, shape: readonly number[]): number {
  const size = shape.reduce((p, n) => p * n, 1);
  if (data.length !== 2 * size) {
    throw new ParameterError(
      "data",
      `length ${data.length} does not match shape [${shape.join(", ")}] (needs 2 * ${size} doubles, interleaved complex)`,
    );
  }
  return size;
}

/**
 * In-place FFT along one axis of a row-major d-dimensional complex array (interleaved layout,
 * {@link ComplexArray}); the last axis goes through {@link FftPlan.transformRows}, strided axes
 * through {@link FftPlan.transformLines}.
 * Cost O(size log n_axis), no allocation after the plan's first strided use.
 */
export function fftAxis(
  data: ComplexArray,
  shape: readonly number[],
  axis: number,
  direction: FftDirection,
): void {
  const size = requireShape(data, shape);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new ParameterError("axis", `must be an integer in [0, ${shape.length - 1}], got ${axis}`);
  }
  const n = shape[axis];
  if (n === 1) return;
  const plan = fftPlan(n);
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
  const block = stride * n;
  if (stride === 1) {
    plan.transformRows(data, 0, size / n, direction);
    return;
  }
  for (let outer = 0; outer < size; outer += block) {
    plan.transformLines(data, outer, stride, stride, direction);
  }
}

/** In-place d-dimensional FFT over every axis. Cost O(size log size). */
export function fftN(data: ComplexArray, shape: readonly number[], direction: FftDirection): void {
  for (let axis = 0; axis < shape.length; axis++) fftAxis(data, shape, axis, direction);
}

/** Interleaved complex copy of a real array (imaginary parts 0). Cost O(m), allocates 2m doubles. */
export function toComplex(real: ArrayLike<number>): ComplexArray {
  const out = new Float64Array(2 * real.length);
  for (let j = 0; j < real.length; j++) out[2 * j] = real[j];
  return out;
}

/** Real parts of an interleaved complex array. Cost O(m), allocates m doubles. */
export function realPart(data: ComplexArray): Float64Array {
  const out = new Float64Array(data.length / 2);
  for (let j = 0; j < out.length; j++) out[j] = data[2 * j];
  return out;
}
