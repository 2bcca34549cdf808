import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { planStudy } from "./plan.js";
import { DEFAULT_PRESET, presetNames, STUDY_PRESETS, studyPreset } from "./presets.js";
import { resolveStudyConfig } from "./resolve-config.js";

describe("study presets", () => {
  it("every preset resolves, plans and has a one-line description", () => {
    for (const preset of STUDY_PRESETS) {
      const config = studyPreset(preset.name);
      expect(config.name).toBe(preset.name);
      expect(preset.description.length).toBeGreaterThan(20);
      expect(preset.description).not.toMatch(/\n/);
      expect(planStudy(config).entries.length).toBe(config.N.length);
    }
    expect(new Set(presetNames()).size).toBe(STUDY_PRESETS.length);
  });

  it("the default preset is the issue's smooth example", () => {
    const config = studyPreset(DEFAULT_PRESET);
    // The example equals the all-defaults config (up to its name).
    expect({ ...config, name: "study" }).toEqual(resolveStudyConfig({}));
    expect(config.interaction).toEqual({ kind: "gaussian", lambda: 1, sigma: 1 });
    expect(config.state.temperature).toBe(0.5);
    expect(config.N).toEqual([8, 16, 32]);
  });

  it("covers the seed's singular cases and zero temperature", () => {
    const alphas = STUDY_PRESETS.map((p) => studyPreset(p.name).interaction)
      .filter((v) => v.kind === "power")
      .map((v) => (v.kind === "power" ? v.alpha : Number.NaN));
    expect(alphas.some((a) => a > 0 && a < 0.5)).toBe(true);
    expect(alphas.some((a) => a >= 0.5 && a < 1)).toBe(true);
    expect(STUDY_PRESETS.some((p) => studyPreset(p.name).state.kind === "slater")).toBe(true);
  });

  it("an unknown preset names the available ones", () => {
    expect(() => studyPreset("nope")).toThrow(ParameterError);
    expect(() => studyPreset("nope")).toThrow(/available: smooth, singular-weak/);
  });
});
