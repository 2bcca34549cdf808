import { ParameterError, requireFinite, requirePositive, requirePowerOfTwo } from "./errors.js";
import { type FftPlan, fftPlan } from "./fft.js";
import type { Grid } from "./grid.js";
import { PeriodicSplinePrefilter, type SplineDegree, splineWeights } from "./splines.js";

/**
 * How {@link LineShifter} evaluates f(x - s) between grid points:
 * - `"spectral"`: exact shift of the trigonometric interpolant (FFT phase ramp e^{-i k s});
 *   round-off accurate for band-limited periodic data, O(n log n) per line.
 * - `"cubic-spline"`: periodic cubic B-spline interpolation, error O(dx^4), O(n) per line.
 * - `"quintic-spline"`: periodic quintic B-spline interpolation, error O(dx^6), O(n) per line.
 */
export type ShiftMethod = "spectral" | "cubic-spline" | "quintic-spline";

const SHIFT_METHODS: readonly ShiftMethod[] = ["spectral", "cubic-spline", "quintic-spline"];

/**
 * Lines gathered per block (a tile of TILE x n doubles, 128 KiB for n = 512, stays in L2). Wide
 * tiles matter for strided axes: each gather pass touches one cache line (and page) per row.
 */
const TILE = 32;

/**
 * Geometry of the lines along one axis of a row-major array: n points per line, element j of line
 * l = outer * stride + inner sits at outer * n * stride + inner + j * stride.
 */
interface LineLayout {
  readonly n: number;
  readonly stride: number;
  readonly size: number;
  readonly lines: number;
}

function lineLayout(shape: readonly number[], axis: number): LineLayout {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new ParameterError(
      "shape",
      `must be a non-empty list of axis lengths, got ${String(shape)}`,
    );
  }
  shape.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new ParameterError(`shape[${a}]`, `must be a positive integer, got ${String(n)}`);
    }
  });
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new ParameterError("axis", `must be an integer in [0, ${shape.length - 1}], got ${axis}`);
  }
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
  const size = shape.reduce((p, n) => p * n, 1);
  return { n: shape[axis], stride, size, lines: size / shape[axis] };
}

function requireLength(name: string, data: ArrayLike<number>, length: number, what: string): void {
  if (data.length !== length) {
    throw new ParameterError(name, `has length ${data.length}, expected ${length} (${what})`);
  }
}

/**
 * Tile lines are stored TILE_PAD doubles further apart than n, so that for n a large power of two
 * the lines of a tile do not all map to the same cache sets (4 KiB aliasing).
 */
const TILE_PAD = 8;

/** Doubles needed by the gather tile of {@link forEachLineBlock}. */
function tileLength(layout: LineLayout): number {
  return layout.stride === 1 ? 0 : TILE * (layout.n + TILE_PAD);
}

/**
 * Runs `processLines(buffer, lineStride, first, count)` over every line along one axis of a real
 * row-major array; line first + t reaches the callback contiguous at buffer[t * lineStride ..].
 * For the last axis `buffer` is the data itself (lineStride = n, all lines at once); for other axes
 * a tile of up to TILE lines is gathered into `tile` and scattered back afterwards. No allocation.
 */
function forEachLineBlock(
  layout: LineLayout,
  data: Float64Array,
  tile: Float64Array,
  processLines: (buffer: Float64Array, lineStride: number, first: number, count: number) => void,
): void {
  const { n, stride, size } = layout;
  if (stride === 1) {
    processLines(data, n, 0, layout.lines);
    return;
  }
  const lineStride = n + TILE_PAD;
  const block = n * stride;
  for (let outer = 0; outer < size; outer += block) {
    const firstOfBlock = (outer / block) * stride;
    for (let inner0 = 0; inner0 < stride; inner0 += TILE) {
      const width = Math.min(TILE, stride - inner0);
      const base = outer + inner0;
      for (let j = 0, p = base; j < n; j++, p += stride) {
        for (let t = 0, q = j; t < width; t++, q += lineStride) tile[q] = data[p + t];
      }
      processLines(tile, lineStride, firstOfBlock + inner0, width);
      for (let j = 0, p = base; j < n; j++, p += stride) {
        for (let t = 0, q = j; t < width; t++, q += lineStride) data[p + t] = tile[q];
      }
    }
  }
}

