import { createGrid, harmonicTrap, samplePotential } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { denseSolve, reflectionSymmetry } from "../dense-eigenstates.js";
import { Hamiltonian } from "../hamiltonian.js";
import { seededGaussian } from "./fixtures.js";
import {
  expandSectorVectors,
  reflectionAsymmetry,
  reflectionBlocks,
  reflectionSectors,
} from "./reflection.js";
import { symmetricEigen } from "./symmetric.js";

/** A random real symmetric n x n matrix and its reflection-symmetric part (A + R A R)/2. */
function randomSymmetric(n: number, partner: Int32Array, seed: number) {
  const gaussian = seededGaussian(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = gaussian();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      s[i * n + j] = 0.5 * (a[i * n + j] + a[partner[i] * n + partner[j]]);
  }
  return { a, s };
}

describe("the reflection of a periodic grid through its center", () => {
  it("is an involution whose sectors split the grid (fixed points i_a in {0, n_a/2})", () => {
    for (const shape of [[8], [7], [4, 6], [3, 4, 2]]) {
      const sectors = reflectionSectors(shape);
      const n = shape.reduce((p, x) => p * x, 1);
      for (let i = 0; i < n; i++) expect(sectors.partner[sectors.partner[i]]).toBe(i);
      const fixed = shape.reduce((p, m) => p * (m % 2 === 0 ? 2 : 1), 1);
      expect(sectors.evenFirst.length).toBe((n + fixed) / 2);
      expect(sectors.oddFirst.length).toBe((n - fixed) / 2);
    }
  });

  it("the union of the sector blocks' spectra is the spectrum of a symmetric matrix", () => {
    // S = (A + R A R)/2 commutes with R: its blocks in the orthonormal even/odd basis are a unitary
    // similarity of S, so the eigenvalues agree to the solvers' backward error (~n eps_mach ||S||).
    const shape = [6, 5];
    const sectors = reflectionSectors(shape);
    const n = 30;
    const { a, s } = randomSymmetric(n, sectors.partner, 7);
    const blocks = reflectionBlocks(sectors, s, "real");
    const symmetric = reflectionAsymmetry(sectors, s, "real");
    expect(symmetric.asymmetry).toBeLessThan(1e-14 * symmetric.frobenius);
    const union = Float64Array.from([
      ...symmetricEigen(blocks.evenOrder, blocks.even).values,
      ...symmetricEigen(blocks.oddOrder, blocks.odd).values,
    ]).sort();
    const full = symmetricEigen(n, s).values;
    const scale = Math.max(...full.map(Math.abs));
    for (let k = 0; k < n; k++) expect(Math.abs(union[k] - full[k])).toBeLessThan(1e-13 * scale);
    // ||A - S||_F from the definition, against reflectionAsymmetry without forming it
    let direct = 0;
    for (let k = 0; k < n * n; k++) direct += (a[k] - s[k]) ** 2;
    const measured = reflectionAsymmetry(sectors, a, "real");
    expect(Math.abs(measured.asymmetry - Math.sqrt(direct))).toBeLessThan(
      1e-13 * measured.frobenius,
    );
  });

  it("sector vectors mapped to the grid are eigenvectors of the symmetric matrix", () => {
    const shape = [10];
    const sectors = reflectionSectors(shape);
    const { s } = randomSymmetric(10, sectors.partner, 11);
    const blocks = reflectionBlocks(sectors, s, "real");
    for (const parity of ["even", "odd"] as const) {
      const order = parity === "even" ? blocks.evenOrder : blocks.oddOrder;
      const eig = symmetricEigen(order, parity === "even" ? blocks.even : blocks.odd, {
        vectors: true,
      });
      const columns = new Float64Array(order * order);
      for (let k = 0; k < order; k++) {
        for (let l = 0; l < order; l++) columns[k * order + l] = eig.vectors[l * order + k];
      }
      const grid = expandSectorVectors(sectors, parity, columns, order);
      for (let k = 0; k < order; k++) {
        let residual = 0;
        let norm = 0;
        for (let i = 0; i < 10; i++) {
          let hv = 0;
          for (let j = 0; j < 10; j++) hv += s[i * 10 + j] * grid[k * 10 + j];
          residual += (hv - eig.values[k] * grid[k * 10 + i]) ** 2;
          norm += grid[k * 10 + i] ** 2;
        }
        expect(Math.abs(norm - 1)).toBeLessThan(1e-14);
        expect(Math.sqrt(residual)).toBeLessThan(1e-13);
      }
    }
  });
});

describe("denseSolve in the reflection's sectors", () => {
  it("equals the unreduced solve for a trap symmetric about the box center, not for a shifted one", () => {
    // the all-vectors route (symmetricEigen) never uses the sectors: an independent solve of the
    // same matrix; the eigenvalues agree to the solvers' round-off (~n eps_mach ||h||), the
    // orbitals (nondegenerate levels of a 1D trap) up to sign to ~eps_mach ||h|| / gap.
    const grid = createGrid({ dimension: 1, points: 256, box: 9 });
    const epsilon = 0.125;
    const count = 20;
    const symmetric = new Hamiltonian(grid, epsilon, 1, samplePotential(grid, harmonicTrap(1)));
    expect(reflectionSymmetry(symmetric)).toBeDefined();
    const shifted = new Hamiltonian(
      grid,
      epsilon,
      1,
      samplePotential(grid, harmonicTrap(1, [0.3])),
    );
    expect(reflectionSymmetry(shifted)).toBeUndefined();
    const reduced = denseSolve(symmetric, count);
    const full = denseSolve(symmetric, count, true);
    const n = grid.size;
    const norm = Math.max(Math.abs(symmetric.upper), Math.abs(symmetric.lower));
    for (let k = 0; k < count; k++) {
      expect(Math.abs(reduced.values[k] - full.values[k])).toBeLessThan(1e-13 * norm);
      expect(Math.abs(reduced.values[k] - epsilon * (2 * k + 1))).toBeLessThan(1e-10);
      let overlap = 0;
      for (let i = 0; i < n; i++) overlap += reduced.vectors[k * n + i] * full.vectors[k * n + i];
      expect(Math.abs(Math.abs(overlap) - 1)).toBeLessThan(1e-12);
    }
  });
});
