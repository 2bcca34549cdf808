import { describe, expect, it } from "vitest";
import { reduceHermitian, reduceSymmetric } from "./blocked-tridiagonal.js";
import { type DenseKernels, javascriptKernels } from "./dense-kernels.js";
import { hermitianWithSpectrum, randomUnitary } from "./fixtures.js";
import { seededRandom } from "./random.js";
import { simdKernels } from "./simd-kernels.js";
import { tridiagonalQL } from "./tridiagonal.js";

const EPS = 2 ** -52;

/**
 * Two summation orders of the same L terms differ by at most 2 gamma_L sum |t| (Higham, Accuracy
 * and Stability, eq. 4.4; gamma_L ~ L eps). Entries here are uniform in [-1/2, 1/2), so a complex
 * product is at most 1/2 and sum |t| <= L / 2 per real part (two products each): the bound
 * 2 (L + 2) eps L. Observed differences are ~100x smaller.
 */
function orderTolerance(terms: number): number {
  return 2 * (terms + 2) * EPS * terms;
}

function simd(): DenseKernels {
  const kernels = simdKernels();
  // WebAssembly SIMD is part of every engine this package supports (Node >= 16.4, browsers
  // since 2021): its absence is an error of the environment, not a reason to skip.
  if (!kernels) throw new Error("WebAssembly SIMD unavailable in this engine");
  return kernels;
}

/** Fills both workspaces identically with uniform numbers in [-1/2, 1/2). */
function twin(
  length: number,
  seed: number,
): [DenseKernels, Float64Array, DenseKernels, Float64Array] {
  const js = javascriptKernels();
  const s = simd();
  const hj = js.workspace(length) as Float64Array;
  const hs = s.workspace(length) as Float64Array;
  const random = seededRandom(seed);
  for (let i = 0; i < length; i++) {
    const x = random() - 0.5;
    hj[i] = x;
    hs[i] = x;
  }
  return [js, hj, s, hs];
}