/**
 * Applies a Fourier multiplier m(k) to real periodic lines of n points (n a power of two), two lines
 * per complex FFT: z = f1 + i f2, Z = FFT(z), F1_k = (Z_k + conj Z_{n-k})/2,
 * F2_k = (Z_k - conj Z_{n-k})/(2i), G = m1 F1 + i m2 F2, g1 + i g2 = IFFT(G). Each multiplier is
 * given for k = 0..n/2 (interleaved complex, table[2k], table[2k+1]) and applied with Hermitian
 * symmetry m(-k) = conj m(k), so real lines stay real. The Nyquist mode k = n/2 is treated as split
 * symmetrically between +k_N and -k_N: it is multiplied by Re m(k_N).
 * The inverse FFT is done as conj(FFT(conj(G) / n)) with the 1/n folded into the multiplier loop.
 */
class RealLineMultiplier {
  readonly n: number;
  private readonly plan: FftPlan;
  private readonly z: Float64Array;
  private readonly spectrum: Float64Array;

  constructor(n: number) {
    requirePowerOfTwo("n", n);
    this.n = n;
    this.plan = fftPlan(n);
    this.z = new Float64Array(2 * n);
    this.spectrum = new Float64Array(2 * n);
  }

  /**
   * Lines at buffer[offset1 ..] and buffer[offset2 ..] (offset2 < 0: only one line) are replaced by
   * IFFT(m1 FFT(f1)) and IFFT(m2 FFT(f2)). Cost: two complex FFTs of n points, no allocation.
   */
  applyPair(
    buffer: Float64Array,
    offset1: number,
    offset2: number,
    m1: Float64Array,
    m2: Float64Array,
  ): void {
    const n = this.n;
    const half = n >> 1;
    const z = this.z;
    const spectrum = this.spectrum;
    this.forwardPair(buffer, offset1, offset2);
    const scale = 1 / n;
    // k = 0: F1_0 = Re Z_0, F2_0 = Im Z_0; multipliers are real there (Re m taken).
    z[0] = spectrum[0] * m1[0] * scale;
    z[1] = -spectrum[1] * m2[0] * scale;
    for (let k = 1; k < half; k++) {
      const ar = spectrum[2 * k];
      const ai = spectrum[2 * k + 1];
      const br = spectrum[2 * (n - k)];
      const bi = spectrum[2 * (n - k) + 1];
      const f1r = 0.5 * (ar + br);
      const f1i = 0.5 * (ai - bi);
      const f2r = 0.5 * (ai + bi);
      const f2i = -0.5 * (ar - br);
      const c1 = m1[2 * k];
      const s1 = m1[2 * k + 1];
      const c2 = m2[2 * k];
      const s2 = m2[2 * k + 1];
      const g1r = f1r * c1 - f1i * s1;
      const g1i = f1r * s1 + f1i * c1;
      const g2r = f2r * c2 - f2i * s2;
      const g2i = f2r * s2 + f2i * c2;
      // G_k = G1 + i G2, G_{n-k} = conj G1 + i conj G2; store conj(G)/n.
      z[2 * k] = (g1r - g2i) * scale;
      z[2 * k + 1] = -(g1i + g2r) * scale;
      z[2 * (n - k)] = (g1r + g2i) * scale;
      z[2 * (n - k) + 1] = -(g2r - g1i) * scale;
    }
    if (half > 0) {
      z[2 * half] = spectrum[2 * half] * m1[2 * half] * scale;
      z[2 * half + 1] = -spectrum[2 * half + 1] * m2[2 * half] * scale;
    }
    this.unpackPair(buffer, offset1, offset2);
  }

