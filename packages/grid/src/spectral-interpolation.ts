import { ParameterError } from "./errors.js";
import { fftPlan } from "./fft.js";
import { lineLayout, requireLength } from "./line-batches.js";
import { requireFinite, requirePositive, requirePowerOfTwo } from "./validation.js";

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
 * The node j of each of m weight rows w(t, j) (j < n) when every row is a unit vector (one
 * weight exactly 1, the others exactly 0), else undefined.
 */
function targetNodes(
  m: number,
  n: number,
  weight: (t: number, j: number) => number,
): Int32Array | undefined {
  const nodes = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    let node = -1;
    for (let j = 0; j < n; j++) {
      const w = weight(t, j);
      if (w === 0) continue;
      if (w !== 1 || node >= 0) return undefined;
      node = j;
    }
    if (node < 0) return undefined;
    nodes[t] = node;
  }
  return nodes;
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
  /**
   * When every target is a source node (its weight row is a unit vector: D snaps within 1e-12
   * cells), the node of each target: the lines are then gathered, with the same values as the
   * weighted sums (the other weights are exact zeros) in O(m) per line instead of O(m n).
   */
  private readonly nodes: Int32Array | undefined;

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
    this.nodes = targetNodes(m, n, (t, j) => this.weights[t * n + j]);
  }

  /**
   * The source node of each target when every target is one (see the class: its weight row is a
   * unit vector), else undefined: what an interpolator of these targets would gather, without
   * its m x n weights. Cost O(m n) kernel evaluations, no allocation beyond the m indices.
   */
  static targetNodes(source: UniformAxis, targets: ArrayLike<number>): Int32Array | undefined {
    const { points: n, origin, spacing } = source;
    const u0 = Float64Array.from(targets, (y) => (y - origin) / spacing);
    return targetNodes(u0.length, n, (t, j) => dirichletKernel(n, u0[t] - j));
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
    const nodes = this.nodes;
    if (nodes) {
      for (let t = 0; t < m; t++) out[outBase + t * step] = line[lineBase + nodes[t]];
      return;
    }
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
