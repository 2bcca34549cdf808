import { bench, describe } from "vitest";
import { planStudy } from "../src/plan.js";
import { studyPreset } from "../src/presets.js";
import { runStudyTask } from "../src/run-task.js";
import { studyTasks } from "../src/tasks.js";

// The cost of the research metrics on one task: the main task of the default preset at N = 16
// (512 points), t = 0.5 (50 steps), with and without "proof-terms" (the Duhamel terms on the
// lattice every 8 steps: ~9 samples of 2 dense O(n^3) trace norms each) and "commutator-scaling".
const config = { ...studyPreset("smooth"), N: [16] };
const task = (metrics: string[]) => {
  const plan = planStudy({
    ...config,
    metrics: metrics as typeof config.metrics,
    dynamics: { ...config.dynamics, tFinal: 0.5, times: [0.5] },
  });
  const found = studyTasks(plan).find((t) => t.kind === "main");
  if (!found) throw new Error("no main task");
  return found;
};
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };

describe("main task, smooth preset, N = 16, t = 0.5", () => {
  bench(
    "trace-norm only",
    async () => {
      await runStudyTask(task(["trace-norm"]));
    },
    once,
  );
  bench(
    "trace-norm + schatten + proof-terms",
    async () => {
      await runStudyTask(task(["trace-norm", "schatten", "proof-terms"]));
    },
    once,
  );
  bench(
    "trace-norm + commutator-scaling",
    async () => {
      await runStudyTask(task(["trace-norm", "commutator-scaling"]));
    },
    once,
  );
});
