import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { assembleStudyResult } from "./assemble.js";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import type { StudySnapshot } from "./evolution.js";
import { planStudy } from "./plan.js";
import { studyPreset } from "./presets.js";
import { runStudy } from "./run.js";
import { runStudyTask } from "./run-task.js";
import { studyTasks } from "./tasks.js";
import { studyTheory } from "./theory.js";
import type { StudyRow, StudyTask } from "./types.js";

/**
 * Small 1D studies (N = 4, 8: 128 and 256 grid points), a few steps: each runs in seconds. The
 * box (10) holds the thermal state down to occupations ~1e-12 (turning points of E ~ 15 in the
 * trap x^2 at |x| ~ 3.9), which the V = 0 round-off check needs; vMax = 4.5 resolves it.
 */
const small: StudyConfigInput = {
  N: [4, 8],
  grid: { box: 10, vMax: 4.5 },
  state: { kind: "thermal", temperature: 0.5 },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  dynamics: { tFinal: 0.2, dt: 0.05, times: [0.1, 0.2] },
  vlasov: { nx: 64, nv: 64 },
  metrics: ["trace-norm", "hilbert-schmidt", "density-l1", "wigner-l2"],
  errorFloor: false,
  // The study's mechanics as before verification ("off" reproduces it); verdicts.test.ts
  // covers "verified".
  resolution: "off",
};

