import { Worker } from "node:worker_threads";
import {
  createGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  sharedFloat64Array,
  ThreadTeam,
} from "@semiclassical/grid";
import { relativeDifference, threadWorkerSource } from "@semiclassical/tooling/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrbitalExchange } from "./exchange.js";
import { hermiteOrbitals } from "./fixtures.js";
import { HartreeFockSolver } from "./solver.js";
import type { OrbitalState } from "./types.js";

// The workers run the built package (`pnpm build` in packages/hartree-fock first) with its
// kernels registered (tooling's threadWorkerSource).
const packageRoot = new URL("../", import.meta.url);
const KERNELS = ["orbitalKernel", "pairExchangeKernel", "compressedExchangeKernel"];

// 1D, n = 128, K = 13 orbitals (two rounds of the pair loop, 8 + 5 orbitals, and uneven chunks
// over the threads): displaced, boosted Hermite functions made complex with an x-dependent phase,
// some occupations 0 (their zero-zero pairs are skipped) and fractional.
const grid = createGrid({ dimension: 1, points: 128, box: 10 });
const m = grid.size;
const K = 13;
const epsilon = 0.15;
const orbitals = hermiteOrbitals(grid, epsilon, K, 0.4, 0.3);
const occupations = Float64Array.from([1, 1, 0.9, 0, 1, 0.7, 1, 0, 0.4, 1, 0, 0.2, 1]);
const convolution = new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 1.5, sigma: 0.6 });

