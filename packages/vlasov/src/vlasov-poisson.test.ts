import { createGrid, createPhaseSpaceGrid, type Splitting } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { solveDispersionRelation } from "./dispersion.js";
import { fitExponentialRate, fitPeaks } from "./fit.js";
import { plasmaInitialState } from "./initial.js";
import { vlasovPoissonSolver } from "./vlasov-poisson.js";

async function series(solver: ReturnType<typeof vlasovPoissonSolver>, tFinal: number) {
  const t: number[] = [];
  const electric: number[] = [];
  const mass: number[] = [];
  const momentum: number[] = [];
  const energy: number[] = [];
  const interaction: number[] = [];
  await solver.evolve({
    tFinal,
    onStep: ({ diagnostics: d }) => {
      t.push(d.t);
      electric.push(d.electricEnergy);
      mass.push(d.mass);
      momentum.push(d.momentum[0]);
      energy.push(d.energy);
      interaction.push(d.interactionEnergy);
    },
  });
  return { t, electric, mass, momentum, energy, interaction };
}

describe("Vlasov-Poisson (kappa = 1/2, neutralizing background)", () => {
  it("linear Landau damping at k = 0.5: rate -0.1533 and frequency 1.4156 within 1%", async () => {
    const k = 0.5;
    const grid = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 32, box: (2 * Math.PI) / k }),
      createGrid({ dimension: 1, points: 128, box: 12 }),
    );
    // recurrence at 2 pi / (k dv) = 134 >> 40
    const W0 = plasmaInitialState(grid, { amplitude: 0.01, waveVector: k });
    const solver = vlasovPoissonSolver(W0, { grid, dt: 0.1 });
    const run = await series(solver, 40);
    // electric energy ~ e^{2 gamma t} cos^2(omega t + phi): gamma = slope/2, omega = pi/spacing
    const fit = fitPeaks(run.t, run.electric, { from: 0, to: 40 });
    const gamma = fit.slope / 2;
    const omega = Math.PI / fit.meanSpacing;
    const root = solveDispersionRelation(k, [{ density: 1, drift: 0, thermalVelocity: 1 }], {
      re: 1.4,
      im: -0.15,
    });
    // measured: gamma = -0.1537, omega = 1.4134 (dt = 0.1 phase error and the early transient
    // of the other, strongly damped roots); the issue asks for 1%
    for (const reference of [-0.1533, root.im]) {
      expect(Math.abs(gamma - reference)).toBeLessThan(0.01 * Math.abs(reference));
    }
    for (const reference of [1.4156, root.re]) {
      expect(Math.abs(omega - reference)).toBeLessThan(0.01 * reference);
    }
    // mass: every shift keeps the k = 0 mode of its line, so only round-off (~1e-16 per step)
    for (const m of run.mass) expect(Math.abs(m - run.mass[0])).toBeLessThan(1e-13 * run.mass[0]);
    // momentum: sum rho E = 0 exactly for the spectral Poisson field, and the v-shifts move
    // int v W by s int W up to the Maxwellian tail at |v| = 6 (e^{-18} ~ 1.5e-8: the unpaired
    // grid point v = -6 alone gives the initial momentum -4e-8)
    for (const p of run.momentum) {
      expect(Math.abs(p - run.momentum[0])).toBeLessThan(1e-9);
    }
    // for Poisson (1/2) int U rho = (1/2) int |grad U|^2 (Parseval): round-off
    for (let i = 0; i < run.t.length; i++) {
      expect(Math.abs(run.interaction[i] - run.electric[i])).toBeLessThan(
        1e-10 * run.electric[i] + 1e-18,
      );
    }
  });

  it("two-stream growth rate matches the root of 1 + sum_s chi_s(k, omega) = 0", async () => {
    const k = 0.2;
    const beams = [
      { density: 0.5, drift: 3, thermalVelocity: 1 },
      { density: 0.5, drift: -3, thermalVelocity: 1 },
    ];
    const root = solveDispersionRelation(k, beams, { re: 0, im: 0.3 });
    const grid = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 32, box: (2 * Math.PI) / k }),
      createGrid({ dimension: 1, points: 128, box: 20 }),
    );
    // amplitude 1e-6: linear until t ~ 45; by t = 20 the damped and oscillating roots excited
    // by the initial cosine have died out relative to e^{gamma t}
    const W0 = plasmaInitialState(grid, { amplitude: 1e-6, waveVector: k, beams });
    const solver = vlasovPoissonSolver(W0, { grid, dt: 0.1 });
    const run = await series(solver, 40);
    const gamma = fitExponentialRate(run.t, run.electric, { from: 20, to: 40 }).slope / 2;
    // measured within 0.02% of the root; "within a few percent" asked, 1% asserted
    expect(Math.abs(gamma - root.im)).toBeLessThan(0.01 * root.im);
    expect(Math.abs(root.re)).toBeLessThan(1e-10); // purely growing mode
  });

  it("has time orders 2 (Strang) and 4 (order4) in W and in the energy error", async () => {
    const grid = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 32, box: 4 * Math.PI }),
      createGrid({ dimension: 1, points: 64, box: 12 }),
    );
    // nonlinear (amplitude 0.3) so the splitting error is not that of a linear problem
    const W0 = plasmaInitialState(grid, { amplitude: 0.3, waveVector: 0.5 });
    const T = 4;
    const reference = (
      await vlasovPoissonSolver(W0, { grid, dt: T / 256, splitting: "order4" }).evolve({
        tFinal: T,
      })
    ).W;
    const cases: [Splitting, number][] = [
      ["strang", 2],
      ["order4", 4],
    ];
    for (const [splitting, order] of cases) {
      const errors: number[] = [];
      const energyErrors: number[] = [];
      for (const steps of [8, 16, 32]) {
        const solver = vlasovPoissonSolver(W0, { grid, dt: T / steps, splitting });
        const energies: number[] = [];
        const { W } = await solver.evolve({
          tFinal: T,
          onStep: ({ diagnostics }) => energies.push(diagnostics.energy),
        });
        let e = 0;
        for (let i = 0; i < W.length; i++) e = Math.max(e, Math.abs(W[i] - reference[i]));
        errors.push(e);
        energyErrors.push(Math.max(...energies.map((x) => Math.abs(x - energies[0]))));
      }
      for (let i = 1; i < errors.length; i++) {
        // measured 2.00-2.02 and 4.00-4.11: asymptotic regime, the reference (order 4 with
        // 8x smaller dt) is 4096x more accurate than the finest order-4 run
        expect(Math.abs(Math.log2(errors[i - 1] / errors[i]) - order)).toBeLessThan(0.15);
        expect(Math.abs(Math.log2(energyErrors[i - 1] / energyErrors[i]) - order)).toBeLessThan(
          0.2,
        );
      }
    }
  });

  it("a 2D-2V run with data constant in x_1 reproduces the 1D-1V run (mean-field bookkeeping)", async () => {
    const k = 0.5;
    const grid1 = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 16, box: (2 * Math.PI) / k }),
      createGrid({ dimension: 1, points: 32, box: 12 }),
    );
    const grid2 = createPhaseSpaceGrid(
      createGrid({ dimension: 2, points: [16, 4], box: [(2 * Math.PI) / k, 3] }),
      createGrid({ dimension: 2, points: [32, 8], box: [12, 8] }),
    );
    const W1 = plasmaInitialState(grid1, { amplitude: 0.2, waveVector: k });
    // v_1 factor normalized discretely: sum_j m_j dv_1 = 1, so rho_2D(x_0, x_1) = rho_1D(x_0)
    const m = Float64Array.from({ length: 8 }, (_, j) => Math.exp(-((-4 + j) ** 2) / 2));
    const dv1 = 8 / 8;
    const norm = m.reduce((a, b) => a + b, 0) * dv1;
    const W2 = new Float64Array(grid2.size);
    for (let i0 = 0; i0 < 16; i0++) {
      for (let i1 = 0; i1 < 4; i1++) {
        for (let j0 = 0; j0 < 32; j0++) {
          for (let j1 = 0; j1 < 8; j1++) {
            W2[((i0 * 4 + i1) * 32 + j0) * 8 + j1] = (W1[i0 * 32 + j0] * m[j1]) / norm;
          }
        }
      }
    }
    const T = 2;
    const one = (await vlasovPoissonSolver(W1, { grid: grid1, dt: 0.1 }).evolve({ tFinal: T })).W;
    const two = (await vlasovPoissonSolver(W2, { grid: grid2, dt: 0.1 }).evolve({ tFinal: T })).W;
    let error = 0;
    let scale = 0;
    for (let i0 = 0; i0 < 16; i0++) {
      for (let i1 = 0; i1 < 4; i1++) {
        for (let j0 = 0; j0 < 32; j0++) {
          for (let j1 = 0; j1 < 8; j1++) {
            const expected = (one[i0 * 32 + j0] * m[j1]) / norm;
            error = Math.max(error, Math.abs(two[((i0 * 4 + i1) * 32 + j0) * 8 + j1] - expected));
            scale = Math.max(scale, Math.abs(expected));
          }
        }
      }
    }
    // x_1-independent data: the x_1 shifts and the (zero) x_1 force act on the k = 0 mode only,
    // and the 2D Poisson field of an x_1-independent rho is the 1D one: round-off
    expect(error).toBeLessThan(1e-12 * scale);
  });
});
