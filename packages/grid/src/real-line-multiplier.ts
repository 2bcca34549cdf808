import { type FftPlan, fftPlan } from "./fft.js";
import { activeKernel } from "./fft-wasm.js";
import type { RealLineMultiply } from "./fft-wasm-real.js";
import type { LineLayout } from "./line-batches.js";
import { requirePowerOfTwo } from "./validation.js";

/** theta = 2 pi s / L reduced to [-pi, pi] (s taken modulo the period L). */
export function shiftAngle(shift: number, period: number): number {
  const turns = shift / period;
  return 2 * Math.PI * (turns - Math.round(turns));
}

/** Phase recurrences restart from Math.cos/sin every PHASE_RESTART modes (a few ulps of error). */
const PHASE_RESTART = 32;

/**
 * Applies a Fourier multiplier m(k) to real periodic lines of n points (n a power of two), two lines
 * per complex FFT: z = f1 + i f2, Z = FFT(z), F1_k = (Z_k + conj Z_{n-k})/2,
 * F2_k = (Z_k - conj Z_{n-k})/(2i), G = m1 F1 + i m2 F2, g1 + i g2 = IFFT(G). Each multiplier is
 * given for k = 0..n/2 (interleaved complex, table[2k], table[2k+1]) and applied with Hermitian
 * symmetry m(-k) = conj m(k), so real lines stay real. The Nyquist mode k = n/2 is treated as split
 * symmetrically between +k_N and -k_N: it is multiplied by Re m(k_N).
 * The inverse FFT is done as conj(FFT(conj(G) / n)) with the 1/n folded into the multiplier loop.
 */
export class RealLineMultiplier {
  readonly n: number;
  private readonly plan: FftPlan;
  private readonly z: Float64Array;
  private readonly spectrum: Float64Array;
  /** Displacements and period of the current {@link RealLineMultiplier.shiftAxis} call. */
  private shifts: ArrayLike<number> = [];
  private period = 1;
  /** Doubles of one line's phase table (see shiftHalfSpectra). */
  private readonly phaseTableLength: number;

  constructor(n: number) {
    requirePowerOfTwo("n", n);
    this.n = n;
    this.plan = fftPlan(n);
    this.z = new Float64Array(2 * n);
    this.spectrum = new Float64Array(2 * n);
    this.phaseTableLength = 6 + 2 * Math.floor((n / 2 - 1) / PHASE_RESTART);
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

  /**
   * Every line along one axis of the real row-major array `data` (geometry `layout`, n = this.n)
   * shifted in place by its own displacement: line l <- f(x - shifts[l]) with period `period`
   * (L = n dx), i.e. its half spectrum X_k multiplied by e^{-i k theta_l}, theta_l =
   * shiftAngle(shifts[l], L), and X_{n/2} by cos(n theta_l / 2); the same result as
   * {@link RealLineMultiplier.shiftPair} on every pair of lines, to round-off. Runs in the
   * WebAssembly kernel (the spectra stay in its memory; strided lines transformed two at a time as
   * one complex line, without a gather in JS); returns false, doing nothing, when the engine is
   * fft.js or the axis has an odd stride > 1 (use shiftPair then). Cost O(size log n) and
   * n/32 + 3 trigonometric calls per line (the phase ramp runs in the kernel, the recurrence of
   * shiftPair); no allocation (the phase tables live in the kernel's scratch).
   */
  shiftAxis(
    data: Float64Array,
    layout: LineLayout,
    shifts: ArrayLike<number>,
    period: number,
  ): boolean {
    const kernel = activeKernel();
    if (kernel === undefined || layout.n !== this.n) return false;
    this.shifts = shifts;
    this.period = period;
    try {
      return kernel.multiplyRealLines(
        data,
        this.n,
        layout.stride,
        this.shiftHalfSpectra,
        this.phaseTableLength,
      );
    } finally {
      this.shifts = [];
    }
  }

  /**
   * The {@link RealLineMultiply} of shiftAxis (a field: made once, no allocation per call): fills
   * each line's phase table (e^{-i theta}, cos(n theta / 2), e^{-i 32 j theta}; the restarts of the
   * recurrence of {@link RealLineMultiplier.shiftPair}) and applies the ramps in the kernel.
   */
  private readonly shiftHalfSpectra: RealLineMultiply = (
    heap,
    at,
    first,
    count,
    lineStep,
    modeStep,
    scratch,
  ) => {
    const half = this.n >> 1;
    const stride = this.phaseTableLength;
    const shifts = this.shifts;
    const period = this.period;
    for (let t = 0, q = scratch; t < count; t++, q += stride) {
      const theta = shiftAngle(shifts[first + t], period);
      const c = Math.cos(theta);
      const d = -Math.sin(theta);
      heap[q] = c;
      heap[q + 1] = c;
      heap[q + 2] = -d;
      heap[q + 3] = d;
      heap[q + 4] = heap[q + 5] = Math.cos(half * theta);
      for (let j = 1, r = q + 6; j * PHASE_RESTART < half; j++, r += 2) {
        heap[r] = Math.cos(j * PHASE_RESTART * theta);
        heap[r + 1] = -Math.sin(j * PHASE_RESTART * theta);
      }
    }
    activeKernel()?.phaseRamp(half, count, at, lineStep, modeStep, scratch, stride);
  };

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
