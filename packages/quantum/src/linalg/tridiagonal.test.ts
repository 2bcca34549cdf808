import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { symmetricTridiagonalEigen } from "./tridiagonal.js";

const EPS = 2 ** -52;

describe("symmetricTridiagonalEigen", () => {
  it("gives the spectrum and sine eigenvectors of the (2, -1) matrix", () => {
    // T = tridiag(-1, 2, -1): lambda_k = 2 - 2 cos(k pi/(n+1)), x_k(i) ~ sin(i k pi/(n+1)).
    const n = 50;
    const { values, vectors } = symmetricTridiagonalEigen(
      new Float64Array(n).fill(2),
      new Float64Array(n - 1).fill(-1),
      { vectors: true },
    );
    // Backward stable QL: |error| <~ c n eps ||T||, ||T|| <= 4; c = 10.
    const tolerance = 10 * n * EPS * 4;
    const norm = Math.sqrt((n + 1) / 2);
    for (let k = 0; k < n; k++) {
      const theta = ((k + 1) * Math.PI) / (n + 1);
      expect(Math.abs(values[k] - (2 - 2 * Math.cos(theta)))).toBeLessThan(tolerance);
      // Eigenvalues are separated by >= ~ pi^2/n^2 ... so vectors are determined up to sign,
      // with error <~ tolerance / gap (Davis-Kahan); the gap here is >= 3e-3.
      const sign = Math.sign(vectors[k]);
      let error = 0;
      for (let i = 0; i < n; i++) {
        error = Math.max(
          error,
          Math.abs(vectors[i * n + k] - (sign * Math.sin((i + 1) * theta)) / norm),
        );
      }
      expect(error).toBeLessThan(tolerance / 3e-3);
    }
  });

  it("finds the nearly degenerate top pair of Wilkinson's W21+", () => {
    // W21+: diagonal |10 - i|, couplings 1. Its two largest eigenvalues agree to ~1e-14; their
    // values 10.746194182903322 / 10.746194182903393 are the classical (Wilkinson 1965) test.
    const d = Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const { values } = symmetricTridiagonalEigen(d, new Array(20).fill(1));
    // The pair itself is split by ~7e-14; each is correct to a few eps ||T|| (||T|| ~ 11).
    expect(Math.abs(values[20] - 10.746194182903393)).toBeLessThan(10 * 21 * EPS * 11);
    expect(Math.abs(values[19] - 10.746194182903322)).toBeLessThan(10 * 21 * EPS * 11);
    let trace = 0;
    for (const v of values) trace += v;
    expect(Math.abs(trace - d.reduce((s, x) => s + x, 0))).toBeLessThan(21 * 10 * 21 * EPS * 11);
  });

  it("handles n = 1, decoupled blocks and bad input", () => {
    expect([...symmetricTridiagonalEigen([3], []).values]).toEqual([3]);
    // Zero coupling splits T into blocks [[1, 1], [1, 1]] (0, 2) and [5].
    const { values } = symmetricTridiagonalEigen([1, 1, 5], [1, 0]);
    expect(values[0]).toBeCloseTo(0, 15);
    expect(values[1]).toBeCloseTo(2, 15);
    expect(values[2]).toBe(5);
    expect(() => symmetricTridiagonalEigen([1, 2, 3], [1])).toThrow(ParameterError);
    expect(() => symmetricTridiagonalEigen([], [])).toThrow(/n/);
  });
});
