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
    // The 1D FreeSpaceConvolution passes the probe: applyToOrbitals uses the batched row FFTs,
    // checked below against one convolveComplex per pair (applyToVector) and the dense form.
    expect(exchange.batched).toBe(true);
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

  it("a convolution that is not a circular one with a real spectrum keeps the one-by-one path", () => {
    // (Vf)_i = (V * f)_{i-1}: linear and exact on its own terms, but its 2n-periodic kernel is
    // not even, so the batch (which assumes it) would differ; the probe must refuse it.
    const shifted = {
      grid,
      convolveComplex(f: Float64Array, out = new Float64Array(2 * m)): Float64Array {
        const full = convolution.convolveComplex(f);
        out.fill(0);
        out.set(full.subarray(0, 2 * (m - 1)), 2);
        return out;
      },
    };
    const exchange = new OrbitalExchange(shifted);
    expect(exchange.batched).toBe(false);
    // 2D and 3D keep the one-by-one path too (the batch is 1D only).
    const plane = createGrid({ dimension: 2, points: 16, box: 10 });
    expect(new OrbitalExchange(new FreeSpaceConvolution(plane, kernel)).batched).toBe(false);
    const paired = exchange.applyToOrbitals(
      state.orbitals,
      state.occupations,
      n,
      new Float64Array(state.orbitals.length),
    );
    let worst = 0;
    for (let l = 0; l < count; l++) {
      const phi = state.orbitals.subarray(2 * l * m, 2 * (l + 1) * m);
      const single = exchange.applyToVector(
        state.orbitals,
        state.occupations,
        n,
        phi,
        new Float64Array(2 * m),
      );
      for (let i = 0; i < 2 * m; i++)
        worst = Math.max(worst, Math.abs(paired[2 * l * m + i] - single[i]));
    }
    // The one-by-one path only uses V * conj(f) = conj(V * f), true for any real linear map such
    // as this shift, so it agrees with one vector at a time to round-off (values are O(1)).
    expect(worst).toBeLessThan(1e-13);
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
