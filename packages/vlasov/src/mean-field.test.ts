import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  ParameterError,
  type Splitting,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { samplePhaseSpace } from "./initial.js";
import { VlasovSolver } from "./solver.js";

describe("VlasovSolver with a free-space mean field (the convolution the quantum side uses)", () => {
  const grid = createPhaseSpaceGrid(
    createGrid({ dimension: 1, points: 64, box: 16 }),
    createGrid({ dimension: 1, points: 64, box: 16 }),
  );
  // two blobs, so the mean-field force is far from linear; W vanishes at the box edges, and
  // its spectrum at the Nyquist wave number pi/dx = 4 pi is below e^{-39}
  const W0 = samplePhaseSpace(grid, (x, v) => {
    const a = Math.exp(-((x[0] - 1.2) ** 2 + (v[0] - 0.3) ** 2) / 1);
    const b = Math.exp(-((x[0] + 0.8) ** 2 + (v[0] + 0.5) ** 2) / 1.5);
    return (a + 0.7 * b) / (Math.PI * (1 + 0.7 * 1.5));
  });

  it("conserves E_Vlasov to the integrator's order (2 and 4)", async () => {
    const meanField = new FreeSpaceConvolution(grid.position, {
      kind: "gaussian",
      lambda: 2,
      sigma: 1,
    });
    const T = 2;
    const cases: [Splitting, number][] = [
      ["strang", 2],
      ["order4", 4],
    ];
    for (const [splitting, order] of cases) {
      const drifts: number[] = [];
      for (const steps of [10, 20, 40]) {
        const solver = new VlasovSolver(W0, {
          grid,
          dt: T / steps,
          kappa: 1,
          meanField,
          externalPotential: harmonicTrap(1),
          splitting,
        });
        const energies: number[] = [];
        await solver.evolve({
          tFinal: T,
          onStep: ({ diagnostics }) => energies.push(diagnostics.energy),
        });
        drifts.push(Math.max(...energies.map((e) => Math.abs(e - energies[0]))));
      }
      for (let i = 1; i < drifts.length; i++) {
        // energy error of a symmetric splitting of order p is O(dt^p), uniformly in time
        // measured 2.07, 2.02 and 4.07, 4.01
        expect(Math.abs(Math.log2(drifts[i - 1] / drifts[i]) - order)).toBeLessThan(0.15);
      }
    }
  });

  it("conserves momentum without external potential (V symmetric: sum rho grad U = 0)", async () => {
    const meanField = new FreeSpaceConvolution(grid.position, {
      kind: "gaussian",
      lambda: 2,
      sigma: 1,
    });
    const solver = new VlasovSolver(W0, { grid, dt: 0.05, meanField });
    const momenta: number[] = [];
    await solver.evolve({
      tFinal: 0.5,
      onStep: ({ diagnostics }) => momenta.push(diagnostics.momentum[0]),
    });
    // the interaction force is odd, so only round-off and the W tails at the box edge remain
    // measured 1e-15
    for (const p of momenta) expect(Math.abs(p - momenta[0])).toBeLessThan(1e-13);
  });

  it("refuses a mean field on another grid", () => {
    const other = new FreeSpaceConvolution(createGrid({ dimension: 1, points: 32, box: 16 }), {
      kind: "gaussian",
      lambda: 1,
      sigma: 1,
    });
    expect(() => new VlasovSolver(W0, { grid, dt: 0.1, meanField: other })).toThrow(ParameterError);
  });

  it("reports diagnostics equal to their analytic values for a Gaussian state", () => {
    const [x0, v0, sigma] = [0.7, -0.4, 0.9];
    const gaussian = samplePhaseSpace(
      grid,
      (x, v) =>
        Math.exp(-((x[0] - x0) ** 2 + (v[0] - v0) ** 2) / (2 * sigma * sigma)) /
        (2 * Math.PI * sigma * sigma),
    );
    const [lambda, s] = [2, 1.3];
    const solver = new VlasovSolver(gaussian, {
      grid,
      dt: 0.1,
      kappa: 0.75,
      meanField: new FreeSpaceConvolution(grid.position, { kind: "gaussian", lambda, sigma: s }),
      externalPotential: harmonicTrap(1.5),
    });
    const d = solver.diagnostics();
    // Riemann sums of a resolved Gaussian vanishing at the box edges are spectrally accurate
    // (error ~ e^{-(pi sigma/dx)^2/2} ~ 1e-56 plus tails e^{-(8 - 0.7)^2/(2 sigma^2)} ~ 1e-15);
    // the truncated-kernel convolution is accurate to ~1e-13: 1e-11 absolute is ample
    const expected = {
      mass: 1,
      momentum: v0,
      kineticEnergy: 0.75 * (v0 * v0 + sigma * sigma),
      externalEnergy: 1.5 * (x0 * x0 + sigma * sigma),
      // rho * rho has variance 2 sigma^2: (lambda/2) int e^{-z^2/2s^2} N(0, 2 sigma^2)(z) dz
      interactionEnergy: (lambda / 2) * (s / Math.sqrt(s * s + 2 * sigma * sigma)),
      l2Norm: 1 / Math.sqrt(4 * Math.PI * sigma * sigma),
    };
    expect(Math.abs(d.mass - expected.mass)).toBeLessThan(1e-11);
    expect(Math.abs(d.momentum[0] - expected.momentum)).toBeLessThan(1e-11);
    expect(Math.abs(d.kineticEnergy - expected.kineticEnergy)).toBeLessThan(1e-11);
    expect(Math.abs(d.externalEnergy - expected.externalEnergy)).toBeLessThan(1e-11);
    expect(Math.abs(d.interactionEnergy - expected.interactionEnergy)).toBeLessThan(1e-11);
    expect(
      Math.abs(
        d.energy - expected.kineticEnergy - expected.externalEnergy - expected.interactionEnergy,
      ),
    ).toBeLessThan(3e-11);
    expect(Math.abs(d.l2Norm - expected.l2Norm)).toBeLessThan(1e-11);
    let min = Number.POSITIVE_INFINITY;
    for (const w of gaussian) min = Math.min(min, w);
    expect(d.minW).toBe(min);
    // electric energy (1/2) sum U'(x_i)^2 dx with U = V * rho known in closed form: rho is a
    // Gaussian of variance sigma^2, so U = lambda s / sqrt(c) exp(-(x - x0)^2 / (2 c)),
    // c = s^2 + sigma^2. U does not vanish at the box edges (e^{-15}), so compare with the same
    // Riemann sum of the exact U' rather than with the integral over the line.
    const c = s * s + sigma * sigma;
    let electric = 0;
    for (let i = 0; i < grid.position.size; i++) {
      const x = grid.position.origin[0] + i * grid.position.spacing[0];
      const u = ((lambda * s) / Math.sqrt(c)) * Math.exp(-((x - x0) ** 2) / (2 * c));
      electric += ((u * (x - x0)) / c) ** 2;
    }
    electric *= 0.5 * grid.position.spacing[0];
    expect(Math.abs(d.electricEnergy - electric)).toBeLessThan(1e-11);
  });
});
