// Shared tsup preset: every package builds ESM + CJS + .d.ts from src/index.ts.
import { defineConfig } from "tsup";

/**
 * @param {import("tsup").Options} [overrides] extra options (more entries, a banner, ...)
 */
export function packageBuild(overrides = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    treeshake: true,
    ...overrides,
  });
}
