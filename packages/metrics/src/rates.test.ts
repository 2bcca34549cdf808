import { ParameterError } from "@semiclassical/grid";
import studentTCdf from "@stdlib/stats-base-dists-t-cdf";
import studentTQuantile from "@stdlib/stats-base-dists-t-quantile";
import { describe, expect, it } from "vitest";
import { fitRate, theoremExponents } from "./rates.js";
import { seededGaussian } from "./testing.js";

// Published two-sided Student t critical values (e.g. NIST/SEMATECH e-Handbook of Statistical
// Methods, table 1.3.6.7.2), rounded to 3 decimals: t_{0.975, nu} and t_{0.995, nu}.
const T_TABLE: readonly [number, number, number][] = [
  // [nu, t_0.975, t_0.995]
  [1, 12.706, 63.657],
  [2, 4.303, 9.925],
  [3, 3.182, 5.841],
  [5, 2.571, 4.032],
  [10, 2.228, 3.169],
  [30, 2.042, 2.75],
];

describe("Student t (@stdlib/stats-base-dists-t-quantile and -cdf)", () => {
  it("matches the published t table", () => {
    // The table rounds to 3 decimals: |difference| <= 5e-4.
    for (const [nu, t975, t995] of T_TABLE) {
      expect(Math.abs(studentTQuantile(0.975, nu) - t975)).toBeLessThanOrEqual(5e-4);
      expect(Math.abs(studentTQuantile(0.995, nu) - t995)).toBeLessThanOrEqual(5e-4);
      // The CDF at the exact quantile gives the probability back (both from @stdlib, 1e-12).
      expect(studentTCdf(studentTQuantile(0.975, nu), nu)).toBeCloseTo(0.975, 12);
    }
  });

  it("gives fitRate's interval: slope +- t_{0.975, m-2} times the standard error", () => {
    // Four noisy points: 2 degrees of freedom, so the half-width is 4.303 standard errors
    // (the table's 3 decimals, relative 1.2e-4).
    const eps = [1 / 8, 1 / 16, 1 / 32, 1 / 64];
    const fit = fitRate(
      eps,
      eps.map((e, k) => e ** 1.5 * (1 + 0.05 * (-1) ** k)),
    );
    expect(fit.degreesOfFreedom).toBe(2);
    const halfWidth = (fit.slopeInterval[1] - fit.slopeInterval[0]) / 2;
    expect(Math.abs(halfWidth / fit.slopeStdError - 4.303)).toBeLessThanOrEqual(5e-4);
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
