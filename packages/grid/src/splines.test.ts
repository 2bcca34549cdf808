import { describe, expect, it } from "vitest";
import {
  bSpline,
  PeriodicSplinePrefilter,
  type SplineDegree,
  splinePoles,
  splineWeights,
} from "./splines.js";
import { randomReals } from "./testing.js";

const degrees: SplineDegree[] = [3, 5];

describe("B-spline building blocks", () => {
  it.each(degrees)("degree %i: the poles are roots of the sampled B-spline symbol", (degree) => {
    // sum_k beta_p(k) z^k = 0 at each pole (and |z| < 1). Round-off relative to the size of the
    // terms, sum_k |beta_p(k) z^k| (up to ~10 for the small quintic pole): 1e-15 of it.
    for (const z of splinePoles(degree)) {
      expect(Math.abs(z)).toBeLessThan(1);
      let symbol = 0;
      let scale = 0;
      for (let k = -3; k <= 3; k++) {
        symbol += bSpline(degree, k) * z ** k;
        scale += Math.abs(bSpline(degree, k) * z ** k);
      }
      expect(Math.abs(symbol)).toBeLessThan(1e-15 * scale);
    }
  });

  it.each(degrees)(
    "degree %i: the polynomial weights equal the truncated-power formula",
    (degree) => {
      // Two evaluations of the same polynomial: the truncated-power sum cancels terms up to
      // 3^5/120 ~ 2 for the quintic, so agreement is ~4e-16 * 2 * 6 terms: tolerance 1e-14.
      const weights = new Float64Array(degree + 1);
      for (const t of [0, 0.1, 0.37, 0.5, 0.999, 1]) {
        splineWeights(degree, t, weights);
        let sum = 0;
        for (let r = 0; r <= degree; r++) {
          expect(Math.abs(weights[r] - bSpline(degree, t - r + (degree - 1) / 2))).toBeLessThan(
            1e-14,
          );
          sum += weights[r];
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-15); // partition of unity
      }
    },
  );

  it.each([
    [3, 4],
    [3, 64],
    [5, 7],
    [5, 100],
  ] as const)(
    "degree %i, n = %i: the prefilter solves the periodic interpolation system",
    (degree, n) => {
      // sum_i c_i beta_p(j - i) = f_j (indices mod n). The system is well conditioned
      // (cond <= 3 for cubic, <= 7.5 for quintic), so the residual is round-off: 1e-14.
      const f = randomReals(n, n + degree);
      const filter = new PeriodicSplinePrefilter(degree, n);
      const c = f.slice();
      filter.applyInPlace(c, 0);
      const interleaved = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) interleaved[2 * j + 1] = f[j];
      filter.applyInterleaved(interleaved, 2);
      const half = (degree + 1) / 2;
      for (let j = 0; j < n; j++) {
        let value = 0;
        for (let k = -half; k <= half; k++) {
          const i = (((j - k) % n) + n) % n;
          value += filter.gain * c[i] * bSpline(degree, k);
        }
        expect(Math.abs(value - f[j])).toBeLessThan(1e-14);
        // The interleaved variant does the same arithmetic on line 1 of 2.
        expect(Math.abs(interleaved[2 * j + 1] - c[j])).toBeLessThan(1e-15);
      }
    },
  );
});
