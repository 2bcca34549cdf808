import { describe, expect, it } from "vitest";
import { faddeeva, plasmaDispersionFunction } from "./faddeeva.js";

/**
 * w(z) = (i/pi) int e^{-t^2} / (z - t) dt for Im z > 0, by the trapezoidal rule on [-12, 12]
 * with step h: the integrand is analytic in the strip |Im t| < Im z, so the error is
 * O(e^{-2 pi Im z / h}) (< 1e-40 for Im z >= 0.5, h = 0.02) plus the truncated tails e^{-144}.
 */
function faddeevaByQuadrature(re: number, im: number): { re: number; im: number } {
  const h = 0.02;
  let sumRe = 0;
  let sumIm = 0;
  for (let t = -12; t <= 12 + 1e-12; t += h) {
    const g = Math.exp(-t * t);
    const dr = re - t;
    const d = dr * dr + im * im;
    // 1/(z - t) = (dr - i im)/d
    sumRe += (g * dr) / d;
    sumIm += (-g * im) / d;
  }
  // (i/pi) (sumRe + i sumIm) h
  return { re: (-sumIm * h) / Math.PI, im: (sumRe * h) / Math.PI };
}

describe("faddeeva", () => {
  it("matches the integral representation in the upper half plane", () => {
    const points = [
      [0, 0.5],
      [1, 0.5],
      [2.5, 1],
      [-3, 0.7],
      [0.3, 2],
      [6, 0.5],
    ];
    for (const [re, im] of points) {
      const w = faddeeva({ re, im });
      const q = faddeevaByQuadrature(re, im);
      // Weideman's N = 36 expansion is accurate to ~1e-14 relative here; 1e-12 leaves room
      // for the quadrature's own round-off (sums of ~1200 terms).
      expect(Math.hypot(w.re - q.re, w.im - q.im)).toBeLessThan(1e-12 * Math.hypot(q.re, q.im));
    }
  });

  it("has Re w(x) = exp(-x^2) on the real axis and is continuous across it", () => {
    for (const x of [0, 0.4, 1.3, 2.7, -1.9, 4.2]) {
      // exact identity; 1e-14 absolute is a few ulps of values <= 1
      expect(Math.abs(faddeeva({ re: x, im: 0 }).re - Math.exp(-x * x))).toBeLessThan(1e-14);
      const above = faddeeva({ re: x, im: 1e-9 });
      const below = faddeeva({ re: x, im: -1e-9 });
      // |w'| <= 2|z||w| + 2/sqrt(pi) ~ 10, so a 2e-9 step changes w by < 2e-8
      expect(Math.hypot(above.re - below.re, above.im - below.im)).toBeLessThan(3e-8);
    }
  });

  it("satisfies w'(z) = -2 z w(z) + 2i/sqrt(pi) in both half planes", () => {
    for (const [re, im] of [
      [2, -0.2],
      [1, 0.3],
      [-0.5, -0.6],
    ]) {
      const h = 1e-5;
      const plus = faddeeva({ re: re + h, im });
      const minus = faddeeva({ re: re - h, im });
      const w = faddeeva({ re, im });
      const derivative = { re: (plus.re - minus.re) / (2 * h), im: (plus.im - minus.im) / (2 * h) };
      const expected = {
        re: -2 * (re * w.re - im * w.im),
        im: -2 * (re * w.im + im * w.re) + 2 / Math.sqrt(Math.PI),
      };
      // central difference error ~ h^2 |w'''| / 6 ~ 1e-9, plus round-off 1e-16/h ~ 1e-11
      expect(Math.hypot(derivative.re - expected.re, derivative.im - expected.im)).toBeLessThan(
        1e-8,
      );
    }
  });

  it("gives Z(zeta) ~ -1/zeta - 1/(2 zeta^3) for large real zeta", () => {
    const zeta = 30;
    const z = plasmaDispersionFunction({ re: zeta, im: 0 });
    // asymptotic series to 4 terms; the next, -105/(16 zeta^9), is 3e-13
    const expected = -1 / zeta - 1 / (2 * zeta ** 3) - 3 / (4 * zeta ** 5) - 15 / (8 * zeta ** 7);
    expect(Math.abs(z.re - expected)).toBeLessThan(1e-12);
    // Im Z = sqrt(pi) e^{-zeta^2} ~ 1e-391; the expansion's absolute error is ~1e-16
    expect(Math.abs(z.im)).toBeLessThan(1e-15);
  });
});
