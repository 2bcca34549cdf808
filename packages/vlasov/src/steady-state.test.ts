import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  type InteractionKernel,
  ParameterError,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { phaseSpace1D } from "./fixtures.js";
import { VlasovSolver } from "./solver.js";
import { vlasovSteadyState } from "./steady-state.js";

const fermi = (s: number) => (s > 0 ? Math.exp(-s) / (1 + Math.exp(-s)) : 1 / (1 + Math.exp(s)));

/** sum_k (-1)^k e^{-k y} / k^s (the tail of the Fermi-Dirac integrals), y > 0. */
function alternatingTail(y: number, s: number): number {
  let sum = 0;
  for (let k = 1; k < 200; k++) sum += (-1) ** k * Math.exp(-k * y) * k ** -s;
  return sum;
}

/** L1 distance of two phase-space functions on one grid. */
function l1(a: Float64Array, b: Float64Array, cell: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * cell;
}

/** int x^2 rho dx on a 1D grid. */
function secondMoment(rho: Float64Array, origin: number, dx: number): number {
  let s = 0;
  for (let i = 0; i < rho.length; i++) s += (origin + i * dx) ** 2 * rho[i];
  return s * dx;
}

describe("vlasovSteadyState without interaction (H = v^2 + x^2, kappa = 1)", () => {
  const grid = phaseSpace1D(128, 10, 128, 10);

  it("is (2 pi)^-1 phi(v^2 + x^2) with the analytic mu of the 1D trap, and int int f = 1", () => {
    // 1D trap: area{H < E} = pi E, so int int f = (1/2) int_0^inf phi((E - mu)/T) dE =
    // (T/2) ln(1 + e^{mu/T}) = 1, i.e. mu = T ln(e^{2/T} - 1). The Riemann sum of the smooth,
    // rapidly decaying f is spectrally accurate (measured |mu - exact| ~ 1e-13 at 128^2), so
    // 1e-10 leaves room for the resolution of T = 0.3 without hiding a wrong normalization
    // (a factor 2 in (2 pi)^-d would move mu by O(1)).
    const T = 0.3;
    const state = vlasovSteadyState({ grid, temperature: T, externalPotential: harmonicTrap(1) });
    const exact = T * Math.log(Math.expm1(2 / T));
    expect(Math.abs(state.chemicalPotential - exact)).toBeLessThan(1e-10);
    expect(Math.abs(state.mass - 1)).toBeLessThan(1e-14);
    expect(state.iterations).toBe(0);
    // f depends on H only: equal to phi(H) pointwise, and symmetric under x <-> v on this
    // square grid (both to round-off of one exponential, ~1e-16 relative)
    const n = 128;
    const x = (i: number) => -5 + (i * 10) / n;
    let worst = 0;
    let asymmetry = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const expected =
          fermi((x(i) ** 2 + x(j) ** 2 - state.chemicalPotential) / T) / (2 * Math.PI);
        worst = Math.max(worst, Math.abs(state.W[i * n + j] - expected));
        asymmetry = Math.max(asymmetry, Math.abs(state.W[i * n + j] - state.W[j * n + i]));
      }
    }
    expect(worst).toBeLessThan(1e-15);
    expect(asymmetry).toBeLessThan(1e-16);
  });

  it("T -> 0: 0 <= f <= (2 pi)^-1 (classical Pauli bound), saturated inside, mu -> 2", () => {
    const muErrors: number[] = [];
    const sizes = [128, 512];
    for (const n of sizes) {
      const state = vlasovSteadyState({
        grid: phaseSpace1D(n, 10, n, 10),
        temperature: 0,
        externalPotential: harmonicTrap(1),
      });
      let min = Number.POSITIVE_INFINITY;
      for (const f of state.W) min = Math.min(min, f);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(state.maxValue).toBeLessThanOrEqual(state.pauliBound);
      // deep inside the sea of the finer grid (H ~ 0, mu ~ 2, width delta = 2 cells ~ 0.11)
      // phi = 1 - e^{-18}; on the coarse one (delta ~ 0.44) only 1 - e^{-4.5}
      if (n === 512) expect(state.maxValue).toBeGreaterThan(state.pauliBound * (1 - 1e-6));
      // mu is solved until the mass is 1 to ~4e-16; the reported mass is a second plain sum of up
      // to 2.6e5 terms (round-off ~ size eps_mach ~ 6e-11 worst case, ~1e-14 typical)
      expect(Math.abs(state.mass - 1)).toBeLessThan(1e-12);
      // the sharp sea has area 2 pi: mu = 2; the smoothed one mu(delta) = delta ln(e^{2/delta} - 1)
      const exact = state.width * Math.log(Math.expm1(2 / state.width));
      expect(Math.abs(state.chemicalPotential - exact)).toBeLessThan(1e-6);
      muErrors.push(Math.abs(state.chemicalPotential - 2));
    }
    // the width delta = 2 cells shrinks 4x, so mu -> 2 (|mu - 2| ~ delta e^{-2/delta}: 5e-3, 1e-9)
    expect(muErrors[1]).toBeLessThan(muErrors[0]);
    expect(muErrors[1]).toBeLessThan(1e-6);
  });

  it("2D and 3D traps: mu from the Fermi-Dirac integrals, mass 1", () => {
    // area{H < E} in R^2d is pi^d E^d / d!, so int int f = (T^d / 2^d) F_{d-1}(mu/T) with the
    // complete Fermi-Dirac integral F_{d-1}(y) = -Li_d(-e^y): d = 2: y^2/2 + pi^2/6 +
    // Li_2(-e^-y); d = 3: y^3/6 + pi^2 y/6 - Li_3(-e^-y). Coarse grids (16^4, 8^6 points): the
    // mu error is the Riemann-sum error of f at that resolution, converging spectrally (measured
    // 2D T = 1: 4.8e-5 at 16 points per axis, 7e-9 at 32; 3D T = 2, 8 points: 1.0e-2); the
    // tolerances are 3-10x the measured values.
    const cases = [
      { d: 2 as const, n: 16, box: 10, T: 1, tolerance: 5e-4 },
      { d: 3 as const, n: 8, box: 12, T: 2, tolerance: 3e-2 },
    ];
    for (const { d, n, box, T, tolerance } of cases) {
      const g = createGrid({ dimension: d, points: n, box });
      const state = vlasovSteadyState({
        grid: createPhaseSpaceGrid(g, g),
        temperature: T,
        externalPotential: harmonicTrap(1),
        edgeTolerance: 1e-3,
      });
      const massOf = (mu: number) => {
        const y = mu / T;
        const F =
          d === 2
            ? (y * y) / 2 + Math.PI ** 2 / 6 + alternatingTail(y, 2)
            : y ** 3 / 6 + (Math.PI ** 2 * y) / 6 - alternatingTail(y, 3);
        return (T ** d / 2 ** d) * F;
      };
      let lo = -20;
      let hi = 20;
      for (let k = 0; k < 100; k++) {
        const mid = (lo + hi) / 2;
        if (massOf(mid) < 1) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(state.chemicalPotential - lo)).toBeLessThan(tolerance);
      // plain sums of 6.6e4 and 2.6e5 terms (see above)
      expect(Math.abs(state.mass - 1)).toBeLessThan(1e-12);
      expect(state.maxValue).toBeLessThanOrEqual(state.pauliBound);
    }
  });
});