  /**
   * The shift multipliers e^{-i k theta} (theta = 2 pi s / L, in [-pi, pi]) for two lines, fused into
   * the unpacking loop: same result as {@link RealLineMultiplier.applyPair} with tables filled by
   * fillShiftPhases, without writing or reading the tables. The phases come from the recurrence
   * e^{-i (k+1) theta} = e^{-i k theta} e^{-i theta}, restarted from Math.cos/sin every 32 steps so
   * their error stays at a few ulps. The Nyquist mode is multiplied by cos(n theta / 2).
   * Cost: two complex FFTs of n points and n/16 + 6 trigonometric calls, no allocation.
   */
  shiftPair(
    buffer: Float64Array,
    offset1: number,
    offset2: number,
    theta1: number,
    theta2: number,
  ): void {
    const n = this.n;
    const half = n >> 1;
    const z = this.z;
    const spectrum = this.spectrum;
    this.forwardPair(buffer, offset1, offset2);
    const scale = 1 / n;
    const half1 = 0.5 * scale;
    z[0] = spectrum[0] * scale;
    z[1] = -spectrum[1] * scale;
    const step1c = Math.cos(theta1);
    const step1s = -Math.sin(theta1);
    const step2c = Math.cos(theta2);
    const step2s = -Math.sin(theta2);
    let c1 = step1c;
    let s1 = step1s;
    let c2 = step2c;
    let s2 = step2s;
    for (let k = 1; k < half; k++) {
      if ((k & 31) === 0) {
        c1 = Math.cos(k * theta1);
        s1 = -Math.sin(k * theta1);
        c2 = Math.cos(k * theta2);
        s2 = -Math.sin(k * theta2);
      }
      const pk = 2 * k;
      const pm = 2 * (n - k);
      const ar = spectrum[pk];
      const ai = spectrum[pk + 1];
      const br = spectrum[pm];
      const bi = spectrum[pm + 1];
      // F1 = (Z_k + conj Z_{n-k})/2, F2 = (Z_k - conj Z_{n-k})/(2i), with the 1/n folded in.
      const f1r = half1 * (ar + br);
      const f1i = half1 * (ai - bi);
      const f2r = half1 * (ai + bi);
      const f2i = half1 * (br - ar);
      const g1r = f1r * c1 - f1i * s1;
      const g1i = f1r * s1 + f1i * c1;
      const g2r = f2r * c2 - f2i * s2;
      const g2i = f2r * s2 + f2i * c2;
      z[pk] = g1r - g2i;
      z[pk + 1] = -(g1i + g2r);
      z[pm] = g1r + g2i;
      z[pm + 1] = g1i - g2r;
      const next1 = c1 * step1c - s1 * step1s;
      s1 = c1 * step1s + s1 * step1c;
      c1 = next1;
      const next2 = c2 * step2c - s2 * step2s;
      s2 = c2 * step2s + s2 * step2c;
      c2 = next2;
    }
    z[2 * half] = spectrum[2 * half] * Math.cos(half * theta1) * scale;
    z[2 * half + 1] = -spectrum[2 * half + 1] * Math.cos(half * theta2) * scale;
    this.unpackPair(buffer, offset1, offset2);
  }

  /** z = f1 + i f2 (lines at buffer[offset1 ..], buffer[offset2 ..]; f2 = 0 if offset2 < 0), spectrum = FFT(z). */
  private forwardPair(buffer: Float64Array, offset1: number, offset2: number): void {
    const n = this.n;
    const z = this.z;
    if (offset2 >= 0) {
      for (let j = 0, p = offset1, q = offset2; j < 2 * n; j += 2, p++, q++) {
        z[j] = buffer[p];
        z[j + 1] = buffer[q];
      }
    } else {
      for (let j = 0, p = offset1; j < 2 * n; j += 2, p++) {
        z[j] = buffer[p];
        z[j + 1] = 0;
      }
    }
    this.plan.transform(z, this.spectrum, "forward");
  }

  /**
   * spectrum = FFT(z) with z = conj(G)/n, so spectrum = conj(IFFT(G)): writes its real part to line 1
   * and minus its imaginary part to line 2 (if offset2 >= 0).
   */
  private unpackPair(buffer: Float64Array, offset1: number, offset2: number): void {
    const n = this.n;
    const spectrum = this.spectrum;
    this.plan.transform(this.z, spectrum, "forward");
    for (let j = 0, p = offset1; j < 2 * n; j += 2, p++) buffer[p] = spectrum[j];
    if (offset2 >= 0) {
      for (let j = 1, q = offset2; j < 2 * n; j += 2, q++) buffer[q] = -spectrum[j];
    }
  }
}

