import { ParameterError } from "./errors.js";
import { type FftPlan, fftPlan } from "./fft.js";
import type { UniformAxis } from "./spectral-interpolation.js";
import { isPowerOfTwo, nextPowerOfTwo } from "./validation.js";

/** Lines gathered together by {@link UniformResampler.applyLines}. */
const LINE_BLOCK = 16;

/** theta = pi alpha s^2 reduced mod 2 pi accurately for integer s (|s| < 2^26). */
function chirpAngle(alpha: number, s: number): number {
  const s2 = s * s;
  const hi = Math.round(alpha * 67108864) / 67108864; // 2^26
  const lo = alpha - hi;
  const t = (hi * s2) % 2; // exact: hi has <= 26 fractional bits and few integer bits
  return Math.PI * (t + lo * s2);
}

/**
 * Band-limited (trigonometric) interpolation from one uniform periodic axis to another uniform
 * axis, by the chirp z-transform (Bluestein): f(t_p) = sum_{|j| <= n/2} c_j e^{i k_j (t_p - x_0)}
 * with c = FFT(f)/n, k_j = 2 pi j / L (the Nyquist term split evenly between +-n/2, so real data
 * stay real), evaluated at all m targets t_p = t_0 + p h_t with FFTs of size M = 2^ceil(log2(m + n)).
 * Targets outside the source box [x_0, x_0 + L) get 0 (the data are taken to vanish outside).
 * Two real lines are interpolated at once as one complex line. Precomputation O(M log M);
 * per pair of lines O(M log M); buffers allocated once. Unlike {@link SpectralInterpolator}
 * (dense m x n weights, arbitrary targets, periodic continuation), the targets are uniform and
 * the cost is O(M log M) rather than O(m n): the fast path for whole uniform grids (Weyl
 * quantization of a Vlasov-grid function).
 *
 * Refinement (h_s = k h_t for a power of two k, the target nodes t_0 + p h_t lying on the fine
 * lattice x_0 + (i + delta) h_t, i = 0..kn - 1, shifted by one fraction delta of a fine cell): the
 * values on that whole lattice are one inverse FFT of size kn of the phase-shifted, zero-padded
 * coefficients c_j e^{2 pi i j delta/(kn)}, with no chirp: 2 FFTs (sizes n and kn) per pair of
 * lines instead of 3 (sizes n, M, M). The same interpolant, so the same values to round-off.
 */
export class UniformResampler {
  readonly source: UniformAxis;
  readonly target: UniformAxis;
  private readonly plan: FftPlan;
  private readonly sourcePlan: FftPlan;
  private readonly size: number;
  private readonly kernel: Float64Array;
  private readonly pre: Float64Array;
  private readonly post: Float64Array;
  private readonly work: Float64Array;
  private readonly work2: Float64Array;
  private readonly line: Float64Array;
  private readonly spectrum: Float64Array;
  /** Gathered lines of {@link applyLines}: LINE_BLOCK source lines and target lines, line minor. */
  private blockIn?: Float64Array;
  private blockOut?: Float64Array;
  /** Refinement path: the fine lattice and the offset r of target 0 on it (see the class). */
  private readonly refinement?: {
    readonly plan: FftPlan;
    readonly first: number;
    readonly phase: Float64Array;
    readonly fine: Float64Array;
    readonly values: Float64Array;
  };

