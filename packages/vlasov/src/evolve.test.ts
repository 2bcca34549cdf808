import {
  harmonicTrap,
  noExternalPotential,
  ParameterError,
  switchedPotential,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { NonFiniteStateError } from "./errors.js";
import { maxAbs, maxDifference, phaseSpace1D } from "./fixtures.js";
import { samplePhaseSpace } from "./initial.js";
import { VlasovSolver } from "./solver.js";

describe("VlasovSolver: time-dependent potential, evolve, errors", () => {
  const grid = phaseSpace1D(64, 16, 64, 16);
  const W0 = samplePhaseSpace(grid, (x, v) => Math.exp(-((x[0] - 1) ** 2) - v[0] ** 2));

  it("a trap switched off at t0 acts up to t0 and not after", async () => {
    const dt = 0.1;
    const released = new VlasovSolver(W0, {
      grid,
      dt,
      externalPotential: switchedPotential(harmonicTrap(1), noExternalPotential, 0.5),
    });
    const trapped = new VlasovSolver(W0, { grid, dt, externalPotential: harmonicTrap(1) });
    trapped.advance(5);
    const free = new VlasovSolver(trapped.state(), { grid, dt, time: 0.5 });
    free.advance(5);
    const W = free.state();
    // identical operations on identical data up to the switch (kicks at midpoints t < 0.5,
    // then t > 0.5): agreement to round-off
    expect(maxDifference((await released.evolve({ tFinal: 1 })).W, W)).toBeLessThan(1e-14);
  });

  it("evolve hits requested times, streams steps and samples, and matches advance", async () => {
    const options = { grid, dt: 0.1, externalPotential: harmonicTrap(1) };
    const solver = new VlasovSolver(W0, options);
    const stepTimes: number[] = [];
    const sampled: number[] = [];
    const result = await solver.evolve({
      tFinal: 1,
      times: [0, 0.35, 1],
      onStep: (info) => stepTimes.push(info.t),
      onSample: (sample) => sampled.push(sample.t),
    });
    expect(sampled).toEqual([0, 0.35, 1]);
    expect(result.samples.map((s) => s.t)).toEqual([0, 0.35, 1]);
    // steps of 0.1 up to 0.3, a short one to 0.35, 0.1 onwards, a short one to 1.0
    expect(stepTimes.length).toBe(result.steps + 1);
    expect(stepTimes[0]).toBe(0);
    expect(stepTimes[4]).toBeCloseTo(0.35, 14);
    const advanced = new VlasovSolver(W0, options);
    advanced.advance(10);
    const W = advanced.state();
    const plain = await new VlasovSolver(W0, options).evolve({ tFinal: 1 });
    // fused and unfused half advections: the same shifts up to the Nyquist mode, round-off
    expect(maxDifference(plain.W, W)).toBeLessThan(1e-13);
    expect(plain.steps).toBe(10);
  });

  it("owns its state and time: copies W0, time = t_0 + steps dt, evolve ends on tFinal", async () => {
    const options = { grid, dt: 0.1, externalPotential: harmonicTrap(1), time: 0.2 };
    const input = W0.slice();
    const solver = new VlasovSolver(input, options);
    input.fill(0); // the solver keeps its own copy
    expect(solver.time).toBe(0.2);
    expect(solver.steps).toBe(0);
    expect(maxDifference(solver.state(), W0)).toBe(0);
    solver.advance(3);
    solver.step();
    expect(solver.steps).toBe(4);
    expect(solver.time).toBe(0.2 + 4 * 0.1);
    // advance(3) + step() and advance(4) differ only by one fused half advection: round-off
    const once = new VlasovSolver(W0, options);
    once.advance(4);
    expect(maxDifference(solver.state(), once.state())).toBeLessThan(1e-13);
    const copy = solver.state();
    copy.fill(0);
    expect(maxAbs(solver.state())).toBeGreaterThan(0); // state() is a copy
    // the density of the state: its velocity integral
    let mass = 0;
    for (const r of solver.density()) mass += r * grid.position.cellVolume;
    expect(mass).toBeCloseTo(solver.diagnostics().mass, 13);
    expect(solver.diagnostics().t).toBe(solver.time);
    // evolve continues from the current time (0.6), lands on 0.95 and 1.3, and stays there
    const result = await solver.evolve({ tFinal: 1.3, times: [0.95] });
    expect(result.samples.map((s) => s.t)).toEqual([0.95]);
    expect(solver.time).toBe(1.3);
    expect(result.t).toBe(1.3);
    expect(solver.steps).toBe(4 + result.steps);
    expect(result.steps).toBe(8); // 3 steps + a short one to 0.95, 3 + a short one to 1.3
    solver.advance(2);
    expect(solver.time).toBe(1.3 + 2 * 0.1);
  });

  it("stops on an aborted signal", async () => {
    const solver = new VlasovSolver(W0, { grid, dt: 0.1 });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(solver.evolve({ tFinal: 1, signal: controller.signal })).rejects.toThrow("stop");
  });

  it("names the step and time when W becomes non-finite", async () => {
    const options = { grid, dt: 0.1, externalPotential: harmonicTrap(1) };
    const W = W0.slice();
    W[100] = Number.NaN;
    expect(() => new VlasovSolver(W, options).step()).toThrow(NonFiniteStateError);
    const solver = new VlasovSolver(W0, options);
    let caught: unknown;
    try {
      await solver.evolve({
        tFinal: 1,
        onStep: (info) => {
          if (info.step === 3) info.W[7] = Number.POSITIVE_INFINITY;
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NonFiniteStateError);
    expect((caught as NonFiniteStateError).step).toBe(4);
    expect((caught as NonFiniteStateError).time).toBeCloseTo(0.35, 12);
    expect((caught as Error).message).toMatch(/step 4 at t = 0.35/);
  });

  it("validates its input with ParameterErrors", async () => {
    const bad = (options: Record<string, unknown>, parameter: string) => {
      let caught: unknown;
      try {
        new VlasovSolver(W0, { grid, dt: 0.1, ...options } as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ParameterError);
      expect((caught as ParameterError).parameter).toBe(parameter);
    };
    bad({ kappa: 0 }, "kappa");
    bad({ kappa: -1 }, "kappa");
    bad({ dt: 0 }, "dt");
    bad({ dt: Number.NaN }, "dt");
    bad({ splitting: "order3" }, "splitting");
    bad({ shiftMethod: "linear" }, "shiftMethod");
    bad({ grid: { position: grid.position } }, "grid");
    expect(() => new VlasovSolver(new Float64Array(10), { grid, dt: 0.1 })).toThrow(
      /grid.size = 4096/,
    );
    const solver = new VlasovSolver(W0, { grid, dt: 0.1 });
    await expect(solver.evolve({ tFinal: -1 })).rejects.toThrow(ParameterError);
    await expect(solver.evolve({ tFinal: 1, times: [2] })).rejects.toThrow(/times\[0\]/);
  });

  it("conserves mass to round-off with every shift method", async () => {
    for (const shiftMethod of ["spectral", "cubic-spline", "quintic-spline"] as const) {
      const solver = new VlasovSolver(W0, {
        grid,
        dt: 0.1,
        externalPotential: harmonicTrap(1),
        shiftMethod,
      });
      const masses: number[] = [];
      const norms: number[] = [];
      await solver.evolve({
        tFinal: 1,
        onStep: ({ diagnostics }) => {
          masses.push(diagnostics.mass);
          norms.push(diagnostics.l2Norm);
        },
      });
      // every shift preserves the mean of each line exactly (k = 0 Fourier mode / spline gain 1)
      for (const m of masses) expect(Math.abs(m - masses[0])).toBeLessThan(1e-14 * masses[0]);
      if (shiftMethod === "spectral") {
        // spectral shifts are unitary (Parseval) except on the Nyquist mode, where this
        // Gaussian's content is e^{-39}: the L2 norm is conserved to round-off
        for (const n of norms) expect(Math.abs(n - norms[0])).toBeLessThan(1e-13 * norms[0]);
      }
    }
  });

  it("keeps the quintic-spline free streaming within its O(dx^6) interpolation error", async () => {
    const L = 16;
    const f = (x: number, v: number) =>
      Math.exp(-v * v) * (1 + 0.5 * Math.cos((2 * Math.PI * x) / L));
    const start = samplePhaseSpace(grid, (x, v) => f(x[0], v[0]));
    const solver = new VlasovSolver(start, { grid, dt: 0.1, shiftMethod: "quintic-spline" });
    const { W } = await solver.evolve({ tFinal: 1 });
    const exact = samplePhaseSpace(grid, (x, v) => f(x[0] - 2 * v[0], v[0]));
    // mode k dx = 2 pi / 64: quintic spline error per shift ~ (k dx)^6 / 30240 ~ 2e-12,
    // times 10 steps and the amplitude 0.5
    expect(maxDifference(W, exact)).toBeLessThan(1e-9);
  });
});
