import { describe, expect, it } from "vitest";
import { estimateRemaining, formatDuration, ProgressView } from "./progress.js";

/** A stream that records what is written. */
function recorder() {
  const chunks: string[] = [];
  const stream = { write: (s: string) => chunks.push(s) > 0, isTTY: false };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join("") };
}

describe("ETA", () => {
  it("is elapsed x (1 - f) / f, per task and cost-weighted overall", () => {
    let now = 0;
    const { stream, text } = recorder();
    const view = new ProgressView("lines", stream, { now: () => now, verbose: true });
    view.add("a", "N=8", 1);
    view.add("b", "N=16", 3);
    view.update("a", 0, "HF step 0/100"); // starts task a's clock at t = 0
    now = 10_000;
    view.update("a", 0.25, "HF step 25/100");
    // a: 10 s for a quarter, so 30 s left; overall f = (1 x 0.25) / 4 = 1/16 after 10 s: 150 s.
    expect(view.taskRemaining("a")).toBeCloseTo(30, 12);
    expect(view.overallFraction()).toBeCloseTo(1 / 16, 15);
    expect(view.overallRemaining()).toBeCloseTo(150, 12);
    expect(view.taskRemaining("b")).toBeUndefined();
    // --verbose: one line per progress report, with both ETAs.
    expect(text().trim().split("\n")).toHaveLength(2);
    expect(text()).toContain("N=8: 25% (HF step 25/100), ETA 30 s; overall 6%, ETA 2 min 30 s");
    view.finish("a");
    expect(view.taskRemaining("a")).toBe(0);
  });

  it("says nothing before 1% and formats durations", () => {
    expect(estimateRemaining(0.005, 100)).toBeUndefined();
    expect(estimateRemaining(0.5, 100)).toBe(100);
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(185)).toBe("3 min 5 s");
    expect(formatDuration(3720)).toBe("1 h 02 min");
  });

  it("without --verbose prints a line per quarter only", () => {
    let now = 0;
    const { stream, text } = recorder();
    const view = new ProgressView("lines", stream, { now: () => now });
    view.add("a", "N=8");
    for (let k = 0; k <= 20; k++) {
      now = k * 1000;
      view.update("a", k / 20, `step ${k}/20`);
    }
    // quarters 0, 1, 2, 3 (100% is reported by finish)
    expect(text().trim().split("\n")).toHaveLength(4);
  });
});
