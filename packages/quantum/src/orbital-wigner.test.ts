import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  samplePotential,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { lowestEigenstates } from "./eigenstates.js";
import { orbitalWigner, orbitalWignerCost } from "./orbital-wigner.js";
import { phaseSpaceDensity, phaseSpaceMass } from "./phase-space.js";
import { createOrbitalDensityMatrix } from "./states.js";
import { thermalState } from "./thermal.js";
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

/** THEORY.md section 4: W_j(x, v) = ((-1)^j/pi) e^{-(x^2+v^2)/eps} L_j(2(x^2+v^2)/eps). */
function laguerreWigner(j: number, x: number, v: number, epsilon: number): number {
  const r2 = (x * x + v * v) / epsilon;
  return ((-1) ** j / Math.PI) * Math.exp(-r2) * laguerre(j, 2 * r2);
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

// h = -eps^2 d_xx + x^2 on [-4, 4) with 128 points, eps = 0.1: orbitals j <= 5 are resolved and
// vanish at the box edges to < 1e-18, and the spectral Laplacian is exact to round-off for them
// (see wigner.test.ts), so the sampled Wigner function matches the Laguerre formula to round-off
// times the interpolation's conditioning; 1e-10 is the tolerance for exact Wigner tests.
const epsilon = 0.1;
const grid = createGrid({ dimension: 1, points: 128, box: 8 });
const eig = lowestEigenstates(grid, {
  epsilon,
  kappa: 1,
  potential: samplePotential(grid, harmonicTrap(1)),
  count: 6,
});

describe("orbitalWigner in 1D", () => {
  it("matches the Laguerre formula on a coarse, shifted phase-space grid", () => {
    const occupations = Float64Array.of(1, 0.7, 0.2);
    const state = createOrbitalDensityMatrix(
      grid,
      epsilon,
      occupations,
      eig.orbitals.slice(0, 6 * grid.size),
    );
    // positions and velocities unrelated to the quantum grid: 64 x 64 on [-3.1, 3.1) x [-2.2, 2.2)
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 64, box: 6.2 }),
      createGrid({ dimension: 1, points: 64, box: 4.4 }),
    );
    const W = orbitalWigner(state, target);
    let worst = 0;
    for (let p = 0; p < 64; p++) {
      const x = target.position.origin[0] + p * target.position.spacing[0];
      for (let q = 0; q < 64; q++) {
        const v = target.velocity.origin[0] + q * target.velocity.spacing[0];
        let exact = 0;
        for (let j = 0; j < 3; j++) exact += occupations[j] * laguerreWigner(j, x, v, epsilon);
        worst = Math.max(worst, Math.abs(W.values[p * 64 + q] - exact));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it("equals wignerTransform on the half-grid nodes of a thermal state", () => {
    const g = createGrid({ dimension: 1, points: 64, box: 7 });
    const eps = 1 / 4;
    const state = thermalState(g, { epsilon: eps, potential: harmonicTrap(1), temperature: 0.3 });
    const half = wignerTransform(state);
    // every other midpoint (positions x_0 + p dx, i.e. the grid points) and every velocity node
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 64, box: 7, center: g.origin[0] + 3.5 }),
      half.grid.velocity,
    );
    const W = orbitalWigner(state, target);
    // written into a given array (e.g. shared memory for a threaded solver): the same values,
    // whatever the array held; an array of the wrong size is refused
    const into = new Float64Array(target.size).fill(Number.NaN);
    expect(orbitalWigner(state, target, { into }).values).toBe(into);
    expect(into).toEqual(W.values);
    expect(() => orbitalWigner(state, target, { into: new Float64Array(3) })).toThrow(
      /into: must hold target.size/,
    );
    const vs = half.grid.velocity.size;
    let worst = 0;
    for (let i = 0; i < 64; i++) {
      for (let q = 0; q < vs; q++) {
        worst = Math.max(worst, Math.abs(W.values[i * vs + q] - half.values[2 * i * vs + q]));
      }
    }
    // both are exact for a band-limited state vanishing at the box edges; here the highest kept
    // levels (occupations down to the 1e-12 cutoff, E up to mu + 28 T) reach the box and band
    // edges, where the two quadratures (grid pairs vs. interpolated half-argument samples) differ
    // at the 1e-9 level (measured 5e-9 of max |W|); 2e-8 of max |W| leaves a factor 4
    expect(worst).toBeLessThan(2e-8 * maxAbs(half.values));
    // int W = 1 (eps N = 1) and the position marginal is the density rho(x_i) = sum lambda |phi|^2 eps
    const target2 = createPhaseSpaceGrid(
      target.position,
      createGrid({ dimension: 1, points: 128, box: 12 }),
    );
    const W2 = orbitalWigner(state, target2);
    // rectangle rule of a smooth function decaying to < 1e-12 at the edges: spectral accuracy,
    // except that the highest kept levels reach the box edge (sqrt(lambda)|phi| ~ 8e-7 there), so
    // C(s) is cut at |s| = 2 dist(X, edge) with a jump of ~1e-6 max|phi|: the s-quadrature then
    // carries ~1e-10 errors (measured 1.6e-10 in rho; 9e-11 with the former h <= dx, L = 2 L_box
    // rule); 5e-10 leaves a factor 3
    expect(Math.abs(phaseSpaceMass(W2) - 1)).toBeLessThan(1e-9);
    const rho = phaseSpaceDensity(W2);
    let worstRho = 0;
    for (let i = 0; i < 64; i++) {
      let r = 0;
      for (let k = 0; k < state.occupations.length; k++) {
        const re = state.orbitals[2 * (k * 64 + i)];
        const im = state.orbitals[2 * (k * 64 + i) + 1];
        r += state.occupations[k] * (re * re + im * im);
      }
      worstRho = Math.max(worstRho, Math.abs(rho[i] - r * eps));
    }
    expect(worstRho).toBeLessThan(5e-10);
  });
});

