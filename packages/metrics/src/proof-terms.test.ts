import {
  createGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  ParameterError,
} from "@semiclassical/grid";
import { type DenseDensityMatrix, thermalState, toDense } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { ballCommutatorTraceNorm } from "./ball-commutator.js";
import { diagonalDensity } from "./density.js";
import { duhamelBound } from "./duhamel.js";
import { traceNorm } from "./norms.js";
import {
  commutatorMatrix,
  denseExchangeOperator,
  errorTermOperator,
  errorTermTraceNorm,
  exchangeCommutatorTraceNorm,
  meanFieldCommutatorTraceNorm,
  midpointMeanField,
  potentialCommutator,
} from "./proof-terms.js";

// A thermal state of the 1D trap: N = 8, eps = 1/8, T = 0.5, on 256 points of a box of 8
// (dx = eps/4; the resolution check needs dx <= 0.05).
const N = 8;
const eps = 1 / N;
const grid = createGrid({ dimension: 1, points: 256, box: 8 });
const omega: DenseDensityMatrix = toDense(
  thermalState(grid, { epsilon: eps, potential: harmonicTrap(1), temperature: 0.5 }),
);
const n = grid.size;
const x = Float64Array.from({ length: n }, (_, i) => -4 + (i * 8) / n);
/** refined-grid coordinates X_p = x_0 + p dx/2, p = 0..2n-1 */
const X = Float64Array.from({ length: 2 * n }, (_, p) => -4 + (p * 4) / n);
const maxEntry = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe("the proof's terms (dense 1D operators)", () => {
  it("i[U, omega] agrees with the general commutator i[diag U, omega]", () => {
    const U = Float64Array.from(x, (s) => Math.sin(2 * s) + 0.3 * s * s);
    const diag = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) diag[2 * (i * n + i)] = U[i];
    const direct = potentialCommutator(omega, U);
    const general = commutatorMatrix(n, diag, omega.data);
    let diff = 0;
    for (let q = 0; q < direct.length; q++) diff = Math.max(diff, Math.abs(direct[q] - general[q]));
    // entries of size |U| |A| <= 6 * 0.1; products of n terms, one non-zero: round-off
    expect(diff).toBeLessThan(1e-15);
  });

  it("the dominant term tr|[V * (rho - rho~), omega~]| vanishes for rho = rho~ and is linear in it", () => {
    const meanField = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1, sigma: 0.5 });
    const rho = diagonalDensity(omega, N);
    expect(meanFieldCommutatorTraceNorm(omega, meanField, rho, rho)).toBe(0);
    const perturbed = Float64Array.from(rho, (r, i) => r * (1 + 0.01 * Math.sin(x[i])));
    const twice = Float64Array.from(rho, (r, i) => r * (1 + 0.02 * Math.sin(x[i])));
    const one = meanFieldCommutatorTraceNorm(omega, meanField, perturbed, rho);
    const two = meanFieldCommutatorTraceNorm(omega, meanField, twice, rho);
    expect(one).toBeGreaterThan(0);
    // tr|c K| = |c| tr|K| exactly; the convolution is linear: round-off relative ~1e-13
    expect(Math.abs(two / one - 2)).toBeLessThan(1e-12);
  });

  it("B = 0 for quadratic U~, B = (x - y)^3/4 omega~ for U~ = x^3", () => {
    const quadratic = Float64Array.from(x, (s) => 0.7 * s * s - 0.3 * s + 1);
    const quadraticGradient = [Float64Array.from(X, (s) => 1.4 * s - 0.3)];
    // the bracket cancels to round-off of |U| ~ 12 times |A| <= 0.1 per entry
    expect(maxEntry(errorTermOperator(omega, quadratic, quadraticGradient))).toBeLessThan(1e-14);
    const cubic = Float64Array.from(x, (s) => s ** 3);
    const B = errorTermOperator(omega, cubic, [Float64Array.from(X, (s) => 3 * s * s)]);
    let worst = 0;
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const q = 2 * (j * n + k);
        const b = (x[j] - x[k]) ** 3 / 4;
        // iB = i b A: (-b Im A, b Re A)
        worst = Math.max(
          worst,
          Math.abs(B[q] + b * omega.data[q + 1]),
          Math.abs(B[q + 1] - b * omega.data[q]),
        );
      }
    }
    // cancellation in U(x) - U(y) - ... with |U| <= 64: round-off ~ 64 * 1e-16 * |A|
    expect(worst).toBeLessThan(1e-14);
    // the |x - y|^3 scaling: tr|B| for U~ = c x^3 is exactly |c| times that for x^3
    const scaled = errorTermTraceNorm(
      omega,
      Float64Array.from(cubic, (u) => 2.5 * u),
      [Float64Array.from(X, (s) => 7.5 * s * s)],
    );
    expect(scaled / traceNorm(n, B)).toBeCloseTo(2.5, 12);
  });

  it("midpointMeanField: B = 0 to round-off for V = 0 in a harmonic trap; U~ matches VGF on the grid", () => {
    const rho = diagonalDensity(omega, N);
    const free = midpointMeanField(
      grid,
      { kind: "gaussian", lambda: 0, sigma: 1 },
      rho,
      harmonicTrap(1),
    );
    // U = x^2 sampled exactly; the bracket cancels to ~16 * 1e-16 per entry
    expect(errorTermTraceNorm(omega, free.potential, free.midpointGradient)).toBeLessThan(1e-12);
    const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 0.5 };
    const interacting = midpointMeanField(grid, kernel, rho, harmonicTrap(1));
    const coarse = new FreeSpaceConvolution(grid, kernel).potential(rho);
    let diff = 0;
    for (let i = 0; i < n; i++)
      diff = Math.max(diff, Math.abs(interacting.potential[i] - x[i] ** 2 - coarse[i]));
    // two spectrally accurate convolutions of a resolved density on grids dx and dx/2
    expect(diff).toBeLessThan(1e-10);
    const errorTerm = errorTermTraceNorm(
      omega,
      interacting.potential,
      interacting.midpointGradient,
    );
    expect(errorTerm).toBeGreaterThan(1e-8);
  });

  it("exchange: regular kernels only; tr|[X, omega]| -> 0 as V becomes constant", () => {
    expect(() => denseExchangeOperator(omega, { kind: "power", lambda: 1, alpha: 0.5 }, N)).toThrow(
      ParameterError,
    );
    const narrow = exchangeCommutatorTraceNorm(
      omega,
      { kind: "gaussian", lambda: 1, sigma: 0.5 },
      N,
    );
    // V = e^{-x^2/(2 sigma^2)} with sigma = 1e3: X = (1/N)(1 - O(|x - y|^2/sigma^2)) omega, so
    // [X, omega] = O(1e-6) of the narrow kernel's (|x - y| <~ 8 in the box)
    const flat = exchangeCommutatorTraceNorm(omega, { kind: "gaussian", lambda: 1, sigma: 1e3 }, N);
    expect(narrow).toBeGreaterThan(1e-3);
    expect(flat).toBeLessThan(1e-4 * narrow);
  });
});

