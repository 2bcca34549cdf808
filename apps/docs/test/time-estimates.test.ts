// `validate`'s time estimates (the plan's memory.seconds, one core) against the committed
// full-scale gallery runs (public/gallery/full/<case>/results.json: the config and the measured
// seconds of every task), re-planned with today's cost model. The runs were made with two jobs
// at a time on this 2-core machine class, on code at most a few sessions old, so a task took
// 1x-3x of what one idle core needs today: the estimate of all tasks of an N must land within a
// factor 4 of the recorded seconds (the model before this check was off by 10-20x on the
// Hartree-Fock cases, which counted the exchange over n^d orbitals instead of K).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { planStudy, resolveStudyConfig } from "@semiclassical/study";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "public", "gallery", "full");
const cases = readdirSync(root).filter((name) => !name.startsWith("."));

describe("time estimates against the full-scale gallery runs", () => {
  it("covers the committed cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)("%s: every N's tasks within a factor 4 of the recorded seconds", (name) => {
    const results = JSON.parse(readFileSync(join(root, name, "results.json"), "utf8"));
    const plan = planStudy(resolveStudyConfig(results.config));
    const recorded: Record<string, number> = results.timings.tasks;
    for (const entry of plan.entries) {
      const memory = entry.memory;
      const estimate = (memory.tasks ?? []).reduce(
        (sum, t) => sum + t.memory.seconds.total,
        memory.seconds.total,
      );
      // the V = 0 floor runs the main task's grids: counted with the main task's estimate
      const floors = Object.keys(recorded).filter((k) => k === `N=${entry.N} floor V=0`).length;
      const measured = Object.entries(recorded)
        .filter(([task]) => task.startsWith(`N=${entry.N} `))
        .reduce((sum, [, s]) => sum + s, 0);
      const ratio = (estimate + floors * memory.seconds.total) / measured;
      expect(ratio, `N = ${entry.N}: estimate / recorded`).toBeGreaterThan(1 / 4);
      expect(ratio, `N = ${entry.N}: estimate / recorded`).toBeLessThan(4);
    }
  });
});
