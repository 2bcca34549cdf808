import { planStudy, runStudy } from "@semiclassical/metrics";
import { it } from "vitest";
import { demoSettings, SMALLEST, studyConfig } from "../src/demo/config.js";

it("time", async () => {
  const s = demoSettings(SMALLEST, true);
  const plan = planStudy(studyConfig(s));
  console.info(
    plan.entries.map((e) => `${e.N}: n=${e.grid.shape[0]} box=${e.grid.box[0]}`).join("; "),
  );
  const t0 = performance.now();
  const r = await runStudy(studyConfig(s), { onRow: (row) => console.info(JSON.stringify(row)) });
  console.info("seconds", (performance.now() - t0) / 1000, JSON.stringify(r.fits));
  const s2 = demoSettings(
    { largestN: 32, alpha: 0.25, lambda: 1, temperature: 0.5, tFinal: 0.5 },
    false,
  );
  const t1 = performance.now();
  const r2 = await runStudy(studyConfig(s2), {
    onRow: (row) =>
      console.info(row.N, row.t, row.traceNorm, row.seconds, (performance.now() - t1) / 1000),
  });
  console.info("seconds default", (performance.now() - t1) / 1000);
}, 600000);
