import { relativeDifference } from "@semiclassical/tooling/testing";
import { describe, expect, it } from "vitest";
import { FreeSpaceConvolution } from "./convolution.js";
import { ParameterError } from "./errors.js";
import { createGrid, type Dimension, type Grid, meshCoordinates } from "./grid.js";
import type { InteractionKernel } from "./kernels.js";

// ---------------------------------------------------------------------------------------------
// Reference values, computed here independently of the library.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Gamma(x) by Lanczos (g = 7, 9 terms; relative error ~1e-15) with reflection below 1/2. */
function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  const t = y + 7.5;
  let a = LANCZOS[0];
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

/** Kummer's 1F1(a; b; z) for z >= 0, b > 0, a > 0: positive series, no cancellation. */
function kummer(a: number, b: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let m = 0; m < 2000; m++) {
    term *= ((a + m) / (b + m)) * (z / (m + 1));
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/**
 * For the normalized Gaussian rho = (2 pi s^2)^(-d/2) e^(-|x|^2/(2 s^2)) in R^d and V = |x|^-alpha,
 * (V * rho)(x) = E|x - Y|^-alpha, Y ~ N(0, s^2 I), the non-central moment
 *   (2 s^2)^(-alpha/2) Gamma((d-alpha)/2)/Gamma(d/2) 1F1(alpha/2; d/2; -z),  z = |x|^2/(2 s^2),
 * written with Kummer's transformation as e^-z 1F1((d-alpha)/2; d/2; z). Its radial derivative
 * uses d/dz 1F1(a; b; -z) = -(a/b) 1F1(a+1; b+1; -z) = -(a/b) e^-z 1F1(b-a; b+1; z).
 * (d = 3, alpha = 1 reduces to erf(r/(s sqrt 2))/r.)
 */
function powerOfGaussian(
  d: number,
  alpha: number,
  s: number,
  r: number,
): { value: number; slope: number } {
  const z = (r * r) / (2 * s * s);
  const constant = (2 * s * s) ** (-alpha / 2) * (gamma((d - alpha) / 2) / gamma(d / 2));
  const a = alpha / 2;
  const b = d / 2;
  const value = constant * Math.exp(-z) * kummer(b - a, b, z);
  const slope = constant * (-a / b) * Math.exp(-z) * kummer(b - a, b + 1, z) * (r / (s * s));
  return { value, slope };
}

/** erf by its Taylor series (|x| < 3) or the continued fraction of erfc (|x| >= 3), ~1e-16. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let sum = 0;
    let term = ax;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-ax * ax) / (n + 1);
      if (Math.abs(term) < 1e-18) break;
    }
    return (Math.sign(x) * 2 * sum) / Math.sqrt(Math.PI);
  }
  let fraction = 0;
  for (let k = 80; k >= 1; k--) fraction = k / 2 / (ax + fraction);
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + fraction));
}

/** Normalized Gaussian density of variance s^2 per axis on the grid, optionally shifted: rho(x + shift). */
function gaussianDensity(grid: Grid, s: number, shift: readonly number[] = []): Float64Array {
  const coords = meshCoordinates(grid);
  const d = grid.dimension;
  const out = new Float64Array(grid.size);
  const c = (2 * Math.PI * s * s) ** (-d / 2);
  for (let i = 0; i < grid.size; i++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += (coords[a][i] + (shift[a] ?? 0)) ** 2;
    out[i] = c * Math.exp(-r2 / (2 * s * s));
  }
  return out;
}

function radii(grid: Grid): Float64Array {
  const coords = meshCoordinates(grid);
  const r = new Float64Array(grid.size);
  for (let i = 0; i < grid.size; i++) {
    let r2 = 0;
    for (let a = 0; a < grid.dimension; a++) r2 += coords[a][i] ** 2;
    r[i] = Math.sqrt(r2);
  }
  return r;
}

/** max_i |computed_i - exact_i| / max_i |exact_i| (tooling's relativeDifference). */
const relativeError = relativeDifference;

/** Max over components of the relative error of a gradient. */
function gradientError(computed: Float64Array[], exact: Float64Array[]): number {
  let error = 0;
  let scale = 0;
  computed.forEach((component, a) => {
    for (let i = 0; i < component.length; i++) {
      error = Math.max(error, Math.abs(component[i] - exact[a][i]));
      scale = Math.max(scale, Math.abs(exact[a][i]));
    }
  });
  return error / scale;
}

/** Analytic U and grad U for lambda |x|^-alpha * Gaussian(s) on the grid. */
function powerReference(grid: Grid, alpha: number, s: number, lambda = 1) {
  const coords = meshCoordinates(grid);
  const r = radii(grid);
  const d = grid.dimension;
  const value = new Float64Array(grid.size);
  const gradient = coords.map(() => new Float64Array(grid.size));
  for (let i = 0; i < grid.size; i++) {
    const { value: u, slope } = powerOfGaussian(d, alpha, s, r[i]);
    value[i] = lambda * u;
    for (let a = 0; a < d; a++)
      gradient[a][i] = r[i] === 0 ? 0 : (lambda * slope * coords[a][i]) / r[i];
  }
  return { value, gradient };
}

// Box and grid choice for a Gaussian of width s: half-box L/2 = A s and Nyquist k = pi/dx = B/s.
// The errors are the mass outside the box ~ e^(-A^2/2) and the spectrum beyond Nyquist ~ e^(-B^2/2)
// (the truncated-kernel method adds only the ~1e-15 error of V^_R), so with A = 9 (e^-40 = 4e-18)
// the error is ~ e^(-(pi n/(2A))^2/2): spectral convergence in n.

describe("FreeSpaceConvolution: 3D Coulomb", () => {
  it("converges spectrally to erf(r/(sigma sqrt 2))/r, with forces, reaching 1e-10", () => {
    const s = 1;
    // A = B = sqrt(pi 32/2) = 7.09 at n = 32: both errors ~ e^-25 ~ 1e-11
    const box = 2 * Math.sqrt((Math.PI * 32) / 2) * s;
    const errors: number[] = [];
    for (const n of [8, 16, 32]) {
      const grid = createGrid({ dimension: 3, points: n, box });
      const convolution = new FreeSpaceConvolution(grid, { kind: "coulomb", lambda: 2 });
      const r = radii(grid);
      const exact = r.map((x) =>
        x === 0 ? (2 * Math.sqrt(2 / Math.PI)) / s : (2 * erf(x / (s * Math.SQRT2))) / x,
      );
      const rho = gaussianDensity(grid, s);
      errors.push(relativeError(convolution.potential(rho), exact));
      if (n === 32) {
        const { gradient } = powerReference(grid, 1, s, 2);
        // the same two exponentially small error sources, one more power of k: measured 8e-12
        expect(gradientError(convolution.gradient(rho), gradient)).toBeLessThan(1e-10);
      }
    }
    // measured 4.6e-2, 2.1e-5, 3.2e-12: each doubling of n gains >= 2 decades, then <= 1e-10
    expect(errors[1]).toBeLessThan(1e-2 * errors[0]);
    expect(errors[2]).toBeLessThan(1e-2 * errors[1]);
    expect(errors[2]).toBeLessThan(1e-10);
  });
});

describe("FreeSpaceConvolution: 3D power kernel (quadrature path)", () => {
  it("matches the 1F1 closed form for alpha = 2.5, with forces", () => {
    // same box/grid balance as the Coulomb test (errors ~e^-25, measured 1.7e-12 for U); the
    // gradient carries one more power of k on the same exponentially small spectral tail
    const box = 2 * Math.sqrt((Math.PI * 32) / 2);
    const grid = createGrid({ dimension: 3, points: 32, box });
    const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha: 2.5 });
    const { value, gradient } = powerReference(grid, 2.5, 1);
    const rho = gaussianDensity(grid, 1);
    expect(relativeError(convolution.potential(rho), value)).toBeLessThan(1e-10);
    expect(gradientError(convolution.gradient(rho), gradient)).toBeLessThan(1e-9);
  });
});

