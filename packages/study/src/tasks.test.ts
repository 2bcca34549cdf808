import { describe, expect, it } from "vitest";
import { assembleStudyResult } from "./assemble.js";
import type { StudyConfigInput } from "./config-types.js";
import { canonicalJson, contentId, fnv1a64 } from "./hash.js";
import { planStudy } from "./plan.js";
import { studyTasks, taskContentId } from "./tasks.js";
import { studyTheory } from "./theory.js";
import type { StudyTaskRow } from "./types.js";

/**
 * A small 1D study (planning only: nothing here steps), with `resolution: "off"`: the tasks and
 * the assembly of the study before verification, which "off" reproduces (verdicts.test.ts
 * covers "verified").
 */
const small: StudyConfigInput = {
  resolution: "off",
  N: [4, 8],
  grid: { box: 10, vMax: 4.5 },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  dynamics: { tFinal: 0.2, dt: 0.05, times: [0.1, 0.2] },
  vlasov: { nx: 64, nv: 64 },
  errorFloor: true,
};

describe("hash", () => {
  it("is FNV-1a 64 (published test vectors) of the canonical JSON", () => {
    // Test vectors of the FNV reference (Fowler, Noll, Vo): "", "a", "foobar".
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
    // Non-ASCII text is hashed as its UTF-8 bytes (as TextEncoder gives them).
    const reference = (text: string) => {
      let h = BigInt("0xcbf29ce484222325");
      for (const b of new TextEncoder().encode(text)) {
        h = ((h ^ BigInt(b)) * BigInt("0x100000001b3")) & BigInt("0xffffffffffffffff");
      }
      return h.toString(16).padStart(16, "0");
    };
    for (const text of ["é", "ε = N^(-1/d)", "\u{1f600}", "lone \ud800 surrogate"]) {
      expect(fnv1a64(text)).toBe(reference(text));
    }
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(contentId({ x: 1, y: [2] })).toBe(contentId({ y: [2], x: 1 }));
  });
});