  constructor(source: UniformAxis, target: UniformAxis) {
    const n = source.points;
    const m = target.points;
    if (!Number.isInteger(m) || m < 1) {
      throw new ParameterError("target.points", `must be a positive integer, got ${m}`);
    }
    this.source = source;
    this.target = target;
    this.sourcePlan = fftPlan(n);
    const h = n / 2;
    const size = nextPowerOfTwo(m + n);
    this.size = size;
    this.plan = fftPlan(size);
    const length = n * source.spacing;
    const alpha = target.spacing / length;
    // kernel K(s) = e^{-i pi alpha s^2} for s in [-h, m - 1 + h]
    const kernel = new Float64Array(2 * size);
    for (let s = -h; s <= m - 1 + h; s++) {
      const idx = ((s % size) + size) % size;
      const theta = chirpAngle(alpha, s);
      kernel[2 * idx] = Math.cos(theta);
      kernel[2 * idx + 1] = -Math.sin(theta);
    }
    this.kernel = new Float64Array(2 * size);
    this.plan.transform(kernel, this.kernel, "forward");
    // pre-factors for j' = j + h, j in [-h, h]: e^{i k_j (t0 - x0)} e^{i pi alpha j^2} / n (1/2 at +-h)
    this.pre = new Float64Array(2 * (n + 1));
    const shift = (target.origin - source.origin) / length;
    for (let j = -h; j <= h; j++) {
      const theta = 2 * Math.PI * ((j * shift) % 1) + chirpAngle(alpha, j);
      const w = (Math.abs(j) === h ? 0.5 : 1) / n / size; // 1/size: unnormalized inverse below
      this.pre[2 * (j + h)] = w * Math.cos(theta);
      this.pre[2 * (j + h) + 1] = w * Math.sin(theta);
    }
    // post-factors e^{i pi alpha p^2}, zero outside the source box
    this.post = new Float64Array(2 * m);
    const tol = 1e-10 * source.spacing;
    for (let p = 0; p < m; p++) {
      const t = target.origin + p * target.spacing;
      const inside = t >= source.origin - tol && t < source.origin + length - tol;
      if (!inside) continue;
      const theta = chirpAngle(alpha, p);
      this.post[2 * p] = Math.cos(theta);
      this.post[2 * p + 1] = Math.sin(theta);
    }
    this.work = new Float64Array(2 * size);
    this.work2 = new Float64Array(2 * size);
    this.line = new Float64Array(2 * n);
    this.spectrum = new Float64Array(2 * n);
    this.refinement = refinementPath(source, target);
  }

  /**
   * Interpolates two real lines at once: line A is read from input[offsetA + i stride] and line B
   * from input[offsetB + i stride] (offsetB < 0: no line B), i = 0..n-1; the results are written
   * to out[outOffsetA + p outStride] and out[outOffsetB + p outStride], p = 0..m-1.
   * Cost: 3 FFTs (one of size n, two of size M), no allocation.
   */
  applyPair(
    input: Float64Array,
    offsetA: number,
    offsetB: number,
    stride: number,
    out: Float64Array,
    outOffsetA: number,
    outOffsetB: number,
    outStride: number,
  ): void {
    const n = this.source.points;
    const m = this.target.points;
    const h = n / 2;
    const size = this.size;
    const line = this.line;
    const hasB = offsetB >= 0;
    for (let i = 0; i < n; i++) {
      line[2 * i] = input[offsetA + i * stride];
      line[2 * i + 1] = hasB ? input[offsetB + i * stride] : 0;
    }
    const c = this.spectrum;
    this.sourcePlan.transform(line, c, "forward");
    if (this.refinement !== undefined) {
      this.refine(c, out, outOffsetA, hasB ? outOffsetB : -1, outStride);
      return;
    }
    const g = this.work;
    g.fill(0);
    const pre = this.pre;
    for (let jp = 0; jp <= 2 * h; jp++) {
      const j = jp - h;
      const src = j >= 0 ? (j === h ? h : j) : j + n;
      const cr = c[2 * src];
      const ci = c[2 * src + 1];
      const pr = pre[2 * jp];
      const pi = pre[2 * jp + 1];
      g[2 * jp] = cr * pr - ci * pi;
      g[2 * jp + 1] = cr * pi + ci * pr;
    }
    const gf = this.work2;
    this.plan.transform(g, gf, "forward");
    const k = this.kernel;
    for (let q = 0; q < size; q++) {
      const ar = gf[2 * q];
      const ai = gf[2 * q + 1];
      const br = k[2 * q];
      const bi = k[2 * q + 1];
      // conjugate for the inverse via forward transform: y = conj(F(conj(G K)))
      gf[2 * q] = ar * br - ai * bi;
      gf[2 * q + 1] = -(ar * bi + ai * br);
    }
    this.plan.transform(gf, g, "forward");
    const post = this.post;
    for (let p = 0; p < m; p++) {
      const yr = g[2 * (p + h)];
      const yi = -g[2 * (p + h) + 1];
      const qr = post[2 * p];
      const qi = post[2 * p + 1];
      out[outOffsetA + p * outStride] = yr * qr - yi * qi;
      if (hasB) out[outOffsetB + p * outStride] = yr * qi + yi * qr;
    }
  }

