import { describe, expect, it } from "vitest";
import { interpolateToHalfGrid, SpectralInterpolator } from "./spectral-interpolation.js";
import { maxAbsDiff, randomReals, sample2d, trigonometricPolynomial } from "./testing.js";

describe("SpectralInterpolator", () => {
  // Trigonometric polynomials of degree < n/2 are reproduced exactly by the Dirichlet kernel; the
  // weights are accurate to a few ulps, so the error is ~ n * 1e-16 * |f|: 1e-13.
  const n = 16;
  const origin = -1.3;
  const dx = 0.2;
  const period = n * dx;

  it("interpolates band-limited data to arbitrary points, inside and outside the period", () => {
    const f = trigonometricPolynomial(n / 2 - 1, period, 21);
    const samples = Float64Array.from({ length: n }, (_, j) => f.value(origin + j * dx));
    const targets = [
      origin,
      origin + 0.5 * dx,
      0,
      1.2345,
      origin - 7.1,
      origin + 3 * period + 0.01,
    ];
    const interpolator = new SpectralInterpolator({ points: n, origin, spacing: dx }, targets);
    const values = interpolator.applyToLine(samples);
    expect(maxAbsDiff(values, targets.map(f.value))).toBeLessThan(1e-13);
  });

  it("splits the Nyquist term symmetrically: (-1)^j interpolates to cos(pi (y - x_0)/dx)", () => {
    const samples = Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : -1));
    const targets = Array.from(randomReals(9, 2), (r) => origin + 10 * r);
    const values = new SpectralInterpolator(
      { points: n, origin, spacing: dx },
      targets,
    ).applyToLine(samples);
    const expected = targets.map((y) => Math.cos((Math.PI * (y - origin)) / dx));
    expect(maxAbsDiff(values, expected)).toBeLessThan(1e-13);
  });

  it("reproduces the samples at the source points (weights are the identity there)", () => {
    const samples = randomReals(n, 3);
    const targets = Array.from({ length: n }, (_, j) => origin + j * dx);
    const values = new SpectralInterpolator(
      { points: n, origin, spacing: dx },
      targets,
    ).applyToLine(samples);
    expect(maxAbsDiff(values, samples)).toBe(0);
  });

  it("copies samples exactly at targets that are nodes up to rounding", () => {
    // Targets (k - 2048) * 0.1 on a source with origin -204.8 and spacing 0.1 (not binary
    // fractions): (y - x_0)/dx misses the integer by up to ~5e-13 cells for 19 of the 64 targets;
    // they snap to the node.
    const points = 4096;
    const samples = randomReals(points, 8);
    const targets = Array.from({ length: 64 }, (_, q) => (q * 61 - 2048) * 0.1);
    const values = new SpectralInterpolator(
      { points, origin: -204.8, spacing: 0.1 },
      targets,
    ).applyToLine(samples);
    const expected = targets.map((_, q) => samples[q * 61]);
    expect(maxAbsDiff(values, expected)).toBe(0);
  });

  it("gathers along an axis whose targets are all nodes, bit for bit like the weighted sums", () => {
    // every other node of a 4 x 32 x 3 array along axis 1, and the same with one target off the
    // nodes (the weighted sums for every target): the node targets agree exactly either way.
    const shape = [4, 32, 3];
    const data = randomReals(4 * 32 * 3, 12);
    const axis = { points: 32, origin, spacing: dx };
    const nodes = Array.from({ length: 16 }, (_, q) => origin + 2 * q * dx);
    const gathered = new SpectralInterpolator(axis, nodes).applyAlongAxis(data, shape, 1);
    const summed = new SpectralInterpolator(axis, [...nodes, origin + 0.5 * dx]).applyAlongAxis(
      data,
      shape,
      1,
    );
    for (let o = 0; o < 4; o++) {
      for (let q = 0; q < 16; q++) {
        for (let i = 0; i < 3; i++) {
          const got = gathered[(o * 16 + q) * 3 + i];
          expect(got).toBe(data[(o * 32 + 2 * q) * 3 + i]);
          expect(got).toBe(summed[(o * 17 + q) * 3 + i]);
        }
      }
    }
  });

  it.each([0, 1, 2])("applies along axis %i of a 3D array like line by line", (axis) => {
    // Same weights, same sums: equality up to the summation order, 1e-14 on unit data.
    const shape = [n, n, n].map((m, a) => (a === axis ? m : a + 2));
    const size = shape.reduce((p, m) => p * m, 1);
    const data = randomReals(size, 30 + axis);
    const targets = [0.1, -0.4, 2.2];
    const interpolator = new SpectralInterpolator({ points: n, origin, spacing: dx }, targets);
    const result = interpolator.applyAlongAxis(data, shape, axis);
    const stride = shape.slice(axis + 1).reduce((p, m) => p * m, 1);
    const outShape = shape.map((m, a) => (a === axis ? targets.length : m));
    expect(result.length).toBe(outShape.reduce((p, m) => p * m, 1));
    let worst = 0;
    for (let outer = 0; outer < size / (n * stride); outer++) {
      for (let inner = 0; inner < stride; inner++) {
        const line = Float64Array.from(
          { length: n },
          (_, j) => data[outer * n * stride + inner + j * stride],
        );
        const expected = interpolator.applyToLine(line);
        for (let t = 0; t < targets.length; t++) {
          const got = result[outer * targets.length * stride + inner + t * stride];
          worst = Math.max(worst, Math.abs(got - expected[t]));
        }
      }
    }
    expect(worst).toBeLessThan(1e-14);
  });

  it("rejects a mismatched axis", () => {
    const interpolator = new SpectralInterpolator({ points: n, origin, spacing: dx }, [0]);
    expect(() => interpolator.applyAlongAxis(new Float64Array(32), [2, 16], 0)).toThrow(
      /shape\[0\]: must equal source.points = 16/,
    );
    expect(() => new SpectralInterpolator({ points: n, origin, spacing: 0 }, [0])).toThrow(
      /source.spacing/,
    );
  });
});

