import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  ParameterError,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { samplePhaseSpace } from "./initial.js";
import { VlasovSolver } from "./solver.js";
import type { Splitting } from "./splitting.js";

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

  it("conserves E_Vlasov to the integrator's order (2 and 4)", () => {
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
      const drifts = [10, 20, 40].map((steps) => {
        const solver = new VlasovSolver({
          grid,
          dt: T / steps,
          kappa: 1,
          meanField,
          externalPotential: harmonicTrap(1),
          splitting,
        });
        const energies: number[] = [];
        solver.evolve(W0, {
          tFinal: T,
          onStep: ({ diagnostics }) => energies.push(diagnostics.energy),
        });
        return Math.max(...energies.map((e) => Math.abs(e - energies[0])));
      });
      for (let i = 1; i < drifts.length; i++) {
        // energy error of a symmetric splitting of order p is O(dt^p), uniformly in time
        // measured 2.07, 2.02 and 4.07, 4.01
        expect(Math.abs(Math.log2(drifts[i - 1] / drifts[i]) - order)).toBeLessThan(0.15);
      }
    }
  });

  it("conserves momentum without external potential (V symmetric: sum rho grad U = 0)", () => {
    const meanField = new FreeSpaceConvolution(grid.position, {
      kind: "gaussian",
      lambda: 2,
      sigma: 1,
    });
    const solver = new VlasovSolver({ grid, dt: 0.05, meanField });
    const momenta: number[] = [];
    solver.evolve(W0, {
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
    expect(() => new VlasovSolver({ grid, dt: 0.1, meanField: other })).toThrow(ParameterError);
  });
});
