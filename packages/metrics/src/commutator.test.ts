import { createGrid, ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import {
  commutatorDensity,
  commutatorTraceNorm,
  lpNorm,
  positionCommutator,
  rhoCommutatorLpNorms,
} from "./commutator.js";

/** omega = |phi><phi|, phi(x) = (pi eps)^(-1/4) e^{-x^2/(2 eps)} (the HO ground state), dense. */
function groundState(epsilon: number, points: number, box: number) {
  const grid = createGrid({ dimension: 1, points, box });
  const n = grid.size;
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = grid.origin[0] + i * grid.spacing[0];
    phi[i] = (Math.PI * epsilon) ** -0.25 * Math.exp((-x * x) / (2 * epsilon));
  }
  const data = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) data[2 * (i * n + j)] = phi[i] * phi[j] * grid.spacing[0];
  }
  return { grid, data };
}

describe("commutator metrics", () => {
  // For omega = |phi><phi| with phi the HO ground state: x phi is orthogonal to phi with
  // ||x phi||^2 = eps/2, so [x, omega] = |x phi><phi| - |phi><x phi| has singular values
  // sqrt(eps/2) twice: tr|[x, omega]| = sqrt(2 eps), and |[x, omega]| = sqrt(eps/2) (|u><u| +
  // |phi><phi|), u = x phi / ||x phi||, so rho_{|[x,omega]|}(x) = sqrt(eps/2) phi^2 (1 + 2x^2/eps).
  // Gaussians on +-10 sqrt(eps) with 128 points: quadrature spectrally accurate (1e-13).
  const epsilon = 0.125;
  const state = groundState(epsilon, 128, 20 * Math.sqrt(epsilon));

  it("i[x, omega] is Hermitian and tr|[x, omega]| = sqrt(2 eps)", () => {
    const d = positionCommutator(state);
    const n = state.grid.size;
    let asymmetry = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        asymmetry = Math.max(
          asymmetry,
          Math.abs(d[2 * (i * n + j)] - d[2 * (j * n + i)]),
          Math.abs(d[2 * (i * n + j) + 1] + d[2 * (j * n + i) + 1]),
        );
      }
    }
    expect(asymmetry).toBe(0);
    expect(commutatorTraceNorm(state)).toBeCloseTo(Math.sqrt(2 * epsilon), 12);
  });

  it("rho_{|[x, omega]|} matches the closed form; its L1 norm is the trace norm", () => {
    const rho = commutatorDensity(state);
    const dx = state.grid.spacing[0];
    let worst = 0;
    let peak = 0;
    for (let i = 0; i < rho.length; i++) {
      const x = state.grid.origin[0] + i * dx;
      const phi2 = (Math.PI * epsilon) ** -0.5 * Math.exp((-x * x) / epsilon);
      const exact = Math.sqrt(epsilon / 2) * phi2 * (1 + (2 * x * x) / epsilon);
      worst = Math.max(worst, Math.abs(rho[i] - exact));
      peak = Math.max(peak, exact);
    }
    // Eigenvector accuracy ~ n eps_mach / gap with gap = sqrt(eps/2) = 0.25: ~1e-13 relative.
    expect(worst / peak).toBeLessThan(1e-11);
    const [l1, l2, lInfinity] = rhoCommutatorLpNorms(state);
    expect(l1).toBeCloseTo(Math.sqrt(2 * epsilon), 11);
    // int rho^2 = (eps/2) (pi eps)^-1 sqrt(eps/2) sqrt(pi) (1 + 1 + 3/4), substituting
    // y = x sqrt(2/eps) and using int y^2 e^-y^2 = sqrt(pi)/2, int y^4 e^-y^2 = 3 sqrt(pi)/4.
    const l2Exact = Math.sqrt(
      (epsilon / 2) *
        (Math.PI * epsilon) ** -1 *
        Math.sqrt(epsilon / 2) *
        Math.sqrt(Math.PI) *
        2.75,
    );
    expect(l2).toBeCloseTo(l2Exact, 11);
    // The sup is sqrt(2/pi) e^{-1/2} at x^2 = eps/2; the grid max is within O(dx^2) of it.
    expect(Math.abs(lInfinity - Math.sqrt(2 / Math.PI) * Math.exp(-0.5))).toBeLessThan(dx * dx * 2);
    expect(lInfinity).toBeLessThanOrEqual(Math.sqrt(2 / Math.PI) * Math.exp(-0.5) + 1e-12);
  });

  it("computes L^p norms by the rectangle rule and rejects bad input", () => {
    expect(lpNorm([1, -2, 2], 0.5, 1)).toBeCloseTo(2.5, 15);
    expect(lpNorm([3, -4], 1, 2)).toBeCloseTo(5, 15);
    expect(lpNorm([3, -4], 1, Number.POSITIVE_INFINITY)).toBe(4);
    expect(() => lpNorm([1], 1, 0.5)).toThrow(ParameterError);
    expect(() => positionCommutator(state, 1)).toThrow(/axis/);
  });
});