describe("duhamelBound", () => {
  it("integrates linear terms exactly and scales with 1/eps", () => {
    const times = [0, 0.1, 0.3, 0.6, 1];
    const result = duhamelBound({
      times,
      dominant: times.map((t) => 2 * t),
      error: times.map(() => 0.5),
      exchange: times.map((t) => 1 + t),
      epsilon: 0.25,
    });
    times.forEach((t, k) => {
      expect(result.dominant[k]).toBeCloseTo((t * t) / 0.25, 14);
      expect(result.error[k]).toBeCloseTo((0.5 * t) / 0.25, 14);
      expect(result.exchange[k]).toBeCloseTo((t + (t * t) / 2) / 0.25, 14);
      expect(result.bound[k]).toBeCloseTo(
        result.dominant[k] + result.error[k] + result.exchange[k],
        14,
      );
    });
    expect(() =>
      duhamelBound({ times: [0, 1, 1], dominant: [0, 0, 0], error: [0, 0, 0], epsilon: 1 }),
    ).toThrow(/strictly increasing/);
  });
});

describe("ballCommutatorTraceNorm", () => {
  const rho = diagonalDensity(omega, N);
  const rhoMax = rho.reduce((m, v) => Math.max(m, v), 0);
  const dx = grid.spacing[0];

  it("equals the trace norm of the full commutator [chi, omega]", () => {
    for (const [r, y] of [
      [3 * dx, 0],
      [0.7, 0.4],
      [2.2, -0.5],
    ] as const) {
      const chi = Float64Array.from(x, (s) => (Math.abs(s - y) <= r ? 1 : 0));
      const full = traceNorm(n, potentialCommutator(omega, chi));
      // the Gram route is accurate to ~ m sqrt(eps_mach) sigma_max (see its doc), here <~ 1e-6
      expect(Math.abs(ballCommutatorTraceNorm(omega, r, [y]) - full)).toBeLessThan(1e-6 * full);
    }
  });

  it("grows sublinearly (sqrt(r)-ish) and stays at the N eps scale", () => {
    const radii = [1, 2, 4, 8, 16, 32].map((k) => k * dx + 1e-9);
    const values = radii.map((r) => ballCommutatorTraceNorm(omega, r, [0]));
    values.forEach((v, k) => {
      // exact for omega >= 0: tr|[chi, A]| <= 2 tr|chi A| <= 2 ||chi A^1/2||_HS ||A^1/2||_HS =
      // 2 sqrt(N int_B rho) sqrt(N) <= 2 N sqrt(|B| rho_max): the sqrt(r) law at small r
      expect(v).toBeLessThanOrEqual(2 * N * Math.sqrt((2 * radii[k] + dx) * rhoMax));
      // the semiclassical scale: measured at most 1.73 N eps (the two edges of the interval)
      expect(v).toBeLessThan(3 * N * eps);
    });
    // log-log slope for r in [dx, 4 dx] = [eps/4, eps]: measured 0.30 (values 1.00, 1.25, 1.53 N eps) (sqrt(r) for r << eps,
    // flattening to 0 once the two edges separate, r >> eps); between 0.15 and 0.7
    const slope = Math.log(values[2] / values[0]) / Math.log(radii[2] / radii[0]);
    expect(slope).toBeGreaterThan(0.15);
    expect(slope).toBeLessThan(0.7);
  });
});