/** theta = 2 pi s / L reduced to [-pi, pi] (s taken modulo the period L). */
function shiftAngle(shift: number, period: number): number {
  const turns = shift / period;
  return 2 * Math.PI * (turns - Math.round(turns));
}

/**
 * Shifts every line along one axis of a real row-major array by its own displacement, periodically:
 * f(.., x, ..) <- f(.., x - s_l, ..) (THEORY.md section 3: the x-advection W(x - 2 kappa v dt, v)
 * and the kick W(x, v + grad U dt) of the semi-Lagrangian Vlasov step).
 *
 * Lines are numbered l = 0 .. size/n - 1 in row-major order of the remaining axes (for a
 * phase-space array W[ix * nv + iv], axis 1 lines are numbered by ix, axis 0 lines by iv); s_l is in
 * the length units of `spacing` and may be any real number (it is reduced modulo the period n dx).
 *
 * Methods (see {@link ShiftMethod}): "spectral" multiplies the FFT of the line by e^{-i k s}, with the
 * Nyquist mode multiplied by cos(k_N s) so the result stays real (the symmetric trigonometric
 * interpolant shifted exactly); two real lines share one complex FFT. "cubic-spline" and
 * "quintic-spline" evaluate the periodic B-spline interpolant (Cheng-Knorr 1976; Sonnendrucker et al.
 * 1999) at x - s. All three are exact for shifts by a whole number of cells.
 *
 * Allocation: about 32 n doubles (a gather tile) in the constructor, nothing in {@link LineShifter.apply}.
 */
export class LineShifter {
  readonly shape: readonly number[];
  readonly axis: number;
  readonly spacing: number;
  readonly method: ShiftMethod;
  /** Number of lines (size / shape[axis]) = length expected of `shifts`. */
  readonly lines: number;
  private readonly layout: LineLayout;
  private readonly tile: Float64Array;
  private readonly multiplier: RealLineMultiplier | undefined;
  private readonly prefilter: PeriodicSplinePrefilter | undefined;
  private readonly extended: Float64Array;
  private readonly weights: Float64Array;
  private shifts: ArrayLike<number> = [];
  private readonly processBlock: (
    buffer: Float64Array,
    lineStride: number,
    first: number,
    count: number,
  ) => void;

  constructor(
    shape: readonly number[],
    axis: number,
    spacing: number,
    method: ShiftMethod = "spectral",
  ) {
    this.layout = lineLayout(shape, axis);
    requirePositive("spacing", spacing);
    if (!SHIFT_METHODS.includes(method)) {
      throw new ParameterError(
        "method",
        `must be one of ${SHIFT_METHODS.map((m) => `"${m}"`).join(", ")}, got ${String(method)}`,
      );
    }
    this.shape = Object.freeze([...shape]);
    this.axis = axis;
    this.spacing = spacing;
    this.method = method;
    this.lines = this.layout.lines;
    const n = this.layout.n;
    this.tile = new Float64Array(method === "spectral" ? tileLength(this.layout) : TILE * n);
    if (method === "spectral") {
      requirePowerOfTwo(`shape[${axis}]`, n);
      this.multiplier = new RealLineMultiplier(n);
      this.extended = new Float64Array(0);
      this.weights = new Float64Array(0);
      this.processBlock = (buffer, lineStride, first, count) =>
        this.shiftSpectral(buffer, lineStride, first, count);
    } else {
      if (n < 2) {
        throw new ParameterError(`shape[${axis}]`, `must be >= 2 to interpolate, got ${n}`);
      }
      const degree: SplineDegree = method === "cubic-spline" ? 3 : 5;
      this.prefilter = new PeriodicSplinePrefilter(degree, n);
      this.extended = new Float64Array(n + degree + 1);
      this.weights = new Float64Array(degree + 1);
      this.processBlock = () => undefined;
    }
  }

  /**
   * In place: line l of `data` (real, row-major, `shape`) becomes f(x - shifts[l]).
   * Cost: spectral O(size log n) (one complex FFT pair per two lines); splines O((p + 3) size).
   * No allocation.
   */
  apply(data: Float64Array, shifts: ArrayLike<number>): void {
    requireLength("data", data, this.layout.size, `shape [${this.shape.join(", ")}]`);
    requireLength("shifts", shifts, this.lines, "one displacement per line");
    for (let l = 0; l < shifts.length; l++) {
      if (!Number.isFinite(shifts[l])) {
        throw new ParameterError(`shifts[${l}]`, `must be finite, got ${shifts[l]}`);
      }
    }
    this.shifts = shifts;
    try {
      if (this.prefilter === undefined) {
        forEachLineBlock(this.layout, data, this.tile, this.processBlock);
      } else {
        this.shiftSplines(data);
      }
    } finally {
      this.shifts = [];
    }
  }

