import { fitLine, type LineFit, ParameterError } from "@semiclassical/grid";

/** Options of {@link fitRate}. */
export interface FitRateOptions {
  /** Confidence level of the slope interval, in (0, 1). Default 0.95. */
  confidence?: number;
}

/** Least-squares fit log(error) = slope log(eps) + intercept (error ~ e^intercept eps^slope). */
export interface RateFit {
  /** The measured convergence exponent. */
  readonly slope: number;
  readonly intercept: number;
  /** Standard error of the slope, s / sqrt(Sxx) with s^2 = RSS / (m - 2); NaN for m = 2. */
  readonly slopeStdError: number;
  /** Standard error of the intercept; NaN for m = 2. */
  readonly interceptStdError: number;
  /** Confidence level of {@link slopeInterval}. */
  readonly confidence: number;
  /**
   * slope -+ t_{(1+c)/2, m-2} slopeStdError (Student t: exact coverage for independent
   * Gaussian noise in log(error)); [-Infinity, Infinity] for m = 2.
   */
  readonly slopeInterval: readonly [number, number];
  /** m - 2. */
  readonly degreesOfFreedom: number;
  /** Coefficient of determination R^2 of the log-log fit. */
  readonly rSquared: number;
  /** Number m of points. */
  readonly points: number;
}

/**
 * Rate fit: ordinary least squares of log(error_k) against log(eps_k), k = 1..m (m >= 2, distinct
 * eps, all values finite and > 0), with the slope's standard error and a Student-t confidence
 * interval. The slope is the measured exponent r in error ~ C eps^r, to be compared with
 * {@link theoremExponents}. The line is grid's `fitLine` (unweighted), the one least-squares fit
 * of the project: with m = 2 its standard errors are NaN and the interval is (-inf, inf).
 * Cost O(m); allocates O(m).
 */
export function fitRate(
  epsilons: readonly number[],
  errors: readonly number[],
  options: FitRateOptions = {},
): RateFit {
  const m = epsilons.length;
  if (errors.length !== m) {
    throw new ParameterError("errors", `must have one entry per eps (${m}), got ${errors.length}`);
  }
  if (m < 2)
    throw new ParameterError("epsilons", `needs at least 2 points to fit a slope, got ${m}`);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new ParameterError("confidence", `must be in (0, 1), got ${confidence}`);
  }
  const x = epsilons.map((e, k) => {
    if (!(e > 0) || !Number.isFinite(e)) {
      throw new ParameterError(`epsilons[${k}]`, `must be a finite number > 0, got ${e}`);
    }
    return Math.log(e);
  });
  const y = errors.map((e, k) => {
    if (!(e > 0) || !Number.isFinite(e)) {
      throw new ParameterError(
        `errors[${k}]`,
        `must be a finite number > 0 (its logarithm is fitted), got ${e}`,
      );
    }
    return Math.log(e);
  });
  let line: LineFit;
  try {
    line = fitLine(x, y);
  } catch (error) {
    // The x are log(eps): name the caller's parameter.
    if (error instanceof ParameterError && error.parameter === "x") {
      throw new ParameterError("epsilons", error.message);
    }
    throw error;
  }
  const { slope, intercept, slopeStdError, interceptStdError, degreesOfFreedom, rSquared } = line;
  if (degreesOfFreedom === 0) {
    return {
      slope,
      intercept,
      slopeStdError,
      interceptStdError,
      confidence,
      slopeInterval: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      degreesOfFreedom,
      rSquared,
      points: m,
    };
  }
  const t = studentTQuantile((1 + confidence) / 2, degreesOfFreedom);
  return {
    slope,
    intercept,
    slopeStdError,
    interceptStdError,
    confidence,
    slopeInterval: [slope - t * slopeStdError, slope + t * slopeStdError],
    degreesOfFreedom,
    rSquared,
    points: m,
  };
}

/** Convergence exponents r (error per particle <~ eps^r) the theorems predict (THEORY.md section 1). */
export interface TheoremExponents {
  /**
   * Theorem 1 (Saffirio, CMP 2019), V = |x|^-alpha with alpha in (0, 1/2):
   * tr|omega_t - omega~_t| <= e^{Ct} N eps^(11/12 - alpha/2). Undefined outside that range.
   */
  readonly theorem1?: number;
  /**
   * Theorem 2 (Saffirio, arXiv:1903.06013), alpha in (0, 1] (up to Coulomb), conditional on
   * ||rho_{|[x, omega~_t]|}||_{L^p} <= C N eps: tr|omega_t - omega~_t| <= C_T N eps, exponent 1.
   * Undefined outside (0, 1].
   */
  readonly theorem2?: number;
}

/**
 * The theorems' exponents for V = lambda |x|^-alpha (THEORY.md section 1). They are upper
 * bounds (the measured rate may be better); the exponent is for the per-particle trace norm
 * (1/N) tr|omega_t - omega~_t| as a function of eps. Cost O(1).
 */
export function theoremExponents(alpha: number): TheoremExponents {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new ParameterError("alpha", `must be a finite number > 0, got ${alpha}`);
  }
  return {
    ...(alpha < 0.5 ? { theorem1: 11 / 12 - alpha / 2 } : {}),
    ...(alpha <= 1 ? { theorem2: 1 } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Student t distribution (for the confidence interval).

/** log Gamma(x), x > 0, Lanczos approximation (g = 7, 9 terms), relative error < 1e-15. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let k = 1; k < 9; k++) sum += c[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let term = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    term = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student t cumulative distribution P(T <= t) with `dof` degrees of freedom. Cost O(1). */
export function studentTCdf(t: number, dof: number): number {
  const tail = 0.5 * regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile t with P(T <= t) = probability of the Student t distribution (dof > 0), by bisection
 * on {@link studentTCdf} to ~1e-13 relative. Cost ~ 200 cdf evaluations.
 */
export function studentTQuantile(probability: number, dof: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new ParameterError("probability", `must be in (0, 1), got ${probability}`);
  }
  if (!(dof > 0)) throw new ParameterError("dof", `must be > 0, got ${dof}`);
  if (probability < 0.5) return -studentTQuantile(1 - probability, dof);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, dof) < probability) {
    low = high;
    high *= 2;
  }
  for (let k = 0; k < 200 && high - low > 1e-14 * high; k++) {
    const middle = 0.5 * (low + high);
    if (studentTCdf(middle, dof) < probability) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}
