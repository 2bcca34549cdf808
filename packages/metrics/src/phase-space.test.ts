import { createGrid, createPhaseSpaceGrid, ParameterError } from "@semiclassical/grid";
import { wignerTransform } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { hilbertSchmidtNorm } from "./norms.js";
import {
  hilbertSchmidtNormFromWigner,
  plancherelFactor,
  wignerL2Distance,
  wignerL2Norm,
} from "./phase-space.js";
import { randomHermitian } from "./testing.js";

/** W_j(x, v) = ((-1)^j / pi) e^{-(x^2+v^2)/eps} L_j(2 (x^2+v^2)/eps), THEORY.md section 4. */
function harmonicWigner(j: number, epsilon: number, points: number, box: number) {
  const position = createGrid({ dimension: 1, points, box });
  const velocity = createGrid({ dimension: 1, points, box });
  const grid = createPhaseSpaceGrid(position, velocity);
  const values = new Float64Array(grid.size);
  for (let ix = 0; ix < points; ix++) {
    for (let iv = 0; iv < points; iv++) {
      const x = position.origin[0] + ix * position.spacing[0];
      const v = velocity.origin[0] + iv * velocity.spacing[0];
      const r = (x * x + v * v) / epsilon;
      const laguerre = j === 0 ? 1 : 1 - 2 * r; // L_0 = 1, L_1(s) = 1 - s
      values[ix * points + iv] = ((-1) ** j / Math.PI) * Math.exp(-r) * laguerre;
    }
  }
  return { grid, values };
}

describe("Wigner L2 norms and the Plancherel identity", () => {
  it("gives ||omega||_HS = 1 for the pure harmonic-oscillator states j = 0, 1", () => {
    // A single orbital |phi_j><phi_j| has ||.||_HS = 1; its Wigner function is the Laguerre
    // formula. The rectangle rule is spectrally accurate for these Gaussians on a box of +-8
    // sqrt(eps) (tails e^-64): agreement to 1e-12.
    const epsilon = 0.25;
    for (const j of [0, 1]) {
      const w = harmonicWigner(j, epsilon, 64, 8);
      expect(hilbertSchmidtNormFromWigner(w, epsilon)).toBeCloseTo(1, 12);
    }
    // Orthogonal states: ||W_0 - W_1||^2 = ||W_0||^2 + ||W_1||^2 = 2 eps / (2 pi) (cross term
    // (eps/2pi) tr(omega_0 omega_1) = 0).
    const w0 = harmonicWigner(0, epsilon, 64, 8);
    const w1 = harmonicWigner(1, epsilon, 64, 8);
    expect(wignerL2Distance(w0, w1)).toBeCloseTo(Math.sqrt((2 * epsilon) / (2 * Math.PI)), 12);
    expect(wignerL2Norm(w0)).toBeCloseTo(Math.sqrt(epsilon / (2 * Math.PI)), 12);
    expect(plancherelFactor(1 / 8, 3)).toBeCloseTo((16 * Math.PI) ** 1.5, 9);
  });

  it("holds exactly for the discrete Wigner transform of any Hermitian matrix, d = 1 and 2", () => {
    // THEORY.md section 2: on the half grid (spacing dx/2) with one full velocity period of n
    // points per axis, sum_p sum_q |W|^2 (dx/2)^d dv^d = (eps/2pi)^d sum_ij |A_ij|^2 by the
    // discrete Parseval identity, for every matrix (resolved or not). Round-off of the FFTs and
    // of the sums: ~1e-15 relative; 1e-13 allowed.
    const epsilon = 0.25;
    for (const [dimension, points] of [
      [1, 64],
      [2, 8],
    ] as const) {
      const grid = createGrid({ dimension, points, box: 6 });
      const n = grid.size;
      const data = randomHermitian(n, 7 + dimension);
      const w = wignerTransform({ form: "dense", grid, epsilon, data });
      const fromMatrix = hilbertSchmidtNorm(n, data);
      expect(Math.abs(hilbertSchmidtNormFromWigner(w, epsilon) / fromMatrix - 1)).toBeLessThan(
        1e-13,
      );
    }
  });

  it("rejects functions on different grids", () => {
    const a = harmonicWigner(0, 0.25, 16, 8);
    const b = harmonicWigner(0, 0.25, 32, 8);
    expect(() => wignerL2Distance(a, b)).toThrow(ParameterError);
    expect(() => plancherelFactor(0, 1)).toThrow(/epsilon/);
  });
});