  private shiftSpectral(
    buffer: Float64Array,
    lineStride: number,
    first: number,
    count: number,
  ): void {
    const n = this.layout.n;
    const period = n * this.spacing;
    const multiplier = this.multiplier!;
    const shifts = this.shifts;
    let t = 0;
    for (; t + 1 < count; t += 2) {
      multiplier.shiftPair(
        buffer,
        t * lineStride,
        (t + 1) * lineStride,
        shiftAngle(shifts[first + t], period),
        shiftAngle(shifts[first + t + 1], period),
      );
    }
    if (t < count) {
      const theta = shiftAngle(shifts[first + t], period);
      multiplier.shiftPair(buffer, t * lineStride, -1, theta, theta);
    }
  }

  /**
   * Spline path: tiles of up to TILE lines are gathered interleaved (element j of line t at
   * tile[j * width + t]) so the prefilter recursions of different lines run side by side; then each
   * line is rotated into `extended` and evaluated with its own p + 1 weights, writing straight back
   * into `data`. O((p + 3) size), no allocation.
   */
  private shiftSplines(data: Float64Array): void {
    const { n, stride, size } = this.layout;
    const tile = this.tile;
    if (stride === 1) {
      for (let first = 0; first < this.lines; first += TILE) {
        const width = Math.min(TILE, this.lines - first);
        for (let t = 0; t < width; t++) {
          const base = (first + t) * n;
          for (let j = 0, q = t; j < n; j++, q += width) tile[q] = data[base + j];
        }
        this.splineTile(data, width, first, first * n, n, 1);
      }
      return;
    }
    const block = n * stride;
    for (let outer = 0; outer < size; outer += block) {
      const firstOfBlock = (outer / block) * stride;
      for (let inner0 = 0; inner0 < stride; inner0 += TILE) {
        const width = Math.min(TILE, stride - inner0);
        const base = outer + inner0;
        for (let j = 0, p = base, q = 0; j < n; j++, p += stride, q += width) {
          for (let t = 0; t < width; t++) tile[q + t] = data[p + t];
        }
        this.splineTile(data, width, firstOfBlock + inner0, base, 1, stride);
      }
    }
  }

  /** Prefilters the interleaved tile and writes line t, element j to data[base + t lineStep + j step]. */
  private splineTile(
    data: Float64Array,
    width: number,
    first: number,
    base: number,
    lineStep: number,
    step: number,
  ): void {
    const n = this.layout.n;
    const tile = this.tile;
    const prefilter = this.prefilter!;
    const degree = prefilter.degree;
    const halfLow = (degree - 1) / 2;
    const weights = this.weights;
    const extended = this.extended;
    prefilter.applyInterleaved(tile, width);
    for (let t = 0; t < width; t++) {
      const u = this.shifts[first + t] / this.spacing;
      // Evaluate the spline at position j - u = (j + cell) + frac, frac in [0, 1).
      const cell = Math.floor(-u);
      let frac = -u - cell;
      if (frac >= 1) frac = 1;
      splineWeights(degree, frac, weights, prefilter.gain);
      // extended[q] = c[(q + cell - halfLow) mod n], q = 0 .. n + degree.
      let i = (cell - halfLow) % n;
      if (i < 0) i += n;
      for (let q = 0; q < extended.length; q++) {
        extended[q] = tile[i * width + t];
        i++;
        if (i === n) i = 0;
      }
      const out = base + t * lineStep;
      if (degree === 3) {
        const w0 = weights[0];
        const w1 = weights[1];
        const w2 = weights[2];
        const w3 = weights[3];
        for (let j = 0, p = out; j < n; j++, p += step) {
          data[p] =
            w0 * extended[j] + w1 * extended[j + 1] + w2 * extended[j + 2] + w3 * extended[j + 3];
        }
      } else {
        const w0 = weights[0];
        const w1 = weights[1];
        const w2 = weights[2];
        const w3 = weights[3];
        const w4 = weights[4];
        const w5 = weights[5];
        for (let j = 0, p = out; j < n; j++, p += step) {
          data[p] =
            w0 * extended[j] +
            w1 * extended[j + 1] +
            w2 * extended[j + 2] +
            w3 * extended[j + 3] +
            w4 * extended[j + 4] +
            w5 * extended[j + 5];
        }
      }
    }
  }
}