describe("exact exchange on a ThreadTeam (pairExchangeKernel)", () => {
  let team: ThreadTeam;
  let three: ThreadTeam;
  /** Jobs run on `team`, per kernel name. */
  const jobs = new Map<string, number>();
  const count = (name: string) => jobs.get(name) ?? 0;
  beforeAll(async () => {
    const workerSource = threadWorkerSource(packageRoot, KERNELS);
    team = await ThreadTeam.start(2, () => new Worker(workerSource, { eval: true }));
    const run = team.run.bind(team);
    team.run = (...args: Parameters<ThreadTeam["run"]>) => {
      const name = args[0].kernel.name;
      jobs.set(name, count(name) + 1);
      run(...args);
    };
    three = await ThreadTeam.start(3, () => new Worker(workerSource, { eval: true }));
  });
  afterAll(() => {
    team?.close();
    three?.close();
  });

  it("X[omega] phi_j with 2 and 3 threads equals the serial pair loop bit for bit", () => {
    const serial = new OrbitalExchange(convolution);
    const threaded = new OrbitalExchange(convolution);
    expect(threaded.batched).toBe(true);
    threaded.useThreads(team);
    const expected = serial.applyToOrbitals(
      orbitals,
      occupations,
      9.3,
      new Float64Array(2 * K * m),
    );
    const before = count("hartree-fock.pair-exchange");
    const computed = threaded.applyToOrbitals(
      orbitals,
      occupations,
      9.3,
      new Float64Array(2 * K * m),
    );
    // 2 rounds (orbitals 0-7 and 8-12), a convolution and an accumulation job each.
    expect(count("hartree-fock.pair-exchange") - before).toBe(4);
    // Every pair convolution and every output X phi_j is computed by one thread, with the serial
    // arithmetic and the serial order of additions (increasing partner index); the row FFTs are
    // grid's transformRows, whose rows equal a single-line transform (its contract), so the
    // result is equal bit for bit (measured 0 with 2 and 3 threads). The bound is the round-off
    // the task allows, 1e-13 relative, in case the FFT engine ever batches rows differently; a
    // pair missed or added twice would be an O(1) relative error.
    const ROUND_OFF = 1e-13;
    expect(relativeDifference(computed, expected)).toBeLessThanOrEqual(ROUND_OFF);
    const onThree = new OrbitalExchange(convolution);
    onThree.useThreads(three);
    const out = new Float64Array(2 * K * m);
    expect(
      relativeDifference(onThree.applyToOrbitals(orbitals, occupations, 9.3, out), expected),
    ).toBeLessThanOrEqual(ROUND_OFF);
    // Independent check of the values: one convolveComplex per orbital and pair (applyToVector),
    // the same sums in another order, so round-off (values O(1), 13 terms of O(n) sums).
    const single = new Float64Array(2 * m);
    let worst = 0;
    for (let l = 0; l < K; l++) {
      const phi = orbitals.subarray(2 * l * m, 2 * (l + 1) * m);
      serial.applyToVector(orbitals, occupations, 9.3, phi, single);
      worst = Math.max(
        worst,
        relativeDifference(computed.subarray(2 * l * m, 2 * (l + 1) * m), single),
      );
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it("threaded Hartree-Fock steps (exchange and ACE on the team): serial orbitals, Gram matrix exact", () => {
    const state: OrbitalState = {
      form: "orbital",
      grid,
      epsilon,
      occupations: Float64Array.from([1, 1, 1, 1, 1, 1]),
      orbitals: hermiteOrbitals(grid, epsilon, 6, 0.4, 0.3),
    };
    const solver = () =>
      new HartreeFockSolver(state, {
        dt: 0.02,
        model: "hartree-fock",
        meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 2, sigma: 0.6 }),
        externalPotential: harmonicTrap(1),
      });
    const serial = solver();
    const threaded = solver();
    threaded.useThreads(team);
    const pairs = count("hartree-fock.pair-exchange");
    const compressed = count("hartree-fock.compressed-exchange");
    serial.advance(3);
    threaded.advance(3);
    // K = 6: one round (2 jobs) per exact exchange evaluation, >= 2 evaluations per step, and
    // the ACE's 2 build + 2 midpoint jobs per evaluation.
    const evaluations = (count("hartree-fock.pair-exchange") - pairs) / 2;
    expect(evaluations).toBeGreaterThanOrEqual(3 * 2);
    expect(count("hartree-fock.compressed-exchange") - compressed).toBe(4 * evaluations);
    const expected = (serial.state() as OrbitalState).orbitals;
    expect(relativeDifference(expected, state.orbitals)).toBeGreaterThan(1e-3);
    // The orbital loops and the ACE are bitwise equal to the serial ones by construction (pure
    // JS per item), the exchange to round-off at most (above; measured 0), so the orbitals agree
    // bit for bit today (measured) and to round-off in any case: 3 steps of a unitary flow
    // amplify a 1e-16 difference by O(1) only, so 1e-13 relative. The diagnostics likewise.
    const computed = (threaded.state() as OrbitalState).orbitals;
    expect(relativeDifference(computed, expected)).toBeLessThanOrEqual(1e-13);
    const d = threaded.diagnostics();
    const s = serial.diagnostics();
    expect(Math.abs(d.energy - s.energy)).toBeLessThanOrEqual(1e-13 * Math.abs(s.energy));
    expect(Math.abs(d.exchangeEnergy - s.exchangeEnergy)).toBeLessThanOrEqual(
      1e-13 * s.exchangeEnergy,
    );
    // The ACE step is a Cayley map (unitary) whatever the tolerance: the Gram matrix stays the
    // identity to round-off (3 steps of O(K n) sums of 1e-16 each: far below 1e-12).
    expect(d.spectrumDrift).toBeLessThan(1e-12);
    expect(d.exchangeEnergy).toBeGreaterThan(0);
  });

  it("an adopted state already in shared memory is not copied by useThreads: same steps", () => {
    const shared = sharedFloat64Array(2 * m * 6);
    shared.set(hermiteOrbitals(grid, epsilon, 6, 0.4, 0.3));
    const options = {
      dt: 0.02,
      meanField: new FreeSpaceConvolution(grid, { kind: "gaussian", lambda: 2, sigma: 0.6 }),
      externalPotential: harmonicTrap(1),
    };
    const occupations = Float64Array.from([1, 1, 1, 1, 1, 1]);
    const state: OrbitalState = { form: "orbital", grid, epsilon, occupations, orbitals: shared };
    const serial = new HartreeFockSolver(state, options);
    const adopted = new HartreeFockSolver(state, { ...options, adoptInitialState: true });
    adopted.useThreads(team);
    serial.advance(3);
    adopted.advance(3);
    // the team's loops work on the adopted buffer itself, with the serial arithmetic (Hartree:
    // per-orbital and per-point loops, bit for bit)
    expect((adopted.stateView() as OrbitalState).orbitals).toBe(shared);
    expect(Array.from(shared)).toEqual(Array.from((serial.state() as OrbitalState).orbitals));
  });
});
