import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { planStudy } from "./plan.js";
import { studyPreset } from "./presets.js";
import { resolveStudyConfig } from "./resolve-config.js";
import { studyTasks } from "./tasks.js";
import { thomasFermiLength, trapCurvature, trapPotential } from "./trap.js";
import type { StudyTaskRow } from "./types.js";
import { studyVerdicts } from "./verdicts.js";

const atom = {
  dimension: 3 as const,
  N: [8],
  state: { kind: "slater" as const, trap: { kind: "coulomb" as const, charge: 2 } },
  interaction: { kind: "coulomb" as const, lambda: 1 },
  dynamics: { tFinal: 0.1, dt: 0.025 },
};

describe('state.trap.kind "coulomb"', () => {
  it("leaves the harmonic default exactly as it was", () => {
    const config = resolveStudyConfig({});
    expect(config.state.trap).toEqual({ kind: "harmonic", strength: 1 });
    expect(Object.keys(config.state.trap)).toEqual(["kind", "strength"]);
  });

  it("resolves the softening 'auto' to 2 box / vlasov.nx and samples -Z/sqrt(r^2 + a^2)", () => {
    const config = resolveStudyConfig(atom);
    // the auto box: 2 x 1.1 x 3 Thomas-Fermi lengths b = (3 pi / 2)^(2/3) Z^(-1/3), up to 0.5
    const b = thomasFermiLength(1, 2);
    expect(b).toBeCloseTo(2.8106 / 2 ** (1 / 3), 3);
    expect(config.grid.box).toBe(Math.ceil(2 * 1.1 * 3 * b * 2) / 2);
    const trap = config.state.trap;
    expect(trap.kind).toBe("coulomb");
    if (trap.kind !== "coulomb") return;
    expect(trap.softening).toBe((2 * config.grid.box) / config.vlasov.nx);
    const V = trapPotential(trap);
    expect(V.value([0, 0, 0], 0)).toBe(-2 / trap.softening);
    expect(V.value([3, 4, 0], 0)).toBeCloseTo(-2 / Math.sqrt(25 + trap.softening ** 2), 14);
    // the curvature at the bottom: V ~ -Z/a + Z r^2 / (2 a^3)
    expect(trapCurvature(trap)).toBeCloseTo(2 / (2 * trap.softening ** 3), 14);
  });

  it("refuses a softening below the grids' dx, naming state.trap.softening", () => {
    const tooSharp = {
      ...atom,
      state: { ...atom.state, trap: { kind: "coulomb" as const, softening: 0.1 } },
    };
    expect(() => planStudy(tooSharp)).toThrow(ParameterError);
    expect(() => planStudy(tooSharp)).toThrow(/state\.trap\.softening/);
    expect(() =>
      resolveStudyConfig({ state: { trap: { kind: "coulomb", softening: 0 } } }),
    ).toThrow(/state\.trap\.softening/);
    expect(() => resolveStudyConfig({ state: { trap: { kind: "coulomb", strength: 1 } } })).toThrow(
      /does not apply/,
    );
  });

  it("reruns each N at half the softening and turns the change into the floor 'softening'", () => {
    const plan = planStudy(atom);
    const tasks = studyTasks(plan);
    const softening = tasks.filter((t) => t.kind === "softening");
    expect(softening.map((t) => t.N)).toEqual([8]);
    const a = (plan.config.state.trap as { softening: number }).softening;
    expect((softening[0].config.state.trap as { softening: number }).softening).toBe(a / 2);
    // a harmonic trap has none
    expect(
      studyTasks(planStudy(studyPreset("coulomb-3d"))).some((t) => t.kind === "softening"),
    ).toBe(false);
    // verdict: d(a) = 0.1, d(a/2) = 0.13: the floor 0.03 is 30 % of d, floor-limited
    const row = (phase: StudyTaskRow["phase"], d: number) =>
      ({ phase, taskId: phase, N: 8, t: 0.1, traceNorm: d }) as unknown as StudyTaskRow;
    const [judged] = studyVerdicts(plan, {
      main: [row("main", 0.1)],
      interactionOff: [row("interaction-off", 1e-6)],
      refined: [],
      softening: [row("softening", 0.13)],
    });
    expect(judged.resolution?.floors?.softening).toBeCloseTo(0.03, 12);
    expect(judged.resolution?.verdict).toBe("floor-limited");
    expect(judged.resolution?.reasons?.join(" ")).toMatch(/state\.trap\.softening/);
  });
});

describe("a 1D study in a Coulomb trap, end to end", () => {
  it("runs the softening rerun and reports its floor on every t > 0 row", async () => {
    const { runStudy } = await import("./run.js");
    const result = await runStudy({
      N: [4],
      state: { kind: "slater", trap: { kind: "coulomb", charge: 2, softening: 0.5 } },
      interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
      dynamics: { tFinal: 0.05, dt: 0.025, times: [0.05] },
      grid: { box: 12 },
    });
    const row = result.rows.find((r) => r.t > 0);
    const floor = row?.resolution?.floors?.softening as number;
    const d = row?.traceNorm as number;
    // the nucleus at a/2 is a different Hamiltonian: the distance moves (measured 0.23 -> 0.61,
    // floor 0.38), and a floor above 10 % of d makes the row floor-limited, naming the field
    expect(floor).toBeGreaterThan(0);
    expect(Number.isFinite(floor)).toBe(true);
    if (floor > 0.1 * d) {
      expect(row?.resolution?.verdict).toBe("floor-limited");
      expect(row?.resolution?.reasons?.join(" ")).toMatch(/state\.trap\.softening/);
    }
  });
});
