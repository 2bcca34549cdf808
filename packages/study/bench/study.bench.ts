import { bench, describe } from "vitest";
import { studyPreset } from "../src/presets.js";
import { runStudy } from "../src/run.js";

// The example study of issue 6 end to end (preset "smooth": thermal T = 0.5 in the trap x^2,
// Gaussian V lambda = 1 sigma = 1, Hartree, trap kept, t = 1, dt = 0.01, kappa = 1), for
// N = 8, 16 and 32 separately, without the error-floor runs. Peak memory: the largest RSS seen
// in the progress callbacks, printed after each run.
const example = studyPreset("smooth");

for (const N of [8, 16, 32]) {
  describe(`example study N = ${N}`, () => {
    bench(
      `runStudy smooth N = ${N}`,
      async () => {
        let peak = process.memoryUsage().rss;
        const started = performance.now();
        const result = await runStudy(
          { ...example, N: [N], errorFloor: false },
          { onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) },
        );
        const seconds = (performance.now() - started) / 1000;
        const last = result.rows[result.rows.length - 1];
        console.log(
          `N = ${N}: ${seconds.toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, ` +
            `(1/N) tr|omega - omega~| at t = ${last.t}: ${last.traceNorm?.toExponential(3)}`,
        );
      },
      { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
    );
  });
}