  /**
   * Interpolates `count` real lines that lie side by side: line l is read from
   * input[offset + l + i stride] (i = 0..n-1) and written to out[outOffset + l + p outStride]
   * (p = 0..m-1). Blocks of {@link LINE_BLOCK} lines are gathered into a contiguous buffer
   * (each row's LINE_BLOCK values are adjacent in memory, where line by line every value is a
   * cache miss at a large stride) and interpolated in pairs there: the values of
   * {@link applyPair} bit for bit. Cost count/2 pairs, no allocation after the first call.
   */
  applyLines(
    input: Float64Array,
    offset: number,
    stride: number,
    count: number,
    out: Float64Array,
    outOffset: number,
    outStride: number,
  ): void {
    const n = this.source.points;
    const m = this.target.points;
    this.blockIn ??= new Float64Array(n * LINE_BLOCK);
    this.blockOut ??= new Float64Array(m * LINE_BLOCK);
    const bin = this.blockIn;
    const bout = this.blockOut;
    for (let first = 0; first < count; first += LINE_BLOCK) {
      const width = Math.min(LINE_BLOCK, count - first);
      for (let i = 0; i < n; i++) {
        const from = offset + first + i * stride;
        for (let l = 0; l < width; l++) bin[i * LINE_BLOCK + l] = input[from + l];
      }
      for (let l = 0; l < width; l += 2) {
        const b = l + 1 < width ? l + 1 : -1;
        this.applyPair(bin, l, b, LINE_BLOCK, bout, l, b, LINE_BLOCK);
      }
      for (let p = 0; p < m; p++) {
        const to = outOffset + first + p * outStride;
        for (let l = 0; l < width; l++) out[to + l] = bout[p * LINE_BLOCK + l];
      }
    }
  }

  /**
   * The refinement path of {@link applyPair} from the source spectrum c: the zero-padded,
   * phase-shifted coefficients (bins j mod kn; the two halves of the Nyquist term at +-n/2, one
   * bin when k = 1), one inverse FFT of size kn (as conj(forward(conj))), then target p is fine
   * node r + p or 0 outside the box. Cost one FFT of size kn.
   */
  private refine(
    c: Float64Array,
    out: Float64Array,
    outOffsetA: number,
    outOffsetB: number,
    outStride: number,
  ): void {
    const { plan, first, phase, fine, values } = this.refinement as NonNullable<
      typeof this.refinement
    >;
    const n = this.source.points;
    const m = this.target.points;
    const size = plan.n;
    const h = n / 2;
    fine.fill(0);
    for (let jp = 0; jp <= 2 * h; jp++) {
      const j = jp - h;
      const src = j >= 0 ? (j === h ? h : j) : j + n;
      const bin = j >= 0 ? j : j + size;
      const cr = c[2 * src];
      const ci = c[2 * src + 1];
      const pr = phase[2 * jp];
      const pi = phase[2 * jp + 1];
      // conj(c_j phase_j), accumulated (k = 1: both Nyquist halves land in bin n/2)
      fine[2 * bin] += cr * pr - ci * pi;
      fine[2 * bin + 1] -= cr * pi + ci * pr;
    }
    plan.transform(fine, values, "forward");
    const hasB = outOffsetB >= 0;
    for (let p = 0; p < m; p++) {
      const i = first + p;
      const inside = i >= 0 && i < size;
      out[outOffsetA + p * outStride] = inside ? values[2 * i] : 0;
      if (hasB) out[outOffsetB + p * outStride] = inside ? -values[2 * i + 1] : 0;
    }
  }
}

/**
 * The refinement path of {@link UniformResampler} for (source, target), or undefined where it does
 * not apply (n odd, h_s/h_t not a power of two k to 1e-12, or the fine lattice beyond 2^24 points).
 * Target p is fine node i = r + p with u = (t_0 - x_0)/h_t, r = floor(u + 1e-10 k) and delta =
 * u - r in [-1e-10 k, 1): inside the source box (the class's test, tolerance 1e-10 h_s) exactly
 * when 0 <= i < kn. The phases are e^{2 pi i j delta/(kn)} for j = -n/2..n/2, halved at +-n/2
 * (the split Nyquist term), with the 1/n of the coefficients. Cost O(n) and the plan.
 */