describe("runStudy", () => {
  it("with V = 0 the distances stay at round-off for every N and t (matched splitting)", async () => {
    // THEORY.md section 3: for a quadratic Hamiltonian (trap kept, V = 0) every substep is exact
    // on Wigner functions, and the study then solves Vlasov on the Wigner grid of omega_0 itself
    // (no interpolation), so (1/N) tr|omega_t - omega~_t| is round-off: eigenvalues of an n x n
    // difference of O(1) matrices, n eps_mach ~ 1e-13 each, times the ~100 FFT passes of the
    // steps. 1e-10 is the bound THEORY.md states. The grids are the automatic ones (the
    // config's box and vMax hold the state down to occupations 1e-12, see stateEnergyCutoff).
    const rows: StudyRow[] = [];
    const { grid: _explicit, ...automatic } = small;
    const result = await runStudy(
      { ...automatic, interaction: { kind: "none" }, dynamics: { tFinal: 0.2, dt: 0.05 } },
      { onRow: (row) => rows.push(row) },
    );
    // Four sample times and the t = 0 row (the transform floor) per N.
    expect(rows.length).toBe(2 * 5);
    expect(result.rows.length).toBe(10);
    for (const row of result.rows) {
      expect(row.traceNorm).toBeLessThan(1e-10);
      expect(row.hilbertSchmidt).toBeLessThan(1e-10);
      expect(row.densityL1).toBeLessThan(1e-10);
      expect(row.densityBound?.holds).toBe(true);
    }
  });

  it("with V = 0 a coherent-state superposition also stays at round-off; commutator metrics agree", async () => {
    // Same exactness for the dense coherent-state omega_0 (HF in dense form). Since omega~_t =
    // omega_t to round-off, ||rho_{|[x, omega~_t]|}||_L1 = tr|[x, omega~_t]| must equal
    // tr|[x, omega_t]|: eigenvalues only (commutatorTraceNorm) versus the diagonal of |D| from
    // eigenvectors (commutatorDensity), agreeing to ~ n eps_mach relative (1e-10 allowed).
    const result = await runStudy({
      ...small,
      N: [4],
      state: { kind: "coherent", temperature: 0.5 },
      interaction: { kind: "none" },
      dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] },
      metrics: ["trace-norm", "commutator", "rho-commutator"],
    });
    const [row] = result.rows;
    expect(row.traceNorm).toBeLessThan(1e-10);
    const commutator = (row.commutator as number[])[0];
    expect(Math.abs((row.rhoCommutator?.l1[0] as number) / commutator - 1)).toBeLessThan(1e-10);
    // Semiclassical commutator bound (1/N) tr|[x, omega]| <= C eps with C = O(1).
    expect(commutator / row.epsilon).toBeGreaterThan(0.1);
    expect(commutator / row.epsilon).toBeLessThan(10);
  });

  it("streams rows with every requested metric and the density bound holding in every row", async () => {
    const rows: Array<{ row: StudyRow; phase: string }> = [];
    const result = await runStudy(small, { onRow: (row) => rows.push({ row, phase: row.phase }) });
    // Each N measures t = 0 first (the transform floor), then the sample times.
    expect(rows.map((r) => [r.row.N, r.row.t])).toEqual([
      [4, 0],
      [4, 0.1],
      [4, 0.2],
      [8, 0],
      [8, 0.1],
      [8, 0.2],
    ]);
    for (const { row, phase } of rows) {
      expect(phase).toBe("main");
      // ||rho - rho~||_L1 <= (1/N) tr|omega - omega~| exactly (see densityBoundCheck).
      expect(row.densityBound?.holds).toBe(true);
      expect(row.densityBound?.ratio).toBeLessThanOrEqual(1);
      // ||.||_HS^2 <= ||.||_op tr|.| <= (tr|.|)^2: HS/sqrt(N) <= sqrt(N) * trace/N... here simply
      // ||D||_HS <= tr|D| (Schatten norms decrease with p).
      expect((row.hilbertSchmidt as number) * Math.sqrt(row.N)).toBeLessThanOrEqual(
        (row.traceNorm as number) * row.N * (1 + 1e-12),
      );
      // Plancherel: ||W - W~||_L2 = (eps/2pi)^(1/2) ||D||_HS.
      expect(row.wignerL2).toBeCloseTo(
        Math.sqrt(row.epsilon / (2 * Math.PI)) * (row.hilbertSchmidt as number) * Math.sqrt(row.N),
        14,
      );
      // tr omega_t = N is conserved by HF (unitary) and, through Weyl, by the mass of W~.
      expect(Math.abs(row.particleNumber.quantum - row.N)).toBeLessThan(1e-9 * row.N);
      expect(Math.abs(row.particleNumber.vlasov - row.N)).toBeLessThan(1e-3 * row.N);
    }
    expect(result.fits.filter((f) => f.metric === "trace-norm").length).toBe(2);
    expect(result.fits.every((f) => f.fit !== undefined)).toBe(true);
    expect(result.theory.note).toMatch(/Smooth V/);
  });

  it("hands over Wigner functions and densities of the same run at every measured time and tFinal (onSnapshot)", async () => {
    // V = 0, trap kept: the Vlasov equation runs on the Wigner grid of omega_0 and both flows are
    // exact on Wigner functions (THEORY.md section 3), so W~_t = Wigner(omega_t) to round-off
    // (1e-10 of max |W|, the bound of the trace-norm check), on the same grid.
    const config: StudyConfigInput = {
      ...small,
      N: [4],
      interaction: { kind: "none" },
      dynamics: { tFinal: 0.1, dt: 0.05, times: [0.05] },
    };
    const snapshots: StudySnapshot[] = [];
    const rows: StudyRow[] = [];
    let prepared = 0;
    await runStudy(config, {
      onRow: (row) => rows.push(row),
      onSnapshot: (s) => snapshots.push(s),
      onProgress: (p) => {
        if (p.stage === "prepare") prepared++;
      },
    });
    // One evolution: prepared once, measured at 0.05, snapshots at 0.05 and (evolved on) tFinal.
    expect(prepared).toBe(1);
    expect(rows.map((r) => r.t)).toEqual([0, 0.05]);
    expect(snapshots.map((s) => s.t)).toEqual([0.05, 0.1]);
    for (const snapshot of snapshots) {
      const { wignerHartreeFock: quantum, wignerVlasov: classical } = snapshot;
      expect(classical.grid.position.shape).toEqual(quantum.grid.position.shape);
      expect(classical.grid.velocity.shape).toEqual(quantum.grid.velocity.shape);
      const scale = Math.max(...quantum.values.map(Math.abs));
      const worst = Math.max(...snapshot.wignerDifference.values.map(Math.abs));
      expect(worst).toBeLessThan(1e-10 * scale);
      // int rho = 1 on both sides (HF: tr omega_t = N, unitary; Vlasov: the mass of W~).
      const mass = (d: { grid: { cellVolume: number }; values: Float64Array }) =>
        d.values.reduce((sum, x) => sum + x, 0) * d.grid.cellVolume;
      expect(mass(snapshot.densityHartreeFock)).toBeCloseTo(1, 12);
      expect(mass(snapshot.densityVlasov)).toBeCloseTo(1, 10);
    }
    // With every row skipped (resume) the snapshots still come. The steps are then grouped
    // differently (the Vlasov splitting merges adjacent half steps inside one advance), so the
    // two agree to round-off, not bit for bit: 1e-12 of max |W|.
    const again: StudySnapshot[] = [];
    const skipped = await runStudy(config, {
      skip: () => true,
      onSnapshot: (s) => again.push(s),
      snapshotTimes: [0.1],
    });
    expect(skipped.rows).toEqual([]);
    expect(again.map((s) => s.t)).toEqual([0.1]);
    const final = snapshots[1].wignerVlasov.values;
    const scale = Math.max(...final.map(Math.abs));
    const drift = again[0].wignerVlasov.values.map((x, i) => Math.abs(x - final[i]));
    expect(Math.max(...drift)).toBeLessThan(1e-12 * scale);
  });

  it("takes snapshots only of snapshotN at snapshotTimes, and validates both first", async () => {
    const config: StudyConfigInput = {
      ...small,
      interaction: { kind: "none" },
      dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] },
    };
    const snapshots: StudySnapshot[] = [];
    const result = await runStudy(config, {
      onSnapshot: (s) => snapshots.push(s),
      snapshotN: [8],
      snapshotTimes: [0.1, 0],
    });
    expect(result.rows.map((r) => [r.N, r.t])).toEqual([
      [4, 0],
      [4, 0.1],
      [8, 0],
      [8, 0.1],
    ]);
    expect(snapshots.map((s) => [s.N, s.t])).toEqual([
      [8, 0],
      [8, 0.1],
    ]);
    // At t = 0 the Vlasov side starts from W~_0 = Wigner(omega_0) on the Wigner grid itself, and
    // Wigner(omega_0) is what the snapshot computes: the same numbers, difference exactly 0.
    expect(snapshots[0].wignerVlasov.values).toEqual(snapshots[0].wignerHartreeFock.values);
    expect(snapshots[0].wignerDifference.values.every((x) => x === 0)).toBe(true);
    const onSnapshot = () => {};
    await expect(runStudy(config, { onSnapshot, snapshotN: [5] })).rejects.toThrow(
      /snapshotN\[0\].*got 5/,
    );
    await expect(runStudy(config, { onSnapshot, snapshotTimes: [0.07] })).rejects.toThrow(
      ParameterError,
    );
    await expect(runStudy(config, { onSnapshot, snapshotTimes: [0.2] })).rejects.toThrow(
      /snapshotTimes\[0\]/,
    );
  });

  it("is resumable (skip, completedRows) and cancellable (AbortSignal)", async () => {
    const first: StudyRow[] = [];
    await runStudy(
      { ...small, N: [4] },
      { onRow: (row) => first.push(row), skip: (_N, t) => t > 0.15 },
    );
    expect(first.map((r) => r.t)).toEqual([0, 0.1]);
    const resumed: StudyRow[] = [];
    const result = await runStudy(
      { ...small, N: [4] },
      { completedRows: first, onRow: (row) => resumed.push(row) },
    );
    expect(resumed.map((r) => r.t)).toEqual([0.2]);
    expect(result.rows.map((r) => r.t)).toEqual([0, 0.1, 0.2]);

    const controller = new AbortController();
    const aborted = runStudy(small, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === "evolve") controller.abort(new Error("stop"));
      },
    });
    await expect(aborted).rejects.toThrow("stop");
  });

  it("reports the error floor (interaction off, refined grids) and validates the config first", async () => {
    const result = await runStudy(
      { ...small, N: [4], dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] } },
      { errorFloor: true },
    );
    const floor = result.errorFloor;
    expect(floor?.interactionOff.length).toBe(1);
    expect(floor?.refinement?.N).toBe(4);
    expect(floor?.refinement?.rows.length).toBe(1);
    expect(floor?.refinement?.relativeChange["trace-norm"]).toBeGreaterThanOrEqual(0);
    // The same floor, one N and one part at a time (how the CLI runs it on worker threads): the
    // same deterministic computation, so the same numbers to the last bit.
    const single = { ...small, N: [4], dynamics: { tFinal: 0.1, dt: 0.05, times: [0.1] } };
    const singlePlan = planStudy({ ...single, errorFloor: true });
    const taskOf = (kind: StudyTask["kind"]) =>
      studyTasks(singlePlan).find((task) => task.kind === kind) as StudyTask;
    const offRows = await runStudyTask(taskOf("interaction-off"));
    expect(offRows.filter((r) => r.phase === "refinement")).toEqual([]);
    expect(offRows.map((r) => r.traceNorm)).toEqual(floor?.interactionOff.map((r) => r.traceNorm));
    const refinedRows = await runStudyTask(taskOf("refinement"));
    const refined = assembleStudyResult(singlePlan, [...result.rows, ...refinedRows]).errorFloor;
    expect(refined?.interactionOff).toEqual([]);
    expect(refined?.refinement?.rows.map((r) => r.traceNorm)).toEqual(
      floor?.refinement?.rows.map((r) => r.traceNorm),
    );
    expect(refined?.refinement?.relativeChange).toEqual(floor?.refinement?.relativeChange);
    await expect(runStudyTask({ ...taskOf("interaction-off"), N: 5 })).rejects.toThrow(/N = 5/);
    await expect(runStudy({ ...small, N: [0] })).rejects.toThrow(ParameterError);
    expect(studyTheory({ kind: "power", lambda: 1, alpha: 0.25 }).exponents).toEqual({
      theorem1: 11 / 12 - 0.125,
      theorem2: 1,
    });
  });

  it("is stable to 1% under refinement of box, dxOverEps, dt and the Vlasov grid (example, N = 8)", async () => {
    // The example of issue 6 (preset "smooth") at N = 8 (N = 16 in bench/refinement.bench.ts).
    // Each refinement changes one discretization parameter; the comparison error it leaves must
    // not move (1/N) tr|omega_t - omega~_t| by 1% at any t (measured: <= 2e-4).
    const example = studyPreset("smooth");
    const base: StudyConfig = {
      ...example,
      N: [8],
      metrics: ["trace-norm"],
      errorFloor: false,
      resolution: "off",
    };
    const reference = await runStudy(base);
    // Half the spacing planStudy chooses for N = 8 (eps = 1/8).
    const dxOverEps = (planStudy(base).entries[0].grid.spacing[0] / (1 / 8) / 2) * (1 + 1e-9);
    const refined: StudyConfig[] = [
      { ...base, grid: { ...base.grid, box: 1.5 * base.grid.box } },
      { ...base, grid: { ...base.grid, dxOverEps } },
      { ...base, dynamics: { ...base.dynamics, dt: base.dynamics.dt / 2 } },
      { ...base, vlasov: { ...base.vlasov, nx: 2 * base.vlasov.nx, nv: 2 * base.vlasov.nv } },
    ];
    for (const config of refined) {
      const result = await runStudy(config);
      expect(result.rows.length).toBe(reference.rows.length);
      result.rows.forEach((row, k) => {
        // The t = 0 rows are the transform floor at round-off (1e-13): no relative change.
        if (row.t === 0) return;
        const ref = reference.rows[k].traceNorm as number;
        expect(Math.abs((row.traceNorm as number) - ref) / ref).toBeLessThan(0.01);
      });
    }
  });
});
