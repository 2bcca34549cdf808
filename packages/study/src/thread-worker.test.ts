import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  createGrid,
  createPhaseSpaceGrid,
  FreeSpaceConvolution,
  harmonicTrap,
  type ShiftMethod,
  ThreadTeam,
} from "@semiclassical/grid";
import { HartreeFockSolver, type OrbitalState } from "@semiclassical/hartree-fock";
import { relativeDifference } from "@semiclassical/tooling/testing";
import { samplePhaseSpace, VlasovSolver } from "@semiclassical/vlasov";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStudyEvolution } from "./evolution.js";
import { planStudy } from "./plan.js";
import { studyPreset } from "./presets.js";
import { steadyStateReport } from "./steady-state.js";

// The workers run the built entry (Node 20 workers cannot load TypeScript): `pnpm build` first.
const entry = fileURLToPath(new URL("../dist/thread-worker.js", import.meta.url));
const workerSource = `
const { parentPort } = require("node:worker_threads");
import(${JSON.stringify(pathToFileURL(entry).href)}).then((m) =>
  m.serveStudyThreads((handler) => parentPort.on("message", handler)),
);`;

/** A team whose job count is recorded (so a test sees that the threads did the work). */
async function countingTeam(threads: number): Promise<{ team: ThreadTeam; jobs: () => number }> {
  const team = await ThreadTeam.start(threads, () => new Worker(workerSource, { eval: true }));
  let jobs = 0;
  const run = team.run.bind(team);
  team.run = (...args: Parameters<ThreadTeam["run"]>) => {
    jobs++;
    run(...args);
  };
  return { team, jobs: () => jobs };
}

