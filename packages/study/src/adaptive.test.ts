import { describe, expect, it } from "vitest";
import { adaptivePlan } from "./adaptive.js";
import { levelConfig } from "./adaptive-levels.js";
import { assembleStudyResult } from "./assemble.js";
import type { StudyConfigInput } from "./config-types.js";
import { softGuardReasons } from "./guard-verdicts.js";
import { STUDY_GUARD_THRESHOLDS } from "./guards.js";
import { planStudy } from "./plan.js";
import type { RowGuards } from "./resolution-types.js";
import { runStudy } from "./run.js";
import { runStudyTask } from "./run-task.js";
import { studyTasks } from "./tasks.js";
import type { StudyResult, StudyTaskRow } from "./types.js";

/**
 * A tiny study whose 32 x 32 Vlasov grid is too coarse for tolerance 1e-3: N = 2 (128 quantum
 * points), t = 0.2 in 10 steps, W~ on the phase-space grid (not the Wigner grid "auto" picks at
 * this temperature). Doubling the Vlasov grid moves the distance by 0.66 % (measured), 6.6
 * times the tolerance; the quantum grid (5e-7) and dt (4e-4) are within it. A few seconds.
 */
const coarse: StudyConfigInput = {
  N: [2],
  resolution: "adaptive",
  tolerance: 1e-3,
  interaction: { kind: "gaussian", lambda: 4, sigma: 1 },
  dynamics: { tFinal: 0.2, dt: 0.02, times: [0.2] },
  vlasov: { nx: 32, nv: 32, grid: "phase-space" },
  metrics: ["trace-norm"],
};

const round0Ids = (config: StudyConfigInput) =>
  new Set(studyTasks(planStudy(config)).map((t) => t.id));

