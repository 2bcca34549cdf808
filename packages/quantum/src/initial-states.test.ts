import { createGrid, createPhaseSpaceGrid, harmonicTrap } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { checkFermionic } from "./conversions.js";
import { coherentStateSuperposition, weylState } from "./initial-states.js";
import { particleNumber } from "./observables.js";
import type { PhaseSpaceFunction } from "./phase-space.js";
import { thermalState } from "./thermal.js";
import { wignerTransform } from "./wigner.js";

// N = 8 fermions in the trap x^2, eps = 1/8, box [-5, 5) with 128 points: the Nyquist velocity
// pi eps/dx = 3.1 exceeds twice the Fermi velocity sqrt(2) (the resolution rule dx <= pi eps/(2 v)).
const epsilon = 1 / 8;
const grid = createGrid({ dimension: 1, points: 128, box: 10 });
// thermal states keep orbitals down to occupation 1e-12 (E ~ mu + 27 T), whose classical velocity
// sqrt(E) ~ 2.7 needs dx <= pi eps/(2 * 2.7): 256 points on the same box
const fineGrid = createGrid({ dimension: 1, points: 256, box: 10 });

/** A phase-space profile sampled on a grid. */
function profile(
  nx: number,
  boxX: number,
  nv: number,
  boxV: number,
  f: (x: number, v: number) => number,
): PhaseSpaceFunction {
  const position = createGrid({ dimension: 1, points: nx, box: boxX });
  const velocity = createGrid({ dimension: 1, points: nv, box: boxV });
  const ps = createPhaseSpaceGrid(position, velocity);
  const values = new Float64Array(ps.size);
  for (let ix = 0; ix < nx; ix++) {
    for (let iv = 0; iv < nv; iv++) {
      values[ix * nv + iv] = f(
        position.origin[0] + ix * position.spacing[0],
        velocity.origin[0] + iv * velocity.spacing[0],
      );
    }
  }
  return { grid: ps, values };
}

describe("coherent-state superpositions", () => {
  it("0 <= M <= 1 (a filled disk of radius sqrt 2) gives a fermionic state with tr = N", () => {
    // phase-space spacing 10/64 = 0.16 and 8/64 = 0.125 << sqrt(eps) = 0.35, so the discrete
    // resolution of identity sum |f_rp><f_rp| dr dp/(2 pi eps) = 1 holds to ~e^{-pi^2 eps/h^2}
    const M = profile(64, 10, 64, 8, (x, v) => (x * x + v * v <= 2 ? 1 : 0));
    const state = coherentStateSuperposition(M, grid, epsilon);
    expect(Math.abs(particleNumber(state) - state.particles)).toBeLessThan(1e-12);
    expect(Math.abs(state.normalization - 1)).toBeLessThan(1e-10);
    const report = checkFermionic(state, 1e-10, { particles: state.particles });
    expect(report.fermionic).toBe(true);
    expect(report.maxEigenvalue).toBeLessThan(1 + 1e-10);
    expect(report.maxEigenvalue).toBeGreaterThan(0.99); // the inside of the disk is saturated
  });

  it("a profile above 1 is rejected", () => {
    const M = profile(16, 10, 16, 6, (x, v) => 1.5 * Math.exp(-(x * x + v * v)));
    expect(() => coherentStateSuperposition(M, grid, epsilon)).toThrow(
      /entry \d+ is 1\.\d+; a coherent-state profile needs 0 <= M <= 1/,
    );
  });
});

describe("weylState", () => {
  it("reports that the Weyl quantization of a classical indicator violates the bounds, and clips loudly", () => {
    // Weyl of the filled disk chi(x^2 + v^2 <= 2) is not fermionic (its spectrum overshoots 1 and
    // undershoots 0 near the Fermi surface, Gibbs-like)
    const M = profile(128, 10, 128, 6, (x, v) =>
      x * x + v * v <= 2 ? 1 / (2 * Math.PI * epsilon) / 8 : 0,
    );
    // W = M/(2 pi) normalized so that int W = 1 (eps N = 1)
    let mass = 0;
    for (const m of M.values) mass += m;
    mass *= M.grid.cellVolume;
    const W: PhaseSpaceFunction = { grid: M.grid, values: M.values.map((m) => m / mass) };
    const result = weylState(W, grid, epsilon, { checkResolution: false });
    expect(result.report.fermionic).toBe(false);
    expect(result.warnings[0]).toMatch(/not fermionic: eigenvalues in \[-/);
    expect(result.clipped).toBe(false);
    const clipped = weylState(W, grid, epsilon, { checkResolution: false, enforceBounds: true });
    expect(clipped.clipped).toBe(true);
    expect(clipped.clippedWeight).toBeCloseTo(clipped.report.violation, 12);
    expect(clipped.warnings.some((w) => /CLIPPED/.test(w))).toBe(true);
    const after = checkFermionic(clipped.state, 1e-10, { particles: clipped.traceAfter });
    expect(after.fermionic).toBe(true);
  });

  it("the Wigner function of a fermionic state quantizes back to a fermionic state", () => {
    const state = thermalState(fineGrid, { epsilon, potential: harmonicTrap(1), temperature: 0.3 });
    const result = weylState(wignerTransform(state), fineGrid, epsilon);
    expect(result.report.fermionic).toBe(true);
    expect(result.warnings).toHaveLength(0);
  });
});
