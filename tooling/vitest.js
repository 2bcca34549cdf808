// Shared vitest preset: tests live beside the code as src/**/*.test.ts, benchmarks in bench/*.bench.ts.
import { defineConfig } from "vitest/config";

/**
 * @param {import("vitest/config").ViteUserConfig["test"]} [overrides]
 */
export function packageTests(overrides = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts"],
      benchmark: { include: ["bench/**/*.bench.ts"] },
      testTimeout: 120_000,
      pool: "forks",
      ...overrides,
    },
  });
}
