import { createGrid, FreeSpaceConvolution, harmonicTrap } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { CompressedExchange } from "./compressed-exchange.js";
import { OrbitalExchange } from "./exchange.js";
import { hermiteState } from "./fixtures.js";
import { orthonormalityDefect } from "./observables.js";
import { HartreeFockSolver } from "./solver.js";
import type { OrbitalState } from "./types.js";

function maxDifference(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe("adaptively compressed exchange", () => {
  const grid = createGrid({ dimension: 1, points: 64, box: 10 });
  const convolution = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1.3, sigma: 0.6 });
  // Three boosted, displaced orbitals (complex), unequal occupations.
  const state = hermiteState(grid, 0.3, [1, 0.6, 0.25], 0.4, 0.7);
  const m = grid.size;
  const count = 3;
  const n = 1.85;

  it("the Woodbury midpoint solves (1 - i h A) Psi_m = Psi_0 with A Psi = X Psi", () => {
    const exchange = new OrbitalExchange(convolution);
    const w = exchange.applyToOrbitals(
      state.orbitals,
      state.occupations,
      n,
      new Float64Array(2 * count * m),
    );
    const ace = new CompressedExchange(grid, count);
    ace.build(state.orbitals, w);
    const h = 0.7;
    // Psi_0 = the basis itself: A Psi_m must equal X applied on span(Psi) exactly, so check
    // (1 - i h A) Psi_m = Psi_0 through A = W M^{-1} W^* assembled independently (dense K x K).
    const mid = ace.midpoint(state.orbitals, h, new Float64Array(2 * count * m));
    // Psi_m lies in span(Psi, W); A Psi_m = W M^{-1} <W, Psi_m>, M = <Psi, W>.
    const dv = grid.cellVolume;
    const inner = (a: Float64Array, ka: number, b: Float64Array, kb: number): [number, number] => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < m; i++) {
        const ar = a[2 * (ka * m + i)];
        const ai = a[2 * (ka * m + i) + 1];
        const br = b[2 * (kb * m + i)];
        const bi = b[2 * (kb * m + i) + 1];
        re += ar * br + ai * bi;
        im += ar * bi - ai * br;
      }
      return [re * dv, im * dv];
    };
    // Solve M y = <W, psi_m,l> by Cramer-free complex Gaussian elimination on a 3 x 3 system.
    const solve3 = (mat: [number, number][][], rhs: [number, number][]): [number, number][] => {
      const a = mat.map((row, i) => [
        ...row.map((z) => [...z] as [number, number]),
        [...rhs[i]] as [number, number],
      ]);
      const mul = (x: [number, number], y: [number, number]): [number, number] => [
        x[0] * y[0] - x[1] * y[1],
        x[0] * y[1] + x[1] * y[0],
      ];
      const div = (x: [number, number], y: [number, number]): [number, number] => {
        const d = y[0] ** 2 + y[1] ** 2;
        return [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d];
      };
      for (let k = 0; k < 3; k++) {
        for (let i = k + 1; i < 3; i++) {
          const f = div(a[i][k], a[k][k]);
          for (let j = k; j < 4; j++) {
            const p = mul(f, a[k][j]);
            a[i][j] = [a[i][j][0] - p[0], a[i][j][1] - p[1]];
          }
        }
      }
      const y: [number, number][] = [
        [0, 0],
        [0, 0],
        [0, 0],
      ];
      for (let i = 2; i >= 0; i--) {
        let s: [number, number] = [...a[i][3]] as [number, number];
        for (let j = i + 1; j < 3; j++) {
          const p = mul(a[i][j], y[j]);
          s = [s[0] - p[0], s[1] - p[1]];
        }
        y[i] = div(s, a[i][i]);
      }
      return y;
    };
    const mx = Array.from({ length: count }, (_, k) =>
      Array.from({ length: count }, (_, l) => inner(state.orbitals, k, w, l)),
    );
    const applyA = (v: Float64Array, l: number, out: Float64Array) => {
      const y = solve3(
        mx,
        Array.from({ length: count }, (_, k) => inner(w, k, v, l)),
      );
      out.fill(0);
      for (let k = 0; k < count; k++) {
        for (let i = 0; i < m; i++) {
          const wr = w[2 * (k * m + i)];
          const wi = w[2 * (k * m + i) + 1];
          out[2 * i] += wr * y[k][0] - wi * y[k][1];
          out[2 * i + 1] += wr * y[k][1] + wi * y[k][0];
        }
      }
    };
    const av = new Float64Array(2 * m);
    let worstExact = 0;
    let worstSolve = 0;
    for (let l = 0; l < count; l++) {
      // A psi_l = X psi_l = W_l (ACE is exact on its basis)
      applyA(state.orbitals, l, av);
      worstExact = Math.max(worstExact, maxDifference(av, w.subarray(2 * l * m, 2 * (l + 1) * m)));
      // (1 - i h A) psi_m,l = psi_0,l
      applyA(mid, l, av);
      for (let i = 0; i < m; i++) {
        const re = mid[2 * (l * m + i)] + h * av[2 * i + 1];
        const im = mid[2 * (l * m + i) + 1] - h * av[2 * i];
        worstSolve = Math.max(
          worstSolve,
          Math.abs(re - state.orbitals[2 * (l * m + i)]),
          Math.abs(im - state.orbitals[2 * (l * m + i) + 1]),
        );
      }
    }
    // Round-off of O(m) sums of O(1) values and 3 x 3 solves.
    expect(worstExact).toBeLessThan(1e-12);
    expect(worstSolve).toBeLessThan(1e-12);
  });

  it("A vanishes with X: V = 0 leaves the orbitals unchanged", () => {
    const zero = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 0, sigma: 0.6 });
    const w = new OrbitalExchange(zero).applyToOrbitals(
      state.orbitals,
      state.occupations,
      n,
      new Float64Array(2 * count * m),
    );
    const ace = new CompressedExchange(grid, count);
    ace.build(state.orbitals, w);
    const mid = ace.midpoint(state.orbitals, 0.5, new Float64Array(2 * count * m));
    expect(maxDifference(mid, state.orbitals)).toBe(0);
  });
});

