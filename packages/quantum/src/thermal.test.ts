import { createGrid, harmonicTrap, ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { checkFermionic } from "./conversions.js";
import { fermiDiracOccupations } from "./fermi-dirac.js";
import { density, particleNumber, purity } from "./observables.js";
import { slaterState, thermalState } from "./thermal.js";

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

  it("a low positive T, every level above the N-th below the cutoff: mu mid-gap, the Slater state", () => {
    // found by an independent cross-check (it threw "must lie strictly between 0 and the number
    // of levels 8"): at T = 0.003 the level E_8 = 17 eps has f = e^-41.7, below the cutoff 1e-12.
    // Then mu lies in the gap (E_7, E_8) and omega is the Slater state to the occupations' 1e-18.
    const T = 0.003;
    const state = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: T });
    expect(Math.abs(particleNumber(state) - 8)).toBeLessThan(1e-12);
    expect(state.chemicalPotential).toBeGreaterThan(state.energies[7]);
    expect(state.chemicalPotential).toBeLessThan(state.energies[8]);
    for (let j = 0; j < 8; j++) expect(1 - state.occupations[j]).toBeLessThan(1e-15);
    const slater = slaterState(grid, { epsilon, potential: harmonicTrap(1) });
    const a = density(state);
    const b = density(slater);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-13);
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

  it("an open shell (N = 4 in the 2D trap) is refused as a Slater state; a thermal state shares it", () => {
    // h_0 = -eps^2 Laplacian + |x|^2 has levels 2 eps (n1 + n2 + 1), shell n holding n + 1
    // states. N = 4: shells 0 and 1 (3 states) filled, 1 particle left for the 3 states of n = 2:
    // the determinant was the eigensolver's pick, a different state per grid (<x^2 - y^2> = 0.163
    // on 32^2 points, 0.233 on 64^2). Refused, naming the closed shells 3 and 6.
    const eps = 1 / 2;
    for (const points of [32, 64]) {
      const square = createGrid({ dimension: 2, points, box: 11 });
      expect(() => slaterState(square, { epsilon: eps, potential: harmonicTrap(1) })).toThrow(
        /particles: N = 4 leaves the Fermi level E_F = 3\.00000 open: 1 particle\(s\) for its 3 degenerate levels \(E_3 \.\. E_5.*closed-shell N \(3 or 6 here\) or a thermal state/,
      );
      // A thermal state at T = 0.01 (the next shell's occupation e^-100 is dropped): the shell's
      // three levels hold 1/3 each (Fermi-Dirac depends on the energy only), so the state has the
      // trap's symmetry on every grid: <x_a^2> = eps sum_j f_j (n_a + 1/2) = 4 eps on both axes
      // (1D oscillator <x^2>_n = eps (n + 1/2)), here per particle (rho integrates to 1): 1/2.
      // The grids resolve the state to ~1e-10 (spectral), hence the tolerance.
      const state = thermalState(square, {
        epsilon: eps,
        potential: harmonicTrap(1),
        temperature: 0.01,
        particles: 4,
      });
      expect(state.occupations.length).toBe(6);
      // mu comes from bisection (to ~1e-14), and df/dmu = f (1 - f)/T = 22 here: 1e-10
      for (let j = 3; j < 6; j++)
        expect(Math.abs(state.occupations[j] - 1 / 3)).toBeLessThan(1e-10);
      const rho = density(state);
      const dx = square.spacing[0];
      let x2 = 0;
      let y2 = 0;
      for (let i = 0; i < points; i++) {
        const x = square.origin[0] + i * dx;
        for (let j = 0; j < points; j++) {
          const y = square.origin[1] + j * dx;
          x2 += x * x * rho[i * points + j] * dx * dx;
          y2 += y * y * rho[i * points + j] * dx * dx;
        }
      }
      expect(Math.abs(x2 - 0.5)).toBeLessThan(1e-9);
      expect(Math.abs(y2 - 0.5)).toBeLessThan(1e-9);
    }
    // A closed shell (N = 6: shells 0, 1, 2) is a determinant, with the gap 2 eps to shell 3.
    const closedEps = 1 / Math.sqrt(6);
    const closed = slaterState(createGrid({ dimension: 2, points: 32, box: 11 }), {
      epsilon: closedEps,
      potential: harmonicTrap(1),
    });
    expect(Array.from(closed.occupations)).toEqual(new Array(6).fill(1));
    expect(Math.abs(closed.fermiGap - 2 * closedEps)).toBeLessThan(1e-9);
  });

  it("a Slater state refuses a default N = eps^-d that is not an integer (it was rounded)", () => {
    // eps = 0.07: eps^-1 = 14.29, rounded to 14 it gave int W = 0.98 without a word
    expect(() => slaterState(grid, { epsilon: 0.07, potential: harmonicTrap(1) })).toThrow(
      /particles.*integer N.*14\.28/,
    );
    // eps = 1/3 in floating point: 1/eps = 3 to rounding, accepted as N = 3
    const three = slaterState(grid, { epsilon: 1 / 3, potential: harmonicTrap(1) });
    expect(three.occupations.length).toBe(3);
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
