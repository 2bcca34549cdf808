import { afterEach, describe, expect, it } from "vitest";
import { selectFftEngine } from "./fft-wasm.js";
import { lineLayout } from "./line-batches.js";
import { LineShifter } from "./line-shifter.js";
import { RealLineMultiplier } from "./real-line-multiplier.js";
import { maxAbs, maxAbsDiff, randomReals } from "./testing.js";

// Both paths compute IFFT(e^{-ik theta} FFT(f)) with the same phase recurrence: each FFT has a
// relative round-off of a few u log2 n (u = 1.1e-16), so 16 u (log2 n + 1) over max|f| (at most
// 2.3e-14 here) bounds their difference; a wrong mode, line or sign shows as O(1).
const u = 2 ** -52;
const tolerance = (n: number) => 16 * u * (Math.log2(n) + 1);

afterEach(() => {
  selectFftEngine("auto");
});

describe("RealLineMultiplier.shiftAxis (WebAssembly, spectra kept in the kernel)", () => {
  const cases: [number[], number][] = [
    [[7, 64], 1],
    [[64, 7], 0],
    [[64, 6], 0],
    [[2, 5], 0],
    [[2, 6], 0],
    [[6, 2], 1],
    [[512, 40], 0],
    [[4, 16, 6], 1],
    [[8, 4, 32], 2],
    [[4, 16, 6], 0],
    [[2, 1024, 130], 1],
  ];
  for (const [shape, axis] of cases) {
    it(`equals the pairwise fft.js path on [${shape}] axis ${axis}`, () => {
      const size = shape.reduce((p, n) => p * n, 1);
      const dx = 0.3;
      const data = randomReals(size, size + axis);
      const lines = size / shape[axis];
      // Shifts of any size and sign (reduced modulo the period inside).
      const shifts = randomReals(lines, 7 * lines).map((s) => 40 * s);
      selectFftEngine("fft.js");
      const expected = data.slice();
      new LineShifter(shape, axis, dx).apply(expected, shifts);
      selectFftEngine("wasm-simd");
      const kernel = data.slice();
      const layout = lineLayout(shape, axis);
      const multiplier = new RealLineMultiplier(shape[axis]);
      const done = multiplier.shiftAxis(kernel, layout, shifts, shape[axis] * dx);
      // Odd strides > 1 are left to the pairwise path (false, data untouched).
      expect(done).toBe(layout.stride === 1 || layout.stride % 2 === 0);
      if (!done) {
        expect(kernel).toEqual(data);
        return;
      }
      const n = shape[axis];
      expect(maxAbsDiff(kernel, expected) / maxAbs(expected)).toBeLessThan(tolerance(n));
      // LineShifter takes this path with the kernel: same numbers.
      const viaShifter = data.slice();
      new LineShifter(shape, axis, dx).apply(viaShifter, shifts);
      expect(maxAbsDiff(viaShifter, kernel)).toBe(0);
    });
  }

  it("does nothing and returns false with the fft.js engine", () => {
    selectFftEngine("fft.js");
    const data = randomReals(64, 1);
    const copy = data.slice();
    expect(
      new RealLineMultiplier(8).shiftAxis(data, lineLayout([8, 8], 1), new Float64Array(8), 1),
    ).toBe(false);
    expect(data).toEqual(copy);
  });
});
