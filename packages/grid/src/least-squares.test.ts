import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import { fitLine } from "./least-squares.js";

function parameterOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ParameterError);
    return (error as ParameterError).parameter;
  }
  throw new Error("expected a ParameterError");
}

/** |a - b| <= tol max(|a|, |b|, tiny). */
function expectRelative(a: number, b: number, tol: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(a), Math.abs(b), 1e-300));
}

describe("fitLine", () => {
  it("recovers an exact line with zero residual", () => {
    const x = [0, 1, 2, 3, 4.5, -2.25];
    const y = x.map((t) => 2.5 - 1.25 * t);
    const fit = fitLine(x, y);
    // Centred sums of six O(10) terms: round-off ~ 10 ulps, so 1e-14 relative has a margin.
    expectRelative(fit.slope, -1.25, 1e-14);
    expectRelative(fit.intercept, 2.5, 1e-14);
    // RSS of residuals ~ 1e-15 each: <= 6e-30; the standard errors are sqrt(RSS/(m-2)/Sxx).
    expect(fit.residualSumOfSquares).toBeLessThan(1e-28);
    expect(fit.slopeStdError).toBeLessThan(1e-14);
    expect(fit.interceptStdError).toBeLessThan(1e-14);
    expectRelative(fit.rSquared, 1, 1e-14);
    expect(fit.points).toBe(6);
    expect(fit.degreesOfFreedom).toBe(4);
  });

  it("matches the hand-computed fit and standard errors of four points", () => {
    // x = 0..3, y = 1, 3, 2, 5: x^- = 1.5, y^- = 2.75, Sxx = 5, Sxy = 5.5, Syy = 8.75, so
    // b = 1.1, a = 2.75 - 1.1 * 1.5 = 1.1; residuals -0.1, 0.8, -1.3, 0.6, RSS = 2.7,
    // s^2 = RSS/(m - 2) = 1.35. Textbook forms (independent of the centred form in the code):
    // SE(b) = sqrt(s^2 / Sxx) = sqrt(0.27), SE(a) = s sqrt(sum x^2 / (m Sxx)) = sqrt(1.35 * 14/20),
    // R^2 = 1 - RSS/Syy = 6.05/8.75.
    const fit = fitLine([0, 1, 2, 3], [1, 3, 2, 5]);
    // All inputs are small integers: every sum is exact or within a few ulps; 1e-14 relative.
    expectRelative(fit.slope, 1.1, 1e-14);
    expectRelative(fit.intercept, 1.1, 1e-14);
    expectRelative(fit.residualSumOfSquares, 2.7, 1e-14);
    expectRelative(fit.slopeStdError, Math.sqrt(1.35 / 5), 1e-14);
    expectRelative(fit.interceptStdError, Math.sqrt((1.35 * 14) / (4 * 5)), 1e-14);
    expectRelative(fit.rSquared, 6.05 / 8.75, 1e-14);
    expect(fit.degreesOfFreedom).toBe(2);
  });

  it("with integer weights equals the unweighted fit of the points repeated that often", () => {
    const x = [0, 1, 2, 4, 5.5];
    const y = [1, 2.2, 2.9, 5.3, 6.1];
    const weights = [1, 3, 2, 1, 4];
    const xs: number[] = [];
    const ys: number[] = [];
    x.forEach((t, k) => {
      for (let r = 0; r < weights[k]; r++) {
        xs.push(t);
        ys.push(y[k]);
      }
    });
    const weighted = fitLine(x, y, { weights });
    const repeated = fitLine(xs, ys);
    // The same sums, grouped differently (w x_k versus x_k + ... + x_k): round-off of ~11 terms of
    // O(10), 1e-13 relative. (The standard errors differ: m - 2 = 3 versus sum w - 2 = 9 degrees
    // of freedom, as weighted least squares with estimated scatter defines them.)
    expectRelative(weighted.slope, repeated.slope, 1e-13);
    expectRelative(weighted.intercept, repeated.intercept, 1e-13);
    expectRelative(weighted.residualSumOfSquares, repeated.residualSumOfSquares, 1e-13);
    expectRelative(weighted.rSquared, repeated.rSquared, 1e-13);
    expect(weighted.points).toBe(5);
    expect(repeated.points).toBe(11);
  });

  it("gives NaN standard errors for two points (no degree of freedom left)", () => {
    const fit = fitLine([1, 3], [2, 6]);
    expect(fit.slope).toBe(2);
    expect(fit.intercept).toBe(0);
    expect(fit.degreesOfFreedom).toBe(0);
    expect(fit.slopeStdError).toBeNaN();
    expect(fit.interceptStdError).toBeNaN();
    expect(fit.residualSumOfSquares).toBe(0);
  });

  it("names the parameter for bad input", () => {
    expect(parameterOf(() => fitLine([1], [1]))).toBe("x");
    expect(parameterOf(() => fitLine([1, 2, 3], [1, 2]))).toBe("y");
    expect(parameterOf(() => fitLine([2, 2, 2], [1, 2, 3]))).toBe("x");
    expect(parameterOf(() => fitLine([1, 2], [Number.NaN, 1]))).toBe("y[0]");
    expect(parameterOf(() => fitLine([1, Number.POSITIVE_INFINITY], [0, 1]))).toBe("x[1]");
    expect(parameterOf(() => fitLine([1, 2], [0, 1], { weights: [1] }))).toBe("weights");
    expect(parameterOf(() => fitLine([1, 2], [0, 1], { weights: [1, 0] }))).toBe("weights[1]");
  });
});
