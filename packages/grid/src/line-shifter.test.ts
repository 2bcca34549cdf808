import { describe, expect, it } from "vitest";
import { LineShifter, type ShiftMethod } from "./line-shifter.js";
import { maxAbsDiff, randomReals, sample2d, trigonometricPolynomial } from "./testing.js";

describe("LineShifter, spectral", () => {
  // Band-limited data: the shifted trigonometric interpolant is the exact f(x - s). The only error
  // is round-off of two FFTs of n <= 64 points, ~ log2(n) * 1e-16 * sum |coefficients| ~ 1e-15;
  // 1e-12 leaves three orders of margin.
  const dx = 0.37;
  it.each<[number[], number]>([
    [[16, 32], 0],
    [[16, 32], 1],
    [[5, 32], 1], // odd number of lines: the last line has no partner
    [[32, 5], 0], // a strided axis with a partial tile
    [[3, 8, 16], 1],
    [[3, 8, 16], 2],
    [[4, 8, 16], 0],
  ])("shifts band-limited lines of shape %j along axis %i to round-off", (shape, axis) => {
    const n = shape[axis];
    const period = n * dx;
    const f = trigonometricPolynomial(n / 2 - 1, period, 17 + axis);
    const size = shape.reduce((p, m) => p * m, 1);
    const lines = size / n;
    const stride = shape.slice(axis + 1).reduce((p, m) => p * m, 1);
    const shifts = Array.from(randomReals(lines, 5 + n), (r) => 7 * r * period); // up to 3.5 periods
    const data = new Float64Array(size);
    const expected = new Float64Array(size);
    for (let index = 0; index < size; index++) {
      const j = Math.floor(index / stride) % n;
      const line = Math.floor(index / (n * stride)) * stride + (index % stride);
      data[index] = f.value(j * dx);
      expected[index] = f.value(j * dx - shifts[line]);
    }
    new LineShifter(shape, axis, dx).apply(data, shifts);
    expect(maxAbsDiff(data, expected)).toBeLessThan(1e-12);
  });

  it("keeps the Nyquist mode real: (-1)^j becomes cos(pi s/dx) (-1)^j", () => {
    // The symmetric interpolant of (-1)^j is cos(pi (x - x_0)/dx); shifted by s and sampled it is
    // cos(pi s/dx) (-1)^j. Round-off only (one FFT pair of 16 points): 1e-14.
    const n = 16;
    const s = [0.3 * dx, 1.7 * dx];
    const data = sample2d(2, n, (_, j) => (j % 2 === 0 ? 1 : -1));
    new LineShifter([2, n], 1, dx).apply(data, s);
    const expected = sample2d(2, n, (l, j) => Math.cos((Math.PI * s[l]) / dx) * (j % 2 ? -1 : 1));
    expect(maxAbsDiff(data, expected)).toBeLessThan(1e-14);
  });

  it("composes: shift s1 then s2 equals shift s1 + s2", () => {
    // Band-limited data without a Nyquist component: the shifts form a group exactly; round-off of
    // three FFT pairs on unit-size data, 1e-13.
    const shape = [8, 32];
    const f = trigonometricPolynomial(15, 32 * dx, 3);
    const base = sample2d(8, 32, (_, j) => f.value(j * dx));
    const s1 = Array.from(randomReals(8, 1), (r) => 10 * r);
    const s2 = Array.from(randomReals(8, 2), (r) => 10 * r);
    const twice = base.slice();
    const shifter = new LineShifter(shape, 1, dx);
    shifter.apply(twice, s1);
    shifter.apply(twice, s2);
    const once = base.slice();
    shifter.apply(
      once,
      s1.map((s, l) => s + s2[l]),
    );
    expect(maxAbsDiff(twice, once)).toBeLessThan(1e-13);
  });
});

