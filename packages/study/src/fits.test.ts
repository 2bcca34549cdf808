import { describe, expect, it } from "vitest";
import { rowWeight } from "./fits.js";
import type { StudyRow } from "./types.js";

/** A resolved row of distance 1e-3 with the given resolution (the weight reads nothing else). */
function resolvedRow(resolution: StudyRow["resolution"]): StudyRow {
  return {
    N: 8,
    epsilon: 1 / 8,
    t: 0.5,
    traceNorm: 1e-3,
    particleNumber: { quantum: 8, vlasov: 8 },
    seconds: 0,
    resolution: { verdict: "resolved", ...resolution },
  } as StudyRow;
}

describe("rowWeight", () => {
  it("is 1/sigma^2 with sigma the largest relative floor or refinement change, every floor counted", () => {
    const d = 1e-3;
    // each floor alone at 8 % of the distance sets sigma = 0.08 (the others far below)
    for (const floor of [
      "transform",
      "interactionOff",
      "certificate",
      "occupationCutoff",
      "reflection",
      "softening",
    ] as const) {
      const row = resolvedRow({
        floors: { transform: 1e-9, [floor]: 0.08 * d },
        refinement: { dt: 1e-4 },
      });
      expect(rowWeight(row, d)).toBeCloseTo(1 / 0.08 ** 2, 9);
    }
    // a refinement change above every floor sets it
    const row = resolvedRow({ floors: { certificate: 1e-6 }, refinement: { "vlasov-grid": 0.02 } });
    expect(rowWeight(row, d)).toBeCloseTo(1 / 0.02 ** 2, 9);
    // nothing measured: the smallest uncertainty, 1e-6
    expect(rowWeight(resolvedRow({}), d)).toBeCloseTo(1e12, 0);
  });
});
