import { describe, expect, it } from "vitest";
import type { Dimension } from "./grid.js";
import { besselJ0, RadialTable, truncatedKernelTransform } from "./kernel-transform.js";
import { type InteractionKernel, kernelValue } from "./kernels.js";

/** J0(x) = (1/2 pi) int cos(x sin t) dt by the plain trapezoidal rule with N = 4 (x + 60) points:
 * independent of the library's three regimes, exact up to 2 J_N(x) < 1e-30. */
function referenceJ0(x: number): number {
  const n = 4 * Math.ceil(x + 60);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.cos(x * Math.sin((2 * Math.PI * j) / n));
  return sum / n;
}

describe("besselJ0", () => {
  it("matches the trapezoidal integral representation in all three regimes", () => {
    // points on both sides of the switches at 6 and 40, and far out
    const xs = [
      0, 0.1, 1, 2.404825557695773, 5.999, 6, 6.001, 17.3, 39.999, 40, 40.001, 97.5, 612.25,
    ];
    for (const x of xs) {
      // the reference sums ~4x+240 cosines of size 1: round-off ~1e-16 sqrt(N)
      expect(Math.abs(besselJ0(x) - referenceJ0(x))).toBeLessThan(2e-15);
    }
  });
});

function radialSurface(d: Dimension): number {
  return d === 1 ? 2 : d === 2 ? 2 * Math.PI : 4 * Math.PI;
}

function radialWave(d: Dimension, x: number): number {
  if (d === 1) return Math.cos(x);
  if (d === 2) return referenceJ0(x);
  return x === 0 ? 1 : Math.sin(x) / x;
}

describe("truncatedKernelTransform", () => {
  it("equals c_d R^(d-alpha)/(d-alpha) at k = 0 for power kernels", () => {
    for (const d of [1, 2, 3] as const) {
      for (const alpha of [0.2, 0.5 * d, d - 0.2]) {
        const f = truncatedKernelTransform({ kind: "power", lambda: 1.5, alpha }, d, 3);
        const exact = (1.5 * radialSurface(d) * 3 ** (d - alpha)) / (d - alpha);
        expect(Math.abs(f(0) / exact - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it("obeys dV^_R/dR = c_d R^(d-1) V(R) j_d(k R) on both quadrature paths", () => {
    // d/dR of the truncated transform is the integrand at r = R. A 4th-order central difference
    // with step h = 0.005/k has truncation error ~ (k h)^4/30 = 2e-11 of the integrand's scale;
    // the ~1e-15 relative quadrature errors of f (not smooth in R: the panels move with R) are
    // amplified by 1.5/h to <= 1.5e-15 |f| k/0.005 ~ 1e-9 at k = 200. Tolerance 1e-8.
    const kernels: InteractionKernel[] = [
      { kind: "power", lambda: 1, alpha: 0.5 },
      { kind: "soft-power", lambda: 1, alpha: 1, softening: 0.3 },
      { kind: "gaussian", lambda: 1, sigma: 1 },
    ];
    const R = 2;
    for (const d of [1, 2, 3] as const) {
      for (const kernel of kernels) {
        // kR = 2.4 (series / panels), 60 (panels), 400 (contour form in d = 1, 3)
        for (const k of [1.2, 30, 200]) {
          const f = (radius: number) => truncatedKernelTransform(kernel, d, radius)(k);
          const h = 0.005 / k;
          const derivative =
            (-f(R + 2 * h) + 8 * f(R + h) - 8 * f(R - h) + f(R - 2 * h)) / (12 * h);
          const exact =
            radialSurface(d) * R ** (d - 1) * kernelValue(kernel, R) * radialWave(d, k * R);
          const scale = radialSurface(d) * R ** (d - 1) * kernelValue(kernel, R);
          expect(Math.abs(derivative - exact) / scale).toBeLessThan(1e-8);
        }
      }
    }
  });

  it("is the untruncated Gaussian transform once R >= 9.5 sigma", () => {
    // The quadrature path at R = 9 sigma and the closed form at R = 9.5 sigma differ by the tail
    // c_d int_9^9.5 r^(d-1) e^(-r^2/2) dr < 4 pi 90 e^-40.5 ~ 3e-15 relative to (2 pi)^(d/2).
    for (const d of [1, 2, 3] as const) {
      const kernel: InteractionKernel = { kind: "gaussian", lambda: 1, sigma: 1 };
      const quadrature = truncatedKernelTransform(kernel, d, 9);
      const closed = truncatedKernelTransform(kernel, d, 9.5);
      for (const k of [0, 0.5, 2, 5]) {
        expect(Math.abs(quadrature(k) - closed(k)) / (2 * Math.PI) ** (d / 2)).toBeLessThan(1e-14);
      }
    }
  });
});

describe("RadialTable", () => {
  it("interpolates a band-limited transform to round-off", () => {
    const R = 5;
    const f = truncatedKernelTransform({ kind: "power", lambda: 1, alpha: 1 }, 2, R);
    const table = new RadialTable(f, 60, R);
    let worst = 0;
    for (let q = 0; q < 400; q++) {
      const kappa = (q * Math.E) % 60;
      worst = Math.max(worst, Math.abs(table.evaluate(kappa) - f(kappa)) / f(0));
    }
    // Chebyshev error |J_36(8)| ~ 1e-19 plus the ~1e-16 errors of the tabulated values
    expect(worst).toBeLessThan(1e-14);
  });
});
