import { it } from "vitest";
import { studyPreset } from "./presets.js";
import { runStudy } from "./run.js";
it("scratch", async () => {
  const t0 = performance.now();
  const r = await runStudy({ ...studyPreset("smooth"), errorFloor: true }, { onRow: (row, phase) => console.log(phase, row.N, row.t, row.traceNorm?.toExponential(3), row.hilbertSchmidt?.toExponential(3), row.densityL1?.toExponential(3), row.densityBound?.ratio.toFixed(3), row.seconds.toFixed(2), ((performance.now() - t0) / 1000).toFixed(1)) });
  for (const f of r.fits) console.log(f.metric, f.t, f.fit?.slope.toFixed(3), f.fit?.slopeStdError.toFixed(3));
  console.log(JSON.stringify(r.errorFloor?.refinement?.relativeChange), r.seconds);
}, 900_000);
