// The demo's sliders produce valid study configs (resolved and planned by @semiclassical/study,
// exactly as the worker passes them to runStudy), and the smallest setting is the cheap one.
import { planStudy, resolveStudyConfig } from "@semiclassical/study";
import { describe, expect, it } from "vitest";
import {
  ANIMATION_MAX_N,
  animatedN,
  demoSettings,
  frameTimes,
  kernelOf,
  N_CHOICES,
  SMALLEST,
  studyConfig,
} from "../src/demo/config.js";

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

  it("the animation is the study's snapshots of one N at frame times on the dt lattice", () => {
    for (const smallest of [true, false]) {
      for (const largestN of N_CHOICES) {
        const settings = demoSettings({ ...SMALLEST, largestN }, smallest);
        const N = animatedN(settings);
        expect(settings.N).toContain(N);
        expect(N).toBeLessThanOrEqual(ANIMATION_MAX_N);
        // runStudy takes snapshots at whole numbers of steps dt in [0, tFinal]: frames + 1
        // distinct times from 0 to tFinal, each k dt to round-off (1e-9 relative, the study's
        // step tolerance).
        const times = frameTimes(settings);
        expect(times.length).toBe(settings.frames + 1);
        expect(new Set(times).size).toBe(times.length);
        expect(times[0]).toBe(0);
        expect(times.at(-1)).toBeCloseTo(settings.tFinal, 12);
        for (const t of times) {
          const k = Math.round(t / settings.dt);
          expect(Math.abs(k * settings.dt - t)).toBeLessThanOrEqual(1e-9 * Math.max(1, t));
        }
      }
    }
  });
});
