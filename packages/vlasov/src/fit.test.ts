import { fitLine } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { fitExponentialRate, fitPeaks } from "./fit.js";

describe("fits", () => {
  it("fitLine recovers an exact line", () => {
    const fit = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
    // exact data: only round-off
    expect(fit.slope).toBeCloseTo(2, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
    expect(fit.slopeStdError).toBeLessThan(1e-14);
  });

  it("fitPeaks reads rate and frequency off e^{2 gamma t} cos^2(omega t + phi)", () => {
    const gamma = -0.1533;
    const omega = 1.4156;
    const dt = 0.1;
    const t: number[] = [];
    const e: number[] = [];
    for (let i = 0; i <= 400; i++) {
      t.push(i * dt);
      e.push(Math.exp(2 * gamma * i * dt) * Math.cos(omega * i * dt + 0.3) ** 2);
    }
    const fit = fitPeaks(t, e, { from: 1, to: 38 });
    // Parabolic vertices of log(cos^2) sampled at ~22 points per half period locate each peak
    // to O(h^3 |f'''/f''|) ~ 1e-4 of the spacing, which averages out over ~16 peaks:
    // the rate and frequency come out within 1e-3 relative (we need 1% in the Landau test).
    expect(Math.abs(fit.slope / 2 - gamma)).toBeLessThan(1e-3 * Math.abs(gamma));
    expect(Math.abs(Math.PI / fit.meanSpacing - omega)).toBeLessThan(1e-3 * omega);
  });

  it("fitExponentialRate recovers a growth rate", () => {
    const t = Array.from({ length: 50 }, (_, i) => 0.2 * i);
    const v = t.map((s) => 3 * Math.exp(0.35 * s));
    // exact exponential: round-off only
    expect(fitExponentialRate(t, v, { from: 1, to: 8 }).slope).toBeCloseTo(0.35, 12);
  });
});
