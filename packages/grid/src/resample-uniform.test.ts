import { describe, expect, it } from "vitest";
import { resampleArray, sameAxis, UniformResampler } from "./resample-uniform.js";
import { SpectralInterpolator, type UniformAxis } from "./spectral-interpolation.js";
import { randomReals } from "./testing.js";

describe("UniformResampler", () => {
  const source: UniformAxis = { points: 32, origin: -4, spacing: 0.25 };
  // 50 targets, spacing 0.17: inside the source box [-4, 4) up to t = 3.99, then outside
  const target: UniformAxis = { points: 50, origin: -3.9, spacing: 0.17 };
  const targets = Float64Array.from({ length: target.points }, (_, p) => -3.9 + p * 0.17);

  it("agrees with the dense SpectralInterpolator inside the source box and is 0 outside", () => {
    const a = randomReals(source.points, 7);
    const b = randomReals(source.points, 11);
    const dense = new SpectralInterpolator(source, targets);
    const expectedA = dense.applyToLine(a);
    const expectedB = dense.applyToLine(b);
    const input = new Float64Array(2 * source.points);
    input.set(a);
    input.set(b, source.points);
    const out = new Float64Array(2 * target.points);
    new UniformResampler(source, target).applyPair(input, 0, source.points, 1, out, 0, 1, 2);
    for (let p = 0; p < target.points; p++) {
      const inside = targets[p] < 4 - 1e-9;
      expect(Math.abs(out[2 * p] - (inside ? expectedA[p] : 0))).toBeLessThan(1e-12);
      expect(Math.abs(out[2 * p + 1] - (inside ? expectedB[p] : 0))).toBeLessThan(1e-12);
    }
  });

  it("resampleArray leaves equal axes alone and resamples the others", () => {
    const other: UniformAxis = { points: 16, origin: -4, spacing: 0.5 };
    expect(sameAxis(source, { ...source })).toBe(true);
    expect(sameAxis(source, other)).toBe(false);
    const data = randomReals(source.points * 8, 3);
    const rows: UniformAxis = { points: 8, origin: 0, spacing: 1 };
    const copy = resampleArray(data, [rows, source], [rows, source]);
    expect(copy).not.toBe(data);
    expect(Array.from(copy)).toEqual(Array.from(data));
    const out = resampleArray(data, [rows, source], [rows, other]);
    expect(out.length).toBe(8 * other.points);
    const line = new SpectralInterpolator(
      source,
      Float64Array.from({ length: other.points }, (_, p) => -4 + 0.5 * p),
    ).applyToLine(data.subarray(3 * source.points, 4 * source.points));
    for (let p = 0; p < other.points; p++) {
      expect(Math.abs(out[3 * other.points + p] - line[p])).toBeLessThan(1e-12);
    }
  });
});

describe("UniformResampler's refinement path (h_s = k h_t, k a power of two)", () => {
  // The refinement path and the chirp path evaluate the same trigonometric interpolant; the
  // dense SpectralInterpolator (O(m n) weights) is the independent reference, to 1e-12 of values
  // of size O(1) (random data in [-1, 1], sums of 32 terms: rounding ~1e-15).
  const source: UniformAxis = { points: 32, origin: -4, spacing: 0.25 };
  const cases: Array<[string, UniformAxis]> = [
    ["k = 1, half-cell shift", { points: 32, origin: -3.875, spacing: 0.25 }],
    ["k = 1, the nodes themselves minus one", { points: 31, origin: -3.75, spacing: 0.25 }],
    [
      "k = 2, shifted by 0.3 fine cells, running off both ends",
      { points: 70, origin: -4.4625, spacing: 0.125 },
    ],
    ["k = 4, a window inside the box", { points: 40, origin: -1.03, spacing: 0.0625 }],
    [
      "k = 2, target 0 a hair below a fine node",
      { points: 64, origin: -4 - 1e-14, spacing: 0.125 },
    ],
  ];
  for (const [label, target] of cases) {
    it(label, () => {
      const targets = Float64Array.from(
        { length: target.points },
        (_, p) => target.origin + p * target.spacing,
      );
      const a = randomReals(source.points, 5);
      const b = randomReals(source.points, 9);
      const dense = new SpectralInterpolator(source, targets);
      const expectedA = dense.applyToLine(a);
      const expectedB = dense.applyToLine(b);
      const input = new Float64Array(2 * source.points);
      input.set(a);
      input.set(b, source.points);
      const out = new Float64Array(2 * target.points);
      new UniformResampler(source, target).applyPair(input, 0, source.points, 1, out, 0, 1, 2);
      const tol = 1e-10 * source.spacing;
      for (let p = 0; p < target.points; p++) {
        const inside = targets[p] >= -4 - tol && targets[p] < 4 - tol;
        expect(Math.abs(out[2 * p] - (inside ? expectedA[p] : 0))).toBeLessThan(1e-12);
        expect(Math.abs(out[2 * p + 1] - (inside ? expectedB[p] : 0))).toBeLessThan(1e-12);
      }
    });
  }
});

describe("resampleArray along a leading axis (lines side by side, gathered in blocks)", () => {
  it("agrees with the dense SpectralInterpolator for every line, odd line counts included", () => {
    // 37 lines side by side (two blocks of 16 and a remainder of 5, an unpaired last line):
    // each column of the result is the dense interpolation of its column, to 1e-12 (values O(1))
    const source: UniformAxis = { points: 32, origin: -4, spacing: 0.25 };
    for (const [target, columns] of [
      [{ points: 50, origin: -3.9, spacing: 0.17 }, 37],
      [{ points: 64, origin: -3.9375, spacing: 0.125 }, 37],
      [{ points: 32, origin: -3.875, spacing: 0.25 }, 16],
    ] as Array<[UniformAxis, number]>) {
      const rows: UniformAxis = { points: columns, origin: 0, spacing: 1 };
      const data = randomReals(source.points * columns, 13);
      const out = resampleArray(data, [source, rows], [target, rows]);
      const dense = new SpectralInterpolator(
        source,
        Float64Array.from({ length: target.points }, (_, p) => target.origin + p * target.spacing),
      );
      for (let c = 0; c < columns; c++) {
        const column = Float64Array.from(
          { length: source.points },
          (_, i) => data[i * columns + c],
        );
        const expected = dense.applyToLine(column);
        for (let p = 0; p < target.points; p++) {
          const t = target.origin + p * target.spacing;
          const inside = t < 4 - 1e-9;
          expect(Math.abs(out[p * columns + c] - (inside ? expected[p] : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });
});
