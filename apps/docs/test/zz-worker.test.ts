import { it } from "vitest";
import { demoSettings, SMALLEST } from "../src/demo/config.js";
it("worker in node", async () => {
  const messages: any[] = [];
  let listener: any;
  (globalThis as any).self = {
    postMessage: (m: any) => { messages.push(m); if (m.type !== "progress") console.info(m.type, m.type === "frame" ? [m.frame.N, m.frame.t, m.frame.nx, m.frame.nv, m.frame.xRange, m.frame.vRange] : JSON.stringify(m)); },
    addEventListener: (_: string, l: any) => { listener = l; },
  };
  await import("../src/demo/worker.ts");
  const t0 = performance.now();
  await listener({ data: { type: "run", settings: demoSettings(SMALLEST, true) } });
  console.info("seconds", (performance.now() - t0) / 1000);
}, 600000);
