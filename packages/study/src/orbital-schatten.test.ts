/**
 * Schatten norms on the orbital path (issues 13 and 15): certified intervals from the same
 * subspace as the trace norm, checked against the eigenvalues of the dense difference of the same
 * two operators and against the exact Hilbert-Schmidt distance.
 */
import { compareDensityMatrices } from "@semiclassical/metrics";
import { type OrbitalDensityMatrix, toDense } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { createStudyEvolution } from "./evolution.js";
import { memoryPlanOf } from "./memory-plan.js";
import { orbitalRowMetrics } from "./orbital-row.js";
import { certifiedOperator, RESOLVED_CERTIFIED_1D } from "./orbital-testing.js";
import { planStudy } from "./plan.js";
import { researchVerdicts } from "./research-verdicts.js";
import { resolveStudyConfig } from "./resolve-config.js";
import type { StudyTaskRow } from "./types.js";

describe("schatten on the orbital path", () => {
  it("intervals hold the dense ||D||_p (1D, n = 256, Gaussian V); p = 1 is the trace-norm interval, p = 2 holds the HS distance", () => {
    // the resolved 1D case of the orbital-path test; the exact values are those of the operator
    // certified (the natural band of Weyl(W~), its dense matrix), which weylQuantize's
    // discretization differs from by ~1e-6 per particle in trace norm (see that test)
    const plan = planStudy(RESOLVED_CERTIFIED_1D);
    const entry = plan.entries[0];
    const evolution = createStudyEvolution(plan.config, entry);
    const certificate = memoryPlanOf(plan.config, {
      ...entry,
      vlasov: evolution.vlasovGrid,
    }).certificate;
    const metrics = ["trace-norm", "hilbert-schmidt", "schatten"] as const;
    const schattenExponents = [1, 1.5, 2, 3, "inf"] as const;
    for (let step = 0; step <= 2; step++) {
      if (step > 0) {
        evolution.hartreeFock.step();
        evolution.vlasov.step();
      }
      const state = evolution.hartreeFock.state() as OrbitalDensityMatrix;
      const W = { grid: evolution.vlasovGrid, values: evolution.vlasov.state() };
      const band = certifiedOperator(W, entry.grid, entry.epsilon, certificate?.bandwidth ?? [255]);
      const dense = compareDensityMatrices(toDense(state), band, {
        metrics,
        particleNumber: 8,
        schattenExponents,
      });
      const orbital = orbitalRowMetrics(state, W, {
        metrics,
        particleNumber: 8,
        target: 1e-3,
        bandwidth: certificate?.bandwidth ?? [255],
        maxDimension: certificate?.maxDimension,
        maxStorage: 2 ** 28,
        schattenExponents,
      });
      const s = orbital.schatten ?? [];
      expect(s.map((x) => x.p)).toEqual([...schattenExponents]);
      const [lower, upper] = orbital.traceNormInterval as readonly number[];
      // p = 1 repeats the trace-norm interval's arithmetic
      expect(s[0].interval?.[0]).toBeCloseTo(lower, 14);
      expect(s[0].interval?.[1]).toBeCloseTo(upper, 14);
      // p = 2: ||D||_HS / sqrt(N), computed exactly up to the ~1e-7 per particle of its
      // subtraction (see the orbital-path test)
      const [lo2, hi2] = s[2].interval as readonly number[];
      expect(orbital.hilbertSchmidt as number).toBeGreaterThanOrEqual(lo2 - 5e-7);
      expect(orbital.hilbertSchmidt as number).toBeLessThanOrEqual(hi2 + 5e-7);
      const exact = dense.schatten ?? [];
      for (const [i, x] of s.entries()) {
        const [lo, hi] = x.interval as readonly number[];
        expect(x.value).toBe(lo);
        // a proof for the operator certified; the dense eigenvalues are backward stable to
        // ~1e-13: 1e-9 relative slack on both ends
        expect(exact[i].value).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
        expect(exact[i].value).toBeLessThanOrEqual(hi * (1 + 1e-9));
        // at t > 0 the D measured is ~1e-4 per particle, the lower end positive for every p
        if (step > 0) expect(lo).toBeGreaterThan(0);
      }
    }
  }, 120_000);
});

describe("researchVerdicts: the certified Schatten width is a floor", () => {
  const config = resolveStudyConfig({ N: [8], metrics: ["trace-norm", "schatten"] });
  const row = (schatten: StudyTaskRow["schatten"]): StudyTaskRow =>
    ({
      N: 8,
      epsilon: 1 / 8,
      t: 0.5,
      seconds: 0,
      traceNorm: 0.1,
      schatten,
      resolution: { verdict: "resolved" },
    }) as StudyTaskRow;
  // the V = 0 row's value 1e-4 is far below 10 % of 0.1: only the width can limit the row
  const off = row([{ p: 2, value: 1e-4 }]);

  it("a width above 10 % of the value: floor-limited, naming the certificate and the fix", () => {
    const [judged] = researchVerdicts(
      config,
      [row([{ p: 2, value: 0.1, interval: [0.1, 0.13] }])],
      [off],
    );
    const v = judged.research?.["schatten.p2"];
    expect(v?.verdict).toBe("floor-limited");
    expect(v?.floor).toBeCloseTo(0.03, 15);
    expect(v?.reason).toMatch(/certified interval's width.*traceNorm\.target/);
  });

  it("a narrow interval: the row's verdict, with the V = 0 floor", () => {
    const [judged] = researchVerdicts(
      config,
      [row([{ p: 2, value: 0.1, interval: [0.1, 0.1001] }])],
      [off],
    );
    const v = judged.research?.["schatten.p2"];
    expect(v?.verdict).toBe("resolved");
    expect(v?.floor).toBeCloseTo(1e-4, 15);
  });
});

describe("the orbital path refuses what needs dense matrices, at plan time", () => {
  for (const metric of ["commutator", "proof-terms", "commutator-scaling"] as const) {
    it(`"${metric}" in 2D: a ParameterError on metrics naming the fix, before any work`, () => {
      expect(() => planStudy({ dimension: 2, N: [4], metrics: ["trace-norm", metric] })).toThrow(
        new RegExp(`"${metric}" needs the dense.*traceNorm\\.method "dense"`),
      );
    });
  }
});
