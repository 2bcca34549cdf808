import type { Grid } from "@semiclassical/grid";
import { createGrid, harmonicTrap, samplePotential, UniformResampler } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { lowestEigenstates } from "./eigenstates.js";
import { husimiTransform } from "./husimi.js";
import { density, kineticEnergy, particleNumber } from "./observables.js";
import type { PhaseSpaceFunction } from "./phase-space.js";
import {
  phaseSpaceCurrent,
  phaseSpaceDensity,
  phaseSpaceKineticEnergy,
  phaseSpaceMass,
} from "./phase-space.js";
import type { DenseDensityMatrix, OrbitalDensityMatrix } from "./states.js";
import { createDenseDensityMatrix, createOrbitalDensityMatrix } from "./states.js";
import { slaterState } from "./thermal.js";
import { weylQuantize } from "./weyl.js";
import { wignerTransform } from "./wigner.js";

/** Laguerre polynomial L_j(t) by the three-term recurrence. */
function laguerre(j: number, t: number): number {
  let a = 1;
  let b = 1 - t;
  if (j === 0) return a;
  for (let k = 1; k < j; k++) {
    const c = ((2 * k + 1 - t) * b - k * a) / (k + 1);
    a = b;
    b = c;
  }
  return b;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Evaluates f on every (X, v) of a 1D phase-space function's grid. */
function sampleW(W: PhaseSpaceFunction, f: (x: number, v: number) => number): Float64Array {
  const { position, velocity } = W.grid;
  const out = new Float64Array(W.grid.size);
  for (let p = 0; p < position.size; p++) {
    for (let q = 0; q < velocity.size; q++) {
      out[p * velocity.size + q] = f(
        position.origin[0] + p * position.spacing[0],
        velocity.origin[0] + q * velocity.spacing[0],
      );
    }
  }
  return out;
}

function singleOrbital(grid: Grid, epsilon: number, orbital: Float64Array): OrbitalDensityMatrix {
  return createOrbitalDensityMatrix(grid, epsilon, Float64Array.of(1), orbital);
}

/** A seeded random Hermitian matrix (not a resolved state: tests exactness of the transform pair). */
function randomHermitian(grid: Grid, epsilon: number, seed: number): DenseDensityMatrix {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const n = grid.size;
  const data = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    data[2 * (i * n + i)] = random();
    for (let j = 0; j < i; j++) {
      const re = random();
      const im = random();
      data[2 * (i * n + j)] = re;
      data[2 * (i * n + j) + 1] = im;
      data[2 * (j * n + i)] = re;
      data[2 * (j * n + i) + 1] = -im;
    }
  }
  return createDenseDensityMatrix(grid, epsilon, data);
}

describe("wignerTransform of harmonic-oscillator eigenstates (THEORY.md section 4)", () => {
  // h = -eps^2 d_xx + x^2 on [-4, 4) with 128 points, eps = 0.1: the band |v| < pi eps/(2 dx) = 2.51
  // and the box hold the orbitals j <= 5 down to e^{-(x^2+v^2)/eps} L_j < 1e-18, and the spectral
  // Laplacian is exact to round-off for them, so W matches the Laguerre formula to round-off
  // (~1e-14 here); 1e-10 is the tolerance.
  const epsilon = 0.1;
  const grid = createGrid({ dimension: 1, points: 128, box: 8 });
  const eig = lowestEigenstates(grid, {
    epsilon,
    kappa: 1,
    potential: samplePotential(grid, harmonicTrap(1)),
    count: 6,
  });

  it("has eigenvalues eps (2j + 1)", () => {
    // dense symmetric eigensolver: backward error ~ n eps_mach ||h|| ~ 128 * 2e-16 * 80
    for (let j = 0; j < 6; j++)
      expect(Math.abs(eig.energies[j] - epsilon * (2 * j + 1))).toBeLessThan(1e-10);
  });

  for (const j of [0, 1, 2, 5]) {
    it(`W of orbital ${j} is ((-1)^j/pi) e^{-(x^2+v^2)/eps} L_j(2(x^2+v^2)/eps) to 1e-10`, () => {
      const orbital = eig.orbitals.slice(2 * j * grid.size, 2 * (j + 1) * grid.size);
      const W = wignerTransform(singleOrbital(grid, epsilon, orbital));
      const exact = sampleW(W, (x, v) => {
        const r2 = (x * x + v * v) / epsilon;
        return ((-1) ** j / Math.PI) * Math.exp(-r2) * laguerre(j, 2 * r2);
      });
      expect(maxAbsDiff(W.values, exact)).toBeLessThan(1e-10);
      // the same through the dense form
      const Wd = wignerTransform(toDenseLocal(singleOrbital(grid, epsilon, orbital)));
      expect(maxAbsDiff(Wd.values, W.values)).toBeLessThan(1e-13);
    });
  }

  it("Husimi of the ground state is (1/2pi) e^{-(x^2+v^2)/(2 eps)} and Husimi of orbital 3 is >= 0", () => {
    const W0 = wignerTransform(singleOrbital(grid, epsilon, eig.orbitals.slice(0, 2 * grid.size)));
    const H0 = husimiTransform(W0, epsilon);
    const exact = sampleW(H0, (x, v) => Math.exp(-(x * x + v * v) / (2 * epsilon)) / (2 * Math.PI));
    // Gaussian smoothing by FFT on a grid resolving both Gaussians: round-off level
    expect(maxAbsDiff(H0.values, exact)).toBeLessThan(1e-10);
    const W3 = wignerTransform(
      singleOrbital(grid, epsilon, eig.orbitals.slice(6 * grid.size, 8 * grid.size)),
    );
    expect(Math.min(...W3.values)).toBeLessThan(-0.1); // W itself is negative somewhere
    const H3 = husimiTransform(W3, epsilon);
    // H = (2 pi)^-1 <f|omega|f> >= 0; FFT round-off ~1e-16 max|W| may leave tiny negative values
    expect(Math.min(...H3.values)).toBeGreaterThan(-1e-14 * maxAbs(H3.values));
  });

  it("current of a moving packet is p0 rho", () => {
    const p0 = 0.7;
    const n = grid.size;
    const orbital = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const x = grid.origin[0] + i * grid.spacing[0];
      const g = (Math.PI * epsilon) ** -0.25 * Math.exp((-x * x) / (2 * epsilon));
      orbital[2 * i] = g * Math.cos((p0 * x) / epsilon);
      orbital[2 * i + 1] = g * Math.sin((p0 * x) / epsilon);
    }
    const W = wignerTransform(singleOrbital(grid, epsilon, orbital));
    const rho = phaseSpaceDensity(W);
    const j = phaseSpaceCurrent(W)[0];
    // W = (1/pi) e^{-(x^2 + (v - p0)^2)/eps} lies inside the band |v| < 2.51 to < 1e-16
    expect(
      maxAbsDiff(
        j,
        Float64Array.from(rho, (r) => p0 * r),
      ),
    ).toBeLessThan(1e-12);
  });
});

