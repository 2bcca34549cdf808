import type { ExternalPotential, Splitting } from "@semiclassical/grid";
import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  yoshidaWeights,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { maxAbs, maxDifference, phaseSpace1D } from "./fixtures.js";
import { samplePhaseSpace } from "./initial.js";
import { VlasovSolver } from "./solver.js";

type Matrix = [number, number, number, number]; // [a, b, c, d] = [[a, b], [c, d]]

function multiply(p: Matrix, q: Matrix): Matrix {
  return [
    p[0] * q[0] + p[1] * q[2],
    p[0] * q[1] + p[1] * q[3],
    p[2] * q[0] + p[3] * q[2],
    p[2] * q[1] + p[3] * q[3],
  ];
}

/**
 * Trajectory map of one split step for H = kappa v^2 + s x^2: Strang A(h/2) B(h) A(h/2) with
 * A(tau): x += 2 kappa v tau, B(tau): v -= 2 s x tau; order 4 is M(w1 h) M(w0 h) M(w1 h).
 */
function splitMap(splitting: Splitting, h: number, kappa: number, s: number): Matrix {
  const strang = (tau: number): Matrix => {
    const a: Matrix = [1, kappa * tau, 0, 1];
    const b: Matrix = [1, 0, -2 * s * tau, 1];
    return multiply(a, multiply(b, a));
  };
  if (splitting === "strang") return strang(h);
  const { w1, w0 } = yoshidaWeights;
  return multiply(strang(w1 * h), multiply(strang(w0 * h), strang(w1 * h)));
}

