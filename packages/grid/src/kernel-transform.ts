import type { Dimension } from "./grid.js";
import { type InteractionKernel, requireKernel } from "./kernels.js";
import { requirePositive } from "./validation.js";

/*
 * Fourier transforms of radially truncated interaction kernels (the precomputation of the
 * truncated-kernel method of F. Vico, L. Greengard, M. Ferrando, "Fast convolution with
 * free-space Green's functions", J. Comput. Phys. 323 (2016) 191-203; THEORY.md section 2).
 *
 * For a radial kernel V and a truncation radius R, V_R = V 1_{|x| <= R} has the entire Fourier
 * transform (convention V^(k) = int V(x) e^{-i k.x} dx), with kappa = |k|:
 *   d = 1:  V^_R(kappa) = 2    int_0^R V(r) cos(kappa r) dr,
 *   d = 2:  V^_R(kappa) = 2 pi int_0^R r V(r) J0(kappa r) dr,
 *   d = 3:  V^_R(kappa) = 4 pi int_0^R r^2 V(r) sin(kappa r)/(kappa r) dr,
 * and in closed form for the 3D Coulomb kernel, V^_R = 8 pi lambda sin^2(kappa R/2)/kappa^2, and for
 * a Gaussian narrower than R/9.5 (whose tail beyond R is below 1e-19 relative), the untruncated
 * lambda (2 pi sigma^2)^{d/2} exp(-sigma^2 kappa^2/2).
 *
 * Quadrature (our choice, to ~1e-15 relative for every kappa):
 * - power kernels, singular integrand r^{d-1-alpha} j_d(kappa r) at r = 0: on [0, r_s] with
 *   r_s = min(R, 1/kappa) the Taylor series of j_d(kappa r) is integrated term by term exactly,
 *   int_0^{r_s} r^{d-1-alpha+2m} dr = r_s^{d-alpha+2m}/(d-alpha+2m); with kappa r_s <= 1 the
 *   terms decay like 1/(2m)!, no cancellation;
 * - on [r_s, R] composite 20-point Gauss-Legendre panels, geometrically graded away from the
 *   origin (panel [a, b] with b - a <= a keeps the r = 0 singularity at relative distance >= 1,
 *   Bernstein-ellipse parameter >= 3 + 2 sqrt 2, error < 1e-15) and at most 12/kappa long (the
 *   20-point rule integrates e^{i omega t} on [-1, 1] with omega <= 6 to ~1e-20);
 * - soft-power and Gaussian kernels: the same panels from r = 0, no longer than the softening a
 *   (the complex singularities at r = +-i a) or sigma, graded geometrically beyond.
 * - d = 1, 3 and kappa R > 150 (power and soft-power): j_d is cos or sin/x, so the [r_s, R]
 *   part is Re or Im of int_{r_s}^R p(r) e^{i kappa r} dr with p analytic in Re z > 0; by Cauchy it
 *   equals the difference of the vertical contour integrals from r_s and from R,
 *   (i/kappa) e^{i kappa a} int_0^inf p(a + i y/kappa) e^{-y} dy, which are not oscillatory: ~200
 *   Gauss-Legendre nodes in y, graded towards the branch point, whatever kappa R (the
 *   steepest-descent form of Filon/Levin-type oscillatory quadrature; e.g. Huybrechs and
 *   Vandewalle, SIAM J. Numer. Anal. 44, 2006).
 * Cost O(40 + 2 kappa R) evaluations of j_d per kappa in d = 2 (J0 costs <= 20 cosines by the
 * trapezoidal rule of its integral representation, or an asymptotic series), O(400) complex
 * powers in d = 1, 3 once kappa R > 150.
 */

const GAUSS_POINTS = 20;

/** P_q(x) and P_q'(x) by the three-term recurrence (|x| < 1). */
function legendre(q: number, x: number): { value: number; derivative: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= q; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { value: p1, derivative: (q * (x * p1 - p0)) / (x * x - 1) };
}