/** A uniform periodic axis: n points x_j = origin + j spacing, period L = n spacing. */
export interface UniformAxis {
  points: number;
  origin: number;
  spacing: number;
}

/**
 * Periodic Dirichlet kernel of the trigonometric interpolant on n points of spacing dx, at offset
 * y = u dx: D(u) = (1/n) sum_k' e^{2 pi i k u / n}, summed over |k| <= n/2 with the Nyquist terms
 * +-n/2 halved (even n): D(u) = sin(pi u) cot(pi u / n) / n; odd n: sin(pi u) / (n sin(pi u / n)).
 * D is 1 at u = 0 mod n and 0 at the other integers.
 */
function dirichletKernel(n: number, u: number): number {
  let v = u - n * Math.round(u / n); // v in [-n/2, n/2]
  const m = Math.round(v);
  const frac = v - m;
  // Within 1e-12 cells of a node (the rounding of (y - x_0)/dx for up to ~10^4 cells), snap to it:
  // the target is then a copy of that sample, and the interpolant moves by only ~1e-12 dx |f'|.
  if (Math.abs(frac) < 1e-12) return m === 0 || Math.abs(m) === n ? 1 : 0;
  v = m + frac;
  // sin(pi v) = (-1)^m sin(pi frac), accurate for large v.
  const sinPiV = (m % 2 === 0 ? 1 : -1) * Math.sin(Math.PI * frac);
  const angle = (Math.PI * v) / n;
  if (n % 2 === 0) return (sinPiV * Math.cos(angle)) / (n * Math.sin(angle));
  return sinPiV / (n * Math.sin(angle));
}

/**
 * Band-limited (trigonometric) interpolation of periodic samples on a uniform axis to arbitrary
 * target points: f(y_t) = sum_j D((y_t - x_j)/dx) f_j with the periodic Dirichlet kernel D (even n:
 * Nyquist term split symmetrically, so real data give real values and the interpolant is the
 * minimal-oscillation one). Exact for trigonometric polynomials of degree < n/2 (round-off).
 * Weights (m x n, row-major) are computed once in the constructor: O(m n) time and doubles.
 * Used by Weyl quantization to move a Vlasov-grid function to the quantum half grid.
 */
export class SpectralInterpolator {
  readonly source: Readonly<UniformAxis>;
  readonly targets: Float64Array;
  /** Interpolation matrix, weights[t * n + j] = D((y_t - x_j)/dx). */
  readonly weights: Float64Array;

  constructor(source: UniformAxis, targets: ArrayLike<number>) {
    const { points: n, origin, spacing } = source;
    if (!Number.isInteger(n) || n < 1) {
      throw new ParameterError("source.points", `must be a positive integer, got ${String(n)}`);
    }
    requireFinite("source.origin", origin);
    requirePositive("source.spacing", spacing);
    this.source = Object.freeze({ points: n, origin, spacing });
    this.targets = Float64Array.from(targets);
    const m = this.targets.length;
    for (let t = 0; t < m; t++) requireFinite(`targets[${t}]`, this.targets[t]);
    this.weights = new Float64Array(m * n);
    for (let t = 0; t < m; t++) {
      const u0 = (this.targets[t] - origin) / spacing;
      for (let j = 0; j < n; j++) this.weights[t * n + j] = dirichletKernel(n, u0 - j);
    }
  }

  /** Interpolates one line of n samples (stride 1) to the m targets. Cost O(m n). */
  applyToLine(
    values: ArrayLike<number>,
    out = new Float64Array(this.targets.length),
  ): Float64Array {
    const n = this.source.points;
    requireLength("values", values, n, "source.points samples");
    requireLength("out", out, this.targets.length, "one value per target");
    for (let t = 0; t < out.length; t++) {
      let sum = 0;
      for (let j = 0, w = t * n; j < n; j++, w++) sum += this.weights[w] * values[j];
      out[t] = sum;
    }
    return out;
  }

