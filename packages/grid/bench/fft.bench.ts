import { bench, describe } from "vitest";
import { fftAxis, fftN, fftPlan } from "../src/fft.js";
import { inverseRealFftAxis, realFftAxis } from "../src/fft-real.js";
import { type FftEngine, selectFftEngine } from "../src/fft-wasm.js";
import { randomComplex } from "../src/testing.js";

// Complex FFT throughput (issue 2). One forward transform per iteration, out of place, plan reused.
describe("complex FFT, 1D (FftPlan.transform, forward)", () => {
  for (const n of [256, 512, 1024, 2048, 4096]) {
    const plan = fftPlan(n);
    const input = randomComplex(n, n);
    const output = new Float64Array(2 * n);
    bench(`n = ${n}`, () => {
      plan.transform(input, output, "forward");
    });
  }
});

describe("complex FFT, 2D 256 x 256 (fftN, in place)", () => {
  const shape = [256, 256];
  const source = randomComplex(256 * 256, 3);
  const data = source.slice();
  // Restart from the source each time (repeated forward transforms would overflow); the copy
  // costs ~1% of the transform.
  bench("forward", () => {
    data.set(source);
    fftN(data, shape, "forward");
  });
  bench("forward + inverse", () => {
    fftN(data, shape, "forward");
    fftN(data, shape, "inverse");
  });
});

// Batched lines, the shapes of bench/numpy/fft.py (issue 14: side by side with numpy.fft):
// complex lines along the last axis (contiguous) and the first axis (strided), and real forward
// and inverse transforms (half spectra) along both axes, with each engine (the engine is chosen
// inside every iteration: O(1)). Complex: in place on a copy restored every iteration.
for (const engine of ["wasm-simd", "fft.js"] as FftEngine[]) {
  describe(`batched FFT lines (fftAxis / forwardRealRows / realFftAxis), ${engine}`, () => {
    for (const [lines, n] of [
      [1024, 1024],
      [256, 256],
      [128, 128],
      [64, 4096],
    ]) {
      const source = randomComplex(lines * n, 5);
      const data = source.slice();
      bench(`complex rows ${lines} x ${n}`, () => {
        selectFftEngine(engine);
        data.set(source);
        fftAxis(data, [lines, n], 1, "forward");
      });
      bench(`complex columns ${n} x ${lines}`, () => {
        selectFftEngine(engine);
        data.set(source);
        fftAxis(data, [n, lines], 0, "forward");
      });
      // Real transforms with half spectra (numpy.fft.rfft / irfft): rows in one batched call,
      // columns (axis 0) through realFftAxis.
      const plan = fftPlan(n);
      const real = source.subarray(0, lines * n);
      const half = new Float64Array(lines * (n + 2));
      const back = new Float64Array(lines * n);
      bench(`real rows ${lines} x ${n}`, () => {
        selectFftEngine(engine);
        plan.forwardRealRows(real, half, lines);
      });
      bench(`real columns ${n} x ${lines}`, () => {
        selectFftEngine(engine);
        realFftAxis(real, [n, lines], 0, half);
      });
      bench(`real inverse rows ${lines} x ${n}`, () => {
        selectFftEngine(engine);
        plan.inverseRealRows(half, back, lines);
      });
      bench(`real inverse columns ${n} x ${lines}`, () => {
        selectFftEngine(engine);
        inverseRealFftAxis(half, [n, lines], 0, back);
      });
    }
  });
}