describe('resolution: "adaptive"', () => {
  let full: { result: StudyResult; rows: StudyTaskRow[] } | undefined;

  it("refines a too-coarse Vlasov grid until resolved; the number is the verified one on that grid", async () => {
    const rows: StudyTaskRow[] = [];
    const result = await runStudy(coarse, { onRow: (row) => rows.push(row) });
    full = { result, rows };
    // Round 0 is the verified study: judged alone (verified), its t = 0.2 row is unresolved by
    // the Vlasov grid.
    const first = round0Ids(coarse);
    const verified = assembleStudyResult(
      planStudy({ ...coarse, resolution: "verified" }),
      rows.filter((r) => first.has(r.taskId)),
    );
    const last = verified.rows.find((r) => r.t === 0.2);
    expect(last?.resolution?.verdict).toBe("unresolved");
    expect(last?.resolution?.reasons?.join(" ")).toMatch(
      /doubling the Vlasov grid .*vlasov\.nx and vlasov\.nv \(now 32, 32\)/,
    );
    // Adaptive: the Vlasov grid refined to 128 x 128 (level 2, where doubling again changes the
    // distance by less than the tolerance), the others unchanged; every row resolved.
    expect(result.rows.map((r) => r.t)).toEqual([0, 0.2]);
    for (const row of result.rows) {
      expect(row.resolution?.verdict, row.resolution?.reasons?.join("; ")).toBe("resolved");
      const adaptive = row.resolution?.adaptive;
      expect(adaptive?.levels).toEqual({ "quantum-grid": 0, "vlasov-grid": 2, dt: 0 });
      expect(adaptive?.changes["vlasov-grid"]).toBeLessThanOrEqual(1e-3);
      expect(adaptive?.changes.dt).toBeLessThanOrEqual(1e-3);
    }
    expect(result.verification.mode).toBe("adaptive");
    // The same numbers as a verified study computes directly on the grid it settled on: the
    // study's own resolved config with vlasov.nx = nv = 128 (same operations: bitwise).
    const settled = planStudy({
      ...result.config,
      resolution: "verified",
      vlasov: { ...result.config.vlasov, nx: 128, nv: 128 },
    });
    const main = studyTasks(settled).find((t) => t.kind === "main");
    const direct = await runStudyTask(main!);
    expect(direct.map((r) => r.t)).toEqual([0, 0.2]);
    direct.forEach((r, k) => {
      expect(result.rows[k].traceNorm).toBe(r.traceNorm);
    });
    // The floors are those of the settled grid too: the t = 0 transform error and the V = 0
    // distance fell from 2.4e-5 and 3.6e-5 (32 x 32) to round-off.
    expect(result.rows[1].resolution?.floors?.transform).toBeLessThan(1e-9);
    expect(result.rows[1].resolution?.floors?.interactionOff).toBeLessThan(1e-9);
  }, 120_000);

  it("resumed after an interruption, it recomputes nothing and gives the same rows", async () => {
    expect(full).toBeDefined();
    const first = round0Ids(coarse);
    const controller = new AbortController();
    const kept: StudyTaskRow[] = [];
    // Interrupt at the first row of a later round (a task with refinement levels).
    await expect(
      runStudy(coarse, {
        signal: controller.signal,
        onRow: (row) => {
          kept.push(row);
          if (!first.has(row.taskId)) controller.abort(new Error("interrupted"));
        },
      }),
    ).rejects.toThrow(/interrupted/);
    const again: StudyTaskRow[] = [];
    const resumed = await runStudy(coarse, {
      completedRows: JSON.parse(JSON.stringify(kept)),
      onRow: (row) => again.push(row),
    });
    // Every row was computed once: the kept ones are not recomputed, the rest are.
    expect(kept.length + again.length).toBe(full!.rows.length);
    const key = (r: StudyTaskRow) => `${r.taskId}@${r.t}`;
    expect(new Set([...kept, ...again].map(key))).toEqual(new Set(full!.rows.map(key)));
    expect(resumed.rows.map((r) => [r.N, r.t, r.traceNorm])).toEqual(
      full!.result.rows.map((r) => [r.N, r.t, r.traceNorm]),
    );
    expect(resumed.rows.map((r) => r.resolution?.verdict)).toEqual(["resolved", "resolved"]);
  }, 120_000);

  it("the time budget: a study past budget.maxSeconds stops the refinement, naming it", () => {
    expect(full).toBeDefined();
    const plan = planStudy(coarse);
    const first = round0Ids(coarse);
    const round0 = full!.rows.filter((r) => first.has(r.taskId));
    // Without timing (or within it) round 1 refines the Vlasov grid to level 2 ...
    const planned = adaptivePlan(plan, round0);
    expect(planned.round).toBe(1);
    expect(planned.pending.map((t) => t.levels?.["vlasov-grid"])).toEqual([1, 2]);
    // ... and the same rows give the same tasks (ids), whatever process plans them.
    expect(adaptivePlan(plan, round0).pending.map((t) => t.id)).toEqual(
      planned.pending.map((t) => t.id),
    );
    // 600 s spent of the default 600: only the reference (level 1, every time) and its floor
    // remain, and the Vlasov grid is stopped at level 2 with the budget's name.
    const late = adaptivePlan(plan, round0, {
      timing: { elapsedSeconds: 600, taskSeconds: () => 1 },
    });
    expect(late.pending.map((t) => [t.kind, t.levels?.["vlasov-grid"]])).toEqual([
      ["refinement", 1],
      ["interaction-off", 1],
    ]);
    const rows = [...round0, ...full!.rows.filter((r) => r.taskId === late.pending[0].id)];
    const stopped = adaptivePlan(plan, rows, {
      timing: { elapsedSeconds: 600, taskSeconds: () => 1 },
    }).entries[0].discretizations["vlasov-grid"];
    expect(stopped.status).toBe("stopped");
    expect(stopped.reason).toMatch(
      /^budget\.maxSeconds = 600 stops the vlasov-grid refinement at level 2 .*raise budget\.maxSeconds/,
    );
  });

  it("budget.maxBytes too small for the next level: unresolved, naming budget.maxBytes", async () => {
    const plan = planStudy(coarse);
    const entry = plan.entries[0];
    const bytesAt = (v: number) =>
      planStudy(levelConfig(plan.config, entry, { "quantum-grid": 0, "vlasov-grid": v, dt: 0 }))
        .entries[0].memory.totalBytes;
    // Level 1 (64 x 64) fits exactly, level 2 (128 x 128) does not.
    const maxBytes = bytesAt(1);
    expect(bytesAt(2)).toBeGreaterThan(maxBytes);
    const result = await runStudy({ ...coarse, budget: { maxBytes } });
    const row = result.rows.find((r) => r.t === 0.2);
    expect(row?.resolution?.adaptive?.levels["vlasov-grid"]).toBe(1);
    expect(row?.resolution?.verdict).toBe("unresolved");
    expect(row?.resolution?.reasons?.join(" ")).toMatch(
      new RegExp(
        `doubling the Vlasov grid .*: budget\\.maxBytes = ${maxBytes} stops the vlasov-grid refinement at level 2 \\(levels q0 v2 dt0 need [0-9.e+]+ bytes\\): raise budget\\.maxBytes`,
      ),
    );
    expect(row?.resolution?.adaptive?.stopped?.["vlasov-grid"]).toMatch(/budget\.maxBytes/);
    // The reported number is the level-1 one (64 x 64), which round 0 already measured: the
    // same as a plain run at that level, bit for bit.
    const level1 = await runStudy({
      ...levelConfig(plan.config, entry, { "quantum-grid": 0, "vlasov-grid": 1, dt: 0 }),
      resolution: "off",
      errorFloor: false,
    });
    expect(row?.traceNorm).toBe(level1.rows.find((r) => r.t === 0.2)?.traceNorm);
  }, 120_000);
});

describe("the min W~ guard", () => {
  const guards = (minW: number, minW0: number): RowGuards => ({
    quantumEdgeMass: 0,
    vlasovEdgeMass: 0,
    spectralTail: 0,
    velocityEdgeMass: 0,
    particleDriftQuantum: 0,
    massDriftVlasov: 0,
    energyDriftQuantum: 0,
    energyDriftVlasov: 0,
    minW,
    minW0,
  });
  it("fires when min W~ falls by more than 1e-4 of the Pauli bound (2 pi)^-d, naming vlasov.nx/nv", () => {
    const config = planStudy({ ...coarse, resolution: "verified" }).config;
    const bound = 1 / (2 * Math.PI);
    expect(STUDY_GUARD_THRESHOLDS.minWDecrease.soft).toBe(1e-4);
    // Just below and above the threshold (in units of the bound), from the same min W~_0.
    expect(softGuardReasons(guards(-0.5e-4 * bound - 1e-3, -1e-3), config)).toEqual([]);
    const reasons = softGuardReasons(guards(-2e-4 * bound - 1e-3, -1e-3), config);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(
      /decrease of min W~ .*raise vlasov\.nx and vlasov\.nv \(now 32, 32\)/,
    );
    // An increase of min W~ (the flow smoothing a negative dip) is not a failure.
    expect(softGuardReasons(guards(0, -1e-2), config)).toEqual([]);
  });
});