describe("vlasovSteadyState with interaction (self-consistent)", () => {
  const grid = phaseSpace1D(128, 10, 128, 10);
  const trap = harmonicTrap(1);
  const run = (kernel: InteractionKernel, T: number) => {
    const meanField = new FreeSpaceConvolution(grid.position, kernel);
    return {
      meanField,
      state: vlasovSteadyState({ grid, temperature: T, meanField, externalPotential: trap }),
    };
  };

  it("converges below 1e-10 for repulsive and attractive kernels, f = phi(H[rho_f])", () => {
    const free = vlasovSteadyState({ grid, temperature: 0.3, externalPotential: trap });
    const freeMoment = secondMoment(free.density, -5, 10 / 128);
    const cases: [InteractionKernel, number, number][] = [
      [{ kind: "gaussian", lambda: 1, sigma: 0.5 }, 0.3, 1],
      [{ kind: "gaussian", lambda: -1, sigma: 0.5 }, 0.3, -1],
      [{ kind: "power", lambda: -1, alpha: 0.5 }, 0.5, -1],
    ];
    for (const [kernel, T, sign] of cases) {
      const { meanField, state } = run(kernel, T);
      expect(state.residual).toBeLessThan(1e-10);
      expect(state.iterations).toBeGreaterThan(1);
      expect(state.residualHistory.length).toBe(state.iterations);
      expect(Math.abs(state.mass - 1)).toBeLessThan(1e-14);
      // independent check: U from the returned rho_f by the mean field, f = (2 pi)^-1 phi(H);
      // |d phi/dU| <= 1/(4T) and ||V * delta rho||_inf <= ||V||-ish * residual, so 1e-9
      const U = meanField.potential(state.density);
      const n = 128;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const x = -5 + (i * 10) / n;
        for (let j = 0; j < n; j++) {
          const v = -5 + (j * 10) / n;
          const H = v * v + x * x + U[i];
          const expected = fermi((H - state.chemicalPotential) / T) / (2 * Math.PI);
          worst = Math.max(worst, Math.abs(state.W[i * n + j] - expected));
        }
      }
      expect(worst).toBeLessThan(1e-9);
      // physics: repulsion spreads the cloud in the trap, attraction contracts it (T = 0.3 cases)
      if (T === 0.3) {
        const moment = secondMoment(state.density, -5, 10 / 128);
        expect(Math.sign(moment - freeMoment)).toBe(sign);
        expect(Math.abs(moment - freeMoment)).toBeGreaterThan(1e-2 * freeMoment);
      }
    }
  });

  it("is steady under the VlasovSolver: moves by the O(dt^2) splitting error only", async () => {
    const kernel: InteractionKernel = { kind: "gaussian", lambda: 1, sigma: 0.5 };
    const { meanField, state } = run(kernel, 0.5);
    const cell = grid.cellVolume;
    const motion = async (W0: Float64Array, dt: number) => {
      const solver = new VlasovSolver(W0, { grid, dt, meanField, externalPotential: trap });
      solver.advance(Math.round(1 / dt));
      return l1(solver.state(), W0, cell);
    };
    const steady = await motion(state.W, 0.05);
    const steadyHalf = await motion(state.W, 0.025);
    // a non-steady state: the steady state of the trap centred at x = 0.5, released in the
    // centred trap (it oscillates with amplitude 0.5)
    const shifted = vlasovSteadyState({
      grid,
      temperature: 0.5,
      meanField,
      externalPotential: harmonicTrap(1, [0.5]),
    });
    const moving = await motion(shifted.W, 0.05);
    // the exact flow leaves f fixed; Strang moves it by O(dt^2): halving dt divides the motion by
    // ~4 (measured 4.00; asserting > 3 allows for the spectral-shift floor), and it is small
    // next to the O(1) motion of the non-steady state (measured 1.4e-3 against 0.71)
    expect(steady / steadyHalf).toBeGreaterThan(3);
    expect(steady / steadyHalf).toBeLessThan(5);
    expect(steady).toBeLessThan(1e-2 * moving);
    expect(moving).toBeGreaterThan(0.1);
  });
});

