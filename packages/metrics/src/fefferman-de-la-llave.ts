import { ParameterError, requirePositive } from "@semiclassical/grid";
import gamma from "@stdlib/math-base-special-gamma";

function requireAlpha(alpha: number): void {
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) {
    throw new ParameterError(
      "alpha",
      `must be a finite number > 0 (|x|^-alpha), got ${String(alpha)}`,
    );
  }
}

/**
 * C = 2 / Gamma(alpha/2) of the Fefferman-de la Llave representation
 * |x|^-alpha = C int_0^inf r^(-1-alpha) e^(-|x|^2/r^2) dr (THEORY.md section 6; substitute
 * s = |x|^2/r^2 to get int_0^inf s^(alpha/2 - 1) e^-s ds / 2 = Gamma(alpha/2)/2). Gamma from
 * @stdlib/math-base-special-gamma. Cost O(1).
 */
export function feffermanDeLaLlaveConstant(alpha: number): number {
  requireAlpha(alpha);
  return 2 / gamma(alpha / 2);
}

/** Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_m, to round-off). Cost O(m^2). */
function gaussLegendre(m: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (m * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(24);
/** Panels in u = ln(r/|x|): below -2.2 the integrand is < e^(-e^4.4) = e^-81 of its peak. */
const PANELS = [-2.2, -1.2, -0.5, 0.3, 1.0, Math.log(4)];

/**
 * The right side C int_0^inf r^(-1-alpha) e^(-|x|^2/r^2) dr of the Fefferman-de la Llave
 * representation at distance |x| > 0, evaluated by quadrature (it equals |x|^-alpha; a test
 * compares). With r = |x| e^u the integrand is |x|^-alpha e^(-alpha u) exp(-e^(-2u)), analytic:
 * 24-point Gauss-Legendre on five panels of u in [-2.2, ln 4], plus the exact tail
 * r > R = 4|x|: int_R^inf r^(-1-alpha) e^(-|x|^2/r^2) dr = sum_m (-1)^m |x|^(2m)
 * R^(-alpha-2m) / (m! (alpha + 2m)) (terms 16^-m/m!, 14 of them). Accuracy ~1e-15 relative.
 * Cost O(150).
 */
export function feffermanDeLaLlaveIntegral(alpha: number, distance: number): number {
  const C = feffermanDeLaLlaveConstant(alpha);
  requirePositive("distance", distance);
  let sum = 0;
  for (let p = 0; p + 1 < PANELS.length; p++) {
    const a = PANELS[p];
    const b = PANELS[p + 1];
    const half = (b - a) / 2;
    for (let i = 0; i < RULE.nodes.length; i++) {
      const u = a + half * (RULE.nodes[i] + 1);
      sum += half * RULE.weights[i] * Math.exp(-alpha * u - Math.exp(-2 * u));
    }
  }
  // tail in units of |x|: R/|x| = 4
  let tail = 0;
  let term = 4 ** -alpha; // (|x|/R)^(2m) R^-alpha / m! in units |x| = 1
  for (let m = 0; m < 14; m++) {
    tail += ((m % 2 === 0 ? 1 : -1) * term) / (alpha + 2 * m);
    term *= 1 / 16 / (m + 1);
  }
  return C * distance ** -alpha * (sum + tail);
}

/** Options of {@link feffermanDeLaLlaveGaussians}. */
export interface GaussianSumOptions {
  /** Exponent alpha > 0 of |x|^-alpha. */
  alpha: number;
  /** Smallest |x| to be represented (> 0). */
  minDistance: number;
  /** Largest |x| to be represented (e.g. the box diagonal). */
  maxDistance: number;
  /** Relative accuracy on [minDistance, maxDistance] (default 1e-10). */
  tolerance?: number;
}

/** |x|^-alpha ~ sum_k weights_k e^(-|x|^2 / widths_k^2) on a range of |x|. */
export interface GaussianSum {
  readonly alpha: number;
  /** r_k of the Gaussians e^(-|x|^2/r_k^2), increasing. */
  readonly widths: Float64Array;
  /** w_k = C h r_k^-alpha. */
  readonly weights: Float64Array;
  /** sum_k w_k e^(-d^2/r_k^2) at distance d. Cost O(K). */
  evaluate(distance: number): number;
}

/**
 * The Fefferman-de la Llave representation discretized into Gaussians: with r = e^t the
 * integral is C int r^-alpha e^(-|x|^2/r^2) dt over the real line, and the trapezoidal rule
 * t_k = t_0 + k h gives |x|^-alpha ~ sum_k C h r_k^-alpha e^(-|x|^2/r_k^2) (an exponential sum,
 * as in Beylkin and Monzon, Appl. Comput. Harmon. Anal. 28, 2010). The integrand is analytic in
 * the strip |Im t| < pi/4, so the step error is ~e^(-pi^2/(2h)) (times an alpha-dependent constant): h = pi^2 / (2 ln(1000/tol)). The
 * range t in [ln minDistance - 2.2, ln maxDistance + ln(C/(alpha tol))/alpha] truncates below
 * e^(-e^4.4) at the left and the tail C (|x|/r)^alpha / alpha <= tol at the right. A user
 * convolves with |x|^-alpha as sum_k w_k (e^(-|.|^2/r_k^2) * rho), each a Gaussian convolution.
 * Number of Gaussians K ~ (ln(max/min) + 2.2 + ln(C/(alpha tol))/alpha)/h (about 160 for
 * alpha = 1, tol = 1e-10, max/min = 1e3; ~3x more for alpha = 0.25). Cost O(K).
 */
export function feffermanDeLaLlaveGaussians(options: GaussianSumOptions): GaussianSum {
  const { alpha, minDistance, maxDistance } = options;
  const C = feffermanDeLaLlaveConstant(alpha);
  requirePositive("minDistance", minDistance);
  requirePositive("maxDistance", maxDistance);
  if (!(maxDistance >= minDistance)) {
    throw new ParameterError(
      "maxDistance",
      `must be >= minDistance (${minDistance}), got ${maxDistance}`,
    );
  }
  const tolerance = options.tolerance ?? 1e-10;
  if (!(tolerance > 0 && tolerance < 1)) {
    throw new ParameterError("tolerance", `must lie in (0, 1), got ${tolerance}`);
  }
  const h = (Math.PI * Math.PI) / (2 * Math.log(1000 / tolerance));
  const t0 = Math.log(minDistance) - 2.2;
  const t1 = Math.log(maxDistance) + Math.max(0, Math.log(C / (alpha * tolerance))) / alpha;
  const count = Math.ceil((t1 - t0) / h) + 1;
  const widths = new Float64Array(count);
  const weights = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const r = Math.exp(t0 + k * h);
    widths[k] = r;
    weights[k] = C * h * r ** -alpha;
  }
  return Object.freeze({
    alpha,
    widths,
    weights,
    evaluate(distance: number): number {
      const d2 = distance * distance;
      let s = 0;
      for (let k = count - 1; k >= 0; k--)
        s += weights[k] * Math.exp(-d2 / (widths[k] * widths[k]));
      return s;
    },
  });
}