describe("FreeSpaceConvolution: power kernels in 1D and 2D", () => {
  it("converges spectrally to the 1F1 closed form in 1D (alpha = 0.3, 0.5, 0.9)", () => {
    for (const alpha of [0.3, 0.5, 0.9]) {
      const errors: number[] = [];
      for (const n of [16, 32, 64]) {
        const grid = createGrid({ dimension: 1, points: n, box: 18 });
        const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
        const { value } = powerReference(grid, alpha, 1);
        errors.push(relativeError(convolution.potential(gaussianDensity(grid, 1)), value));
      }
      // Nyquist B = pi n/18 = 2.8, 5.6, 11.2: e^(-B^2/2) = 2e-2, 2e-7, 1e-27; measured (alpha 0.5)
      // 2e-4, 2e-10, 5e-16 -> 1e-13 leaves room for the ~1e-15 kernel and FFT round-off
      expect(errors[1]).toBeLessThan(1e-4 * errors[0]);
      expect(errors[2]).toBeLessThan(1e-13);
    }
  });

  it("converges spectrally to the 1F1 closed form in 2D (alpha = 0.4, 1, 1.7)", () => {
    for (const alpha of [0.4, 1, 1.7]) {
      const errors: number[] = [];
      for (const n of [16, 32, 64]) {
        const grid = createGrid({ dimension: 2, points: n, box: 16 });
        const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
        const { value } = powerReference(grid, alpha, 1);
        errors.push(relativeError(convolution.potential(gaussianDensity(grid, 1)), value));
      }
      // B = pi n/16: e^(-B^2/2) = 1e-2, 5e-9, 3e-35, the box edge A = 8: e^-32 = 1e-14;
      // measured (alpha 1) 1.4e-4, 4.5e-12, 2e-15
      expect(errors[1]).toBeLessThan(1e-6 * errors[0]);
      expect(errors[2]).toBeLessThan(1e-12);
    }
  });

  it("handles anisotropic boxes (per-axis oversampling) in 2D", () => {
    // box 16 x 24 -> R = 28.8, s = 4 and 4 (1 + R/L = 2.8, 2.2)
    const grid = createGrid({ dimension: 2, points: [64, 128], box: [16, 24], center: [0, 0] });
    const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: -0.5, alpha: 1.3 });
    const { value, gradient } = powerReference(grid, 1.3, 1, -0.5);
    const rho = gaussianDensity(grid, 1);
    expect(relativeError(convolution.potential(rho), value)).toBeLessThan(1e-12);
    expect(gradientError(convolution.gradient(rho), gradient)).toBeLessThan(1e-12);
  });

  it("gives forces equal to the analytic gradient and to finite differences of the potential", () => {
    for (const d of [1, 2] as const) {
      const alpha = d === 1 ? 0.5 : 1;
      const grid = createGrid({ dimension: d, points: 64, box: 16 });
      const convolution = new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha });
      const rho = gaussianDensity(grid, 1);
      const forces = convolution.gradient(rho);
      // analytic: same error budget as the potential (measured ~1e-15)
      expect(gradientError(forces, powerReference(grid, alpha, 1).gradient)).toBeLessThan(1e-12);
      // U(x + h e_a) = (V * rho(. + h e_a))(x): a 4th-order central difference in h = 0.01 has
      // truncation error h^4 max|U^(5)|/30 ~ 3e-10 (U^(5) = O(1) for sigma = 1) and round-off
      // 1e-16 |U|/h = 1e-14, so the tolerance is 1e-8 of max |grad U|.
      const h = 0.01;
      const finiteDifference = Array.from({ length: d }, (_, a) => {
        const shifted = (t: number) => {
          const shift = new Array<number>(d).fill(0);
          shift[a] = t;
          return convolution.potential(gaussianDensity(grid, 1, shift));
        };
        const [p2, p1, m1, m2] = [shifted(2 * h), shifted(h), shifted(-h), shifted(-2 * h)];
        return p1.map((_, i) => (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h));
      });
      expect(gradientError(forces, finiteDifference)).toBeLessThan(1e-8);
    }
  });
});