function refinementPath(source: UniformAxis, target: UniformAxis) {
  const n = source.points;
  const ratio = source.spacing / target.spacing;
  const k = Math.round(ratio);
  if (n % 2 !== 0 || k < 1 || !isPowerOfTwo(k) || Math.abs(ratio - k) > 1e-12 * ratio) {
    return undefined;
  }
  const size = k * n;
  if (!isPowerOfTwo(size) || size > 2 ** 24) return undefined;
  const u = (target.origin - source.origin) / target.spacing;
  const first = Math.floor(u + 1e-10 * k);
  const delta = u - first;
  const h = n / 2;
  const phase = new Float64Array(2 * (n + 1));
  for (let j = -h; j <= h; j++) {
    const theta = (2 * Math.PI * j * delta) / size;
    const w = (Math.abs(j) === h ? 0.5 : 1) / n;
    phase[2 * (j + h)] = w * Math.cos(theta);
    phase[2 * (j + h) + 1] = w * Math.sin(theta);
  }
  return {
    plan: fftPlan(size),
    first,
    phase,
    fine: new Float64Array(2 * size),
    values: new Float64Array(2 * size),
  };
}

/** True when two uniform axes coincide (points, origin, spacing to 1e-12 relative). */
export function sameAxis(a: UniformAxis, b: UniformAxis): boolean {
  const scale = Math.max(Math.abs(a.spacing) * a.points, Math.abs(a.origin));
  return (
    a.points === b.points &&
    Math.abs(a.spacing - b.spacing) <= 1e-12 * Math.abs(a.spacing) &&
    Math.abs(a.origin - b.origin) <= 1e-12 * scale
  );
}

/**
 * Trigonometric resampling of a real row-major array of `shape` along every axis where the
 * source axis differs from the target axis (zero outside each source box). Axes are processed
 * greedily in the order of least work. Cost per axis O(lines M log M) with M ~ 2 (n + m);
 * allocates the intermediate arrays, or, with a `workspace`, takes them from its two buffers
 * (grown as needed and kept: repeated resamplings of large arrays then pay the pages once) and
 * returns a view of one of them, valid until the workspace's next use.
 */
export function resampleArray(
  data: Float64Array,
  sources: readonly UniformAxis[],
  targets: readonly UniformAxis[],
  workspace?: ResampleWorkspace,
): Float64Array {
  let shape = sources.map((s) => s.points);
  let current = data;
  const pending = new Set<number>();
  sources.forEach((s, a) => {
    if (!sameAxis(s, targets[a])) pending.add(a);
  });
  while (pending.size > 0) {
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    const size = shape.reduce((p, x) => p * x, 1);
    for (const a of pending) {
      const lines = size / shape[a];
      const mm = nextPowerOfTwo(shape[a] + targets[a].points);
      const cost = lines * mm * Math.log2(mm);
      if (cost < bestCost) {
        bestCost = cost;
        best = a;
      }
    }
    pending.delete(best);
    const resampler = new UniformResampler(sources[best], targets[best]);
    const n = shape[best];
    const m = targets[best].points;
    let stride = 1;
    for (let b = shape.length - 1; b > best; b--) stride *= shape[b];
    const outer = size / (n * stride);
    const newShape = shape.slice();
    newShape[best] = m;
    const out =
      workspace === undefined
        ? new Float64Array(outer * m * stride)
        : workspace.take(outer * m * stride, current);
    if (stride === 1) {
      // the last axis: contiguous lines, paired across the outer index
      for (let o = 0; o < outer; o += 2) {
        const b = o + 1 < outer;
        resampler.applyPair(
          current,
          o * n,
          b ? (o + 1) * n : -1,
          1,
          out,
          o * m,
          b ? (o + 1) * m : -1,
          1,
        );
      }
    } else {
      for (let o = 0; o < outer; o++) {
        resampler.applyLines(current, o * n * stride, stride, stride, out, o * m * stride, stride);
      }
    }
    current = out;
    shape = newShape;
  }
  return current === data ? data.slice() : current;
}

/**
 * Two reusable buffers for {@link resampleArray}'s intermediate arrays (each pass reads one and
 * writes the other). Cost O(1); a buffer is reallocated only when a pass needs more than it holds.
 */
export class ResampleWorkspace {
  private readonly buffers: [Float64Array, Float64Array] = [
    new Float64Array(0),
    new Float64Array(0),
  ];

  /**
   * A view of `length` doubles on the buffer that does not hold `busy`, not cleared (a pass
   * writes every entry of its output).
   */
  take(length: number, busy: Float64Array): Float64Array {
    const which = this.buffers[0].buffer === busy.buffer ? 1 : 0;
    if (this.buffers[which].length < length) this.buffers[which] = new Float64Array(length);
    return this.buffers[which].subarray(0, length);
  }
}
