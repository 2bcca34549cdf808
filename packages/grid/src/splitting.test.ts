import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import {
  requireSplitting,
  SPLITTINGS,
  type Splitting,
  type Substep,
  splittingSubsteps,
  yoshidaWeights,
} from "./splitting.js";

const sum = (list: readonly number[]) => list.reduce((s, w) => s + w, 0);
const weightsOf = (substeps: readonly Substep[], kind: Substep["kind"]) =>
  substeps.filter((s) => s.kind === kind).map((s) => s.weight);

/** The Strang steps a splitting composes: weights c_j of S(c_j h) (Yoshida's triple jump for order 4). */
const strangWeights: Record<Splitting, number[]> = {
  strang: [1],
  order4: [yoshidaWeights.w1, yoshidaWeights.w0, yoshidaWeights.w1],
};

// The weights are O(1) (w1 ~ 1.35, w0 ~ -1.70); a few additions of them round to a few ulps of 2,
// i.e. ~1e-15: 1e-14 leaves a margin everywhere below.
const TOL = 1e-14;

describe("splittingSubsteps", () => {
  it.each(SPLITTINGS)("%s: free weights and potential weights each sum to 1", (splitting) => {
    const substeps = splittingSubsteps(splitting);
    expect(Math.abs(sum(weightsOf(substeps, "free")) - 1)).toBeLessThan(TOL);
    expect(Math.abs(sum(weightsOf(substeps, "potential")) - 1)).toBeLessThan(TOL);
  });

  it.each(SPLITTINGS)(
    "%s: alternates free and potential flows, free first and last",
    (splitting) => {
      const kinds = splittingSubsteps(splitting).map((s) => s.kind);
      for (let j = 0; j < kinds.length; j++) {
        expect(kinds[j]).toBe(j % 2 === 0 ? "free" : "potential");
      }
      expect(kinds.length % 2).toBe(1);
    },
  );

  it.each(SPLITTINGS)("%s: `at` is the midpoint of each Strang sub-step", (splitting) => {
    const potentials = splittingSubsteps(splitting).filter((s) => s.kind === "potential");
    const c = strangWeights[splitting];
    expect(potentials.length).toBe(c.length);
    let start = 0;
    potentials.forEach((p, j) => {
      expect(p.kind === "potential" && p.weight).toBe(c[j]);
      // Strang sub-step j covers [start, start + c_j] of the step; its kick sits at the middle.
      if (p.kind === "potential") expect(Math.abs(p.at - (start + c[j] / 2))).toBeLessThan(TOL);
      start += c[j];
    });
  });

  it.each(SPLITTINGS)("%s: each kick sits at the free-flow time elapsed before it", (splitting) => {
    // The free flow is the clock of the split step: t + at h must be where the free flows before
    // the kick have taken the state.
    let elapsed = 0;
    for (const s of splittingSubsteps(splitting)) {
      if (s.kind === "free") elapsed += s.weight;
      else expect(Math.abs(s.at - elapsed)).toBeLessThan(TOL);
    }
  });

  it("Strang is F(1/2) P(1) F(1/2), exactly", () => {
    expect(splittingSubsteps("strang")).toEqual([
      { kind: "free", weight: 0.5 },
      { kind: "potential", weight: 1, at: 0.5 },
      { kind: "free", weight: 0.5 },
    ]);
  });

  it("order-4 weights satisfy 2 w1 + w0 = 1 and 2 w1^3 + w0^3 = 0 (Yoshida's conditions)", () => {
    const { w1, w0 } = yoshidaWeights;
    expect(Math.abs(2 * w1 + w0 - 1)).toBeLessThan(TOL);
    // w1^3 ~ 2.47 and w0^3 ~ -4.93 cancel: round-off ~ a few ulps of 5, ~ 3e-15.
    expect(Math.abs(2 * w1 ** 3 + w0 ** 3)).toBeLessThan(TOL);
    expect(Math.abs(w1 - 1 / (2 - Math.cbrt(2)))).toBeLessThan(TOL);
    expect(w0).toBeLessThan(0);
    expect(weightsOf(splittingSubsteps("order4"), "potential")).toEqual([w1, w0, w1]);
  });

  it("returns frozen shared schedules", () => {
    expect(Object.isFrozen(splittingSubsteps("order4"))).toBe(true);
    expect(splittingSubsteps("strang")).toBe(splittingSubsteps("strang"));
  });
});

describe("requireSplitting", () => {
  it("accepts the known splittings and names the parameter otherwise", () => {
    for (const s of SPLITTINGS)
      expect(() => requireSplitting("options.splitting", s)).not.toThrow();
    for (const bad of ["rk4", "Strang", undefined, 2]) {
      try {
        requireSplitting("options.splitting", bad);
        throw new Error("expected a ParameterError");
      } catch (error) {
        expect(error).toBeInstanceOf(ParameterError);
        expect((error as ParameterError).parameter).toBe("options.splitting");
      }
    }
    expect(() => splittingSubsteps("rk4" as Splitting)).toThrow(ParameterError);
  });
});