describe("orbitalWigner in 2D", () => {
  it("a product of HO eigenstates is the product of Laguerre Wigner functions", () => {
    const g1 = createGrid({ dimension: 1, points: 32, box: 8 });
    const eps = 0.4;
    const e1 = lowestEigenstates(g1, {
      epsilon: eps,
      kappa: 1,
      potential: samplePotential(g1, harmonicTrap(1)),
      count: 3,
    });
    const g2 = createGrid({ dimension: 2, points: 32, box: 8 });
    const n = 32;
    const [ja, jb] = [1, 2];
    const orbital = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const ar = e1.orbitals[2 * (ja * n + i)];
        const ai = e1.orbitals[2 * (ja * n + i) + 1];
        const br = e1.orbitals[2 * (jb * n + j)];
        const bi = e1.orbitals[2 * (jb * n + j) + 1];
        // 1D orbitals normalized with dx, the product with dx^2
        orbital[2 * (i * n + j)] = ar * br - ai * bi;
        orbital[2 * (i * n + j) + 1] = ar * bi + ai * br;
      }
    }
    const state = createOrbitalDensityMatrix(g2, eps, Float64Array.of(1), orbital);
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 8, box: [6, 5.5] }),
      createGrid({ dimension: 2, points: 16, box: [6.4, 6] }),
    );
    const W = orbitalWigner(state, target);
    const { position, velocity } = target;
    let worst = 0;
    for (let p = 0; p < position.size; p++) {
      const x0 = position.origin[0] + Math.floor(p / 8) * position.spacing[0];
      const x1 = position.origin[1] + (p % 8) * position.spacing[1];
      for (let q = 0; q < velocity.size; q++) {
        const v0 = velocity.origin[0] + Math.floor(q / 16) * velocity.spacing[0];
        const v1 = velocity.origin[1] + (q % 16) * velocity.spacing[1];
        const exact = laguerreWigner(ja, x0, v0, eps) * laguerreWigner(jb, x1, v1, eps);
        worst = Math.max(worst, Math.abs(W.values[p * velocity.size + q] - exact));
      }
    }
    // eps = 0.4 on 32 points of [-4, 4): the orbitals j <= 2 are resolved to e^{-x^2/(2 eps)} ~ 1e-9
    // at the edges, which bounds the agreement (the Laguerre formula is the continuum value)
    expect(worst).toBeLessThan(1e-8);
  });
});

/** Orbital on a d-dimensional grid of n^d points: the product of 1D orbitals js[a] of `basis`. */
function productOrbital(basis: Float64Array, n: number, js: readonly number[]): Float64Array {
  const d = js.length;
  const size = n ** d;
  const out = new Float64Array(2 * size);
  for (let p = 0; p < size; p++) {
    let re = 1;
    let im = 0;
    for (let a = 0, rest = p; a < d; a++) {
      const stride = n ** (d - 1 - a);
      const i = Math.floor(rest / stride);
      rest -= i * stride;
      const br = basis[2 * (js[a] * n + i)];
      const bi = basis[2 * (js[a] * n + i) + 1];
      const t = re * br - im * bi;
      im = re * bi + im * br;
      re = t;
    }
    out[2 * p] = re;
    out[2 * p + 1] = im;
  }
  return out;
}

