import {
  createGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  ParameterError,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import type { ExchangeFlowOptions } from "./exchange-flow.js";
import { hermiteState } from "./fixtures.js";
import { HartreeFockSolver } from "./solver.js";

function l2Distance(a: Float64Array, b: Float64Array, dx: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s * dx);
}

describe("exchange flow with a fixed number of ACE iterations per substep", () => {
  // The displaced, boosted 3-orbital state of solver.test.ts (Gaussian repulsion, trap x^2).
  const epsilon = 0.2;
  const grid = createGrid({ dimension: 1, points: 128, box: 16 });
  const dx = grid.spacing[0];
  const initial = hermiteState(grid, epsilon, [1, 1, 1], 1, 0.3);
  const run = async (
    lambda: number,
    dt: number,
    splitting: "strang" | "order4",
    exchange?: ExchangeFlowOptions,
  ) => {
    const solver = new HartreeFockSolver(initial, {
      dt,
      splitting,
      model: "hartree-fock",
      meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda, sigma: 0.7 }),
      externalPotential: harmonicTrap(1),
      exchange,
    });
    let gramDrift = 0;
    await solver.run(Math.round(1 / dt), {
      onStep: (d) => {
        gramDrift = Math.max(gramDrift, d.spectrumDrift);
      },
    });
    return {
      density: solver.currentDensity(),
      gramDrift,
      iterations: solver.lastExchangeIterations,
    };
  };
  const orders = (results: { density: Float64Array }[], reference: Float64Array) => {
    const e = results.map((r) => l2Distance(r.density, reference, dx));
    return [Math.log2(e[0] / e[1]), Math.log2(e[1] / e[2])];
  };

  it("Strang with 2 evaluations per step keeps order 2 (1 does not); Gram matrix exact", async () => {
    // lambda = 4: the exchange is strong enough that freezing X at Psi_0 (1 iteration, local
    // error O(tau^2)) shows as order ~1 at these dt (measured 1.12, 1.05), while 2 iterations
    // (local error O(tau^3)) give 1.99, 1.99. Reference: order 4 at dt = 0.00625, tolerance 1e-12.
    const reference = (await run(4, 0.00625, "order4")).density;
    const strang = async (iterations: number) => {
      const results = [];
      for (const dt of [0.1, 0.05, 0.025]) {
        results.push(await run(4, dt, "strang", { iterations }));
      }
      return results;
    };
    const two = await strang(2);
    for (const p of orders(two, reference)) {
      expect(p).toBeGreaterThan(1.9);
      expect(p).toBeLessThan(2.1);
    }
    const one = await strang(1);
    for (const p of orders(one, reference)) expect(p).toBeLessThan(1.5);
    // One potential substep per Strang step: exactly the requested evaluations.
    for (const r of two) expect(r.iterations).toBe(2);
    for (const r of one) expect(r.iterations).toBe(1);
    // Each substep is an exact Cayley map: round-off per step (~1e-15) whatever the count.
    for (const r of [...two, ...one]) expect(r.gramDrift).toBeLessThan(1e-11);
  }, 60000);

  it("the Yoshida composition with 4 evaluations per substep keeps order 4 (1 does not)", async () => {
    // lambda = 1 (in the asymptotic range of order 4 at dt = 0.2, 0.1, 0.05: the default gives
    // 4.04, 4.01); 4 iterations leave a substep defect O(tau^5) (measured 4.04, 4.01), 1 leaves
    // O(tau^2) (measured 1.34, 0.91).
    const reference = (await run(1, 0.00625, "order4")).density;
    const yoshida = async (iterations: number) => {
      const results = [];
      for (const dt of [0.2, 0.1, 0.05]) {
        results.push(await run(1, dt, "order4", { iterations }));
      }
      return results;
    };
    const four = await yoshida(4);
    for (const p of orders(four, reference)) {
      expect(p).toBeGreaterThan(3.7);
      expect(p).toBeLessThan(4.3);
    }
    const one = await yoshida(1);
    for (const p of orders(one, reference)) expect(p).toBeLessThan(2);
    for (const r of [...four, ...one]) expect(r.gramDrift).toBeLessThan(1e-11);
  }, 60000);

  it("refuses a count that is not an integer in [1, maxIterations]", () => {
    const options = (iterations: number) => ({
      dt: 0.1,
      model: "hartree-fock" as const,
      meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1, sigma: 0.7 }),
      exchange: { iterations, maxIterations: 10 },
    });
    for (const bad of [0, 1.5, 11, Number.NaN]) {
      expect(() => new HartreeFockSolver(initial, options(bad))).toThrow(ParameterError);
      expect(() => new HartreeFockSolver(initial, options(bad))).toThrow(/exchange\.iterations/);
    }
    expect(() => new HartreeFockSolver(initial, options(10))).not.toThrow();
  });
});
