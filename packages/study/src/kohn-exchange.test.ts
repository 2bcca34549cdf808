/**
 * Kohn's theorem with exchange on (THEORY.md section 5, issue 13): on the study's orbital path
 * with dynamics.model "hartree-fock", the center of mass of a displaced state in the trap s|x|^2
 * follows the harmonic motion at omega = 2 sqrt(kappa s), in 2D and 3D. (Hartree and Vlasov in
 * 2D/3D: orbital-path.test.ts.)
 */
import { createGrid } from "@semiclassical/grid";
import type { OrbitalDensityMatrix } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import type { StudyConfigInput } from "./config-types.js";
import { createStudyEvolution, type StudyCase } from "./evolution.js";
import { prepareInitialState } from "./initial-state.js";
import { centerOfMass, displaced } from "./orbital-testing.js";
import { planStudy } from "./plan.js";

/**
 * <x_0> after `steps` Strang steps of the oscillator kappa p^2 + s x^2 (kappa = s = 1): position
 * Verlet (drift x += 2 kappa p dt/2, kick p -= 2 s x dt, drift), which the Strang substeps of the
 * quantum dynamics reproduce exactly on <x> and <p> (Ehrenfest for quadratic h; the mean field's
 * and the exchange's mean forces vanish).
 */
function verlet(x0: number, dt: number, steps: number): number {
  let x = x0;
  let p = 0;
  for (let s = 0; s < steps; s++) {
    x += p * dt;
    p -= 2 * x * dt;
    x += p * dt;
  }
  return x;
}

/**
 * Evolves the displaced state by Hartree-Fock and checks <x_0>_t against the Verlet recursion
 * (to `tolerance`) and against x_0 cos(2 t) (to Verlet's phase error x_0 omega^3 dt^2 t / 24).
 */
function checkKohn(
  config: StudyConfigInput,
  caseOf: (c: StudyCase) => StudyCase,
  steps: number,
): Float64Array {
  const plan = planStudy(config, { checkMemory: false });
  const entry = caseOf(plan.entries[0]);
  expect(plan.config.dynamics.model).toBe("hartree-fock");
  const base = prepareInitialState(
    plan.config,
    entry.grid,
    entry.epsilon,
    entry.N,
    undefined,
    entry.vlasov,
  );
  const x0 = 0.3;
  const state = displaced(base as OrbitalDensityMatrix, x0);
  const evolution = createStudyEvolution(plan.config, entry, { initialState: state });
  expect(evolution.path).toBe("orbital");
  const { dt } = plan.config.dynamics;
  const q0 = centerOfMass(entry.grid, evolution.hartreeFock.currentDensity());
  expect(Math.abs(q0 - x0)).toBeLessThan(1e-3);
  for (let step = 1; step <= steps; step++) {
    evolution.hartreeFock.step();
    const q = centerOfMass(entry.grid, evolution.hartreeFock.currentDensity());
    // Measured without exchange (orbital-path.test.ts): within 2e-7 of Verlet (the potential
    // step's spectral product rule on grids whose edge amplitude is ~1e-7); the exchange operator
    // commutes with translations, so its mean force vanishes to round-off: 10x margin.
    expect(Math.abs(q - verlet(q0, dt, step))).toBeLessThan(2e-6);
    const t = step * dt;
    const phase = (Math.abs(q0) * 8 * dt * dt * t) / 24;
    expect(Math.abs(q - q0 * Math.cos(2 * t))).toBeLessThan(1.01 * phase + 2e-6);
  }
  return evolution.hartreeFock.currentDensity();
}

describe("Kohn with exchange: Hartree-Fock on the orbital path", () => {
  it("2D, N = 3, Gaussian V, the study's grid (32^2)", () => {
    const config: StudyConfigInput = {
      dimension: 2,
      N: [3],
      state: { kind: "slater" },
      interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
      grid: { box: 7 },
      dynamics: { model: "hartree-fock", dt: 0.05, tFinal: 0.3 },
      vlasov: { nx: 16, nv: 16 },
    };
    const same = (c: StudyCase) => {
      expect(c.grid.shape).toEqual([32, 32]);
      return c;
    };
    const withExchange = checkKohn(config, same, 6);
    // The exchange is on: without it (Hartree, same omega_0) the density differs by far more than
    // the tolerance on <x_0>, while the center of mass is the same.
    const plan = planStudy({ ...config, dynamics: { ...config.dynamics, model: "hartree" } });
    const entry = plan.entries[0];
    const base = prepareInitialState(
      plan.config,
      entry.grid,
      entry.epsilon,
      3,
      undefined,
      entry.vlasov,
    );
    const hartree = createStudyEvolution(plan.config, entry, {
      initialState: displaced(base as OrbitalDensityMatrix, 0.3),
    });
    for (let step = 0; step < 6; step++) hartree.hartreeFock.step();
    const rho = hartree.hartreeFock.currentDensity();
    let largest = 0;
    for (let i = 0; i < rho.length; i++)
      largest = Math.max(largest, Math.abs(rho[i] - withExchange[i]));
    expect(largest).toBeGreaterThan(1e-4);
    expect(
      Math.abs(centerOfMass(entry.grid, rho) - centerOfMass(entry.grid, withExchange)),
    ).toBeLessThan(4e-6);
  }, 60_000);

  it("3D, N = 4 (closed shell), Gaussian V, axis 0 resolved (32 x 16 x 16)", () => {
    // Only axis 0 enters <x_0>: its kick is -2 s <x_0> dt whatever the other axes (the mean
    // field's and the exchange's mean forces vanish for any discretization of them).
    const box = 7;
    checkKohn(
      {
        dimension: 3,
        N: [4],
        state: { kind: "slater" },
        interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
        grid: { box },
        dynamics: { model: "hartree-fock", dt: 0.05, tFinal: 0.2 },
        vlasov: { nx: 8, nv: 8 },
      },
      (c) => ({ ...c, grid: createGrid({ dimension: 3, points: [32, 16, 16], box }) }),
      4,
    );
  }, 120_000);
});
