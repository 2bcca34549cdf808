import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import {
  hermitianWithSpectrum,
  maxResidual,
  orthonormalityError,
  randomHermitian,
  randomUnitary,
} from "./fixtures.js";
import { hermitianEigen, hermitianEigenvaluesOf } from "./hermitian.js";
import { symmetricEigen } from "./symmetric.js";

const EPS = 2 ** -52;

/** Largest |lambda| of a sorted spectrum = ||A||_2. */
function spectralNorm(values: ArrayLike<number>): number {
  return Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
}

/**
 * Tolerances: the solver is backward stable (Householder + QL), so the computed eigenpairs are
 * exact for A + E with ||E||_2 <~ c n eps ||A||_2 (c a small constant, Wilkinson). By Weyl's
 * inequality each eigenvalue is then off by at most ||E||, and the residual ||A x - lambda x|| is
 * bounded by ||E||. We allow c = 10 (observed c ~ 0.1-1) on top of the error of building A
 * itself (also ~ n eps ||A||).
 */
function tolerance(n: number, norm: number): number {
  return 10 * n * EPS * norm;
}

describe("hermitianEigen", () => {
  it("recovers a prescribed spectrum under random unitary conjugation, with residuals and orthonormal vectors", () => {
    for (const n of [3, 17, 48]) {
      const spectrum = Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * (1 + k / n));
      const a = hermitianWithSpectrum(spectrum, randomUnitary(n, 11 + n));
      const { values, vectors } = hermitianEigen(n, a, { vectors: true });
      const expected = [...spectrum].sort((x, y) => x - y);
      const norm = spectralNorm(expected);
      for (let k = 0; k < n; k++)
        expect(Math.abs(values[k] - expected[k])).toBeLessThan(tolerance(n, norm));
      expect(maxResidual(n, a, values, vectors)).toBeLessThan(tolerance(n, norm));
      // Orthonormality of the computed basis: Q is a product of exact reflectors and rotations
      // up to rounding, so X^* X = I to ~ n eps.
      expect(orthonormalityError(n, vectors)).toBeLessThan(10 * n * EPS);
    }
  });

  it("handles degenerate eigenvalues (multiplicities 1, 4, 7) with an orthonormal eigenbasis", () => {
    const n = 12;
    const spectrum = [2, 2, 2, 2, -1, -1, -1, -1, -1, -1, -1, 0.5];
    const a = hermitianWithSpectrum(spectrum, randomUnitary(n, 5));
    const { values, vectors } = hermitianEigen(n, a, { vectors: true });
    const expected = [...spectrum].sort((x, y) => x - y);
    for (let k = 0; k < n; k++)
      expect(Math.abs(values[k] - expected[k])).toBeLessThan(tolerance(n, 2));
    expect(maxResidual(n, a, values, vectors)).toBeLessThan(tolerance(n, 2));
    expect(orthonormalityError(n, vectors)).toBeLessThan(10 * n * EPS);
  });

  it("keeps the invariants tr A = sum lambda and ||A||_F^2 = sum lambda^2 of a random Hermitian matrix", () => {
    // Independent of how the spectrum is computed: trace and Frobenius norm are unitary invariants.
    const n = 64;
    const a = randomHermitian(n, 3);
    const { values } = hermitianEigen(n, a);
    let trace = 0;
    let frobenius2 = 0;
    for (let i = 0; i < n; i++) trace += a[2 * (i * n + i)];
    for (let i = 0; i < 2 * n * n; i++) frobenius2 += a[i] * a[i];
    let sum = 0;
    let sum2 = 0;
    for (const v of values) {
      sum += v;
      sum2 += v * v;
    }
    const norm = spectralNorm(values);
    // sum of n eigenvalue errors, each <~ tolerance(n, norm)
    expect(Math.abs(sum - trace)).toBeLessThan(n * tolerance(n, norm));
    expect(Math.abs(sum2 - frobenius2) / frobenius2).toBeLessThan(tolerance(n, 1));
    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
  });

  it("gives the same eigenvalues with and without vectors", () => {
    const n = 30;
    const a = randomHermitian(n, 9);
    const only = hermitianEigen(n, a).values;
    const both = hermitianEigen(n, a, { vectors: true }).values;
    // Same tridiagonal matrix; tql1 and tql2 perform identical arithmetic on d and e.
    for (let k = 0; k < n; k++) expect(both[k]).toBe(only[k]);
  });

  it("hermitianEigenvaluesOf (entries read into the workspace) gives hermitianEigen's values bit for bit, and refuses NaN", () => {
    // Same scale (max |A_ij| over the lower triangle), same scaled entries, same reduction; the
    // upper triangle and Im A_ii are never read (filled with garbage here to show it).
    for (const n of [1, 7, 70]) {
      const a = randomHermitian(n, 21 + n);
      const entry = (i: number, j: number, out: Float64Array) => {
        out[0] = j <= i ? a[2 * (i * n + j)] : Number.NaN;
        out[1] = j < i ? a[2 * (i * n + j) + 1] : j === i ? 99 : Number.NaN;
      };
      const stored = hermitianEigen(n, a).values;
      const read = hermitianEigenvaluesOf(n, entry);
      expect([...read]).toEqual([...stored]);
    }
    expect(hermitianEigenvaluesOf(3, (_i, _j, out) => out.fill(0))).toEqual(new Float64Array(3));
    expect(() =>
      hermitianEigenvaluesOf(3, (i, j, out) => {
        out[0] = i === 2 && j === 1 ? Number.NaN : 1;
        out[1] = 0;
      }),
    ).toThrow(ParameterError);
  });

  it("solves 1 x 1 and 2 x 2 matrices analytically", () => {
    // 1 x 1: the imaginary part of the diagonal is ignored (Hermitian part).
    const one = hermitianEigen(1, Float64Array.of(-3.5, 0.25), { vectors: true });
    expect(one.values[0]).toBe(-3.5);
    expect(Math.hypot(one.vectors[0], one.vectors[1])).toBeCloseTo(1, 15);
    // [[a, b], [conj b, c]]: lambda = (a + c)/2 -+ sqrt(((a - c)/2)^2 + |b|^2).
    const [p, q, br, bi] = [0.7, -1.9, 0.4, -1.1];
    const a2 = Float64Array.of(p, 0, br, bi, br, -bi, q, 0);
    const { values, vectors } = hermitianEigen(2, a2, { vectors: true });
    const mid = (p + q) / 2;
    const radius = Math.sqrt(((p - q) / 2) ** 2 + br * br + bi * bi);
    // A few ulps of |lambda| ~ 2.
    expect(values[0]).toBeCloseTo(mid - radius, 14);
    expect(values[1]).toBeCloseTo(mid + radius, 14);
    expect(maxResidual(2, a2, values, vectors)).toBeLessThan(1e-15 * 8);
  });

  it("returns zeros and the identity for the zero matrix, and handles already-diagonal input", () => {
    const zero = hermitianEigen(4, new Float64Array(32), { vectors: true });
    expect([...zero.values]).toEqual([0, 0, 0, 0]);
    expect(orthonormalityError(4, zero.vectors)).toBe(0);
    // Diagonal input: every reflector is the identity (tau = 0 path).
    const n = 5;
    const diagonal = new Float64Array(2 * n * n);
    [4, -2, 0, 7, 1].forEach((v, i) => {
      diagonal[2 * (i * n + i)] = v;
    });
    const { values, vectors } = hermitianEigen(n, diagonal, { vectors: true });
    expect([...values]).toEqual([-2, 0, 1, 4, 7]);
    expect(maxResidual(n, diagonal, values, vectors)).toBe(0);
  });

  it("makes complex tridiagonal off-diagonals real through the phase factors", () => {
    // Tridiagonal with complex couplings b_j e^{i phi_j}: unitarily similar (diagonal phases) to
    // the real tridiagonal with couplings b_j, here the (2, -1) Laplacian with known spectrum
    // 2 - 2 cos(k pi/(n+1)).
    const n = 9;
    const a = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      a[2 * (i * n + i)] = 2;
      if (i + 1 < n) {
        const phi = 0.9 * i + 0.3;
        a[2 * ((i + 1) * n + i)] = -Math.cos(phi);
        a[2 * ((i + 1) * n + i) + 1] = -Math.sin(phi);
        a[2 * (i * n + i + 1)] = -Math.cos(phi);
        a[2 * (i * n + i + 1) + 1] = Math.sin(phi);
      }
    }
    const { values, vectors } = hermitianEigen(n, a, { vectors: true });
    for (let k = 0; k < n; k++) {
      expect(Math.abs(values[k] - (2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))))).toBeLessThan(
        tolerance(n, 4),
      );
    }
    expect(maxResidual(n, a, values, vectors)).toBeLessThan(tolerance(n, 4));
  });

  it("is scale invariant down to 1e-200 and up to 1e200 (no underflow or overflow)", () => {
    const n = 10;
    const a = randomHermitian(n, 21);
    const reference = hermitianEigen(n, a).values;
    for (const scale of [1e-200, 1e200]) {
      const scaled = a.map((x) => x * scale);
      const values = hermitianEigen(n, scaled).values;
      const norm = spectralNorm(reference);
      // Scaling by a power of ten is inexact (relative 1 ulp per entry): within the usual bound.
      for (let k = 0; k < n; k++) {
        expect(Math.abs(values[k] / scale - reference[k])).toBeLessThan(tolerance(n, norm));
      }
    }
  });

  it("handles subnormal input (1 / max |A_ij| would overflow)", () => {
    // Entries ~ 2^-1060 are subnormal: they carry ~14 significant bits, so the input itself is
    // perturbed by up to 2^-1074 per entry, i.e. ||E|| <= n 2^-1074; the computed eigenvalues must
    // be finite and within that (plus round-off) of the reference scaled down.
    const n = 6;
    const a = randomHermitian(n, 5);
    const reference = hermitianEigen(n, a).values;
    const scale = 2 ** -1060;
    const values = hermitianEigen(
      n,
      a.map((x) => x * scale),
    ).values;
    for (let k = 0; k < n; k++) {
      expect(Number.isFinite(values[k])).toBe(true);
      expect(Math.abs(values[k] / scale - reference[k])).toBeLessThan(4 * n * 2 ** -14);
    }
  });

  it("agrees with symmetricEigen on real symmetric input", () => {
    const n = 20;
    const complex = randomHermitian(n, 4);
    const real = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        real[i * n + j] = complex[2 * (i * n + j)];
        real[j * n + i] = complex[2 * (i * n + j)];
      }
    }
    const embedded = new Float64Array(2 * n * n);
    for (let i = 0; i < n * n; i++) embedded[2 * i] = real[i];
    const h = hermitianEigen(n, embedded).values;
    const s = symmetricEigen(n, real).values;
    const norm = spectralNorm(s);
    for (let k = 0; k < n; k++) expect(Math.abs(h[k] - s[k])).toBeLessThan(tolerance(n, norm));
  });

  it("rejects bad input with a ParameterError naming the parameter", () => {
    expect(() => hermitianEigen(0, new Float64Array(0))).toThrow(ParameterError);
    expect(() => hermitianEigen(2, new Float64Array(7))).toThrow(/data/);
    expect(() => hermitianEigen(1, Float64Array.of(Number.NaN, 0))).toThrow(/NaN/);
  });
});