describe("FreeSpaceConvolution: regular kernels", () => {
  /** lambda e^(-|x|^2/2 w^2) * Gaussian(s) = lambda (w^2/(w^2+s^2))^(d/2) e^(-|x|^2/(2(w^2+s^2))). */
  function gaussianOfGaussian(grid: Grid, lambda: number, w: number, s: number): Float64Array {
    const t = w * w + s * s;
    const c = lambda * ((w * w) / t) ** (grid.dimension / 2);
    return radii(grid).map((r) => c * Math.exp(-(r * r) / (2 * t)));
  }

  it("reproduces the Gaussian-Gaussian convolution, narrow (closed form) and wide (truncated) kernels", () => {
    const wide = 2 * Math.sqrt((Math.PI * 32) / 2); // the 3D Coulomb test's box: A = B = 7.09 at n = 32
    const cases: { d: Dimension; n: number; w: number; box: number; tolerance: number }[] = [
      // A = 8 or 9 and B >= 11 below: exponentially small errors, round-off remains (~1e-15)
      { d: 1, n: 64, w: 0.3, box: 18, tolerance: 1e-13 }, // R = 18 >= 9.5 w: closed form
      { d: 1, n: 64, w: 6, box: 18, tolerance: 1e-13 }, // R < 9.5 w: truncated, by quadrature
      { d: 2, n: 64, w: 0.5, box: 16, tolerance: 1e-13 },
      { d: 2, n: 64, w: 10, box: 16, tolerance: 1e-13 }, // V(R = 22.6) = e^-2.6: truncation matters
      // 3D: e^(-A^2/2) = e^(-B^2/2) = 1e-11 as in the Coulomb test
      { d: 3, n: 32, w: 4, box: wide, tolerance: 1e-10 },
    ];
    for (const { d, n, w, box, tolerance } of cases) {
      const grid = createGrid({ dimension: d, points: n, box });
      const convolution = new FreeSpaceConvolution(grid, {
        kind: "gaussian",
        lambda: 1.7,
        sigma: w,
      });
      const exact = gaussianOfGaussian(grid, 1.7, w, 1);
      expect(relativeError(convolution.potential(gaussianDensity(grid, 1)), exact)).toBeLessThan(
        tolerance,
      );
    }
  });

  it("convolves complex (plane-wave modulated) input: convolveComplex vs the closed form", () => {
    // V = e^(-x^2/2w^2), f = N(0, 1) e^(i q y):
    // (V * f)(x) = sqrt(w^2/t) e^(-x^2/(2t)) e^(i q x/t - q^2 w^2/(2t)), t = w^2 + 1.
    // Nyquist pi/dx = 11.2 leaves e^(-(11.2 - q)^2/2) = e^-33 of f^ outside the band.
    const w = 0.8;
    const q = 3;
    const t = w * w + 1;
    const grid = createGrid({ dimension: 1, points: 64, box: 18 });
    const convolution = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1, sigma: w });
    const [x] = meshCoordinates(grid);
    const f = new Float64Array(2 * grid.size);
    const exact = new Float64Array(2 * grid.size);
    for (let i = 0; i < grid.size; i++) {
      const rho = Math.exp(-(x[i] * x[i]) / 2) / Math.sqrt(2 * Math.PI);
      f[2 * i] = rho * Math.cos(q * x[i]);
      f[2 * i + 1] = rho * Math.sin(q * x[i]);
      const modulus =
        Math.sqrt((w * w) / t) * Math.exp(-(x[i] * x[i]) / (2 * t) - (q * q * w * w) / (2 * t));
      exact[2 * i] = modulus * Math.cos((q * x[i]) / t);
      exact[2 * i + 1] = modulus * Math.sin((q * x[i]) / t);
    }
    expect(relativeError(convolution.convolveComplex(f), exact)).toBeLessThan(1e-13);
  });

  it("matches direct quadrature for the 1D soft power kernel", () => {
    const a = 0.5;
    const alpha = 1;
    const grid = createGrid({ dimension: 1, points: 64, box: 18 });
    const convolution = new FreeSpaceConvolution(grid, {
      kind: "soft-power",
      lambda: 1,
      alpha,
      softening: a,
    });
    const u = convolution.potential(gaussianDensity(grid, 1));
    // reference: composite 20-point Gauss-Legendre in y on [-12, 12] with panels of 0.25 (the
    // integrand's complex singularities y = x +- i a are 2 panel lengths away: error ~ 6^-40)
    const { nodes, weights } = legendre20();
    const x = meshCoordinates(grid)[0];
    const reference = x.map((xi) => {
      let sum = 0;
      for (let left = -12; left < 12; left += 0.25) {
        for (let q = 0; q < 20; q++) {
          const y = left + 0.125 * (1 + nodes[q]);
          const rho = Math.exp(-(y * y) / 2) / Math.sqrt(2 * Math.PI);
          sum += 0.125 * weights[q] * ((xi - y) ** 2 + a * a) ** (-alpha / 2) * rho;
        }
      }
      return sum;
    });
    expect(relativeError(u, reference)).toBeLessThan(1e-13);
  });
});

