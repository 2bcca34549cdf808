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
