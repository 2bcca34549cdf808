import { describe, expect, it } from "vitest";
import { contentId } from "./hash.js";
import { planStudy } from "./plan.js";
import { STUDY_PRESETS } from "./presets.js";
import { resolveStudyConfig } from "./resolve-config.js";
import { numericSweepAxes, planSweep, withConfigField } from "./sweep.js";
import { checkStudyTask } from "./task-payload.js";
import { studyTasks } from "./tasks.js";
import { studyTheory } from "./theory.js";

describe("planSweep", () => {
  it("expands the cartesian product of the axes over a preset, last axis fastest", () => {
    const plan = planSweep({
      base: "singular-weak",
      axes: { "interaction.alpha": [0.1, 0.2, 0.3], "state.temperature": [0.25, 0.5] },
    });
    expect(plan.basePreset).toBe("singular-weak");
    expect(plan.points.map((p) => [p.config.interaction, p.config.state.temperature])).toEqual(
      [0.1, 0.2, 0.3].flatMap((alpha) =>
        [0.25, 0.5].map((T) => [{ kind: "power", lambda: 1, alpha }, T]),
      ),
    );
    // Each point is the preset's input config with the axis fields set, resolved as `study` would.
    const preset = STUDY_PRESETS.find((p) => p.name === "singular-weak");
    const expected = resolveStudyConfig({
      ...preset?.config,
      interaction: { kind: "power", lambda: 1, alpha: 0.3 },
      state: { kind: "thermal", temperature: 0.5 },
    });
    expect(plan.points[5].config).toEqual(expected);
    expect(plan.points[5].parameters).toEqual({
      "interaction.alpha": 0.3,
      "state.temperature": 0.5,
    });
    // "auto" box follows the point (the energy cutoff grows with T), not the preset's resolved box.
    expect(plan.points[1].config.grid.box).toBeGreaterThan(plan.points[0].config.grid.box);
    // The theorem's exponent per point is 11/12 - alpha/2 (Theorem 1).
    const exponents = plan.points.map(
      (p) => studyTheory(p.config.interaction).lines.find((l) => l.name === "Theorem 1")?.exponent,
    );
    expect(exponents[4]).toBeCloseTo(11 / 12 - 0.15, 14);
    expect(numericSweepAxes(plan).map((a) => a.path)).toEqual([
      "interaction.alpha",
      "state.temperature",
    ]);
  });

  it("gives each point the content id of its resolved config, the same in every expansion", () => {
    const a = planSweep({ base: "smooth", axes: { "interaction.sigma": [0.5, 1, 2] } });
    const b = planSweep({ base: "smooth", axes: { "interaction.sigma": [2, 0.5] } });
    expect(a.points.map((p) => p.id)).toEqual(a.points.map((p) => contentId(p.config)));
    expect(new Set(a.points.map((p) => p.id)).size).toBe(3);
    expect(b.points[0].id).toBe(a.points[2].id);
    expect(b.points[1].id).toBe(a.points[0].id);
  });

  it("accepts a config object as base and creates missing objects on the path", () => {
    const plan = planSweep({ base: { N: [4, 8] }, axes: { "dynamics.dt": [0.05, 0.1] } });
    expect(plan.points.map((p) => p.config.dynamics.dt)).toEqual([0.05, 0.1]);
    expect(plan.points[0].config.N).toEqual([4, 8]);
    expect(planSweep({ base: "smooth", axes: {} }).points).toHaveLength(1);
    expect(withConfigField({ a: { b: 1 } }, "a.c.d", 2)).toEqual({ a: { b: 1, c: { d: 2 } } });
  });

  it("rejects an invalid point before anything runs, naming the field and the point", () => {
    const run = () =>
      planSweep({ base: "singular-weak", axes: { "interaction.alpha": [0.25, 1.5] } });
    expect(run).toThrow(
      /^interaction\.alpha: must be in \(0, d\).*sweep point 1: interaction\.alpha = 1\.5/,
    );
    try {
      run();
    } catch (error) {
      expect((error as { parameter: string }).parameter).toBe("interaction.alpha");
    }
    expect(() => planSweep({ base: "smooth", axes: { "interaction.sgima": [1] } })).toThrow(
      /interaction\.sgima: unknown field.*sweep point 0/,
    );
  });

  it("rejects malformed sweep files with the field to fix", () => {
    expect(() => planSweep({ axes: {} })).toThrow(/^base: is required/);
    expect(() => planSweep({ base: "nope", axes: {} })).toThrow(/^base: unknown preset "nope"/);
    expect(() => planSweep({ base: "smooth", axes: { "state.temperature": [] } })).toThrow(
      /axes\["state.temperature"\]: must be a non-empty list/,
    );
    expect(() => planSweep({ base: "smooth", axes: { "state.temperature": [0.5, 0.5] } })).toThrow(
      /axes\["state.temperature"\]\[1\]: repeats/,
    );
    expect(() => planSweep({ base: "smooth", axes: { "__proto__.x": [1] } })).toThrow(
      /dotted config path/,
    );
    expect(() => planSweep({ base: "smooth", axes: { "kappa.x": [1] } })).toThrow(
      /kappa is not an object/,
    );
    expect(() => planSweep({ base: "smooth", axes: {}, extra: 1 })).toThrow(
      /^extra: unknown field/,
    );
    // Two values that resolve to the same config (a list may be given as its single value).
    expect(() => planSweep({ base: { N: [4] }, axes: { N: [4, [4]] } })).toThrow(
      /resolve to the same config/,
    );
    expect(() =>
      planSweep(
        { base: "smooth", axes: { "interaction.sigma": [1, 2], kappa: [1, 2] } },
        { maxPoints: 3 },
      ),
    ).toThrow(/4 points \(2 x 2\), more than 3/);
  });
});

describe("checkStudyTask", () => {
  it("accepts exactly the tasks studyTasks makes and names the altered field otherwise", () => {
    const [point] = planSweep({
      base: { N: [4], errorFloor: true, dynamics: { tFinal: 0.1, dt: 0.05 } },
      axes: {},
    }).points;
    const tasks = studyTasks(planStudy(point.config));
    expect(new Set(tasks.map((t) => t.kind))).toEqual(
      new Set(["main", "interaction-off", "refinement"]),
    );
    for (const task of tasks) {
      expect(checkStudyTask(JSON.parse(JSON.stringify(task)))).toEqual(task);
    }
    expect(() =>
      checkStudyTask({ ...tasks[0], config: { ...tasks[0].config, kappa: -1 } }),
    ).toThrow(/^kappa:/);
    expect(() => checkStudyTask({ ...tasks[0], times: [0.07] })).toThrow(
      /^task\.times\[0\]: must be a whole number/,
    );
    expect(() => checkStudyTask({ ...tasks[0], id: "0000000000000000" })).toThrow(/^task\.id:/);
    expect(() => checkStudyTask({ ...tasks[0], times: [0.05] })).toThrow(
      /^task\.id: is not the content hash/,
    );
    expect(() => checkStudyTask({ ...tasks[0], code: "x" })).toThrow(/^task\.code: unknown/);
    expect(() => checkStudyTask("rm -rf /")).toThrow(/^task: must be a study task/);
  });
});