/** 20-point Gauss-Legendre rule by Newton's method on P_20 (test-side copy). */
function legendre20(): { nodes: number[]; weights: number[] } {
  const q = 20;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < q; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (q + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= q; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      dp = (q * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / dp;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  return { nodes, weights };
}

describe("FreeSpaceConvolution: API", () => {
  const grid = createGrid({ dimension: 2, points: 16, box: 12 });
  const kernel: InteractionKernel = { kind: "power", lambda: 1, alpha: 0.7 };
  const convolution = new FreeSpaceConvolution(grid, kernel);
  const rho = gaussianDensity(grid, 1);

  it("convolveComplex is the convolution of the real and imaginary parts", () => {
    const other = gaussianDensity(grid, 1.3, [0.4, -0.2]);
    const f = new Float64Array(2 * grid.size);
    for (let i = 0; i < grid.size; i++) {
      f[2 * i] = rho[i];
      f[2 * i + 1] = other[i];
    }
    const g = convolution.convolveComplex(f);
    const re = convolution.potential(rho);
    const im = convolution.potential(other);
    for (let i = 0; i < grid.size; i++) {
      // same linear operator, same FFTs: equal to round-off (1e-15 of max |U| ~ 1)
      expect(Math.abs(g[2 * i] - re[i])).toBeLessThan(1e-14);
      expect(Math.abs(g[2 * i + 1] - im[i])).toBeLessThan(1e-14);
    }
  });

  it("writes into out when given and returns it; is linear in rho", () => {
    const out = new Float64Array(grid.size);
    const first = convolution.potential(rho);
    expect(convolution.potential(rho, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(first));
    const twice = convolution.potential(rho.map((v) => 2 * v));
    for (let i = 0; i < grid.size; i++)
      expect(Math.abs(twice[i] - 2 * first[i])).toBeLessThan(1e-14);
    const gradientOut = [new Float64Array(grid.size), new Float64Array(grid.size)];
    expect(convolution.gradient(rho, gradientOut)).toBe(gradientOut);
    expect(convolution.kernel).toBe(kernel);
    expect(convolution.truncationRadius).toBeCloseTo(12 * Math.SQRT2, 12);
    expect(convolution.oversampling).toEqual([4, 4]);
  });

  it("rejects bad kernels and arrays with a ParameterError naming them", () => {
    expect(() => new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha: 2 })).toThrow(
      ParameterError,
    );
    expect(() => new FreeSpaceConvolution(grid, { kind: "power", lambda: 1, alpha: 2 })).toThrow(
      "kernel.alpha",
    );
    expect(() => new FreeSpaceConvolution(grid, { kind: "coulomb", lambda: 1 })).toThrow(
      "kernel.kind",
    );
    expect(() => convolution.potential(new Float64Array(3))).toThrow("density");
    expect(() => convolution.potential(rho, new Float64Array(3))).toThrow("out");
    expect(() => convolution.gradient(rho, [new Float64Array(grid.size)])).toThrow("out");
    expect(() => convolution.convolveComplex(rho)).toThrow("f");
  });
});
