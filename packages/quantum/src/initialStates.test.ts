import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  ParameterError,
} from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { checkFermionic } from "./conversions.js";
import { coherentStateSuperposition, weylState } from "./initialStates.js";
import { density, particleNumber, purity } from "./observables.js";
import { chemicalPotential, fermiDiracOccupations, slaterState, thermalState } from "./thermal.js";
import type { PhaseSpaceFunction } from "./wigner.js";
import { wignerTransform } from "./wigner.js";

// N = 8 fermions in the trap x^2, eps = 1/8, box [-5, 5) with 128 points: the Nyquist velocity
// pi eps/dx = 3.1 exceeds twice the Fermi velocity sqrt(2) (the resolution rule dx <= pi eps/(2 v)).
const epsilon = 1 / 8;
const grid = createGrid({ dimension: 1, points: 128, box: 10 });
// thermal states keep orbitals down to occupation 1e-12 (E ~ mu + 27 T), whose classical velocity
// sqrt(E) ~ 2.7 needs dx <= pi eps/(2 * 2.7): 256 points on the same box
const fineGrid = createGrid({ dimension: 1, points: 256, box: 10 });

describe("thermal and Slater states", () => {
  it("thermal state: tr omega = N to 1e-12, occupations in [0, 1], Fermi-Dirac in the energies", () => {
    const state = thermalState(fineGrid, { epsilon, potential: harmonicTrap(1), temperature: 0.2 });
    expect(Math.abs(particleNumber(state) - 8)).toBeLessThan(1e-12);
    for (const f of state.occupations) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
    const f = fermiDiracOccupations(state.energies, state.chemicalPotential, 0.2);
    for (let j = 0; j < f.length; j++) expect(f[j]).toBe(state.occupations[j]);
    // energies are eps(2j+1) (lowestEigenstates, resolved grid)
    state.energies.forEach((e, j) => {
      expect(Math.abs(e - epsilon * (2 * j + 1))).toBeLessThan(1e-11);
    });
    // the dropped tail is below the default cutoff and reported
    expect(state.droppedWeight).toBeLessThan(1e-11);
    expect(state.occupations[state.occupations.length - 1]).toBeGreaterThanOrEqual(1e-12);
    expect(checkFermionic(state).fermionic).toBe(true);
    expect(purity(state)).toBeLessThan(1);
  });

  it("chemical potential solves sum f = N to round-off", () => {
    const e = Float64Array.from({ length: 40 }, (_, j) => 0.1 * j + 0.01 * j * j);
    const mu = chemicalPotential(e, 12.5, 0.3);
    const total = fermiDiracOccupations(e, mu, 0.3).reduce((s, x) => s + x, 0);
    expect(Math.abs(total - 12.5)).toBeLessThan(1e-12);
  });

  it("Slater state: 8 orbitals fully occupied, pure, density integrates to 1", () => {
    const state = slaterState(grid, { epsilon, potential: harmonicTrap(1) });
    expect(Array.from(state.occupations)).toEqual(new Array(8).fill(1));
    expect(Math.abs(purity(state) - 1)).toBeLessThan(1e-15);
    // gap E_8 - E_7 = 2 eps
    expect(Math.abs(state.fermiGap - 2 * epsilon)).toBeLessThan(1e-11);
    const rho = density(state);
    expect(Math.abs(rho.reduce((s, r) => s + r, 0) * grid.spacing[0] - 1)).toBeLessThan(1e-14);
    // T = 0 through thermalState is the same state
    const viaThermal = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: 0 });
    expect(viaThermal.occupations.length).toBe(8);
  });

  it("a grid that does not resolve eps is rejected naming the numbers", () => {
    // 32 points on [-5, 5): dx = 0.3125 > pi eps/(2 v_max) with v_max = sqrt(E_7) ~ 1.94
    const coarse = createGrid({ dimension: 1, points: 32, box: 10 });
    expect(() => slaterState(coarse, { epsilon, potential: harmonicTrap(1) })).toThrow(
      ParameterError,
    );
    expect(() => slaterState(coarse, { epsilon, potential: harmonicTrap(1) })).toThrow(
      /does not resolve epsilon = 0\.125: dx = 0\.3125 > pi\*epsilon\/\(2\*vMax\)/,
    );
  });
});

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