/** Nodes t_q and weights w_q of the Q-point Gauss-Legendre rule on [-1, 1] (Newton on P_Q). */
function gaussLegendre(q: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(q);
  const weights = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (q + 0.5));
    for (let iteration = 0; iteration < 100; iteration++) {
      const { value, derivative } = legendre(q, x);
      const step = value / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const { derivative } = legendre(q, x);
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(GAUSS_POINTS);

const quarterSines = new Map<number, Float64Array>();

function quarterSineTable(m: number): Float64Array {
  let table = quarterSines.get(m);
  if (table === undefined) {
    table = new Float64Array(m);
    for (let j = 0; j < m; j++) table[j] = Math.sin((Math.PI * (j + 0.5)) / (2 * m));
    quarterSines.set(m, table);
  }
  return table;
}

/**
 * Bessel function J0(x) to ~1e-16 absolute: power series for |x| < 6; for 6 <= |x| < 40 the
 * (shifted) trapezoidal rule of J0(x) = (1/2 pi) int_0^{2 pi} cos(x sin t) dt with N = 4M points,
 * M = ceil((x + 40)/4), exact up to 2 J_N(x) < 1e-17 (Trefethen and Weideman, SIAM Rev. 56, 2014);
 * for |x| >= 40 Hankel's asymptotic expansion (DLMF 10.17.3), summed until terms < 1e-17.
 */
export function besselJ0(x: number): number {
  const ax = Math.abs(x);
  if (ax < 6) {
    const y = (ax * ax) / 4;
    let term = 1;
    let sum = 1;
    for (let m = 1; m < 60; m++) {
      term *= -y / (m * m);
      sum += term;
      if (Math.abs(term) < 1e-18) break;
    }
    return sum;
  }
  if (ax < 40) {
    const m = Math.ceil((ax + 40) / 4);
    const sines = quarterSineTable(m);
    let sum = 0;
    for (let j = 0; j < m; j++) sum += Math.cos(ax * sines[j]);
    return sum / m;
  }
  // Hankel: J0 ~ sqrt(2/(pi x)) (P cos(x - pi/4) - Q sin(x - pi/4)), a_k = prod (-(2j-1)^2)/(8j).
  let p = 1;
  let q = 0;
  let a = 1;
  for (let k = 1; k < 60; k++) {
    a *= -((2 * k - 1) * (2 * k - 1)) / (8 * k * ax);
    if (Math.abs(a) < 1e-17) break;
    // a now holds a_k(0)/x^k; P takes (-1)^{k/2} a_k for even k, Q (-1)^{(k-1)/2} a_k for odd k.
    const r = k % 4;
    if (r === 0) p += a;
    else if (r === 2) p -= a;
    else if (r === 1) q += a;
    else q -= a;
  }
  const c = Math.cos(ax);
  const s = Math.sin(ax);
  // cos(x - pi/4) = (cos x + sin x)/sqrt 2, sin(x - pi/4) = (sin x - cos x)/sqrt 2
  return Math.sqrt(1 / (Math.PI * ax)) * (p * (c + s) - q * (s - c));
}

/** The radial factor j_d of the d-dimensional Fourier transform: cos, J0, sin(x)/x. */
function radialWave(dimension: Dimension): (x: number) => number {
  if (dimension === 1) return Math.cos;
  if (dimension === 2) return besselJ0;
  return (x: number) => {
    if (Math.abs(x) < 1e-4) {
      const x2 = x * x;
      return 1 - (x2 / 6) * (1 - x2 / 20);
    }
    return Math.sin(x) / x;
  };
}

/** Surface factor c_d in V^ = c_d int_0^R r^{d-1} V(r) j_d(kappa r) dr: 2, 2 pi, 4 pi. */
function surfaceFactor(dimension: Dimension): number {
  return dimension === 1 ? 2 : dimension === 2 ? 2 * Math.PI : 4 * Math.PI;
}

/**
 * int_0^{r_s} r^{beta} j_d(kappa r) dr (beta = d - 1 - alpha > -1) by the term-wise integrated
 * Taylor series of j_d; needs kappa r_s <= 1 (then 30 terms are far more than enough).
 */
function originSeries(dimension: Dimension, beta: number, kappa: number, rs: number): number {
  const x2 = kappa * rs * kappa * rs;
  let coefficient = 1;
  let sum = 1 / (beta + 1);
  for (let m = 1; m < 40; m++) {
    const denominator =
      dimension === 1 ? (2 * m - 1) * (2 * m) : dimension === 2 ? 4 * m * m : 2 * m * (2 * m + 1);
    coefficient *= -x2 / denominator;
    const term = coefficient / (beta + 1 + 2 * m);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return rs ** (beta + 1) * sum;
}

/**
 * Composite Gauss-Legendre integral of profile(r) j_d(kappa r) over [start, end]. A panel starting
 * at a is at most min(maxLength, 12/kappa, max(a, grading)) long (see the module comment).
 */
function panelIntegral(
  profile: (r: number) => number,
  wave: (x: number) => number,
  kappa: number,
  start: number,
  end: number,
  maxLength: number,
  grading: number,
): number {
  const oscillation = kappa > 0 ? 12 / kappa : Number.POSITIVE_INFINITY;
  const { nodes, weights } = RULE;
  let total = 0;
  let a = start;
  while (a < end) {
    const length = Math.min(maxLength, oscillation, Math.max(a, grading));
    const b = Math.min(end, a + length);
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    let panel = 0;
    for (let q = 0; q < GAUSS_POINTS; q++) {
      const r = mid + half * nodes[q];
      panel += weights[q] * profile(r) * wave(kappa * r);
    }
    total += half * panel;
    a = b;
  }
  return total;
}

/**
 * int_a^{a + i infinity} p(z) e^{i kappa z} dz = (i/kappa) e^{i kappa a} int_0^inf p(a + i y/kappa) e^{-y} dy
 * for p analytic in Re z > 0 (branch points only on the imaginary axis, nearest at height
 * `singularity`), by 20-point Gauss-Legendre panels in y on [0, 46] (e^-46 < 1e-20), each no
 * longer than its distance to the branch point (Bernstein parameter >= 3 + 2 sqrt 2). `p` writes Re, Im of p(x + i y) into out[0], out[1].
 * Returns the real part if `part` is 0, the imaginary part if 1. Cost ~200 evaluations of p.
 */
function verticalContour(
  p: (x: number, y: number, out: Float64Array) => void,
  kappa: number,
  a: number,
  singularity: number,
  part: 0 | 1,
  scratch: Float64Array,
): number {
  const { nodes, weights } = RULE;
  // the branch point sits at horizontal distance a and height `singularity` (r units) from the
  // contour's foot: in y units at distance g = kappa a from the line, height ys = kappa singularity
  const g = kappa * a;
  const ys = kappa * singularity;
  let re = 0;
  let im = 0;
  let y0 = 0;
  while (y0 < 46) {
    const distance = y0 < ys ? (ys - y0) / 2 : y0 - ys;
    const y1 = Math.min(46, y0 + Math.min(8, Math.max(distance, g)));
    const half = (y1 - y0) / 2;
    const mid = (y0 + y1) / 2;
    for (let q = 0; q < GAUSS_POINTS; q++) {
      const y = mid + half * nodes[q];
      p(a, y / kappa, scratch);
      const w = half * weights[q] * Math.exp(-y);
      re += w * scratch[0];
      im += w * scratch[1];
    }
    y0 = y1;
  }
  // multiply by (i/kappa) e^{i kappa a} = (i/kappa)(c + i s)
  const c = Math.cos(kappa * a);
  const s = Math.sin(kappa * a);
  const outRe = (-s * re - c * im) / kappa;
  const outIm = (c * re - s * im) / kappa;
  return part === 0 ? outRe : outIm;
}

/** Above this kappa R the contour form beats the O(kappa R) real-axis panels (d = 1, 3). */
const CONTOUR_THRESHOLD = 150;

/**
 * int_{r0}^R p(r) e^{i kappa r} dr as the difference of two vertical contour integrals (Cauchy;
 * the top of the rectangle vanishes like e^{-kappa T}): exact for any p analytic in Re z > 0 of
 * at most polynomial growth, non-oscillatory, cost independent of kappa R.
 */
function rotatedIntegral(
  p: (x: number, y: number, out: Float64Array) => void,
  kappa: number,
  r0: number,
  R: number,
  singularity: number,
  part: 0 | 1,
  scratch: Float64Array,
): number {
  return (
    verticalContour(p, kappa, r0, singularity, part, scratch) -
    verticalContour(p, kappa, R, singularity, part, scratch)
  );
}

/** Writes z^beta (principal branch, Re z > 0) into out. */
function complexPower(x: number, y: number, beta: number, out: Float64Array): void {
  const modulus = (x * x + y * y) ** (beta / 2);
  const angle = beta * Math.atan2(y, x);
  out[0] = modulus * Math.cos(angle);
  out[1] = modulus * Math.sin(angle);
}

/**
 * True when {@link truncatedKernelTransform} is a closed form (3D Coulomb; a Gaussian with
 * R >= 9.5 sigma), so evaluating it costs O(1) and no interpolation table is worth building.
 */
export function isClosedFormTransform(
  kernel: InteractionKernel,
  dimension: Dimension,
  radius: number,
): boolean {
  if (kernel.kind === "coulomb") return true;
  if (kernel.kind === "power") return dimension === 3 && kernel.alpha === 1;
  if (kernel.kind === "gaussian") return radius >= 9.5 * kernel.sigma;
  return false;
}

/**
 * Returns kappa -> V^_R(kappa), the exact Fourier transform of the kernel truncated at radius R
 * in dimension d (see the module comment for formulas and quadrature). Validates the kernel
 * (ParameterError naming the field) and R > 0. Each call of the returned function costs
 * O(40 + 2 kappa R) operations in d = 2 (and d = 1, 3 while kappa R <= 150), O(400) beyond
 * (contour form), and allocates nothing.
 */
export function truncatedKernelTransform(
  kernel: InteractionKernel,
  dimension: Dimension,
  radius: number,
): (kappa: number) => number {
  requireKernel(kernel, dimension);
  requirePositive("radius", radius);
  const R = radius;
  const cd = surfaceFactor(dimension);
  const wave = radialWave(dimension);
  const lambda = kernel.lambda;
  const d = dimension;
  if (kernel.kind === "coulomb" || (kernel.kind === "power" && d === 3 && kernel.alpha === 1)) {
    // 4 pi int_0^R r sin(kappa r)/kappa dr... = 8 pi sin^2(kappa R/2)/kappa^2 = 2 pi R^2 sinc^2(kappa R/2)
    return (kappa: number) => {
      const y = (kappa * R) / 2;
      const sinc = y < 1e-4 ? 1 - (y * y) / 6 : Math.sin(y) / y;
      return 2 * Math.PI * lambda * R * R * sinc * sinc;
    };
  }
  if (kernel.kind === "power") {
    const alpha = kernel.alpha;
    const beta = d - 1 - alpha;
    const profile = (r: number) => r ** beta;
    // d = 1: int r^-alpha cos = Re int r^-alpha e^{i kappa r}; d = 3: int r^{2-alpha} sinc =
    // (1/kappa) Im int r^{1-alpha} e^{i kappa r}
    const exponent = d === 1 ? -alpha : 1 - alpha;
    const scratch = new Float64Array(2);
    const p = (x: number, y: number, out: Float64Array) => complexPower(x, y, exponent, out);
    return (kappa: number) => {
      const rs = kappa * R <= 1 ? R : 1 / kappa;
      let integral = originSeries(d, beta, kappa, rs);
      if (rs < R) {
        if (d !== 2 && kappa * R > CONTOUR_THRESHOLD) {
          const value = rotatedIntegral(p, kappa, rs, R, 0, d === 1 ? 0 : 1, scratch);
          integral += d === 1 ? value : value / kappa;
        } else {
          integral += panelIntegral(profile, wave, kappa, rs, R, R, 0);
        }
      }
      return cd * lambda * integral;
    };
  }
  if (kernel.kind === "gaussian") {
    const sigma = kernel.sigma;
    if (R >= 9.5 * sigma) {
      const amplitude = lambda * (2 * Math.PI * sigma * sigma) ** (d / 2);
      return (kappa: number) => amplitude * Math.exp(-(sigma * sigma * kappa * kappa) / 2);
    }
    const profile = (r: number) => r ** (d - 1) * Math.exp(-(r * r) / (2 * sigma * sigma));
    return (kappa: number) => cd * lambda * panelIntegral(profile, wave, kappa, 0, R, sigma, sigma);
  }
  const a = kernel.softening;
  const halfAlpha = kernel.alpha / 2;
  const profile = (r: number) => r ** (d - 1) * (r * r + a * a) ** -halfAlpha;
  const scratch = new Float64Array(2);
  // analytic continuation: (z^2 + a^2)^(-alpha/2) (times z in 3D), no branch cut crossed for Re z > 0
  const p = (x: number, y: number, out: Float64Array) => {
    complexPower(x * x - y * y + a * a, 2 * x * y, -halfAlpha, out);
    if (d === 3) {
      const re = out[0];
      out[0] = x * re - y * out[1];
      out[1] = x * out[1] + y * re;
    }
  };
  return (kappa: number) => {
    if (d === 2 || kappa * R <= CONTOUR_THRESHOLD) {
      return cd * lambda * panelIntegral(profile, wave, kappa, 0, R, R, a);
    }
    const r0 = Math.min(R, Math.max(a, 1 / kappa));
    let integral = panelIntegral(profile, wave, kappa, 0, r0, R, a);
    const value = rotatedIntegral(p, kappa, r0, R, a, d === 1 ? 0 : 1, scratch);
    integral += d === 1 ? value : value / kappa;
    return cd * lambda * integral;
  };
}

const TABLE_POINTS = 36;

/**
 * Piecewise Chebyshev interpolant of a function f(kappa) on [0, kappaMax] that is band-limited
 * with band R (like V^_R, a superposition of e^{+-i kappa r}, r <= R): panels of width 16/R and
 * 36 Chebyshev points each, so the interpolation error is below the Chebyshev coefficient
 * |J_36(8)| ~ 1e-19 relative to the local size of f. Builds with 2.25 kappaMax R + 36 calls of
 * f; each evaluation costs O(36).
 */
export class RadialTable {
  private readonly width: number;
  private readonly values: Float64Array;
  private readonly nodes: Float64Array;
  private readonly weights: Float64Array;
  private readonly panels: number;

  constructor(f: (kappa: number) => number, kappaMax: number, bandRadius: number) {
    this.width = 16 / bandRadius;
    this.panels = Math.max(1, Math.ceil(kappaMax / this.width));
    const p = TABLE_POINTS;
    this.nodes = new Float64Array(p);
    this.weights = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      this.nodes[j] = -Math.cos((Math.PI * j) / (p - 1));
      this.weights[j] = (j % 2 === 0 ? 1 : -1) * (j === 0 || j === p - 1 ? 0.5 : 1);
    }
    this.values = new Float64Array(this.panels * p);
    for (let panel = 0; panel < this.panels; panel++) {
      const left = panel * this.width;
      for (let j = 0; j < p; j++) {
        // share the endpoint values between neighbouring panels
        if (j === 0 && panel > 0) {
          this.values[panel * p] = this.values[panel * p - 1];
          continue;
        }
        this.values[panel * p + j] = f(left + ((this.nodes[j] + 1) / 2) * this.width);
      }
    }
  }

  /** f(kappa) for 0 <= kappa <= panels * width, by barycentric interpolation. Cost O(36). */
  evaluate(kappa: number): number {
    const p = TABLE_POINTS;
    let panel = Math.floor(kappa / this.width);
    if (panel >= this.panels) panel = this.panels - 1;
    const t = (2 * (kappa - panel * this.width)) / this.width - 1;
    const offset = panel * p;
    let numerator = 0;
    let denominator = 0;
    for (let j = 0; j < p; j++) {
      const difference = t - this.nodes[j];
      if (difference === 0) return this.values[offset + j];
      const w = this.weights[j] / difference;
      numerator += w * this.values[offset + j];
      denominator += w;
    }
    return numerator / denominator;
  }
}