describe("interpolateToHalfGrid", () => {
  it("refines band-limited 1D data to x_0 + p dx/2 to round-off", () => {
    // Zero padding is exact for degree < n/2; round-off of FFTs of 32 and 64 points: 1e-13.
    const n = 32;
    const dx = 0.15;
    const x0 = -2;
    const f = trigonometricPolynomial(n / 2 - 1, n * dx, 40);
    const values = Float64Array.from({ length: n }, (_, j) => f.value(x0 + j * dx));
    const fine = interpolateToHalfGrid(values);
    expect(fine.length).toBe(2 * n);
    const expected = Float64Array.from({ length: 2 * n }, (_, p) => f.value(x0 + (p * dx) / 2));
    expect(maxAbsDiff(fine, expected)).toBeLessThan(1e-13);
  });

  it("keeps the input at the even points and matches the Dirichlet interpolant for any data", () => {
    // Random data has a Nyquist component: the symmetric split makes the zero-padded values equal
    // to the SpectralInterpolator's at the midpoints, and the input at even points (round-off 1e-14).
    const n = 16;
    const dx = 0.3;
    const values = randomReals(n, 6);
    const fine = interpolateToHalfGrid(values);
    const evens = Float64Array.from({ length: n }, (_, j) => fine[2 * j]);
    expect(maxAbsDiff(evens, values)).toBeLessThan(1e-14);
    const targets = Array.from({ length: 2 * n }, (_, p) => (p * dx) / 2);
    const reference = new SpectralInterpolator({ points: n, origin: 0, spacing: dx }, targets);
    expect(maxAbsDiff(fine, reference.applyToLine(values))).toBeLessThan(1e-14);
  });

  it("refines every axis of a 2D array, or only the ones asked for", () => {
    const shape = [8, 16];
    const dx = [0.4, 0.25];
    const f = trigonometricPolynomial(3, 8 * dx[0], 50);
    const g = trigonometricPolynomial(7, 16 * dx[1], 51);
    const values = sample2d(8, 16, (i, j) => f.value(i * dx[0]) * g.value(j * dx[1]));
    const both = interpolateToHalfGrid(values, shape);
    const expected = sample2d(
      16,
      32,
      (i, j) => f.value((i * dx[0]) / 2) * g.value((j * dx[1]) / 2),
    );
    expect(maxAbsDiff(both, expected)).toBeLessThan(1e-13);
    const onlyFirst = interpolateToHalfGrid(values, shape, 0);
    const expectedFirst = sample2d(16, 16, (i, j) => f.value((i * dx[0]) / 2) * g.value(j * dx[1]));
    expect(maxAbsDiff(onlyFirst, expectedFirst)).toBeLessThan(1e-13);
  });
});

describe("SpectralInterpolator.targetNodes", () => {
  const source = { points: 16, origin: -2, spacing: 0.25 };
  it("names the node of each target on a node (periodic images included), as the weights do", () => {
    const targets = [-2, -1.5, 1.75, 2, 3.25 + 1e-14];
    const nodes = SpectralInterpolator.targetNodes(source, targets) as Int32Array;
    const interpolator = new SpectralInterpolator(source, targets);
    targets.forEach((_, t) => {
      // the weight row of target t is the unit vector of its node
      const row = Array.from(interpolator.weights.subarray(t * 16, (t + 1) * 16));
      expect(row[nodes[t]]).toBe(1);
      expect(row.filter((w) => w !== 0)).toEqual([1]);
    });
    // 2 = -2 + 16 * 0.25 is node 0 of the next period; 3.25 is node 5 of it
    expect(Array.from(nodes)).toEqual([0, 2, 15, 0, 5]);
  });
  it("is undefined when one target lies between nodes", () => {
    expect(SpectralInterpolator.targetNodes(source, [-2, -1.9])).toBeUndefined();
  });
});
