import { it } from "vitest";
import { runStudy, studyPreset } from "./index.js";
it("after", async () => {
  const r = await runStudy({ ...studyPreset("smooth"), N: [8, 16], errorFloor: false, resolution: "off" } as never);
  const lines: string[] = [];
  for (const row of r.rows) { const { resolution, seconds, ...rest } = row as never as Record<string, unknown>; lines.push(JSON.stringify(rest)); lines.push("  guards " + JSON.stringify((resolution as { guards: unknown })?.guards)); }
  lines.push(JSON.stringify(r.config.grid) + JSON.stringify(r.config.vlasov) + " seconds " + r.seconds);
  console.log(lines.join("\n"));
}, 120000);