describe("studyTasks", () => {
  it("lists main and interaction-off per N and the refinement of the largest N, with costs", () => {
    const plan = planStudy(small);
    const tasks = studyTasks(plan);
    expect(tasks.map((t) => [t.kind, t.N])).toEqual([
      ["main", 4],
      ["interaction-off", 4],
      ["main", 8],
      ["interaction-off", 8],
      ["refinement", 8],
    ]);
    const [n4, n8] = plan.entries.map((e) => e.grid.size);
    expect(tasks.map((t) => t.cost)).toEqual([n4 ** 3, n4 ** 3, n8 ** 3, n8 ** 3, 8 * n8 ** 3]);
    expect(tasks[4].times).toEqual([0.2]);
    expect(tasks.every((t) => t.config.N.length === 1 && t.config.N[0] === t.N)).toBe(true);
    expect(tasks.map((t) => t.vlasovGrid)).toEqual(Array(5).fill("config"));
    expect(tasks.some((t) => t.snapshotTimes !== undefined)).toBe(false);
    const withArrays = studyTasks(plan, { snapshots: true });
    expect(withArrays.map((t) => t.snapshotTimes)).toEqual([
      [0.2],
      undefined,
      [0.2],
      undefined,
      undefined,
    ]);
    expect(studyTasks(planStudy({ ...small, errorFloor: false })).map((t) => t.kind)).toEqual([
      "main",
      "main",
    ]);
  });

  it("has no interaction-off task for V = 0 (the main rows are the floor)", () => {
    const tasks = studyTasks(planStudy({ ...small, interaction: { kind: "none" } }));
    expect(tasks.map((t) => t.kind)).toEqual(["main", "main", "refinement"]);
    // V = 0: the exactness check runs on the Wigner grid of omega_0.
    expect(tasks.map((t) => t.vlasovGrid)).toEqual(["wigner", "wigner", "wigner"]);
  });

  it("has stable content ids: same plan, same ids; a changed field, new ids; JSON round-trips", () => {
    const tasks = studyTasks(planStudy(small));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    expect(tasks.every((t) => /^[0-9a-f]{16}$/.test(t.id))).toBe(true);
    // Same plan (also from the resolved config written as JSON): the same ids.
    const again = studyTasks(planStudy(JSON.parse(JSON.stringify(planStudy(small).config))));
    expect(again.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
    // Plain JSON: a task survives a round trip unchanged, and its id is the hash of the rest.
    const copy = JSON.parse(JSON.stringify(tasks));
    expect(copy).toEqual(tasks);
    for (const { id, ...content } of copy) expect(taskContentId(content)).toBe(id);
    // What cannot change the numbers does not change the ids: maxMemory ("auto" resolves from the
    // machine) and the adaptive budget.
    const machine = studyTasks(
      planStudy({ ...small, maxMemory: 2 ** 33, budget: { maxSeconds: 5 } }),
    );
    expect(machine.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
    // Any field that changes what a task computes changes every id.
    const changed = studyTasks(planStudy({ ...small, dynamics: { ...small.dynamics, dt: 0.025 } }));
    changed.forEach((t, k) => {
      expect(t.id).not.toBe(tasks[k].id);
    });
    const otherMetric = studyTasks(planStudy({ ...small, metrics: ["trace-norm"] }));
    otherMetric.forEach((t, k) => {
      expect(t.id).not.toBe(tasks[k].id);
    });
    // Adding an N leaves the tasks of the other N as they were (the refinement moves to N = 16).
    const more = studyTasks(planStudy({ ...small, N: [4, 8, 16] }));
    expect(more.slice(0, 4).map((t) => t.id)).toEqual(tasks.slice(0, 4).map((t) => t.id));
    expect(more[6]).toMatchObject({ kind: "refinement", N: 16 });
  });
});

/** A synthetic row (assembly only reads the numbers). */
function row(phase: StudyTaskRow["phase"], N: number, t: number, traceNorm: number): StudyTaskRow {
  return {
    N,
    epsilon: 1 / N,
    t,
    traceNorm,
    particleNumber: { quantum: N, vlasov: N },
    seconds: 0,
    phase,
    taskId: `${phase}-${N}`,
  };
}

describe("assembleStudyResult", () => {
  it("orders the rows, fits the rates, and builds the error floor from the floor rows", () => {
    const plan = planStudy({ ...small, metrics: ["trace-norm"] });
    const rows = [
      row("refinement", 8, 0.2, 0.0101),
      row("main", 8, 0.2, 0.01),
      row("interaction-off", 8, 0.1, 1e-12),
      row("main", 4, 0.1, 0.02),
      row("main", 4, 0.2, 0.04),
      row("main", 4, 0.2, 0.04),
      row("interaction-off", 4, 0.1, 1e-13),
    ];
    const result = assembleStudyResult(plan, rows);
    expect(result.rows.map((r) => [r.N, r.t])).toEqual([
      [4, 0.1],
      [4, 0.2],
      [8, 0.2],
    ]);
    expect(result.rows.every((r) => r.phase === "main")).toBe(true);
    // Two N at t = 0.2: slope log(0.04/0.01)/log(2) = 2 exactly in exact arithmetic; no
    // uncertainty with two points (null in the JSON record, NaN and (-inf, inf) in the fit).
    expect(result.rates).toHaveLength(1);
    const [rate] = result.rates;
    expect(rate).toMatchObject({ metric: "trace-norm", t: 0.2, slopeStdError: null });
    expect(rate.slopeInterval).toBeNull();
    expect(rate.slope).toBeCloseTo(2, 12);
    expect(result.fits.map((f) => [f.t, f.fit !== undefined])).toEqual([
      [0.1, false],
      [0.2, true],
    ]);
    expect(result.errorFloor?.interactionOff.map((r) => r.N)).toEqual([4, 8]);
    expect(result.errorFloor?.refinement.N).toBe(8);
    expect(result.errorFloor?.refinement.relativeChange["trace-norm"]).toBeCloseTo(0.01, 12);
    expect(result.theory.lines).toEqual([{ name: "smooth V", exponent: 1 }]);
    expect(result.grids.map((g) => g.N)).toEqual([4, 8]);
    expect(JSON.parse(JSON.stringify(result.rates))).toEqual(result.rates);
  });

  it("with V = 0 the main rows are the interaction-off floor", () => {
    const plan = planStudy({ ...small, interaction: { kind: "none" } });
    const rows = [row("main", 8, 0.1, 1e-14), row("main", 4, 0.1, 2e-14)];
    const floor = assembleStudyResult(plan, rows).errorFloor;
    // The same rows, now with their verdict ("unverified": resolution "off").
    expect(floor?.interactionOff.map(({ resolution, ...rest }) => rest)).toEqual([
      rows[1],
      rows[0],
    ]);
    expect(floor?.interactionOff.map((r) => r.resolution?.verdict)).toEqual([
      "unverified",
      "unverified",
    ]);
    expect(floor?.refinement.rows).toEqual([]);
    expect(floor?.refinement.relativeChange).toEqual({});
    // Without the error floor and without floor rows there is none.
    const off = planStudy({ ...small, errorFloor: false });
    expect(assembleStudyResult(off, rows).errorFloor).toBeUndefined();
  });
});

describe("studyTheory", () => {
  it("is the one source of the theorem exponents, with the smooth-V line", () => {
    expect(studyTheory({ kind: "power", lambda: 1, alpha: 0.25 }).lines).toEqual([
      { name: "Theorem 1", exponent: 11 / 12 - 0.125 },
      { name: "Theorem 2", exponent: 1 },
    ]);
    expect(studyTheory({ kind: "power", lambda: 1, alpha: 0.75 }).lines).toEqual([
      { name: "Theorem 2", exponent: 1 },
    ]);
    expect(studyTheory({ kind: "coulomb", lambda: 1 }).exponents).toEqual({ theorem2: 1 });
    expect(
      studyTheory({ kind: "soft-power", lambda: 1, alpha: 0.5, softening: 0.1 }).lines,
    ).toEqual([{ name: "smooth V", exponent: 1 }]);
    expect(studyTheory({ kind: "none" }).lines).toEqual([]);
  });
});
