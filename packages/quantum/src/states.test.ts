import { createGrid, ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import {
  assertFermionic,
  checkFermionic,
  spectrum,
  subtractFromDense,
  toDense,
  toOrbital,
} from "./conversions.js";
import { density, kineticEnergy, particleNumber, purity } from "./observables.js";
import { createDenseDensityMatrix, createOrbitalDensityMatrix } from "./states.js";
import { wignerTransform } from "./wigner.js";

const epsilon = 0.25;
const grid = createGrid({ dimension: 1, points: 32, box: 8 });
const n = grid.size;
const dx = grid.spacing[0];

/** Orthonormal plane waves e^{i k_m x}/sqrt(L) on the periodic grid (exactly orthonormal). */
function planeWave(m: number): Float64Array {
  const out = new Float64Array(2 * n);
  const k = (2 * Math.PI * m) / grid.box[0];
  for (let i = 0; i < n; i++) {
    const x = grid.origin[0] + i * dx;
    out[2 * i] = Math.cos(k * x) / Math.sqrt(grid.box[0]);
    out[2 * i + 1] = Math.sin(k * x) / Math.sqrt(grid.box[0]);
  }
  return out;
}

function orbitalState(modes: number[], occupations: number[]) {
  const orbitals = new Float64Array(2 * n * modes.length);
  modes.forEach((m, k) => {
    orbitals.set(planeWave(m), 2 * k * n);
  });
  return createOrbitalDensityMatrix(grid, epsilon, Float64Array.from(occupations), orbitals);
}

describe("constructors validate", () => {
  it("reject wrong lengths, non-finite values, non-Hermitian data and non-orthonormal orbitals", () => {
    expect(() => createDenseDensityMatrix(grid, epsilon, new Float64Array(10))).toThrow(
      /2 n\^2 = 2048/,
    );
    const bad = new Float64Array(2 * n * n);
    bad[5] = Number.NaN;
    expect(() => createDenseDensityMatrix(grid, epsilon, bad)).toThrow(/entry 5 is NaN/);
    const skew = new Float64Array(2 * n * n);
    skew[2 * 1] = 1; // A_01 = 1, A_10 = 0
    expect(() => createDenseDensityMatrix(grid, epsilon, skew)).toThrow(/not Hermitian/);
    const twice = new Float64Array(4 * n);
    twice.set(planeWave(1), 0);
    twice.set(planeWave(1), 2 * n);
    expect(() =>
      createOrbitalDensityMatrix(grid, epsilon, Float64Array.of(0.5, 0.5), twice),
    ).toThrow(ParameterError);
    expect(() => createDenseDensityMatrix(grid, -1, new Float64Array(2 * n * n))).toThrow(
      /epsilon/,
    );
  });
});

describe("observables of a plane-wave mixture (exact answers)", () => {
  const state = orbitalState([0, 1, -2], [1, 0.5, 0.25]);
  const dense = toDense(state);

  it("trace, density, purity, kinetic energy agree between forms and with the exact values", () => {
    // tr = 1.75, rho = 1/L everywhere, purity = (1 + 0.25 + 0.0625)/1.75
    for (const s of [state, dense]) {
      expect(Math.abs(particleNumber(s) - 1.75)).toBeLessThan(1e-14);
      const rho = density(s);
      for (const r of rho) expect(Math.abs(r - 1 / grid.box[0])).toBeLessThan(1e-14);
      expect(Math.abs(purity(s) - 1.3125 / 1.75)).toBeLessThan(1e-14);
      // tr(-kappa eps^2 Laplacian omega) = kappa eps^2 sum_k lambda_k k_m^2, kappa = 0.5
      const k = (2 * Math.PI) / grid.box[0];
      const exact = 0.5 * epsilon ** 2 * (0.5 * k ** 2 + 0.25 * (2 * k) ** 2);
      expect(Math.abs(kineticEnergy(s, 0.5) - exact)).toBeLessThan(1e-13);
    }
  });

  it("toOrbital recovers the occupations and drops the zero eigenvalues, reporting their weight", () => {
    const back = toOrbital(dense);
    expect(Array.from(back.occupations)).toHaveLength(3);
    // hermitianEigen is backward stable: |dlambda| <~ n eps_mach ||A|| ~ 1e-14
    [1, 0.5, 0.25].forEach((l, k) => {
      expect(Math.abs(back.occupations[k] - l)).toBeLessThan(1e-13);
    });
    expect(back.droppedCount).toBe(n - 3);
    expect(back.droppedWeight).toBeLessThan(1e-12 * n);
    const again = toDense(back);
    let err = 0;
    for (let q = 0; q < again.data.length; q++)
      err = Math.max(err, Math.abs(again.data[q] - dense.data[q]));
    expect(err).toBeLessThan(1e-14);
    // a cutoff above 0.3 drops the 0.25 orbital and reports it
    const cut = toOrbital(state, 0.3);
    expect(cut.occupations.length).toBe(2);
    expect(cut.droppedWeight).toBeCloseTo(0.25, 15);
  });

  it("spectrum and the fermionic check", () => {
    const values = spectrum(dense);
    expect(values.length).toBe(n);
    expect(Math.abs(values[n - 1] - 1)).toBeLessThan(1e-13);
    const report = checkFermionic(state, 1e-10, { particles: 1.75 });
    expect(report.fermionic).toBe(true);
    expect(report.maxEigenvalue).toBe(1);
    expect(report.minEigenvalue).toBe(0);
    // default N = eps^-d = 4: the trace 1.75 is reported as wrong
    const wrongN = checkFermionic(state);
    expect(wrongN.fermionic).toBe(false);
    expect(wrongN.traceError).toBeCloseTo(2.25, 14);
  });

  it("a state violating 0 <= omega <= 1 is rejected with the numbers in the message", () => {
    const bad = orbitalState([0, 3, 4], [1.5, 0.5, -0.2]);
    const report = checkFermionic(bad, 1e-10, { particles: 1.8 });
    expect(report.fermionic).toBe(false);
    expect(Array.from(report.offending)).toEqual([-0.2, 1.5]);
    expect(report.violation).toBeCloseTo(0.7, 14);
    expect(() => assertFermionic(bad, 1e-10, { particles: 1.8 })).toThrow(ParameterError);
    expect(() => assertFermionic(toDense(bad), 1e-10, { particles: 1.8 })).toThrow(
      /eigenvalues in \[-0\.200000, 1\.50000\], 2 outside .*\(-0\.200000, 1\.50000\)/,
    );
  });
});

describe("toDense", () => {
  it("equals the entrywise sum A_ij = sum_k lambda_k phi_k(x_i) conj(phi_k(x_j)) dx, zero occupations skipped", () => {
    const n = 32;
    const K = 5;
    const grid = createGrid({ dimension: 1, points: [n], box: [3] });
    const orbitals = new Float64Array(2 * K * n);
    for (let j = 0; j < orbitals.length; j++) orbitals[j] = Math.sin(1.7 * j + 0.3 * (j % 5));
    const occupations = new Float64Array([0.9, 0, 0.5, -0.01, 0.25]);
    const state = { form: "orbital", grid, epsilon: 0.1, occupations, orbitals } as const;
    const dense = toDense(state as unknown as Parameters<typeof toDense>[0]);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < K; k++) {
          const [ar, ai] = [orbitals[2 * (k * n + i)], orbitals[2 * (k * n + i) + 1]];
          const [br, bi] = [orbitals[2 * (k * n + j)], orbitals[2 * (k * n + j) + 1]];
          const w = occupations[k] * grid.cellVolume;
          re += w * (ar * br + ai * bi);
          im += w * (ai * br - ar * bi);
        }
        if (i === j) im = 0;
        worst = Math.max(
          worst,
          Math.abs(dense.data[2 * (i * n + j)] - re),
          Math.abs(dense.data[2 * (i * n + j) + 1] - im),
        );
      }
    }
    // Same products, summed in the same order up to where lambda dx is applied: K = 5 terms of
    // size <= 1 differ by a few ulps at most.
    expect(worst).toBeLessThan(1e-15);
  });
  it("over two blocks of rows (n = 64) and K = 70 orbitals: the entrywise sum, its Wigner transform and A - B", () => {
    // The lower triangle comes in blocks of 32 rows of dot products over the K orbitals, summed
    // in two SIMD lanes: the sums regroup, so the entries agree with the plain sum to round-off
    // (70 terms of size <= 1: < 1e-13). wignerTransform reads the same
    // entries (bit for bit its transform of the dense form) and subtractFromDense gives
    // toDense(state) - B exactly.
    const n = 64;
    const K = 70;
    const grid = createGrid({ dimension: 1, points: [n], box: [3] });
    const orbitals = Float64Array.from({ length: 2 * K * n }, (_, j) =>
      Math.cos(0.9 * j + 0.2 * (j % 7)),
    );
    const occupations = Float64Array.from({ length: K }, (_, k) => (k === 40 ? 0 : 1 / (1 + k)));
    // not orthonormal: a plain object (no validation), as in the test above
    const state = { form: "orbital", grid, epsilon: 0.1, occupations, orbitals } as const;
    const dense = toDense(state);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < K; k++) {
          const [ar, ai] = [orbitals[2 * (k * n + i)], orbitals[2 * (k * n + i) + 1]];
          const [br, bi] = [orbitals[2 * (k * n + j)], orbitals[2 * (k * n + j) + 1]];
          const w = occupations[k] * grid.cellVolume;
          re += w * (ar * br + ai * bi);
          im += w * (ai * br - ar * bi);
        }
        if (i === j) im = 0;
        worst = Math.max(
          worst,
          Math.abs(dense.data[2 * (i * n + j)] - re),
          Math.abs(dense.data[2 * (i * n + j) + 1] - im),
        );
      }
    }
    expect(worst).toBeLessThan(1e-13);
    expect(wignerTransform(state).values).toEqual(wignerTransform(dense).values);
    const b = Float64Array.from(dense.data, (_, q) => Math.sin(q));
    const difference = b.slice();
    const diagonal = subtractFromDense(state, difference);
    expect(difference).toEqual(Float64Array.from(dense.data, (a, q) => a - b[q]));
    expect(diagonal).toEqual(
      Float64Array.from({ length: n }, (_, i) => dense.data[2 * (i * n + i)]),
    );
  });
});
