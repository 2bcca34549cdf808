import { ParameterError } from "./errors.js";
import {
  forEachLineBlock,
  type LineLayout,
  lineLayout,
  requireLength,
  TILE,
  tileLength,
} from "./line-batches.js";
import { RealLineMultiplier, shiftAngle } from "./real-line-multiplier.js";
import { PeriodicSplinePrefilter, type SplineDegree, splineWeights } from "./splines.js";
import { requirePositive, requirePowerOfTwo } from "./validation.js";

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
        const period = this.layout.n * this.spacing;
        if (!this.multiplier?.shiftAxis(data, this.layout, shifts, period))
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