function maxDifference(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let d = 0;
  for (let i = from; i < to; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe("dense kernels: WebAssembly SIMD against JavaScript", () => {
  // Lengths 0..5 and odd/even starts exercise the pair loops' scalar tails.
  const cases = [
    [0, 1],
    [0, 2],
    [3, 4],
    [3, 8],
    [2, 7],
    [5, 40],
    [0, 33],
  ] as const;
  const n = 40;
  const ld = n + 8;

  it("hemv and symv agree to round-off, outside [start, end) nothing changes", () => {
    for (const [start, end] of cases) {
      const [js, hj, s, hs] = twin(2 * n * ld + 4 * ld, 7 + start);
      const x = 2 * n * ld;
      js.hemv(ld, start, end, 0, n * ld, x, x + ld, x + 2 * ld, x + 3 * ld);
      s.hemv(ld, start, end, 0, n * ld, x, x + ld, x + 2 * ld, x + 3 * ld);
      expect(maxDifference(hj, hs, 0, x + 2 * ld)).toBe(0);
      expect(maxDifference(hj, hs, x + 2 * ld, x + 4 * ld)).toBeLessThan(orderTolerance(2 * n));
      const [jr, hr, sr, hsr] = twin(n * ld + 2 * ld, 9 + start);
      jr.symv(ld, start, end, 0, n * ld, n * ld + ld);
      sr.symv(ld, start, end, 0, n * ld, n * ld + ld);
      expect(maxDifference(hr, hsr, 0, n * ld + ld)).toBe(0);
      expect(maxDifference(hr, hsr, n * ld + ld, n * ld + 2 * ld)).toBeLessThan(
        orderTolerance(2 * n),
      );
    }
  });

  it("her2k and syr2k agree on the lower triangle and never touch j < start or other rows", () => {
    const m = 6;
    // Entry (i, j) of the matrix plane(s) must agree to round-off on the updated lower triangle
    // and exactly outside the updated rows and columns; the SIMD kernels may also write the upper
    // triangle j <= i + 7 of updated rows (documented), which is not compared.
    const compare = (
      hj: Float64Array,
      hs: Float64Array,
      planes: number[],
      start: number,
      end: number,
    ) => {
      let inner = 0;
      let outer = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < ld; j++) {
          const inside = i >= start && i < end && j >= start;
          if (inside && j > i) continue;
          for (const plane of planes) {
            const d = Math.abs(hj[plane + i * ld + j] - hs[plane + i * ld + j]);
            if (inside) inner = Math.max(inner, d);
            else outer = Math.max(outer, d);
          }
        }
      }
      expect(inner).toBeLessThanOrEqual(orderTolerance(2 * m + 1));
      expect(outer).toBe(0);
    };
    for (const [start, end] of cases) {
      // (twin refills the one SIMD workspace: compare before the next twin)
      const [js, hj, s, hs] = twin(2 * n * ld + 4 * m * ld, 11 + start);
      const x = 2 * n * ld;
      const offsets = [0, n * ld, x, x + m * ld, x + 2 * m * ld, x + 3 * m * ld] as const;
      js.her2k(ld, start, end, m, ...offsets);
      s.her2k(ld, start, end, m, ...offsets);
      compare(hj, hs, [0, n * ld], start, end);
      const [jr, hr, sr, hsr] = twin(n * ld + 2 * m * ld, 13 + start);
      jr.syr2k(ld, start, end, m, 0, n * ld, n * ld + m * ld);
      sr.syr2k(ld, start, end, m, 0, n * ld, n * ld + m * ld);
      compare(hr, hsr, [0], start, end);
    }
  });

  it("gives workspaces over 32 MiB an instance of their own, none over 1 GiB", () => {
    // WebAssembly memory never shrinks: the shared instance must not be grown past 32 MiB.
    const shared = simd();
    const own = simdKernels(2 ** 22 + 1);
    expect(own).toBeDefined();
    expect(own).not.toBe(shared);
    expect(simdKernels(2 ** 27 + 1)).toBeUndefined();
    expect(shared.workspace(2 ** 22 + 1)).toBeUndefined();
    // The fresh instance computes like the shared one (same module): one small hemv.
    const k = own as DenseKernels;
    const h = k.workspace(64) as Float64Array;
    const g = shared.workspace(64) as Float64Array;
    for (let i = 0; i < 64; i++) h[i] = g[i] = Math.sin(i);
    k.hemv(4, 0, 4, 0, 16, 32, 36, 40, 44);
    shared.hemv(4, 0, 4, 0, 16, 32, 36, 40, 44);
    expect(maxDifference(h, g, 0, 64)).toBe(0);
  });

  it("dots, combine (complex and real) and rank1 / rank1Real agree to round-off", () => {
    // Fresh data for each kernel, so every input is in [-1/2, 1/2) and orderTolerance applies.
    const m = 5;
    for (const [start, end] of cases) {
      const size = 2 * m * ld + 4 * ld;
      const v = 2 * m * ld;
      const out = v + 2 * ld;
      let [js, hj, s, hs] = twin(size, 17 + start);
      for (const k of [js, s]) k.dots(ld, start, end, m, 0, m * ld, v, v + ld, out, out + m);
      expect(maxDifference(hj, hs, 0, size)).toBeLessThan(orderTolerance(2 * n));
      [js, hj, s, hs] = twin(size, 19 + start);
      for (const k of [js, s]) k.combine(ld, start, end, m, 0, m * ld, out, out + m, v, v + ld);
      expect(maxDifference(hj, hs, 0, size)).toBeLessThan(orderTolerance(2 * m + 1));
      [js, hj, s, hs] = twin(size, 23 + start);
      for (const k of [js, s]) k.dotsReal(ld, start, end, m, 0, v, out);
      expect(maxDifference(hj, hs, 0, size)).toBeLessThan(orderTolerance(n));
      [js, hj, s, hs] = twin(size, 29 + start);
      for (const k of [js, s]) k.combineReal(ld, start, end, m, 0, out, v);
      expect(maxDifference(hj, hs, 0, size)).toBeLessThan(orderTolerance(m + 1));
      [js, hj, s, hs] = twin(size, 37 + start);
      for (const k of [js, s]) k.rank1(ld, start, end, m, 0, m * ld, out, out + m, v, v + ld);
      // two products and two subtractions per part, in the same order: bitwise equal
      expect(maxDifference(hj, hs, 0, size)).toBe(0);
      [js, hj, s, hs] = twin(size, 31 + start);
      // one product per entry: the same rounding in both
      for (const k of [js, s]) k.rank1Real(ld, start, end, m, 0, out, v);
      expect(maxDifference(hj, hs, 0, size)).toBe(0);
    }
  });
});

