import { bench } from "vitest";
import { studyPreset } from "/work/main/packages/metrics/src/study/presets.js";
import { runStudy } from "/work/main/packages/metrics/src/study/run.js";
bench("free", async () => {
  const r = await runStudy(studyPreset("free"), { onRow: (row) => console.log("free", row.N, row.t, row.traceNorm?.toExponential(2)) });
  const r2 = await runStudy({ ...studyPreset("free"), grid: { ...studyPreset("free").grid, box: 10 } }, { onRow: (row) => console.log("free box 10", row.N, row.t, row.traceNorm?.toExponential(2)) });
}, { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 });