/** Largest |W - sum_k lambda_k prod_a W_{j_ka}(x_a, v_a)| over the target grid. */
function laguerreError(
  W: { grid: ReturnType<typeof createPhaseSpaceGrid>; values: Float64Array },
  occupations: readonly number[],
  levels: readonly (readonly number[])[],
  eps: number,
): number {
  const { position, velocity } = W.grid;
  const d = position.dimension;
  const coordinate = (g: typeof position, flat: number, a: number) =>
    g.origin[a] + (Math.floor(flat / g.strides[a]) % g.shape[a]) * g.spacing[a];
  let worst = 0;
  for (let p = 0; p < position.size; p++) {
    for (let q = 0; q < velocity.size; q++) {
      let exact = 0;
      levels.forEach((js, k) => {
        let w = occupations[k];
        for (let a = 0; a < d; a++) {
          w *= laguerreWigner(js[a], coordinate(position, p, a), coordinate(velocity, q, a), eps);
        }
        exact += w;
      });
      worst = Math.max(worst, Math.abs(W.values[p * velocity.size + q] - exact));
    }
  }
  return worst;
}

describe("orbitalWigner in 2D and 3D against the Laguerre formula", () => {
  it("2D: two product HO states, eps = 0.2 on 64^2 points of [-4, 4)^2", () => {
    // resolved to round-off: e^{-x^2/(2 eps)} = e^{-40} at the box edge, e^{-eps k^2/2} = e^{-62}
    // at the Nyquist wavenumber, so the spectral 1D eigenstates are the continuum ones and the
    // only error is the quadrature's round-off (phases l h v/eps of size ~1e2); measured 1.4e-15,
    // 1e-10 is the tolerance for exact Wigner tests
    const n = 64;
    const eps = 0.2;
    const g1 = createGrid({ dimension: 1, points: n, box: 8 });
    const e1 = lowestEigenstates(g1, {
      epsilon: eps,
      kappa: 1,
      potential: samplePotential(g1, harmonicTrap(1)),
      count: 3,
    });
    const levels = [
      [1, 2],
      [0, 1],
    ];
    const occupations = [1, 0.5];
    const orbitals = new Float64Array(2 * 2 * n * n);
    levels.forEach((js, k) => {
      orbitals.set(productOrbital(e1.orbitals, n, js), 2 * k * n * n);
    });
    const g2 = createGrid({ dimension: 2, points: n, box: 8 });
    const state = createOrbitalDensityMatrix(g2, eps, Float64Array.from(occupations), orbitals);
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: 8, box: [6, 5.5], center: [0.1, -0.2] }),
      createGrid({ dimension: 2, points: 16, box: [6.4, 6], center: [0, 0.15] }),
    );
    const W = orbitalWigner(state, target);
    expect(laguerreError(W, occupations, levels, eps)).toBeLessThan(1e-10);
    // batches of one orbital (each repeats the velocity sums) give the same sums to round-off
    const cost = orbitalWignerCost(g2, eps, 2, target);
    // cost.bytes / 2 holds one orbital's lattice (2 x 16 M^2 bytes) but not two
    const maxBatchBytes = cost.bytes / 2;
    const batched = orbitalWigner(state, target, { maxBatchBytes });
    expect(orbitalWignerCost(g2, eps, 2, target, { maxBatchBytes }).batches).toBe(2);
    let diff = 0;
    for (let i = 0; i < W.values.length; i++) {
      diff = Math.max(diff, Math.abs(W.values[i] - batched.values[i]));
    }
    expect(diff).toBeLessThan(1e-14);
  });

  it("3D: a product HO state, eps = 0.2 on 32^3 points of [-3.2, 3.2)^3", () => {
    // e^{-x^2/(2 eps)} = e^{-25.6} ~ 8e-12 at the box edge (times the j = 1 polynomial),
    // e^{-eps k^2/2} = e^{-24.7} at the Nyquist wavenumber: resolved to ~1e-11 (measured 1.2e-12),
    // so 1e-10
    const n = 32;
    const eps = 0.2;
    const g1 = createGrid({ dimension: 1, points: n, box: 6.4 });
    const e1 = lowestEigenstates(g1, {
      epsilon: eps,
      kappa: 1,
      potential: samplePotential(g1, harmonicTrap(1)),
      count: 2,
    });
    const levels = [[1, 0, 1]];
    const g3 = createGrid({ dimension: 3, points: n, box: 6.4 });
    const state = createOrbitalDensityMatrix(
      g3,
      eps,
      Float64Array.of(1),
      productOrbital(e1.orbitals, n, levels[0]),
    );
    const target = createPhaseSpaceGrid(
      createGrid({ dimension: 3, points: 4, box: 3, center: [0.2, 0, -0.1] }),
      createGrid({ dimension: 3, points: 8, box: 4 }),
    );
    const W = orbitalWigner(state, target);
    expect(laguerreError(W, [1], levels, eps)).toBeLessThan(1e-10);
  });
});
