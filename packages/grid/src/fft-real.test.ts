import { afterEach, describe, expect, it } from "vitest";
import { fftAxis, fftPlan, toComplex } from "./fft.js";
import { inverseRealFftAxis, realFftAxis } from "./fft-real.js";
import { type FftEngine, selectFftEngine } from "./fft-wasm.js";
import { maxAbs, maxAbsDiff, randomComplex, randomReals } from "./testing.js";

// Round-off: each engine computes the DFT with a relative error (max-norm over max|X|) of a few
// u log2 n (u = 1.1e-16, Higham, Accuracy and Stability, section 24.1); the real transforms add
// one O(u) split or merge pass. 8 u log2 n + 8 u (at most 1.2e-14 here, n <= 4096) bounds both
// sides of a comparison with a margin; a wrong index, twiddle or sign shows as O(1).
const u = 2 ** -52;
const tolerance = (n: number) => 8 * u * (Math.log2(n) + 1);

const ENGINES: FftEngine[] = ["wasm-simd", "fft.js"];

function relativeDifference(a: Float64Array, b: Float64Array): number {
  return maxAbsDiff(a, b) / maxAbs(b);
}

/** Half spectra of `count` real rows by the complex fft.js transform of each row (reference). */
function referenceHalfSpectra(x: Float64Array, n: number, count: number): Float64Array {
  selectFftEngine("fft.js");
  const half = n / 2 + 1;
  const out = new Float64Array(2 * half * count);
  const spectrum = new Float64Array(2 * n);
  for (let r = 0; r < count; r++) {
    fftPlan(n).transform(toComplex(x.subarray(n * r, n * (r + 1))), spectrum, "forward");
    out.set(spectrum.subarray(0, 2 * half), 2 * half * r);
  }
  selectFftEngine("auto");
  return out;
}

/**
 * Rows of the complex fft.js inverse of the Hermitian extension of each half spectrum (real
 * parts of X_0 and X_{n/2}), real parts kept (reference).
 */
function referenceInverse(halfSpectra: Float64Array, n: number, count: number): Float64Array {
  selectFftEngine("fft.js");
  const half = n / 2 + 1;
  const out = new Float64Array(n * count);
  const full = new Float64Array(2 * n);
  const line = new Float64Array(2 * n);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < n; k++) {
      const q = k < half ? k : n - k;
      const sign = k < half ? 1 : -1;
      full[2 * k] = halfSpectra[2 * (half * r + q)];
      full[2 * k + 1] = q === 0 || q === n / 2 ? 0 : sign * halfSpectra[2 * (half * r + q) + 1];
    }
    fftPlan(n).transform(full, line, "inverse");
    for (let j = 0; j < n; j++) out[n * r + j] = line[2 * j];
  }
  selectFftEngine("auto");
  return out;
}

afterEach(() => {
  selectFftEngine("auto");
});

describe("FftPlan.forwardRealRows / inverseRealRows", () => {
  for (const engine of ENGINES) {
    it(`${engine}: half spectra equal fft.js's complex transform, n = 2 .. 4096, odd counts`, () => {
      for (let n = 2; n <= 4096; n *= 2) {
        const count = n <= 256 ? 7 : 3;
        const x = randomReals(n * count, n + 1);
        const expected = referenceHalfSpectra(x, n, count);
        selectFftEngine(engine);
        const out = new Float64Array(expected.length);
        fftPlan(n).forwardRealRows(x, out, count);
        expect(relativeDifference(out, expected), `n = ${n}`).toBeLessThan(tolerance(n));
      }
    });

    it(`${engine}: inverse equals fft.js's complex inverse of the Hermitian extension`, () => {
      for (let n = 2; n <= 4096; n *= 2) {
        const count = n <= 256 ? 5 : 3;
        // Arbitrary half spectra, imaginary parts of X_0 and X_{n/2} included (to be ignored).
        const halfSpectra = randomComplex((n / 2 + 1) * count, 2 * n + 3);
        const kept = halfSpectra.slice();
        const expected = referenceInverse(halfSpectra, n, count);
        selectFftEngine(engine);
        const out = new Float64Array(n * count);
        fftPlan(n).inverseRealRows(halfSpectra, out, count);
        expect(relativeDifference(out, expected), `n = ${n}`).toBeLessThan(tolerance(n));
        expect(halfSpectra).toEqual(kept);
      }
    });
  }

  it("inverts the forward transform over several 1 MiB pieces (1025 rows of 256)", () => {
    const n = 256;
    const count = 1025;
    const x = randomReals(n * count, 9);
    const half = new Float64Array((n + 2) * count);
    const back = new Float64Array(n * count);
    fftPlan(n).forwardRealRows(x, half, count);
    fftPlan(n).inverseRealRows(half, back, count);
    expect(maxAbsDiff(back, x) / maxAbs(x)).toBeLessThan(2 * tolerance(n));
    // The last row against the reference: the pieces are stitched at the right offsets.
    const last = referenceHalfSpectra(x.subarray(n * (count - 1)), n, 1);
    expect(relativeDifference(half.subarray((n + 2) * (count - 1)), last)).toBeLessThan(
      tolerance(n),
    );
  });

  it("rejects buffers too short for count rows, naming the parameter", () => {
    const plan = fftPlan(8);
    expect(() => plan.forwardRealRows(new Float64Array(16), new Float64Array(20), 3)).toThrow(
      /input: has 16 doubles, need 24/,
    );
    expect(() => plan.inverseRealRows(new Float64Array(20), new Float64Array(24), 3)).toThrow(
      /input: has 20 doubles, need 30/,
    );
    expect(() => plan.forwardRealRows(new Float64Array(8), new Float64Array(10), 1.5)).toThrow(
      /count: must be a non-negative integer/,
    );
  });
});

