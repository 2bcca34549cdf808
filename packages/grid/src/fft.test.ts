import { describe, expect, it } from "vitest";
import { fftAxis, fftN, fftPlan } from "./fft.js";
import { randomComplex } from "./testing.js";

/** Direct O(n^2) DFT of one strided line, the reference for every FFT test. */
function directDft(line: Float64Array, sign: -1 | 1): Float64Array {
  const n = line.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const phase = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(phase);
      const s = Math.sin(phase);
      re += line[2 * j] * c - line[2 * j + 1] * s;
      im += line[2 * j] * s + line[2 * j + 1] * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
  return m;
}

describe("FftPlan", () => {
  // Round-off of an n-point FFT grows like log n * machine eps * |x|_1; 1e-12 leaves a margin of
  // ~100 over the observed errors for unit-size random data at n <= 512.
  it.each([2, 4, 8, 32, 128, 512])("matches the direct DFT for n = %i", (n) => {
    const x = randomComplex(n, n);
    const out = new Float64Array(2 * n);
    fftPlan(n).transform(x, out, "forward");
    expect(maxAbsDiff(out, directDft(x, -1))).toBeLessThan(1e-12 * n);
    const back = new Float64Array(2 * n);
    fftPlan(n).transform(out, back, "inverse");
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-14 * n);
  });

  it("transforms real input to the full spectrum", () => {
    const n = 64;
    const x = randomComplex(n, 7);
    const real = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      real[j] = x[2 * j];
      x[2 * j + 1] = 0;
    }
    const out = new Float64Array(2 * n);
    fftPlan(n).forwardReal(real, out);
    expect(maxAbsDiff(out, directDft(x, -1))).toBeLessThan(1e-12 * n);
  });

  it("rejects a size that is not a power of two, naming the fix", () => {
    expect(() => fftPlan(12)).toThrow(/n: must be a power of two.*use 16/);
  });
});

describe("fftAxis / fftN", () => {
  const shape = [4, 8, 16];
  it.each([0, 1, 2])("transforms along axis %i like a direct DFT of each line", (axis) => {
    const data = randomComplex(4 * 8 * 16, 11 + axis);
    const reference = data.slice();
    fftAxis(data, shape, axis, "forward");
    const stride = shape.slice(axis + 1).reduce((p, n) => p * n, 1);
    const n = shape[axis];
    let worst = 0;
    for (let start = 0; start < 4 * 8 * 16; start++) {
      if (Math.floor(start / stride) % n !== 0) continue; // first element of each line only
      const line = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) {
        line[2 * j] = reference[2 * (start + j * stride)];
        line[2 * j + 1] = reference[2 * (start + j * stride) + 1];
      }
      const expected = directDft(line, -1);
      for (let j = 0; j < n; j++) {
        worst = Math.max(
          worst,
          Math.abs(data[2 * (start + j * stride)] - expected[2 * j]),
          Math.abs(data[2 * (start + j * stride) + 1] - expected[2 * j + 1]),
        );
      }
    }
    expect(worst).toBeLessThan(1e-12 * n);
  });

  it("inverts the d-dimensional transform", () => {
    const data = randomComplex(4 * 8 * 16, 3);
    const reference = data.slice();
    fftN(data, shape, "forward");
    fftN(data, shape, "inverse");
    expect(maxAbsDiff(data, reference)).toBeLessThan(1e-14 * 512);
  });
});