// Every line (Vlasov) and every orbital or grid point (HF) is computed by one thread with the
// serial arithmetic, the spectral shifter's line pairs (2j, 2j + 1) kept together (even range
// boundaries), and the FFT engine of the main thread. The orbital loops and the spline shifts are
// plain per-item JS arithmetic: equal bit for bit (tolerance 0). The spectral shift runs in the
// FFT engine, whose WebAssembly kernel batches strided lines in pieces (a performance choice):
// today it is bitwise equal too (measured 0), but only round-off is promised, so the bound is
// 1e-13 relative (a unitary shift loses ~n log n 1e-16 per sweep; 26 sweeps stay far below,
// while a missed or doubled range would be an O(1) error). 2 and 3 threads: uneven ranges.
describe("threads inside one evolution (serveStudyThreads)", () => {
  const teams: { team: ThreadTeam; jobs: () => number }[] = [];
  beforeAll(async () => {
    if (!existsSync(entry))
      throw new Error(`${entry} is missing: run pnpm build in packages/study`);
    teams.push(await countingTeam(2), await countingTeam(3));
  });
  afterAll(() => {
    for (const { team } of teams) team.close();
  });

  // 2D x 2D phase space, 16^2 positions x 8 x 16 velocities: a skewed two-blob W with a
  // Gaussian mean field and a trap, so both sweeps shift every line by a different amount.
  const grid = createPhaseSpaceGrid(
    createGrid({ dimension: 2, points: [16, 16], box: [12, 12] }),
    createGrid({ dimension: 2, points: [8, 16], box: [10, 10] }),
  );
  const W0 = samplePhaseSpace(grid, (x, v) => {
    const a = Math.exp(-((x[0] - 1) ** 2 + (x[1] + 0.5) ** 2 + (v[0] - 0.4) ** 2 + v[1] ** 2));
    const b = Math.exp(-((x[0] + 1) ** 2 + x[1] ** 2 + v[0] ** 2 + (v[1] + 0.6) ** 2) / 1.5);
    return a + 0.6 * b;
  });
  const vlasov = (shiftMethod: ShiftMethod) =>
    new VlasovSolver(W0, {
      grid,
      dt: 0.05,
      shiftMethod,
      meanField: new FreeSpaceConvolution(grid.position, { kind: "gaussian", lambda: 1, sigma: 1 }),
      externalPotential: harmonicTrap(1),
    });

  for (const shiftMethod of ["spectral", "cubic-spline"] as const) {
    it(`Vlasov 2D (${shiftMethod}): W~_t with 2 and 3 threads equals the serial W~_t`, () => {
      const serial = vlasov(shiftMethod);
      serial.advance(6);
      const expected = serial.state();
      expect(expected.some((w, i) => Math.abs(w - W0[i]) > 1e-3)).toBe(true);
      for (const { team, jobs } of teams) {
        const before = jobs();
        const threaded = vlasov(shiftMethod);
        threaded.useThreads(team);
        threaded.advance(6);
        // 6 fused Strang steps: 7 x-advections and 6 kicks, 2 sweeps each.
        expect(jobs() - before).toBe(26);
        const bound = shiftMethod === "spectral" ? 1e-13 : 0;
        expect(relativeDifference(threaded.state(), expected)).toBeLessThanOrEqual(bound);
        if (bound === 0) expect(threaded.diagnostics()).toEqual(serial.diagnostics());
      }
    });
  }

  // 2D orbitals on 32^2 points: five Gaussians with momenta (not orthonormal: the serial and the
  // threaded maps are compared, so the state needs no physics; checkState is off).
  const position = createGrid({ dimension: 2, points: 32, box: 12 });
  const m = position.size;
  const K = 5;
  const orbitals = new Float64Array(2 * K * m);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 32; j++) {
        const x = -6 + (i * 12) / 32 - 0.3 * k;
        const y = -6 + (j * 12) / 32 + 0.2 * k;
        const amplitude = Math.exp(-(x * x + y * y) / (1 + 0.2 * k));
        const phase = 0.7 * k * x - 0.4 * y;
        orbitals[2 * (k * m + i * 32 + j)] = amplitude * Math.cos(phase);
        orbitals[2 * (k * m + i * 32 + j) + 1] = amplitude * Math.sin(phase);
      }
    }
  }
  const state: OrbitalState = {
    form: "orbital",
    grid: position,
    epsilon: 0.25,
    occupations: Float64Array.from([1, 1, 0.8, 0.5, 0.2]),
    orbitals,
  };
  const hartree = (model: "hartree" | "hartree-fock") =>
    new HartreeFockSolver(state, {
      dt: 0.02,
      model,
      checkState: false,
      meanField: new FreeSpaceConvolution(position, { kind: "gaussian", lambda: 2, sigma: 0.8 }),
      externalPotential: harmonicTrap(1),
    });

  for (const model of ["hartree", "hartree-fock"] as const) {
    it(`orbital ${model} 2D: omega_t with 2 and 3 threads equals the serial omega_t exactly`, () => {
      const serial = hartree(model);
      serial.advance(5);
      const expected = (serial.state() as OrbitalState).orbitals;
      expect(expected.some((v, i) => Math.abs(v - orbitals[i]) > 1e-3)).toBe(true);
      for (const { team, jobs } of teams) {
        const before = jobs();
        const threaded = hartree(model);
        threaded.useThreads(team);
        threaded.advance(5);
        expect(jobs() - before).toBeGreaterThanOrEqual(15);
        const computed = (threaded.state() as OrbitalState).orbitals;
        expect(relativeDifference(computed, expected)).toBe(0);
        expect(threaded.diagnostics()).toEqual(serial.diagnostics());
      }
    });
  }

  // The study's plumbing (StudyEvolutionOptions.threads, which runStudyTask passes on): the two
  // solvers of a 2D orbital-path case with a Gaussian interaction, threaded, give the serial
  // states bit for bit (spectral Vlasov shifts: to 1e-13, as above).
  it("createStudyEvolution with threads: the serial omega_t and W~_t", () => {
    const plan = planStudy({
      dimension: 2,
      // a closed shell of the 2D trap (N = 4 leaves a shell open: its Slater state is refused)
      N: [3],
      state: { kind: "slater" },
      interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
      grid: { box: 7, vMax: 3.5 },
      vlasov: { nx: 16, nv: 16 },
      dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] },
      errorFloor: false,
      resolution: "off",
    });
    const entry = plan.entries[0];
    expect(entry.path).toBe("orbital");
    const serial = createStudyEvolution(plan.config, entry);
    const { team, jobs } = teams[0];
    const before = jobs();
    const threaded = createStudyEvolution(plan.config, entry, {
      threads: team,
      initialState: serial.initialState,
    });
    for (const evolution of [serial, threaded]) {
      evolution.hartreeFock.advance(2);
      evolution.vlasov.advance(2);
    }
    expect(jobs() - before).toBeGreaterThan(10);
    const orbitalsOf = (e: typeof serial) => (e.hartreeFock.state() as OrbitalState).orbitals;
    expect(relativeDifference(orbitalsOf(threaded), orbitalsOf(serial))).toBe(0);
    const W = threaded.vlasov.state();
    expect(relativeDifference(W, serial.vlasov.state())).toBeLessThanOrEqual(1e-13);
  });

  // adoptInitialState with threads (what runStudyTask does): omega_0's orbitals move to shared
  // memory once and become the solver's state, and what is attached to omega_0 stays with it (the
  // steady state's report, the dropped weight): the "steady" preset at N = 8.
  it("createStudyEvolution adopting omega_0 on threads: one shared copy, its report kept", () => {
    const plan = planStudy({ ...studyPreset("steady"), N: [8] });
    const entry = plan.entries[0];
    const serial = createStudyEvolution(plan.config, entry);
    const adopted = createStudyEvolution(plan.config, entry, {
      threads: teams[0].team,
      adoptInitialState: true,
    });
    const initial = adopted.initialState as OrbitalState;
    expect(initial.orbitals.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect((adopted.hartreeFock.stateView() as OrbitalState).orbitals).toBe(initial.orbitals);
    expect(steadyStateReport(adopted.initialState)).toEqual(steadyStateReport(serial.initialState));
    expect(steadyStateReport(adopted.initialState)).toBeDefined();
    expect(Array.from(adopted.vlasov.state())).toEqual(Array.from(serial.vlasov.state()));
    for (const evolution of [serial, adopted]) evolution.hartreeFock.advance(2);
    const orbitalsOf = (e: typeof serial) => (e.hartreeFock.state() as OrbitalState).orbitals;
    expect(relativeDifference(orbitalsOf(adopted), orbitalsOf(serial))).toBe(0);
  });
});
