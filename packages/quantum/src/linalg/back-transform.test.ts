import { describe, expect, it } from "vitest";
import { backTransformHermitianRows, backTransformSymmetricRows } from "./back-transform.js";
import { reduceHermitian, reduceSymmetric } from "./blocked-tridiagonal.js";
import { type DenseKernels, javascriptKernels } from "./dense-kernels.js";
import { orthonormalityError, randomHermitian, seededGaussian } from "./fixtures.js";
import { simdKernels } from "./simd-kernels.js";

const EPS = 2 ** -52;

describe("backTransformSymmetricRows", () => {
  // n = 70 with count = n: three vector blocks (32, 32, 6) and every reflector length.
  const n = 70;
  const gaussian = seededGaussian(8);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const g = gaussian();
      a[i * n + j] = g;
      a[j * n + i] = g;
    }
  }
  let frobenius = 0;
  for (const x of a) frobenius += x * x;
  frobenius = Math.sqrt(frobenius);
  const work = a.slice();
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const tau = new Float64Array(n);
  reduceSymmetric(n, work, diagonal, offDiagonal, tau, javascriptKernels());

  /** Rows of Q: row r = Q e_r (the back-transformation of the identity). */
  const orthogonal = (kernels: DenseKernels) => {
    const rows = new Float64Array(n * n);
    for (let r = 0; r < n; r++) rows[r * n + r] = 1;
    backTransformSymmetricRows(n, work, tau, rows, n, kernels);
    return rows;
  };

  it("applies Q with Q^T A Q = T and Q^T Q = I (either kernel set)", () => {
    const simd = simdKernels();
    if (!simd) throw new Error("WebAssembly SIMD unavailable in this engine");
    for (const kernels of [javascriptKernels(), simd]) {
      const q = orthogonal(kernels); // q[r n + i] = Q_ir
      let deviation = 0;
      let orthogonality = 0;
      for (let r = 0; r < n; r++) {
        // (A q_r)_i
        const aq = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j] * q[r * n + j];
          aq[i] = s;
        }
        for (let c = 0; c < n; c++) {
          let t = 0;
          let g = c === r ? -1 : 0;
          for (let i = 0; i < n; i++) {
            t += q[c * n + i] * aq[i];
            g += q[c * n + i] * q[r * n + i];
          }
          const expected =
            c === r ? diagonal[r] : c === r + 1 ? offDiagonal[r] : r === c + 1 ? offDiagonal[c] : 0;
          deviation = Math.max(deviation, Math.abs(t - expected));
          orthogonality = Math.max(orthogonality, Math.abs(g));
        }
      }
      // Products of n exact reflectors up to rounding: ~ n eps, times ||A||_F for T (c = 10).
      expect(deviation).toBeLessThan(10 * n * EPS * frobenius);
      expect(orthogonality).toBeLessThan(10 * n * EPS);
    }
  });

  it("gives the same vectors with SIMD and JavaScript kernels, to round-off", () => {
    const simd = simdKernels();
    if (!simd) throw new Error("WebAssembly SIMD unavailable in this engine");
    const j = orthogonal(javascriptKernels());
    const s = orthogonal(simd);
    let d = 0;
    for (let i = 0; i < n * n; i++) d = Math.max(d, Math.abs(j[i] - s[i]));
    // Both are Q to ~ n eps (previous test); their difference likewise.
    expect(d).toBeLessThan(10 * n * EPS);
  });
});

describe("backTransformHermitianRows", () => {
  it("gives a unitary Q with Q^* A Q = T, the same with SIMD and JavaScript kernels", () => {
    const simd = simdKernels();
    if (!simd) throw new Error("WebAssembly SIMD unavailable in this engine");
    const n = 70;
    const a = randomHermitian(n, 12);
    let frobenius = 0;
    for (const x of a) frobenius += x * x;
    frobenius = Math.sqrt(frobenius);
    const work = a.slice();
    const diagonal = new Float64Array(n);
    const offDiagonal = new Float64Array(n);
    const tau = new Float64Array(2 * n);
    reduceHermitian(n, work, diagonal, offDiagonal, tau, javascriptKernels());
    const identity = new Float64Array(n * n);
    for (let r = 0; r < n; r++) identity[r * n + r] = 1;
    const [qj, qs] = [javascriptKernels(), simd].map((k) =>
      backTransformHermitianRows(n, work, tau, identity, k),
    );
    let d = 0;
    for (let i = 0; i < 2 * n * n; i++) d = Math.max(d, Math.abs(qj[i] - qs[i]));
    // Both are Q to ~ n eps (c = 10), so is their difference; Q^* A Q = T to ~ n eps ||A||_F.
    expect(d).toBeLessThan(10 * n * EPS);
    expect(orthonormalityError(n, qs)).toBeLessThan(10 * n * EPS);
    let deviation = 0;
    for (let c = 0; c < n; c++) {
      for (let r = 0; r < n; r++) {
        // (Q^* A Q)_cr = sum_ij conj(Q_ic) A_ij Q_jr
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const ar = a[2 * (i * n + j)];
            const ai = a[2 * (i * n + j) + 1];
            const qr = qs[2 * (j * n + r)];
            const qi = qs[2 * (j * n + r) + 1];
            sr += ar * qr - ai * qi;
            si += ar * qi + ai * qr;
          }
          const cr = qs[2 * (i * n + c)];
          const ci = qs[2 * (i * n + c) + 1];
          re += cr * sr + ci * si;
          im += cr * si - ci * sr;
        }
        const t =
          c === r ? diagonal[r] : c === r + 1 ? offDiagonal[r] : r === c + 1 ? offDiagonal[c] : 0;
        deviation = Math.max(deviation, Math.abs(re - t), Math.abs(im));
      }
    }
    expect(deviation).toBeLessThan(10 * n * EPS * frobenius);
  });
});
