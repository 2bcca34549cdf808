import { ParameterError } from "./errors.js";

/** A weighted least-squares line y ~ slope x + intercept (see {@link fitLine}). */
export interface LineFit {
  readonly slope: number;
  readonly intercept: number;
  /**
   * Standard error of the slope, sqrt(s^2 / Sxx) with s^2 = RSS / (m - 2) (weighted sums);
   * NaN for m = 2 points (no degree of freedom left to estimate the scatter).
   */
  readonly slopeStdError: number;
  /** Standard error of the intercept (NaN for m = 2). */
  readonly interceptStdError: number;
  /** Residual sum of squares sum_k w_k (y_k - intercept - slope x_k)^2. */
  readonly residualSumOfSquares: number;
  /** 1 - RSS / Syy (1 when the y are all equal). */
  readonly rSquared: number;
  /** m - 2. */
  readonly degreesOfFreedom: number;
  /** Number of points m. */
  readonly points: number;
}

/** Options of {@link fitLine}. */
export interface LineFitOptions {
  /**
   * Weights w_k > 0 (default all 1), e.g. 1 / sigma_k^2 for points with known uncertainties
   * sigma_k; the standard errors are then those of weighted least squares with the scatter
   * estimated from the residuals.
   */
  readonly weights?: ArrayLike<number>;
}

/**
 * The (weighted) least-squares line through (x_k, y_k), k = 1..m: minimizes
 * sum_k w_k (y_k - a - b x_k)^2 with centred sums (x^- = sum w x / sum w, Sxx = sum w (x - x^-)^2,
 * Sxy, Syy): b = Sxy / Sxx, a = y^- - b x^-. The one least-squares fit of the project (rates in
 * metrics, damping rates in vlasov). Throws a {@link ParameterError} for fewer than two points,
 * unequal lengths, non-finite values, weights <= 0, or all x equal. Cost O(m).
 */
export function fitLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: LineFitOptions = {},
): LineFit {
  const m = x.length;
  if (y.length !== m) {
    throw new ParameterError("y", `must have one value per x (${m}), got ${y.length}`);
  }
  if (m < 2) throw new ParameterError("x", `needs at least 2 points to fit a line, got ${m}`);
  const weights = options.weights;
  if (weights !== undefined && weights.length !== m) {
    throw new ParameterError(
      "weights",
      `must have one weight per point (${m}), got ${weights.length}`,
    );
  }
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < m; k++) {
    const w = weights === undefined ? 1 : weights[k];
    if (!(w > 0) || !Number.isFinite(w)) {
      throw new ParameterError(`weights[${k}]`, `must be a finite number > 0, got ${w}`);
    }
    if (!Number.isFinite(x[k])) throw new ParameterError(`x[${k}]`, `must be finite, got ${x[k]}`);
    if (!Number.isFinite(y[k])) throw new ParameterError(`y[${k}]`, `must be finite, got ${y[k]}`);
    sw += w;
    sx += w * x[k];
    sy += w * y[k];
  }
  const xMean = sx / sw;
  const yMean = sy / sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let k = 0; k < m; k++) {
    const w = weights === undefined ? 1 : weights[k];
    sxx += w * (x[k] - xMean) ** 2;
    sxy += w * (x[k] - xMean) * (y[k] - yMean);
    syy += w * (y[k] - yMean) ** 2;
  }
  if (!(sxx > 0)) throw new ParameterError("x", "must contain at least two distinct values");
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let rss = 0;
  for (let k = 0; k < m; k++) {
    const w = weights === undefined ? 1 : weights[k];
    rss += w * (y[k] - intercept - slope * x[k]) ** 2;
  }
  const degreesOfFreedom = m - 2;
  const variance = degreesOfFreedom > 0 ? rss / degreesOfFreedom : Number.NaN;
  return {
    slope,
    intercept,
    slopeStdError: Math.sqrt(variance / sxx),
    interceptStdError: Math.sqrt(variance * (1 / sw + (xMean * xMean) / sxx)),
    residualSumOfSquares: rss,
    rSquared: syy > 0 ? 1 - rss / syy : 1,
    degreesOfFreedom,
    points: m,
  };
}
