import { createGrid, FreeSpaceConvolution } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import {
  denseExchangeEnergy,
  denseExchangeMatrix,
  OrbitalExchange,
  orbitalExchangeEnergy,
} from "./exchange.js";
import { hermiteState, toDenseState } from "./fixtures.js";

describe("exchange operator", () => {
  const grid = createGrid({ dimension: 1, points: 64, box: 10 });
  const kernel = { kind: "gaussian" as const, lambda: 1.3, sigma: 0.6 };
  const convolution = new FreeSpaceConvolution(grid, kernel);
  // A mixed state of three boosted, displaced orbitals (complex, not all occupied equally).
  const state = hermiteState(grid, 0.3, [1, 0.6, 0.25], 0.4, 0.7);
  const m = grid.size;
  const count = state.occupations.length;
  const n = 1.85;
  const table = Float64Array.from(
    { length: m },
    (_, r) => kernel.lambda * Math.exp(-((r * grid.spacing[0]) ** 2) / (2 * kernel.sigma ** 2)),
  );

  it("orbital form (pair symmetry) = one vector at a time = dense elementwise V(x_i - x_j) A_ij / N", () => {
    const exchange = new OrbitalExchange(convolution);
    const paired = exchange.applyToOrbitals(
      state.orbitals,
      state.occupations,
      n,
      new Float64Array(state.orbitals.length),
    );
    const dense = toDenseState(state).data;
    const x = denseExchangeMatrix(m, table, dense, n, new Float64Array(dense.length));
    let worstSingle = 0;
    let worstDense = 0;
    for (let l = 0; l < count; l++) {
      const phi = state.orbitals.subarray(2 * l * m, 2 * (l + 1) * m);
      const single = exchange.applyToVector(
        state.orbitals,
        state.occupations,
        n,
        phi,
        new Float64Array(2 * m),
      );
      for (let i = 0; i < m; i++) {
        let re = 0;
        let im = 0;
        for (let j = 0; j < m; j++) {
          const o = 2 * (i * m + j);
          re += x[o] * phi[2 * j] - x[o + 1] * phi[2 * j + 1];
          im += x[o] * phi[2 * j + 1] + x[o + 1] * phi[2 * j];
        }
        const p = 2 * (l * m + i);
        worstSingle = Math.max(
          worstSingle,
          Math.abs(paired[p] - single[2 * i]),
          Math.abs(paired[p + 1] - single[2 * i + 1]),
        );
        worstDense = Math.max(worstDense, Math.abs(paired[p] - re), Math.abs(paired[p + 1] - im));
      }
    }
    // The same sums in a different order: round-off (values are O(1)).
    expect(worstSingle).toBeLessThan(1e-13);
    expect(worstDense).toBeLessThan(1e-13);
    const e1 = orbitalExchangeEnergy(grid, state.orbitals, state.occupations, paired, n);
    const e2 = denseExchangeEnergy(m, table, dense, n);
    expect(e1).toBeGreaterThan(0);
    expect(Math.abs(e1 - e2)).toBeLessThan(1e-13);
  });

  it("X is Hermitian on the grid: <psi, X phi> = conj(<phi, X psi>)", () => {
    const exchange = new OrbitalExchange(convolution);
    const other = hermiteState(grid, 0.2, [1, 1], -0.5, -0.3).orbitals;
    const psi = other.subarray(0, 2 * m);
    const phi = other.subarray(2 * m, 4 * m);
    const xphi = exchange.applyToVector(
      state.orbitals,
      state.occupations,
      n,
      phi,
      new Float64Array(2 * m),
    );
    const xpsi = exchange.applyToVector(
      state.orbitals,
      state.occupations,
      n,
      psi,
      new Float64Array(2 * m),
    );
    let a = [0, 0];
    let b = [0, 0];
    for (let i = 0; i < m; i++) {
      // conj(psi) X phi and conj(phi) X psi
      a = [
        a[0] + psi[2 * i] * xphi[2 * i] + psi[2 * i + 1] * xphi[2 * i + 1],
        a[1] + psi[2 * i] * xphi[2 * i + 1] - psi[2 * i + 1] * xphi[2 * i],
      ];
      b = [
        b[0] + phi[2 * i] * xpsi[2 * i] + phi[2 * i + 1] * xpsi[2 * i + 1],
        b[1] + phi[2 * i] * xpsi[2 * i + 1] - phi[2 * i + 1] * xpsi[2 * i],
      ];
    }
    expect(Math.abs(a[0] - b[0])).toBeLessThan(1e-13);
    expect(Math.abs(a[1] + b[1])).toBeLessThan(1e-13);
  });
});
