import { bench, describe } from "vitest";
import { fftN, fftPlan } from "../src/fft.js";
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
