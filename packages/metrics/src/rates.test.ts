import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { fitRate, studentTCdf, studentTQuantile, theoremExponents } from "./rates.js";
import { seededGaussian } from "./testing.js";

describe("studentTQuantile", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // dof = 1 (Cauchy): t_p = tan(pi (p - 1/2)); dof = 2: t_p = (2p - 1) sqrt(2 / (4 p (1 - p))).
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      // bisection to 1e-14 relative plus the incomplete-beta continued fraction (~1e-15): 1e-11.
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 10);
      expect(studentTQuantile(p, 2)).toBeCloseTo(
        (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))),
        10,
      );
    }
  });

  it("tends to the normal quantile for many degrees of freedom and is odd", () => {
    // t_{0.975, nu} = 1.959964 + 2.37227/nu + O(nu^-2) (Cornish-Fisher: z + (z^3 + z)/(4 nu));
    // at nu = 1e6 the correction is 2.4e-6.
    const z = 1.959963984540054;
    expect(Math.abs(studentTQuantile(0.975, 1e6) - z)).toBeLessThan(1e-5);
    expect(studentTQuantile(0.1, 5)).toBeCloseTo(-studentTQuantile(0.9, 5), 12);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 15);
  });
});

describe("fitRate", () => {
  it("recovers an exact power law", () => {
    const eps = [1 / 8, 1 / 16, 1 / 32, 1 / 64];
    const fit = fitRate(
      eps,
      eps.map((e) => 3 * e ** 0.75),
    );
    // Exact data: slope and intercept to round-off of log (1e-15 relative).
    expect(fit.slope).toBeCloseTo(0.75, 13);
    expect(fit.intercept).toBeCloseTo(Math.log(3), 13);
    expect(fit.slopeStdError).toBeLessThan(1e-13);
    expect(fit.rSquared).toBeCloseTo(1, 13);
  });

  it("recovers a noisy slope inside its interval, with the stated coverage over many trials", () => {
    // Synthetic data err = 2 eps^1.3 e^{0.1 z}, z standard normal; 6 points. The Student-t interval
    // is exact for Gaussian noise in log(err): over 400 independent trials the 95% interval must
    // contain 1.3 in 380 +- 3 sd (sd = sqrt(400 0.95 0.05) = 4.4), i.e. between 367 and 393.
    const eps = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625];
    const gaussian = seededGaussian(42);
    let covered = 0;
    const trials = 400;
    for (let trial = 0; trial < trials; trial++) {
      const err = eps.map((e) => 2 * e ** 1.3 * Math.exp(0.1 * gaussian()));
      const fit = fitRate(eps, err);
      if (fit.slopeInterval[0] <= 1.3 && 1.3 <= fit.slopeInterval[1]) covered++;
      // The 99.999% interval (t_4 ~ 31) contains the true slope in every trial (failure chance
      // 1e-5 per trial, 0.4% over all 400).
      const wide = fitRate(eps, err, { confidence: 0.99999 });
      expect(wide.slopeInterval[0]).toBeLessThan(1.3);
      expect(wide.slopeInterval[1]).toBeGreaterThan(1.3);
    }
    expect(covered).toBeGreaterThanOrEqual(367);
    expect(covered).toBeLessThanOrEqual(393);
  });

  it("reports an unbounded interval for two points and rejects bad input", () => {
    const fit = fitRate([0.1, 0.2], [0.01, 0.04]);
    expect(fit.slope).toBeCloseTo(2, 13);
    expect(fit.slopeInterval[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(fit.slopeStdError)).toBe(true);
    expect(() => fitRate([0.1], [0.2])).toThrow(ParameterError);
    expect(() => fitRate([0.1, 0.2], [0.2, 0])).toThrow(/errors\[1\]/);
    expect(() => fitRate([0.1, 0.1], [0.2, 0.3])).toThrow(/distinct/);
    expect(() => fitRate([0.1, 0.2], [0.2, 0.3], { confidence: 1 })).toThrow(/confidence/);
  });
});

describe("theoremExponents", () => {
  it("gives 11/12 - alpha/2 in Theorem 1's range and 1 up to Coulomb", () => {
    expect(theoremExponents(0.25)).toEqual({ theorem1: 11 / 12 - 0.125, theorem2: 1 });
    expect(theoremExponents(0.75)).toEqual({ theorem2: 1 });
    expect(theoremExponents(1)).toEqual({ theorem2: 1 });
    expect(theoremExponents(1.5)).toEqual({});
    expect(() => theoremExponents(0)).toThrow(ParameterError);
  });
});