describe("LineShifter, every method", () => {
  const methods: ShiftMethod[] = ["spectral", "cubic-spline", "quintic-spline"];

  it.each(methods)("%s: a shift by a whole number of cells is a periodic roll", (method) => {
    // Any data (here random): spectral phases e^{-2 pi i k m/n} and B-spline weights at integer
    // positions make the shift an exact permutation; what remains is the round-off of the FFTs or
    // of the prefilter recursions (~1e-15 on unit data), 1e-13 leaves a margin.
    const n0 = 8;
    const n1 = 16;
    const data = randomReals(n0 * n1, 9);
    const cells = [0, 1, -1, 5, 16, 37];
    for (const axis of [0, 1]) {
      const shifted = data.slice();
      const lines = axis === 1 ? n0 : n1;
      const n = axis === 1 ? n1 : n0;
      const shifts = Array.from({ length: lines }, (_, l) => cells[l % cells.length] * 0.25);
      new LineShifter([n0, n1], axis, 0.25, method).apply(shifted, shifts);
      const expected = sample2d(n0, n1, (i, j) => {
        const l = axis === 1 ? i : j;
        const m = cells[l % cells.length];
        const source = ((((axis === 1 ? j : i) - m) % n) + n) % n;
        return axis === 1 ? data[i * n1 + source] : data[source * n1 + j];
      });
      expect(maxAbsDiff(shifted, expected)).toBeLessThan(1e-13);
    }
  });

  it.each([
    ["cubic-spline", 4],
    ["quintic-spline", 6],
  ] as const)("%s converges with order %i under refinement", (method, order) => {
    // f = exp(sin x) on [0, 2 pi): smooth and periodic, so the B-spline interpolation error is
    // C dx^(p+1) (p = 3, 5). The measured order between successive doublings must be within 0.3 of
    // p + 1 (the pre-asymptotic range is left behind by n >= 32 here).
    const f = (x: number) => Math.exp(Math.sin(x));
    const errors: number[] = [];
    for (const n of [32, 64, 128, 256]) {
      const dx = (2 * Math.PI) / n;
      const shifts = [0.3, -1.234, 2.5 * dx + 0.1 * dx];
      const data = sample2d(3, n, (_, j) => f(j * dx));
      new LineShifter([3, n], 1, dx, method).apply(data, shifts);
      const expected = sample2d(3, n, (l, j) => f(j * dx - shifts[l]));
      errors.push(maxAbsDiff(data, expected));
    }
    for (let r = 1; r < errors.length; r++) {
      const measured = Math.log2(errors[r - 1] / errors[r]);
      expect(measured).toBeGreaterThan(order - 0.3);
      expect(measured).toBeLessThan(order + 0.5);
    }
  });

  it.each(methods)(
    "%s: shifting along axis 0 equals shifting the transpose along axis 1",
    (method) => {
      // The strided (tiled) path and the contiguous path must do the same arithmetic up to the order
      // of summation: 1e-14 on unit data.
      const n0 = 16;
      const n1 = 20;
      const data = randomReals(n0 * n1, 4);
      const transpose = sample2d(n1, n0, (i, j) => data[j * n1 + i]);
      const shifts = Array.from(randomReals(n1, 8), (r) => 3 * r);
      const dx = 0.5;
      new LineShifter([n0, n1], 0, dx, method).apply(data, shifts);
      new LineShifter([n1, n0], 1, dx, method).apply(transpose, shifts);
      expect(
        maxAbsDiff(
          data,
          sample2d(n0, n1, (i, j) => transpose[j * n0 + i]),
        ),
      ).toBeLessThan(1e-14);
    },
  );

  it.each(methods)("%s: conserves the sum of each line (mass)", (method) => {
    // All three interpolants reproduce the mean exactly (k = 0 multiplier 1; B-spline weights sum
    // to 1 and the prefilter has unit DC gain), so sum_j f_j is kept to round-off: 1e-13 * n.
    const n = 32;
    const data = randomReals(4 * n, 12).map((v) => v + 1);
    const before = [0, 1, 2, 3].map((l) =>
      data.subarray(l * n, (l + 1) * n).reduce((a, b) => a + b),
    );
    new LineShifter([4, n], 1, 0.1, method).apply(data, [0.013, -0.77, 1.5, 12.34]);
    const after = [0, 1, 2, 3].map((l) =>
      data.subarray(l * n, (l + 1) * n).reduce((a, b) => a + b),
    );
    expect(maxAbsDiff(before, after)).toBeLessThan(1e-13 * n);
  });

  it.each(methods)(
    "%s: the smallest lines (n = 2) shift by whole cells and keep the mean",
    (method) => {
      // n = 2 exercises the wrap-around of the spline recursions and the Nyquist-only spectrum.
      // A shift by one cell swaps the two values; by half a cell the spectral method keeps only the
      // mean (cos(pi/2) = 0 on the Nyquist mode) and the splines keep the mean too. Round-off: 1e-14.
      const data = Float64Array.from([3, 1, 3, 1]);
      new LineShifter([2, 2], 1, 0.5, method).apply(data, [0.5, 0.25]);
      expect(data[0]).toBeCloseTo(1, 14);
      expect(data[1]).toBeCloseTo(3, 14);
      expect(data[2] + data[3]).toBeCloseTo(4, 14);
      if (method === "spectral") expect(maxAbsDiff(data.subarray(2), [2, 2])).toBeLessThan(1e-14);
    },
  );

  it("rejects bad input with the parameter named", () => {
    expect(() => new LineShifter([16, 12], 1, 0.1)).toThrow(/shape\[1\].*power of two.*use 16/);
    expect(() => new LineShifter([16, 16], 2, 0.1)).toThrow(/axis: must be an integer in \[0, 1\]/);
    expect(() => new LineShifter([16], 0, -1)).toThrow(/spacing: must be > 0/);
    expect(() => new LineShifter([16], 0, 1, "linear" as ShiftMethod)).toThrow(
      /method: must be one/,
    );
    const shifter = new LineShifter([4, 16], 1, 0.1);
    expect(() => shifter.apply(new Float64Array(64), [0, 0, 0])).toThrow(/shifts: has length 3/);
    expect(() => shifter.apply(new Float64Array(60), [0, 0, 0, 0])).toThrow(/data: has length 60/);
    expect(() => shifter.apply(new Float64Array(64), [0, Number.NaN, 0, 0])).toThrow(/shifts\[1\]/);
    // Splines do not need powers of two.
    expect(() => new LineShifter([4, 12], 1, 0.1, "cubic-spline")).not.toThrow();
  });
});
