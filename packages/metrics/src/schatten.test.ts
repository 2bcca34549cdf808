import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { hilbertSchmidtDistance, traceDistance } from "./norms.js";
import { schattenDistancesPerParticle, schattenNorm, schattenNormOfSpectrum } from "./schatten.js";
import { hermitianWithSpectrum, randomHermitian } from "./testing.js";

const EPS = 2 ** -52;

describe("Schatten norms", () => {
  it("p = 1, 2, Infinity equal the trace norm, the HS norm and max |eigenvalue|", () => {
    const n = 24;
    const a = randomHermitian(n, 5);
    const b = randomHermitian(n, 6);
    const N = 7;
    const [p1, p2, pInf] = schattenDistancesPerParticle(n, a, b, N);
    // trace norm: same eigen-solver, other code path; the HS norm comes from the entries
    // (independent of any eigen-solver): backward stability, <~ n^2 eps ||A - B|| (||.|| ~ 15)
    expect(Math.abs(p1 - traceDistance(n, a, b) / N)).toBeLessThan(10 * n * n * EPS * 15);
    expect(Math.abs(p2 - hilbertSchmidtDistance(n, a, b) / Math.sqrt(N))).toBeLessThan(
      10 * n * n * EPS * 15,
    );
    // prescribed spectrum: ||A||_inf = 4, ||A||_3 = (sum |l|^3)^(1/3), to n eps ||A||
    const spectrum = [3, -2.5, 1e-3, 0, -1e-3, 0.75, -0.75, 2, 1, -4];
    const m = spectrum.length;
    const c = hermitianWithSpectrum(spectrum, 9);
    expect(Math.abs(schattenNorm(m, c, Number.POSITIVE_INFINITY) - 4)).toBeLessThan(
      10 * m * EPS * 4,
    );
    const p3 = spectrum.reduce((s, x) => s + Math.abs(x) ** 3, 0) ** (1 / 3);
    expect(Math.abs(schattenNorm(m, c, 3) - p3)).toBeLessThan(10 * m * m * EPS * 4);
    expect(pInf).toBeCloseTo(
      schattenNorm(
        n,
        Float64Array.from(a, (x, i) => x - b[i]),
        Infinity,
      ),
      12,
    );
  });

  it("decreases in p and tends to the operator norm: ||A||_inf <= ||A||_p <= m^(1/p) ||A||_inf", () => {
    const spectrum = [3, -2.5, 1, 0.5, -4, 0.1];
    let previous = Number.POSITIVE_INFINITY;
    for (const p of [1, 1.5, 2, 4, 8, 32, 128, 512]) {
      const value = schattenNormOfSpectrum(spectrum, p);
      expect(value).toBeLessThanOrEqual(previous);
      expect(value).toBeGreaterThanOrEqual(4);
      expect(value).toBeLessThanOrEqual(6 ** (1 / p) * 4 * (1 + 1e-15));
      previous = value;
    }
    // p = 512: (1 + (3/4)^512 + ...)^(1/512) - 1 ~ 1e-66, i.e. 4 to round-off
    expect(schattenNormOfSpectrum(spectrum, 512)).toBeCloseTo(4, 14);
  });

  it("rejects p < 1 and a bad particle number", () => {
    expect(() => schattenNormOfSpectrum([1], 0.5)).toThrow(ParameterError);
    const a = randomHermitian(3, 1);
    expect(() => schattenDistancesPerParticle(3, a, a, 0)).toThrow(/particleNumber/);
  });
});