function toDenseLocal(state: OrbitalDensityMatrix): DenseDensityMatrix {
  const n = state.grid.size;
  const data = new Float64Array(2 * n * n);
  const o = state.orbitals;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      data[2 * (i * n + j)] =
        (o[2 * i] * o[2 * j] + o[2 * i + 1] * o[2 * j + 1]) * state.grid.cellVolume;
      data[2 * (i * n + j) + 1] =
        (o[2 * i + 1] * o[2 * j] - o[2 * i] * o[2 * j + 1]) * state.grid.cellVolume;
    }
  }
  return createDenseDensityMatrix(state.grid, state.epsilon, data);
}

describe("weylQuantize inverts wignerTransform", () => {
  it("Weyl(Wigner(A)) = A to 1e-12 for any Hermitian A in 1D (the pair is an exact bijection)", () => {
    const grid = createGrid({ dimension: 1, points: 64, box: 6 });
    const A = randomHermitian(grid, 0.05, 7);
    const back = weylQuantize(wignerTransform(A), grid, 0.05);
    // n-point FFT pairs: error ~ log2(n) eps_mach max|A|
    expect(maxAbsDiff(back.data, A.data)).toBeLessThan(1e-12 * maxAbs(A.data));
  });

  it("Weyl(Wigner(A)) = A to 1e-12 in 2D and 3D (small grids)", () => {
    for (const [dimension, points] of [
      [2, [8, 4]],
      [3, [4, 2, 4]],
    ] as const) {
      const grid = createGrid({ dimension, points, box: 3 });
      const A = randomHermitian(grid, 0.1, 11);
      const W = wignerTransform(A);
      expect(W.values.length).toBe(2 ** dimension * grid.size * grid.size);
      const back = weylQuantize(W, grid, 0.1);
      expect(maxAbsDiff(back.data, A.data)).toBeLessThan(1e-12 * maxAbs(A.data));
    }
  });

  it("2D: W of a product state is the product of the 1D Wigner functions", () => {
    const epsilon = 0.2;
    const g2 = createGrid({ dimension: 2, points: [16, 8], box: [8, 6] });
    const g1 = [0, 1].map((a) => createGrid({ dimension: 1, points: g2.shape[a], box: g2.box[a] }));
    const gauss = (g: Grid, p0: number) => {
      const out = new Float64Array(2 * g.size);
      for (let i = 0; i < g.size; i++) {
        const x = g.origin[0] + i * g.spacing[0];
        const e = (Math.PI * epsilon) ** -0.25 * Math.exp((-x * x) / (2 * epsilon));
        out[2 * i] = e * Math.cos((p0 * x) / epsilon);
        out[2 * i + 1] = e * Math.sin((p0 * x) / epsilon);
      }
      return out;
    };
    const f0 = gauss(g1[0], 0.3);
    const f1 = gauss(g1[1], -0.2);
    const prod = new Float64Array(2 * g2.size);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 8; j++) {
        prod[2 * (i * 8 + j)] = f0[2 * i] * f1[2 * j] - f0[2 * i + 1] * f1[2 * j + 1];
        prod[2 * (i * 8 + j) + 1] = f0[2 * i] * f1[2 * j + 1] + f0[2 * i + 1] * f1[2 * j];
      }
    }
    // normalize on the grid
    let norm = 0;
    for (const x of prod) norm += x * x;
    const s = 1 / Math.sqrt(norm * g2.cellVolume);
    const W2 = wignerTransform(
      singleOrbital(
        g2,
        epsilon,
        prod.map((x) => x * s),
      ),
    );
    const W0 = wignerTransform(singleOrbital(g1[0], epsilon, normalized(g1[0], f0)));
    const W1 = wignerTransform(singleOrbital(g1[1], epsilon, normalized(g1[1], f1)));
    const v0 = W0.grid.velocity.size;
    const v1 = W1.grid.velocity.size;
    let err = 0;
    for (let p0 = 0; p0 < 32; p0++) {
      for (let p1 = 0; p1 < 16; p1++) {
        for (let q0 = 0; q0 < v0; q0++) {
          for (let q1 = 0; q1 < v1; q1++) {
            const w2 = W2.values[(p0 * 16 + p1) * (v0 * v1) + q0 * v1 + q1];
            const w = W0.values[p0 * v0 + q0] * W1.values[p1 * v1 + q1];
            err = Math.max(err, Math.abs(w2 - w));
          }
        }
      }
    }
    // the transform factorizes exactly over axes: round-off only
    expect(err).toBeLessThan(1e-13);
  });
});