  /**
   * Interpolates along `axis` of a real row-major array of `shape` (shape[axis] = source.points).
   * Returns a new array (or fills `out`) whose shape is `shape` with shape[axis] replaced by m.
   * Cost O(m n size/n); allocates the result unless `out` is given (and n doubles for a strided
   * axis).
   */
  applyAlongAxis(
    data: Float64Array,
    shape: readonly number[],
    axis: number,
    out?: Float64Array,
  ): Float64Array {
    const layout = lineLayout(shape, axis);
    const n = this.source.points;
    if (layout.n !== n) {
      throw new ParameterError(
        `shape[${axis}]`,
        `must equal source.points = ${n} (the interpolated axis), got ${layout.n}`,
      );
    }
    requireLength("data", data, layout.size, `shape [${shape.join(", ")}]`);
    const m = this.targets.length;
    const stride = layout.stride;
    const outSize = (layout.size / n) * m;
    const result = out ?? new Float64Array(outSize);
    requireLength("out", result, outSize, "shape with the axis replaced by the targets");
    const outer = layout.size / (n * stride);
    // Every line (contiguous, or gathered into `line` for a strided axis) is multiplied by the
    // m x n weight matrix, four targets at a time so each sample is loaded once per four products.
    const line = stride === 1 ? data : new Float64Array(n);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < stride; i++) {
        const inBase = o * n * stride + i;
        let lineBase = inBase;
        if (stride !== 1) {
          for (let j = 0, p = inBase; j < n; j++, p += stride) line[j] = data[p];
          lineBase = 0;
        }
        this.multiplyLine(line, lineBase, result, o * m * stride + i, stride);
      }
    }
    return result;
  }

  /** out[outBase + t step] = sum_j weights[t n + j] line[lineBase + j], t = 0..m-1. O(m n). */
  private multiplyLine(
    line: Float64Array,
    lineBase: number,
    out: Float64Array,
    outBase: number,
    step: number,
  ): void {
    const n = this.source.points;
    const m = this.targets.length;
    const weights = this.weights;
    let t = 0;
    for (; t + 3 < m; t += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0, w = t * n; j < n; j++, w++) {
        const f = line[lineBase + j];
        s0 += weights[w] * f;
        s1 += weights[w + n] * f;
        s2 += weights[w + 2 * n] * f;
        s3 += weights[w + 3 * n] * f;
      }
      out[outBase + t * step] = s0;
      out[outBase + (t + 1) * step] = s1;
      out[outBase + (t + 2) * step] = s2;
      out[outBase + (t + 3) * step] = s3;
    }
    for (; t < m; t++) {
      let sum = 0;
      for (let j = 0, w = t * n; j < n; j++, w++) sum += weights[w] * line[lineBase + j];
      out[outBase + t * step] = sum;
    }
  }
}

/**
 * Band-limited refinement by two of periodic real samples: values at X_p = x_0 + p dx/2,
 * p = 0..2n-1, along each axis in `axes` (default: every axis), by FFT zero padding
 * (F_k kept for |k| < n/2, the Nyquist coefficient split half to +n/2 and half to -n/2, so even
 * points reproduce the input and real data stay real). This is the half grid X_p of the discrete
 * Wigner transform (THEORY.md section 2). Each axis length must be a power of two.
 * Returns a new array with every refined axis doubled. Cost O(size log n) per axis; allocates the
 * result and O(n) work buffers.
 */
