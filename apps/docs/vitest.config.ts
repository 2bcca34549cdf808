import { defineConfig } from "vitest/config";

// Snippet tests run the guides' code (snippets/*.ts) against the built packages; the browser test
// drives Debian's Chromium on the built site (dist/). One fork at a time: the machine has 2 cores.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