/** The real symmetric n x n matrix as interleaved complex. */
function embed(real: Float64Array): Float64Array {
  const out = new Float64Array(2 * real.length);
  for (let i = 0; i < real.length; i++) out[2 * i] = real[i];
  return out;
}

/**
 * B = H_{n-2}^* ... H_0^* A H_0 ... H_{n-2} (A interleaved complex, full) with H_k = I - tau_k v v^*
 * read from the reduction's storage: v_{k+1} = 1, v_i = work[i][k] (i >= k + 2). Cost O(n^3).
 */
function conjugateByReflectors(
  n: number,
  a: Float64Array,
  work: Float64Array,
  tau: Float64Array,
  complex: boolean,
): Float64Array {
  const b = a.slice();
  const vr = new Float64Array(n);
  const vi = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) {
    vr.fill(0);
    vi.fill(0);
    vr[k + 1] = 1;
    for (let i = k + 2; i < n; i++) {
      vr[i] = complex ? work[2 * (i * n + k)] : work[i * n + k];
      vi[i] = complex ? work[2 * (i * n + k) + 1] : 0;
    }
    const tr = complex ? tau[2 * k] : tau[k];
    const ti = complex ? tau[2 * k + 1] : 0;
    // B <- B - tau (B v) v^*
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const p = 2 * (i * n + j);
        sr += b[p] * vr[j] - b[p + 1] * vi[j];
        si += b[p] * vi[j] + b[p + 1] * vr[j];
      }
      const cr = tr * sr - ti * si;
      const ci = tr * si + ti * sr;
      for (let j = 0; j < n; j++) {
        const p = 2 * (i * n + j);
        b[p] -= cr * vr[j] + ci * vi[j];
        b[p + 1] -= ci * vr[j] - cr * vi[j];
      }
    }
    // B <- B - conj(tau) v (v^* B)
    for (let j = 0; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let i = 0; i < n; i++) {
        const p = 2 * (i * n + j);
        sr += vr[i] * b[p] + vi[i] * b[p + 1];
        si += vr[i] * b[p + 1] - vi[i] * b[p];
      }
      const cr = tr * sr + ti * si;
      const ci = tr * si - ti * sr;
      for (let i = 0; i < n; i++) {
        const p = 2 * (i * n + j);
        b[p] -= vr[i] * cr - vi[i] * ci;
        b[p + 1] -= vr[i] * ci + vi[i] * cr;
      }
    }
  }
  return b;
}

/** Eigenvalues (ascending) of the tridiagonal the reduction produced. */
function tridiagonalSpectrum(diagonal: Float64Array, offDiagonal: Float64Array): Float64Array {
  const d = diagonal.slice();
  tridiagonalQL(d.length, d, offDiagonal.slice());
  return d.sort();
}

