// The demo's sliders produce valid study configs (resolved and planned by @semiclassical/metrics,
// exactly as the worker passes them to runStudy), and the smallest setting is the cheap one.
import { planStudy, resolveStudyConfig } from "@semiclassical/metrics";
import { describe, expect, it } from "vitest";
import { demoSettings, kernelOf, N_CHOICES, SMALLEST, studyConfig } from "../src/demo/config.js";

describe("demo settings", () => {
  it("the smallest setting is N = 8, 16 with eps = 1/N and one measuring time", () => {
    const settings = demoSettings(SMALLEST, true);
    expect(settings.N).toEqual([8, 16]);
    const plan = planStudy(studyConfig(settings));
    expect(plan.entries.map((e) => e.epsilon)).toEqual([1 / 8, 1 / 16]);
    expect(plan.config.dynamics.times).toEqual([SMALLEST.tFinal]);
    expect(plan.config.errorFloor).toBe(false);
    // The grid chosen from eps resolves it: dx <= pi eps / (2 vMax) (THEORY.md section 2).
    for (const e of plan.entries) {
      expect(e.grid.spacing[0]).toBeLessThanOrEqual(
        (Math.PI * e.epsilon) / (2 * plan.config.grid.vMax),
      );
    }
  });

  it("every slider position resolves, and the interaction is lambda/|x|^alpha", () => {
    for (const largestN of N_CHOICES) {
      const settings = demoSettings({ ...SMALLEST, largestN, alpha: 0.75, lambda: -0.5 }, false);
      expect(settings.N.at(-1)).toBe(largestN);
      const config = resolveStudyConfig(studyConfig(settings));
      expect(config.interaction).toEqual({ kind: "power", lambda: -0.5, alpha: 0.75 });
      expect(config.N).toEqual(settings.N);
    }
    expect(kernelOf({ ...demoSettings(SMALLEST, true), lambda: 0 })).toBeUndefined();
    const free = resolveStudyConfig(studyConfig({ ...demoSettings(SMALLEST, true), lambda: 0 }));
    expect(free.interaction.kind).toBe("none");
  });

  it("temperature 0 is the Slater determinant", () => {
    const config = resolveStudyConfig(
      studyConfig(demoSettings({ ...SMALLEST, temperature: 0 }, true)),
    );
    expect(config.state.kind).toBe("slater");
    expect(config.state.temperature).toBe(0);
  });
});
