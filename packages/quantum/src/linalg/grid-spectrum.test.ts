import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { randomHermitian } from "./fixtures.js";
import { hermitianGridSpectrum } from "./grid-spectrum.js";
import { hermitianEigen } from "./hermitian.js";
import { reflectionSectors } from "./reflection.js";

/** (A + s R A R)/2 of an interleaved complex n x n matrix on a grid of `shape`, s = +-1. */
function reflectedPart(shape: number[], a: Float64Array, sign: 1 | -1): Float64Array {
  const { size: n, partner } = reflectionSectors(shape);
  const out = new Float64Array(a.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = 2 * (i * n + j);
      const q = 2 * (partner[i] * n + partner[j]);
      out[p] = 0.5 * (a[p] + sign * a[q]);
      out[p + 1] = 0.5 * (a[p + 1] + sign * a[q + 1]);
    }
  }
  return out;
}

const sumAbs = (values: Float64Array) => values.reduce((s, x) => s + Math.abs(x), 0);
const frobenius = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));

describe("hermitianGridSpectrum", () => {
  it("finds the spectrum of an operator commuting with the reflection in its two sectors", () => {
    // S = (A + R A R)/2 commutes with R exactly up to the rounding of the average; its blocks are
    // a unitary similarity of S, so both spectra agree to the solvers' backward error
    // (~n eps_mach ||S||_2 <= 1e-13 ||S||_F at these orders).
    for (const shape of [[64], [7], [6, 5], [4, 3, 4]]) {
      const n = shape.reduce((p, m) => p * m, 1);
      const s = reflectedPart(shape, randomHermitian(n, 3 + n), 1);
      const found = hermitianGridSpectrum(shape, s);
      expect(found.reflected).toBe(true);
      expect(found.asymmetryBound).toBeLessThan(1e-15 * frobenius(s));
      const full = hermitianEigen(n, s).values;
      for (let k = 0; k < n; k++) {
        expect(Math.abs(found.values[k] - full[k])).toBeLessThan(1e-13 * frobenius(s));
      }
      for (let k = 1; k < n; k++)
        expect(found.values[k]).toBeGreaterThanOrEqual(found.values[k - 1]);
    }
  });

  it("bounds what dropping the sectors' coupling changes, and the sectors give a lower bound", () => {
    // A = S + delta T with T = (B - R B R)/2: the sectors see S. Pinching: ||S||_1 <= ||A||_1;
    // triangle: ||A||_1 <= ||S||_1 + ||T||_1 <= ||S||_1 + sqrt(rank T) ||T||_F = the bound.
    // The rounding of the two solves (~n eps_mach ||A||_1 = 1e-13 relative) is the slack.
    const shape = [48];
    const n = 48;
    const s = reflectedPart(shape, randomHermitian(n, 5), 1);
    const t = reflectedPart(shape, randomHermitian(n, 6), -1);
    for (const delta of [1e-9, 1e-4]) {
      const a = s.map((x, i) => x + delta * t[i]);
      const found = hermitianGridSpectrum(shape, a, { tolerance: 1e-2 });
      expect(found.reflected).toBe(true);
      // the bound from its definition: rank T <= 2 min(n_even, n_odd) = 2 (n/2 - 1)
      expect(found.asymmetryBound / (Math.sqrt(n - 2) * delta * frobenius(t)) - 1).toBeLessThan(
        1e-12,
      );
      const exact = sumAbs(hermitianEigen(n, a).values);
      const sectors = sumAbs(found.values);
      expect(sectors).toBeLessThanOrEqual(exact * (1 + 1e-13));
      expect(exact - sectors).toBeLessThanOrEqual(found.asymmetryBound + 1e-13 * exact);
      // second order in delta here (no eigenvalue of S near 0): seen at 1e-4, rounding at 1e-9
      if (delta > 1e-6) expect(exact - sectors).toBeGreaterThan(1e-3 * delta ** 2 * exact);
    }
  });

  it("falls back to the full spectrum when the asymmetry exceeds the tolerance", () => {
    const shape = [5, 6];
    const a = randomHermitian(30, 9);
    const found = hermitianGridSpectrum(shape, a);
    expect(found.reflected).toBe(false);
    expect(found.asymmetryBound).toBe(0);
    expect(Array.from(found.values)).toEqual(Array.from(hermitianEigen(30, a).values));
  });

  it("names the parameter of a malformed call", () => {
    expect(() => hermitianGridSpectrum([4, 4], new Float64Array(2 * 15 * 15))).toThrow(
      ParameterError,
    );
    expect(() => hermitianGridSpectrum([8], new Float64Array(128), { tolerance: -1 })).toThrow(
      /tolerance/,
    );
  });
});