describe("exchange flow: ACE against the plain fixed point", () => {
  const grid = createGrid({ dimension: 1, points: 128, box: 10 });
  const initial = hermiteState(grid, 0.1, [1, 1, 1, 1, 0.7, 0.3], 0.5, 0.3);
  const meanField = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 2, sigma: 0.7 });
  const run = (
    method: "ace" | "fixed-point",
    tolerance: number,
    splitting: "strang" | "order4",
  ) => {
    const solver = new HartreeFockSolver(initial, {
      dt: 0.05,
      model: "hartree-fock",
      meanField,
      externalPotential: harmonicTrap(1),
      splitting,
      exchange: { method, tolerance },
    });
    solver.advance(10);
    return { solver, state: solver.state() as OrbitalState, energy: solver.diagnostics().energy };
  };

  for (const splitting of ["strang", "order4"] as const) {
    it(`${splitting}: same implicit midpoint to the tolerance, Gram matrix conserved to round-off`, () => {
      const ace = run("ace", 1e-13, splitting);
      const plain = run("fixed-point", 1e-13, splitting);
      // Both iterations converge to the same midpoint; 10 steps x (1 or 3) substeps x 1e-13.
      expect(maxDifference(ace.state.orbitals, plain.state.orbitals)).toBeLessThan(1e-11);
      expect(Math.abs(ace.energy - plain.energy)).toBeLessThan(1e-11);
      // The ACE step is Cayley(A) Psi_0 with A Hermitian: unitary to round-off (30 substeps).
      expect(orthonormalityDefect(grid, ace.state.orbitals, 6)).toBeLessThan(1e-13);
    });
  }

  it("a loose tolerance costs accuracy of the midpoint but never unitarity (ACE only)", () => {
    const loose = 1e-5;
    const ace = run("ace", loose, "strang");
    const plain = run("fixed-point", loose, "strang");
    const reference = run("ace", 1e-13, "strang");
    // ACE: Gram conserved to round-off whatever the tolerance; the plain iteration's
    // Psi_1 = 2 Psi_m - Psi_0 is unitary only up to the fixed-point error.
    expect(orthonormalityDefect(grid, ace.state.orbitals, 6)).toBeLessThan(1e-13);
    expect(orthonormalityDefect(grid, plain.state.orbitals, 6)).toBeGreaterThan(1e-12);
    // The loose result stays near the converged one: 10 steps x 2 x (midpoint error, estimated
    // in L2 by q u/(1 - q) and so only to a factor of a few), read in the max norm of orbitals of
    // height ~ eps^(-1/4): within 100 x the tolerance.
    expect(maxDifference(ace.state.orbitals, reference.state.orbitals)).toBeLessThan(100 * loose);
  });

  it("refuses an unknown method", () => {
    expect(
      () =>
        new HartreeFockSolver(initial, {
          dt: 0.05,
          model: "hartree-fock",
          meanField,
          exchange: { method: "krylov" as never },
        }),
    ).toThrow(/exchange.method/);
  });
});