describe("realFftAxis / inverseRealFftAxis", () => {
  const shapes = [
    [8, 32],
    [64, 16],
    [32, 6],
    [16, 3],
    [4, 8, 16],
    [2, 64, 5],
    [128, 2],
  ];
  for (const engine of ENGINES) {
    it(`${engine}: every axis equals the complex fftAxis of the real data, cut to n/2 + 1`, () => {
      for (const shape of shapes) {
        const size = shape.reduce((p, n) => p * n, 1);
        const x = randomReals(size, size + shape.length);
        for (let axis = 0; axis < shape.length; axis++) {
          const n = shape[axis];
          if (n < 2 || (n & (n - 1)) !== 0) continue; // power-of-two axes only
          selectFftEngine("fft.js");
          const full = toComplex(x);
          fftAxis(full, shape, axis, "forward");
          const halfShape = shape.map((m, a) => (a === axis ? m / 2 + 1 : m));
          const expected = new Float64Array(2 * halfShape.reduce((p, m) => p * m, 1));
          const stride = shape.slice(axis + 1).reduce((p, m) => p * m, 1);
          for (let e = 0; e < expected.length / 2; e++) {
            const inner = e % stride;
            const k = Math.floor(e / stride) % (n / 2 + 1);
            const outer = Math.floor(e / (stride * (n / 2 + 1)));
            const source = (outer * n + k) * stride + inner;
            expected[2 * e] = full[2 * source];
            expected[2 * e + 1] = full[2 * source + 1];
          }
          selectFftEngine(engine);
          const half = realFftAxis(x, shape, axis);
          const label = `[${shape}] axis ${axis}`;
          expect(relativeDifference(half, expected), label).toBeLessThan(tolerance(n));
          const back = inverseRealFftAxis(half, shape, axis);
          expect(maxAbsDiff(back, x) / maxAbs(x), label).toBeLessThan(2 * tolerance(n));
        }
      }
    });
  }

  it("strided inverse ignores Im X_0 and Im X_{n/2}, as the row transform does", () => {
    const shape = [16, 6];
    const half = randomComplex(9 * 6, 21);
    const strided = inverseRealFftAxis(half, shape, 0);
    // The same spectra transposed to rows: line c of axis 0 is row c.
    const rows = new Float64Array(half.length);
    for (let k = 0; k < 9; k++) {
      for (let c = 0; c < 6; c++) {
        rows[2 * (c * 9 + k)] = half[2 * (k * 6 + c)];
        rows[2 * (c * 9 + k) + 1] = half[2 * (k * 6 + c) + 1];
      }
    }
    const expected = referenceInverse(rows, 16, 6);
    let worst = 0;
    for (let j = 0; j < 16; j++) {
      for (let c = 0; c < 6; c++) {
        worst = Math.max(worst, Math.abs(strided[j * 6 + c] - expected[c * 16 + j]));
      }
    }
    expect(worst / maxAbs(expected)).toBeLessThan(tolerance(16));
  });

  it("rejects a non-power-of-two axis and a wrong length, naming the parameter", () => {
    expect(() => realFftAxis(new Float64Array(24), [2, 12], 1)).toThrow(
      /shape\[1\]: must be a power of two/,
    );
    expect(() => realFftAxis(new Float64Array(20), [2, 8], 1)).toThrow(/values: has length 20/);
    expect(() => inverseRealFftAxis(new Float64Array(10), [2, 8], 1)).toThrow(
      /half: has length 10/,
    );
  });
});