describe("VlasovSolver: exact flows with spectral shifts", () => {
  it("free streaming W(x - 2 kappa v t, v) is exact to round-off in 1D-1V", async () => {
    const grid = phaseSpace1D(32, 10, 64, 16);
    const kappa = 0.7;
    const L = 10;
    // band-limited in x (modes 3 and 5 < Nyquist 16); v is not shifted
    const f = (x: number, v: number) =>
      Math.exp((-v * v) / 2) *
      (1 + 0.3 * Math.cos((6 * Math.PI * x) / L) + 0.2 * Math.sin((10 * Math.PI * x) / L + 0.4));
    const W0 = samplePhaseSpace(grid, (x, v) => f(x[0], v[0]));
    for (const splitting of ["strang", "order4"] as const) {
      const solver = new VlasovSolver(W0, { grid, dt: 0.13, kappa, splitting });
      const result = await solver.evolve({ tFinal: 1.3 });
      const exact = samplePhaseSpace(grid, (x, v) => f(x[0] - 2 * kappa * v[0] * 1.3, v[0]));
      // FFT round-off: ~1e-15 per shift, 10-20 shifts
      expect(maxDifference(result.W, exact)).toBeLessThan(1e-13 * maxAbs(exact));
    }
  });

  it("free streaming is exact in 2D-2V (per-axis velocity-dependent shifts)", async () => {
    const grid = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: [16, 8], box: [6, 4] }),
      createGrid({ dimension: 2, points: [8, 16], box: [10, 12] }),
    );
    const kappa = 1;
    const f = (x: readonly number[], v: readonly number[]) =>
      Math.exp(-(v[0] ** 2 + v[1] ** 2) / 4) *
      (1 +
        0.4 * Math.cos((2 * Math.PI * 3 * x[0]) / 6 + (2 * Math.PI * x[1]) / 4) +
        0.1 * Math.sin((2 * Math.PI * 2 * x[0]) / 6 - 0.2));
    const W0 = samplePhaseSpace(grid, f);
    const solver = new VlasovSolver(W0, { grid, dt: 0.1, kappa });
    const t = 0.7;
    const { W } = await solver.evolve({ tFinal: t });
    const exact = samplePhaseSpace(grid, (x, v) =>
      f([x[0] - 2 * kappa * v[0] * t, x[1] - 2 * kappa * v[1] * t], v),
    );
    // round-off of ~2 x 8 spectral shifts
    expect(maxDifference(W, exact)).toBeLessThan(1e-13 * maxAbs(exact));
  });

  it("the harmonic split step is the exact linear map M(dt) to round-off (V_ext = x^2, kappa = 1)", async () => {
    const grid = phaseSpace1D(128, 20, 128, 20);
    const sigma = 0.8;
    const [x0, v0] = [1.5, 0.5];
    // Gaussian: spectrum e^{-k^2 sigma^2/2} < 1e-22 at the Nyquist k = 20, tails at the box
    // edges < e^{-50}: band-limited and periodic to round-off
    const g = (x: number, v: number) =>
      Math.exp(-((x - x0) ** 2 + (v - v0) ** 2) / (2 * sigma * sigma)) /
      (2 * Math.PI * sigma * sigma);
    const W0 = samplePhaseSpace(grid, (x, v) => g(x[0], v[0]));
    const dt = 0.1;
    const steps = 12;
    for (const splitting of ["strang", "order4"] as const) {
      const solver = new VlasovSolver(W0, {
        grid,
        dt,
        kappa: 1,
        externalPotential: harmonicTrap(1),
        splitting,
      });
      const { W } = await solver.evolve({ tFinal: steps * dt });
      let m: Matrix = [1, 0, 0, 1];
      const step = splitMap(splitting, dt, 1, 1);
      for (let n = 0; n < steps; n++) m = multiply(step, m);
      // W_n(z) = W_0(M^{-n} z), det M = 1
      const exact = samplePhaseSpace(grid, (x, v) =>
        g(m[3] * x[0] - m[1] * v[0], -m[2] * x[0] + m[0] * v[0]),
      );
      // each of the 24 (Strang) / 48 (order 4) line shifts adds ~1e-16 relative round-off
      expect(maxDifference(W, exact)).toBeLessThan(1e-12 * maxAbs(exact));
    }
  });

  it("converges to the rotation at angular frequency 2 with orders 2 (Strang) and 4", async () => {
    const grid = phaseSpace1D(128, 20, 128, 20);
    const sigma = 0.8;
    const g = (x: number, v: number) =>
      Math.exp(-((x - 1.5) ** 2 + (v - 0.5) ** 2) / (2 * sigma * sigma));
    const W0 = samplePhaseSpace(grid, (x, v) => g(x[0], v[0]));
    const T = 0.8;
    // exact flow: x' = 2 v, v' = -2 x, so W(x, v, T) = W0(R(-2T)(x, v))
    const c = Math.cos(2 * T);
    const s = Math.sin(2 * T);
    const exact = samplePhaseSpace(grid, (x, v) => g(c * x[0] - s * v[0], s * x[0] + c * v[0]));
    for (const [splitting, order] of [
      ["strang", 2],
      ["order4", 4],
    ] as const) {
      const errors: number[] = [];
      for (const dt of [0.2, 0.1, 0.05]) {
        const solver = new VlasovSolver(W0, {
          grid,
          dt,
          kappa: 1,
          externalPotential: harmonicTrap(1),
          splitting,
        });
        errors.push(maxDifference((await solver.evolve({ tFinal: T })).W, exact));
      }
      for (let i = 1; i < errors.length; i++) {
        const measured = Math.log2(errors[i - 1] / errors[i]);
        // asymptotic regime at these dt: the measured order is within 0.15 of the theory
        expect(Math.abs(measured - order)).toBeLessThan(0.15);
      }
    }
  });

  it("a separable 2D-2V / 3D-3V flow is the product of 1D-1V flows (axis bookkeeping)", async () => {
    const strengths = [1, 0.5, 2];
    const anisotropicTrap = (d: number): ExternalPotential => ({
      name: "anisotropic",
      timeDependent: false,
      value: (x) => x.reduce((sum, xa, a) => sum + strengths[a] * xa * xa, 0),
      gradient: (x, _t, out) => {
        for (let a = 0; a < d; a++) out[a] = 2 * strengths[a] * x[a];
      },
    });
    const centres = [
      [0.8, -0.4],
      [-0.5, 0.7],
      [0.3, 0.2],
    ];
    const factor = (a: number, x: number, v: number) =>
      Math.exp(-((x - centres[a][0]) ** 2 + (v - centres[a][1]) ** 2));
    const cases = [
      { d: 2 as const, nx: [16, 8], lx: [9, 7], nv: [8, 16], lv: [8, 10] },
      { d: 3 as const, nx: [8, 8, 4], lx: [9, 7, 6], nv: [4, 8, 8], lv: [8, 10, 7] },
    ];
    for (const { d, nx, lx, nv, lv } of cases) {
      const grid = createPhaseSpaceGrid(
        createGrid({ dimension: d, points: nx, box: lx }),
        createGrid({ dimension: d, points: nv, box: lv }),
      );
      const dt = 0.1;
      const steps = 3;
      const W0 = samplePhaseSpace(grid, (x, v) => {
        let p = 1;
        for (let a = 0; a < d; a++) p *= factor(a, x[a], v[a]);
        return p;
      });
      const solver = new VlasovSolver(W0, {
        grid,
        dt,
        kappa: 0.8,
        externalPotential: anisotropicTrap(d),
        splitting: "order4",
      });
      const { W } = await solver.evolve({ tFinal: steps * dt });
      const factors: Float64Array[] = [];
      for (let a = 0; a < d; a++) {
        const g1 = phaseSpace1D(nx[a], lx[a], nv[a], lv[a]);
        const w0 = samplePhaseSpace(g1, (x, v) => factor(a, x[0], v[0]));
        const one = new VlasovSolver(w0, {
          grid: g1,
          dt,
          kappa: 0.8,
          externalPotential: harmonicTrap(strengths[a]),
          splitting: "order4",
        });
        factors.push((await one.evolve({ tFinal: steps * dt })).W);
      }
      const product = new Float64Array(grid.size);
      const nvTotal = grid.velocity.size;
      for (let ix = 0; ix < grid.position.size; ix++) {
        const ixa = [0, 0, 0];
        let rest = ix;
        for (let a = 0; a < d; a++) {
          ixa[a] = Math.floor(rest / grid.position.strides[a]);
          rest -= ixa[a] * grid.position.strides[a];
        }
        for (let iv = 0; iv < nvTotal; iv++) {
          let restV = iv;
          let p = 1;
          for (let a = 0; a < d; a++) {
            const iva = Math.floor(restV / grid.velocity.strides[a]);
            restV -= iva * grid.velocity.strides[a];
            p *= factors[a][ixa[a] * nv[a] + iva];
          }
          product[ix * nvTotal + iv] = p;
        }
      }
      // the same linear line operations applied in another order: round-off only
      expect(maxDifference(W, product)).toBeLessThan(1e-13 * maxAbs(product));
    }
  });
});

