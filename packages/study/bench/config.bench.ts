import { bench, describe } from "vitest";
import { studyConfigSchema } from "../src/config-schema.js";
import { parseConfig } from "../src/config-schema-fields.js";
import { studyPreset } from "../src/presets.js";
import { resolveStudyConfig } from "../src/resolve-config.js";

// The cost of checking a config: the schema parse alone (valibot) and the whole resolution
// (parse + the physics-derived defaults, including the initial state's mean-field budget), on
// the default preset as written and resolved (resolved configs are re-checked in every task).
const written = { N: [8, 16, 32], interaction: { kind: "power", alpha: 0.25 } } as const;
const resolved = JSON.parse(JSON.stringify(studyPreset("smooth")));

describe("study config", () => {
  bench("schema parse (written config)", () => {
    parseConfig(studyConfigSchema, written);
  });
  bench("schema parse (resolved config)", () => {
    parseConfig(studyConfigSchema, resolved);
  });
  bench("resolveStudyConfig (resolved config)", () => {
    resolveStudyConfig(resolved);
  });
});