export function interpolateToHalfGrid(
  values: Float64Array,
  shape: readonly number[] = [values.length],
  axes?: number | readonly number[],
): Float64Array {
  lineLayout(shape, 0);
  requireLength(
    "values",
    values,
    shape.reduce((p, n) => p * n, 1),
    `shape [${shape.join(", ")}]`,
  );
  const list =
    axes === undefined ? shape.map((_, a) => a) : typeof axes === "number" ? [axes] : [...axes];
  let current = values;
  const currentShape = [...shape];
  for (const axis of list) {
    const layout = lineLayout(currentShape, axis);
    const n = layout.n;
    requirePowerOfTwo(`shape[${axis}]`, n);
    const fine = 2 * n;
    const small = fftPlan(n);
    const large = fftPlan(fine);
    const line = new Float64Array(n);
    const spectrum = new Float64Array(2 * n);
    const padded = new Float64Array(2 * fine);
    const back = new Float64Array(2 * fine);
    const result = new Float64Array(2 * layout.size);
    const stride = layout.stride;
    const outer = layout.size / (n * stride);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < stride; i++) {
        const src = o * n * stride + i;
        const dst = o * fine * stride + i;
        for (let j = 0; j < n; j++) line[j] = current[src + j * stride];
        small.forwardReal(line, spectrum);
        padded.fill(0);
        const half = n >> 1;
        // 2 * (1/(2n)) inverse of the padded spectrum = (1/n) sum_k F_k e^{2 pi i k p/(2n)}.
        for (let k = 0; k < half; k++) {
          padded[2 * k] = 2 * spectrum[2 * k];
          padded[2 * k + 1] = 2 * spectrum[2 * k + 1];
          if (k > 0) {
            padded[2 * (fine - k)] = 2 * spectrum[2 * (n - k)];
            padded[2 * (fine - k) + 1] = 2 * spectrum[2 * (n - k) + 1];
          }
        }
        padded[2 * half] = spectrum[2 * half];
        padded[2 * half + 1] = spectrum[2 * half + 1];
        padded[2 * (fine - half)] = spectrum[2 * half];
        padded[2 * (fine - half) + 1] = -spectrum[2 * half + 1];
        large.transform(padded, back, "inverse");
        for (let p = 0; p < fine; p++) result[dst + p * stride] = back[2 * p];
      }
    }
    current = result;
    currentShape[axis] = fine;
  }
  return current === values ? values.slice() : current;
}

/**
 * Spectral derivative d^order f / dx_axis^order of real periodic samples on `grid`: multiplies the
 * FFT along `axis` by (i k)^order (the Nyquist mode by Re (i k_N)^order, i.e. 0 for odd orders).
 * Round-off accurate for band-limited periodic data. Only for periodic data: a field that does not
 * vanish smoothly at the box edges (e.g. V * rho for a long-range kernel, or an external potential)
 * must not be differentiated this way (THEORY.md section 2: differentiate inside the convolution,
 * use the analytic gradient of V_ext). Cost O(size log n); allocates O(n) work buffers and the
 * result unless `out` is given (out may be `values` itself).
 */
export function spectralDerivative(
  values: Float64Array,
  grid: Grid,
  axis: number,
  out?: Float64Array,
  order = 1,
): Float64Array {
  const layout = lineLayout(grid.shape, axis);
  requireLength("values", values, grid.size, "grid.size samples");
  if (!Number.isInteger(order) || order < 0) {
    throw new ParameterError("order", `must be a non-negative integer, got ${order}`);
  }
  const n = layout.n;
  requirePowerOfTwo(`grid.shape[${axis}]`, n);
  const result = out ?? new Float64Array(grid.size);
  requireLength("out", result, grid.size, "grid.size values");
  if (result !== values) result.set(values);
  const half = n >> 1;
  const table = new Float64Array(n + 2);
  const dk = (2 * Math.PI) / (n * grid.spacing[axis]);
  for (let k = 0; k <= half; k++) {
    // (i k)^order = k^order i^order
    const magnitude = (k * dk) ** order;
    const phase = order % 4;
    table[2 * k] = phase === 0 ? magnitude : phase === 2 ? -magnitude : 0;
    table[2 * k + 1] = phase === 1 ? magnitude : phase === 3 ? -magnitude : 0;
  }
  table[2 * half + 1] = 0;
  const multiplier = new RealLineMultiplier(n);
  const tile = new Float64Array(tileLength(layout));
  forEachLineBlock(layout, result, tile, (buffer, lineStride, _first, count) => {
    let t = 0;
    for (; t + 1 < count; t += 2) {
      multiplier.applyPair(buffer, t * lineStride, (t + 1) * lineStride, table, table);
    }
    if (t < count) multiplier.applyPair(buffer, t * lineStride, -1, table, table);
  });
  return result;
}
