import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWatModule } from "@semiclassical/tooling/wasm";
import { afterEach, describe, expect, it } from "vitest";
import { fftAxis, fftPlan } from "./fft.js";
import { fftEngine, selectFftEngine } from "./fft-wasm.js";
import { maxAbs, maxAbsDiff, randomComplex, randomReals } from "./testing.js";

// Both engines compute the same DFT with O(u log n) relative error (u = 1.1e-16; log2 n <= 13
// here): differences above 1e-14 max|X| (a factor ~10 over the worst rounding of either) mean a
// wrong butterfly, twiddle or index, which shows as O(1) differences.
const TOLERANCE = 1e-14;

/** The result of `run` with the given engine on a copy of `data`. */
function withEngine(
  engine: "wasm-simd" | "fft.js",
  data: Float64Array,
  run: (d: Float64Array) => void,
) {
  selectFftEngine(engine);
  const copy = data.slice();
  run(copy);
  return copy;
}

function relativeDifference(a: Float64Array, b: Float64Array): number {
  return maxAbsDiff(a, b) / maxAbs(b);
}

afterEach(() => {
  selectFftEngine("auto");
});

describe("WebAssembly SIMD FFT kernel", () => {
  it("is the engine in Node (WebAssembly SIMD is available from Node 16)", () => {
    expect(fftEngine()).toBe("wasm-simd");
  });

  it("equals the direct DFT sum_j x_j e^{-+2 pi i jk/n} for n <= 512 (an independent method)", () => {
    // n = 64 .. 512 run every kind of stage: radix 8 and radix 4 with twiddles, and the last
    // stage of L = 8, 4 or 2 (stagePlan in fft-wasm-kernel.ts: 64 = 8 8, 128 = 8 4 4,
    // 256 = 8 4 8, 512 = 8 8 8).
    for (let n = 2; n <= 512; n *= 2) {
      const x = randomComplex(n, n + 7);
      for (const direction of ["forward", "inverse"] as const) {
        const out = new Float64Array(2 * n);
        selectFftEngine("wasm-simd");
        fftPlan(n).transform(x, out, direction);
        const sign = direction === "forward" ? -1 : 1;
        const scale = direction === "forward" ? 1 : 1 / n;
        const direct = new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          for (let j = 0; j < n; j++) {
            const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
            direct[2 * k] += scale * (x[2 * j] * Math.cos(angle) - x[2 * j + 1] * Math.sin(angle));
            direct[2 * k + 1] +=
              scale * (x[2 * j] * Math.sin(angle) + x[2 * j + 1] * Math.cos(angle));
          }
        }
        // The direct sum rounds at O(n u) of sum_j |x_j| ~ sqrt(n) max|X| for random data
        // (u = 1.1e-16): at most ~1.3e-12 max|X| at n = 512, ~1e-14 in practice; a wrong
        // twiddle, index or stage order shows as O(1).
        expect(relativeDifference(out, direct), `n = ${n} ${direction}`).toBeLessThan(1e-12);
      }
    }
  });

  it("equals fft.js forward and inverse, out of place, n = 2 .. 8192", () => {
    for (let n = 2; n <= 8192; n *= 2) {
      const plan = fftPlan(n);
      const x = randomComplex(n, 3 * n);
      for (const direction of ["forward", "inverse"] as const) {
        const run = (d: Float64Array) => {
          const out = new Float64Array(2 * n);
          plan.transform(d, out, direction);
          d.set(out);
        };
        const wasm = withEngine("wasm-simd", x, run);
        const js = withEngine("fft.js", x, run);
        expect(relativeDifference(wasm, js), `n = ${n} ${direction}`).toBeLessThan(TOLERANCE);
      }
    }
  });

  it("equals fft.js on contiguous and strided axes of 2D and 3D arrays", () => {
    for (const shape of [
      [8, 32],
      [64, 16],
      [4, 8, 16],
      [32, 2, 64],
      [1, 128],
    ]) {
      const size = shape.reduce((p, n) => p * n, 1);
      const x = randomComplex(size, size);
      for (let axis = 0; axis < shape.length; axis++) {
        for (const direction of ["forward", "inverse"] as const) {
          const run = (d: Float64Array) => fftAxis(d, shape, axis, direction);
          const wasm = withEngine("wasm-simd", x, run);
          const js = withEngine("fft.js", x, run);
          expect(relativeDifference(wasm, js), `[${shape}] axis ${axis}`).toBeLessThan(TOLERANCE);
        }
      }
    }
  });

  it("transforms only the addressed strided lines (others untouched), any count and offset", () => {
    const n = 32;
    const stride = 40;
    const x = randomComplex(n * stride + 5, 11);
    const run = (d: Float64Array) => fftPlan(n).transformLines(d, 3, 21, stride, "forward");
    const wasm = withEngine("wasm-simd", x, run);
    const js = withEngine("fft.js", x, run);
    expect(relativeDifference(wasm, js)).toBeLessThan(TOLERANCE);
    // Line 21 (complex index 3 + 21 + j stride) was not addressed: bitwise unchanged.
    for (let j = 0; j < n; j++) {
      const p = 2 * (3 + 21 + j * stride);
      expect(wasm[p]).toBe(x[p]);
      expect(wasm[p + 1]).toBe(x[p + 1]);
    }
  });

  it("convolveRows: the padded rows' forward transform, product and inverse bit for bit (both engines), and V * f", () => {
    // n = 2048 puts 4 rows in a heap piece, so 9 rows span 3 pieces; length < n / 2 and
    // length = n / 2 (the exchange's case), output over the input and into another array.
    const n = 2048;
    const plan = fftPlan(n);
    const spectrum = randomReals(n, 7);
    for (const engine of ["wasm-simd", "fft.js"] as const) {
      selectFftEngine(engine);
      for (const [length, count] of [
        [n / 2, 9],
        [300, 5],
      ]) {
        const input = randomComplex(length * count, 11 + length);
        const padded = new Float64Array(2 * n * count);
        for (let r = 0; r < count; r++) {
          padded.set(input.subarray(2 * r * length, 2 * (r + 1) * length), 2 * r * n);
        }
        plan.transformRows(padded, 0, count, "forward");
        for (let r = 0; r < count; r++) {
          for (let q = 0; q < n; q++) {
            padded[2 * (r * n + q)] *= spectrum[q];
            padded[2 * (r * n + q) + 1] *= spectrum[q];
          }
        }
        plan.transformRows(padded, 0, count, "inverse");
        const expected = new Float64Array(2 * length * count);
        for (let r = 0; r < count; r++) {
          expected.set(padded.subarray(2 * r * n, 2 * (r * n + length)), 2 * r * length);
        }
        const output = new Float64Array(2 * length * count);
        plan.convolveRows(input, output, length, count, spectrum);
        expect(output).toEqual(expected);
        const inPlace = input.slice();
        plan.convolveRows(inPlace, inPlace, length, count, spectrum);
        expect(inPlace).toEqual(expected);
        // at an output offset (complex index 3), the entries before it untouched
        const shifted = new Float64Array(2 * (3 + length * count)).fill(-1);
        plan.convolveRows(input, shifted, length, count, spectrum, 3);
        expect(shifted.subarray(0, 6)).toEqual(new Float64Array(6).fill(-1));
        expect(shifted.subarray(6)).toEqual(expected);
      }
    }
    // An independent check, the direct circular convolution sum_p K_p f_{i-p} (mod n) of one
    // padded row, with K the inverse transform of the spectrum: O(n log n u) agreement.
    selectFftEngine("auto");
    const length = 64;
    const m = 128;
    const small = fftPlan(m);
    const s = randomReals(m, 3);
    const k = new Float64Array(2 * m);
    for (let q = 0; q < m; q++) k[2 * q] = s[q];
    small.transformRows(k, 0, 1, "inverse");
    const f = randomComplex(length, 5);
    const direct = new Float64Array(2 * length);
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < length; j++) {
        const p = (((i - j) % m) + m) % m;
        direct[2 * i] += k[2 * p] * f[2 * j] - k[2 * p + 1] * f[2 * j + 1];
        direct[2 * i + 1] += k[2 * p] * f[2 * j + 1] + k[2 * p + 1] * f[2 * j];
      }
    }
    const out = new Float64Array(2 * length);
    small.convolveRows(f, out, length, 1, s);
    expect(relativeDifference(out, direct)).toBeLessThan(TOLERANCE);
  });

  it("gives the full spectrum of real samples as fft.js's realTransform + completeSpectrum", () => {
    for (let n = 2; n <= 4096; n *= 2) {
      const x = randomReals(n, n);
      const run = () => {
        const out = new Float64Array(2 * n);
        fftPlan(n).forwardReal(x, out);
        return out;
      };
      selectFftEngine("wasm-simd");
      const wasm = run();
      selectFftEngine("fft.js");
      const js = run();
      expect(relativeDifference(wasm, js), `n = ${n}`).toBeLessThan(TOLERANCE);
    }
  });

  it("is compiled from wasm/fft.wat (the committed binary is not stale)", async () => {
    const committed = readFileSync(new URL("./fft-wasm-binary.ts", import.meta.url), "utf8");
    const wat = fileURLToPath(new URL("../wasm/fft.wat", import.meta.url));
    expect(committed, "run pnpm build:wasm").toBe(await compileWatModule(wat, "FFT_WASM_BASE64"));
  });
});