describe("vlasovSteadyState errors", () => {
  it("names the velocity box, the position box and the iteration budget", () => {
    const expectError = (run: () => unknown, parameter: string, text: string) => {
      try {
        run();
        expect.unreachable("should have thrown");
      } catch (error) {
        expect(error).toBeInstanceOf(ParameterError);
        expect((error as ParameterError).parameter).toBe(parameter);
        expect((error as Error).message).toContain(text);
      }
    };
    const trap = harmonicTrap(1);
    expectError(
      () =>
        vlasovSteadyState({
          grid: phaseSpace1D(64, 10, 64, 4),
          temperature: 0.3,
          externalPotential: trap,
        }),
      "grid.velocity",
      "enlarge the velocity box",
    );
    expectError(
      () => vlasovSteadyState({ grid: phaseSpace1D(64, 4, 64, 10), temperature: 0.3 }),
      "grid.position",
      "enlarge the position box",
    );
    const grid = phaseSpace1D(64, 10, 64, 10);
    const meanField = new FreeSpaceConvolution(grid.position, {
      kind: "gaussian",
      lambda: 2,
      sigma: 0.5,
    });
    expectError(
      () =>
        vlasovSteadyState({
          grid,
          temperature: 0.3,
          meanField,
          externalPotential: trap,
          maxIterations: 2,
        }),
      "maxIterations",
      "residual",
    );
    expectError(() => vlasovSteadyState({ grid, temperature: -1 }), "temperature", ">= 0");
  });
});
