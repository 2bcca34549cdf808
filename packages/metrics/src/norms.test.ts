import { ParameterError } from "@semiclassical/grid";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  hilbertSchmidtDistance,
  hilbertSchmidtNorm,
  packedHilbertSchmidtNorm,
  traceDistance,
  traceNorm,
  traceNormOfSpectrum,
} from "./norms.js";
import { hermitianWithSpectrum, randomHermitian } from "./testing.js";

const EPS = 2 ** -52;

describe("traceNorm", () => {
  it("equals half the sum of singular values of the real embedding (ml-matrix SVD)", () => {
    // H = A + iB has the real symmetric embedding [[A, -B], [B, A]] whose singular values are
    // those of H, each twice. Two independent algorithms (Householder + QL here, Golub-Kahan SVD
    // there), both backward stable: they agree to ~ n^2 eps ||H|| (n values, each n eps ||H||).
    const n = 40;
    const h = randomHermitian(n, 17);
    const embedding = Matrix.zeros(2 * n, 2 * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const re = h[2 * (i * n + j)];
        const im = h[2 * (i * n + j) + 1];
        embedding.set(i, j, re);
        embedding.set(i + n, j + n, re);
        embedding.set(i, j + n, -im);
        embedding.set(i + n, j, im);
      }
    }
    const svd = new SingularValueDecomposition(embedding, {
      computeLeftSingularVectors: false,
      computeRightSingularVectors: false,
    });
    const reference = svd.diagonal.reduce((s, x) => s + x, 0) / 2;
    const norm = svd.diagonal[0];
    expect(Math.abs(traceNorm(n, h) - reference)).toBeLessThan(10 * n * n * EPS * norm);
  });

  it("equals sum |lambda_k| for a matrix built with a prescribed spectrum", () => {
    const spectrum = [3, -2.5, 1e-3, 0, -1e-3, 0.75, -0.75, 2, 1, -4];
    const n = spectrum.length;
    const expected = spectrum.reduce((s, x) => s + Math.abs(x), 0);
    // Backward stability: each eigenvalue to ~ n eps ||A|| (||A|| = 4), summed over n values.
    expect(Math.abs(traceNorm(n, hermitianWithSpectrum(spectrum, 3)) - expected)).toBeLessThan(
      10 * n * n * EPS * 4,
    );
    expect(traceNormOfSpectrum(spectrum)).toBeCloseTo(expected, 14);
  });

  it("is a norm: tr|A - B| <= tr|A - C| + tr|C - B|, homogeneous, and tr|A| = tr A for A >= 0", () => {
    const n = 12;
    const a = randomHermitian(n, 1);
    const b = randomHermitian(n, 2);
    const c = randomHermitian(n, 3);
    // Triangle inequality holds exactly; slack for round-off of three trace norms (~n^2 eps each).
    const slack = 10 * n * n * EPS * 20;
    expect(traceDistance(n, a, b)).toBeLessThanOrEqual(
      traceDistance(n, a, c) + traceDistance(n, c, b) + slack,
    );
    expect(
      traceNorm(
        n,
        a.map((x) => -2 * x),
      ),
    ).toBeCloseTo(2 * traceNorm(n, a), 11);
    const positive = hermitianWithSpectrum([0.1, 0.5, 1, 0.9, 0, 0.3], 8);
    let trace = 0;
    for (let i = 0; i < 6; i++) trace += positive[2 * (i * 6 + i)];
    expect(traceNorm(6, positive)).toBeCloseTo(trace, 13);
  });

  it("rejects arrays of the wrong size", () => {
    expect(() => traceNorm(3, new Float64Array(17))).toThrow(ParameterError);
    expect(() => traceDistance(2, new Float64Array(8), new Float64Array(6))).toThrow(/b/);
  });
});

describe("hilbertSchmidtNorm", () => {
  it("equals (sum lambda_k^2)^(1/2) for a prescribed spectrum and scales without overflow", () => {
    const spectrum = [1, -2, 0.5, 3, -0.25];
    const a = hermitianWithSpectrum(spectrum, 5);
    const expected = Math.sqrt(spectrum.reduce((s, x) => s + x * x, 0));
    // Unitary invariance; the matrix is built with ~ n eps relative error.
    expect(hilbertSchmidtNorm(5, a)).toBeCloseTo(expected, 13);
    const huge = a.map((x) => x * 1e200);
    expect(hilbertSchmidtNorm(5, huge) / 1e200).toBeCloseTo(expected, 13);
    const zero = new Float64Array(50);
    expect(hilbertSchmidtNorm(5, zero)).toBe(0);
    expect(hilbertSchmidtDistance(5, a, a)).toBe(0);
    expect(hilbertSchmidtDistance(5, a, zero)).toBeCloseTo(expected, 13);
  });

  it("of a packed lower triangle: the same (sum lambda_k^2)^(1/2), without overflow", () => {
    const spectrum = [1, -2, 0.5, 3, -0.25];
    const a = hermitianWithSpectrum(spectrum, 5);
    const expected = Math.sqrt(spectrum.reduce((s, x) => s + x * x, 0));
    const lower = (m: Float64Array) => {
      const out = new Float64Array(5 * 6);
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j <= i; j++)
          out.set(m.subarray(2 * (i * 5 + j), 2 * (i * 5 + j) + 2), i * (i + 1) + 2 * j);
      }
      return out;
    };
    expect(packedHilbertSchmidtNorm({ order: 5, data: lower(a) })).toBeCloseTo(expected, 13);
    const huge = lower(a.map((x) => x * 1e200));
    expect(packedHilbertSchmidtNorm({ order: 5, data: huge }) / 1e200).toBeCloseTo(expected, 13);
    expect(packedHilbertSchmidtNorm({ order: 5, data: new Float64Array(30) })).toBe(0);
    expect(() => packedHilbertSchmidtNorm({ order: 5, data: new Float64Array(50) })).toThrow(
      ParameterError,
    );
  });
});