function normalized(grid: Grid, f: Float64Array): Float64Array {
  let norm = 0;
  for (const x of f) norm += x * x;
  const s = 1 / Math.sqrt(norm * grid.cellVolume);
  return f.map((x) => x * s);
}

describe("normalization and marginals (eps^d N = 1)", () => {
  // Slater determinant of N = 8 HO orbitals, eps = 1/8, on [-5, 5) with 256 points: the band
  // |v| < pi eps/(2 dx) = 5.0 holds the state (Fermi velocity sqrt(2)) far beyond 1e-16.
  const epsilon = 1 / 8;
  const grid = createGrid({ dimension: 1, points: 256, box: 10 });
  const state = slaterState(grid, { epsilon, potential: harmonicTrap(1) });
  const W = wignerTransform(state);

  it("int int W = 1 and the v-marginal is rho at the grid points (p even) to round-off", () => {
    expect(particleNumber(state)).toBeCloseTo(8, 12);
    // even rows: exact identity; odd rows: spectrally accurate interpolation: total 1 to 1e-12
    expect(Math.abs(phaseSpaceMass(W) - 1)).toBeLessThan(1e-12);
    const marginal = phaseSpaceDensity(W);
    const rho = density(state);
    const even = Float64Array.from(rho, (_, i) => marginal[2 * i]);
    expect(maxAbsDiff(even, rho)).toBeLessThan(1e-13 * maxAbs(rho));
  });

  it("at midpoints (p odd) the marginal is the band-limited interpolation of rho", () => {
    const rho = density(state);
    const n = grid.size;
    const mid = new UniformResampler(
      { points: n, origin: grid.origin[0], spacing: grid.spacing[0] },
      { points: n, origin: grid.origin[0] + grid.spacing[0] / 2, spacing: grid.spacing[0] },
    );
    const out = new Float64Array(n);
    mid.applyPair(rho, 0, -1, 1, out, 0, -1, 1);
    const marginal = phaseSpaceDensity(W);
    const odd = Float64Array.from(out, (_, i) => marginal[2 * i + 1]);
    // rho is band-limited below the grid's Nyquist wave number (resolved state): both are exact
    // interpolations up to the e^{-...} tails, i.e. round-off
    expect(maxAbsDiff(odd, out)).toBeLessThan(1e-12 * maxAbs(rho));
  });

  it("phase-space kinetic energy equals tr(-eps^2 Laplacian omega)/N", () => {
    const quantum = kineticEnergy(state, 1) / particleNumber(state);
    // HO virial theorem: <T> = E/2 per orbital, sum_j eps(2j+1)/2 / N = eps N / 2 = 0.5
    expect(Math.abs(quantum - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(phaseSpaceKineticEnergy(W, 1) - quantum)).toBeLessThan(1e-11);
  });

  it("Weyl(Wigner(A)) = A to 1e-12 for the resolved state", () => {
    const back = weylQuantize(W, grid, epsilon);
    const n = grid.size;
    const A = new Float64Array(2 * n * n);
    // dense form from the orbitals
    for (let k = 0; k < 8; k++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          A[2 * (i * n + j)] +=
            state.orbitals[2 * (k * n + i)] * state.orbitals[2 * (k * n + j)] * grid.cellVolume;
        }
      }
    }
    expect(maxAbsDiff(back.data, A)).toBeLessThan(1e-12 * maxAbs(A));
  });
});