describe("blocked Householder tridiagonalization", () => {
  // n = 100: panels of 32, 32, 32 and a partial one of 3, the trailing update of every size.
  const n = 100;
  const spectrum = Array.from({ length: n }, (_, k) => Math.sin(0.7 * k) * (1 + k / n));
  const expected = [...spectrum].sort((x, y) => x - y);
  const unitary = randomUnitary(n, 3);
  const a = hermitianWithSpectrum(spectrum, unitary);
  // Re(A) is real symmetric (A Hermitian); its spectrum is unknown, its invariants are not.
  const real = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) real[i] = a[2 * i];

  it("recovers a prescribed spectrum with either kernel set (backward stability: ~ n eps ||A||)", () => {
    // ||A||_2 = max |lambda| <= 2; the reduction is backward stable with ||E|| <~ c n eps ||A||,
    // and Weyl's inequality carries that to each eigenvalue: c = 10 allowed (observed ~ 0.1).
    const tolerance = 10 * n * EPS * 2;
    for (const kernels of [javascriptKernels(), simd()]) {
      const diagonal = new Float64Array(n);
      const offDiagonal = new Float64Array(n);
      reduceHermitian(n, a.slice(), diagonal, offDiagonal, new Float64Array(2 * n), kernels);
      const values = tridiagonalSpectrum(diagonal, offDiagonal);
      for (let k = 0; k < n; k++) expect(Math.abs(values[k] - expected[k])).toBeLessThan(tolerance);
    }
  });

  it("stores reflectors with Q^* A Q = T (either kernel set, complex and real)", () => {
    // Applying the stored H_k to A reproduces the tridiagonal up to the reduction's backward
    // error: every entry of Q^* A Q - T within c n eps ||A||_F (c = 10).
    let frobenius = 0;
    for (const x of a) frobenius += x * x;
    const tolerance = 10 * n * EPS * Math.sqrt(frobenius);
    for (const kernels of [javascriptKernels(), simd()]) {
      for (const complex of [true, false]) {
        const c = complex ? 2 : 1;
        const start = complex ? a : real;
        const work = start.slice();
        const diagonal = new Float64Array(n);
        const offDiagonal = new Float64Array(n);
        const tau = new Float64Array(c * n);
        const reduce = complex ? reduceHermitian : reduceSymmetric;
        reduce(n, work, diagonal, offDiagonal, tau, kernels);
        const b = conjugateByReflectors(n, complex ? a : embed(real), work, tau, complex);
        let deviation = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const t =
              i === j
                ? diagonal[i]
                : i === j + 1
                  ? offDiagonal[j]
                  : j === i + 1
                    ? offDiagonal[i]
                    : 0;
            deviation = Math.max(
              deviation,
              Math.abs(b[2 * (i * n + j)] - t),
              Math.abs(b[2 * (i * n + j) + 1]),
            );
          }
        }
        expect(deviation).toBeLessThan(tolerance);
      }
    }
  });

  it("keeps tr A = sum lambda and ||A||_F^2 = sum lambda^2 for the real symmetric reduction", () => {
    let trace = 0;
    let frobenius2 = 0;
    for (let i = 0; i < n; i++) {
      trace += real[i * n + i];
      for (let j = 0; j < n; j++) frobenius2 += real[i * n + j] ** 2;
    }
    for (const kernels of [javascriptKernels(), simd()]) {
      const diagonal = new Float64Array(n);
      const offDiagonal = new Float64Array(n);
      reduceSymmetric(n, real.slice(), diagonal, offDiagonal, new Float64Array(n), kernels);
      const values = tridiagonalSpectrum(diagonal, offDiagonal);
      let sum = 0;
      let sum2 = 0;
      for (const v of values) {
        sum += v;
        sum2 += v * v;
      }
      const norm = Math.max(-values[0], values[n - 1]);
      // n eigenvalues, each within ~ c n eps ||A|| (c = 10); sum lambda^2 relative likewise.
      expect(Math.abs(sum - trace)).toBeLessThan(n * 10 * n * EPS * norm);
      expect(Math.abs(sum2 - frobenius2) / frobenius2).toBeLessThan(10 * n * EPS);
    }
  });
});