describe("VlasovSolver: the state held once", () => {
  it("adoptInitialState evolves W0 in place with the numbers of a copying solver; stateView is the state", () => {
    const grid = phaseSpace1D(32, 10, 32, 8);
    const W0 = samplePhaseSpace(grid, (x, v) => Math.exp(-((x[0] - 0.5) ** 2) - v[0] ** 2));
    const options = { grid, dt: 0.05, externalPotential: harmonicTrap(1) };
    const copying = new VlasovSolver(W0, options);
    const own = W0.slice();
    const adopting = new VlasovSolver(own, { ...options, adoptInitialState: true });
    copying.advance(7);
    adopting.advance(7);
    // the same steps on the same data: equal, not close
    expect(adopting.state()).toEqual(copying.state());
    // W0 was copied by the first solver (unchanged), evolved in place by the second
    expect(W0).toEqual(
      samplePhaseSpace(grid, (x, v) => Math.exp(-((x[0] - 0.5) ** 2) - v[0] ** 2)),
    );
    expect(adopting.stateView()).toBe(own);
    expect(own).toEqual(copying.state());
    // the view follows the next step (no copy), state() does not
    const snapshot = adopting.state();
    adopting.advance(1);
    expect(adopting.stateView()).toBe(own);
    expect(maxDifference(own, snapshot)).toBeGreaterThan(0);
  });
});