describe("hermitianEigen of a numerically low-rank matrix (columns below the underflow of squares)", () => {
  // A = |f><f| dx, f a normalized Gaussian wave packet with momentum on a grid that resolves it:
  // after the first reflection the trailing columns hold entries down to 1e-247, whose squares
  // underflow. Exact spectrum: 1 and n - 1 zeros. Before the rescaling of tiny reflector vectors
  // (LAPACK's zlarfg/dlarfg) some eigenvalues came out NaN (8 of 128 here).
  const packet = (n: number, momentum: number) => {
    const box = 8;
    const eps = 1 / 32;
    const dx = box / n;
    const f = new Float64Array(2 * n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const x = 0.7 - box / 2 + i * dx;
      const g = Math.exp(-((x - 0.9) ** 2) / (2 * eps));
      f[2 * i] = g * Math.cos((momentum * x) / eps);
      f[2 * i + 1] = g * Math.sin((momentum * x) / eps);
      norm += g * g * dx;
    }
    const a = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const [ar, ai, br, bi] = [f[2 * i], f[2 * i + 1], f[2 * j], f[2 * j + 1]];
        a[2 * (i * n + j)] = ((ar * br + ai * bi) * dx) / norm;
        a[2 * (i * n + j) + 1] = ((ai * br - ar * bi) * dx) / norm;
      }
    }
    return a;
  };
  for (const n of [32, 128, 512]) {
    it(`n = ${n}: eigenvalues 1 and n - 1 zeros, finite, to the backward-error tolerance`, () => {
      const a = packet(n, 1.3);
      const { values } = hermitianEigen(n, a);
      // ||A||_2 = 1 (building A rounds at ~n eps as well): tolerance(n, 1)
      expect(values.every(Number.isFinite)).toBe(true);
      expect(Math.abs(values[n - 1] - 1)).toBeLessThan(tolerance(n, 1));
      for (let k = 0; k < n - 1; k++) expect(Math.abs(values[k])).toBeLessThan(tolerance(n, 1));
    });
  }
  it("n = 128 with eigenvectors: residual and orthonormality at round-off", () => {
    const n = 128;
    const a = packet(n, 1.3);
    const result = hermitianEigen(n, a, { vectors: true });
    expect(result.values.every(Number.isFinite)).toBe(true);
    expect(maxResidual(n, a, result.values, result.vectors)).toBeLessThan(tolerance(n, 1));
    expect(orthonormalityError(n, result.vectors)).toBeLessThan(tolerance(n, 1));
  });
  it("the real symmetric reduction: a real rank-one Gaussian projector", () => {
    const n = 128;
    const complex = packet(n, 0);
    const a = new Float64Array(n * n);
    for (let q = 0; q < n * n; q++) a[q] = complex[2 * q];
    const { values } = symmetricEigen(n, a);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(Math.abs(values[n - 1] - 1)).toBeLessThan(tolerance(n, 1));
    for (let k = 0; k < n - 1; k++) expect(Math.abs(values[k])).toBeLessThan(tolerance(n, 1));
  });
});
