import { fitLine, type LineFit, ParameterError } from "@semiclassical/grid";
import studentTQuantile from "@stdlib/stats-base-dists-t-quantile";

/** Options of {@link fitRate}. */
export interface FitRateOptions {
  /** Confidence level of the slope interval, in (0, 1). Default 0.95. */
  confidence?: number;
  /**
   * Weights w_k > 0 of the points (weighted least squares, grid's `fitLine`): 1 / sigma_k^2 with
   * sigma_k the relative uncertainty of error_k. Default: all 1 (ordinary least squares).
   */
  weights?: readonly number[];
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
 * interval (quantile from @stdlib/stats-base-dists-t-quantile). The slope is the measured exponent r in error ~ C eps^r, to be compared with
 * {@link theoremExponents}. The line is grid's `fitLine` (weighted by `options.weights`, else unweighted), the one least-squares fit
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
    line = fitLine(x, y, options.weights ? { weights: options.weights } : {});
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
  // Student t quantile t_{(1 + c)/2, m - 2} (@stdlib/stats-base-dists-t-quantile).
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
