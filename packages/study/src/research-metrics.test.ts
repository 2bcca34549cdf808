import { createGrid, FreeSpaceConvolution, harmonicTrap } from "@semiclassical/grid";
import { OrbitalExchange } from "@semiclassical/hartree-fock";
import { exchangeCommutatorTraceNorm, traceNorm } from "@semiclassical/metrics";
import { thermalState, toDense } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { assembleStudyResult } from "./assemble.js";
import type { StudyConfigInput } from "./config-types.js";
import { planStudy } from "./plan.js";
import { exchangeCommutator } from "./research-metrics.js";
import { runStudyTask } from "./run-task.js";
import { studyTasks } from "./tasks.js";
import type { StudyTaskRow } from "./types.js";

/**
 * A small version of the default preset ("smooth": thermal T = 0.5 in the trap x^2, Gaussian V,
 * Hartree, trap kept): N = 4, 8 (128 and 256 points), 20 steps dt = 0.01, rows at 0.1 and 0.2,
 * so the proof's lattice (every 8 steps) has samples at steps 0, 8, 10, 16, 20.
 */
const small: StudyConfigInput = {
  N: [4, 8],
  grid: { box: 10, vMax: 4.5 },
  state: { kind: "thermal", temperature: 0.5 },
  interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
  dynamics: { model: "hartree", trap: "keep", tFinal: 0.2, dt: 0.01, times: [0.1, 0.2] },
  vlasov: { nx: 64, nv: 64 },
  metrics: ["trace-norm", "hilbert-schmidt", "schatten", "proof-terms"],
  resolution: "off",
  errorFloor: true,
};

/** The rows of the main and interaction-off tasks of a config (no refinement: seconds). */
async function mainAndFloorRows(config: StudyConfigInput): Promise<StudyTaskRow[]> {
  const tasks = studyTasks(planStudy(config)).filter((t) => t.kind !== "refinement");
  const rows: StudyTaskRow[] = [];
  for (const task of tasks) rows.push(...(await runStudyTask(task)));
  return rows;
}

describe("research metrics through the study path", () => {
  it("the B bracket and the dominant term vanish for V = 0 with a harmonic trap", async () => {
    // U~ = s|x|^2 is quadratic, so U~(x) - U~(y) - grad U~((x + y)/2).(x - y) = 0: on this grid
    // (box 10, 128 points: dyadic coordinates) even the rounding cancels; allow 1e-13 per
    // particle (n = 128 entries of size ~ s L^2 = 25 at 1e-16 each, times ||omega~|| <= 1).
    const config: StudyConfigInput = {
      ...small,
      N: [4],
      interaction: { kind: "none" },
      metrics: ["trace-norm", "proof-terms"],
    };
    const task = studyTasks(planStudy(config)).find((t) => t.kind === "main");
    const rows = await runStudyTask(task as NonNullable<typeof task>);
    expect(rows.map((r) => r.t)).toEqual([0, 0.1, 0.2]);
    for (const row of rows) {
      expect(row.dominantTerm).toBe(0);
      expect(row.errorTerm).toBeLessThan(1e-13);
      expect(row.duhamelBound).toBeLessThan(1e-13);
    }
    expect(rows[2].duhamelSamples).toBe(5);
  });

  it("the Duhamel bound holds in every row of a small default preset; Schatten p = 1, 2 are the trace and HS norms", async () => {
    const rows = await mainAndFloorRows(small);
    const result = assembleStudyResult(planStudy(small), rows);
    expect(result.rows.length).toBe(6);
    for (const row of result.rows) {
      const check = row.research?.duhamelCheck;
      expect(check?.verdict).toBe("holds");
      // one spectrum gives both (summed in another order: a few ulps)
      const [p1, p2, pInf] = row.schatten ?? [];
      expect(p1.p).toBe(1);
      expect(Math.abs(p1.value - (row.traceNorm as number))).toBeLessThanOrEqual(1e-14 * p1.value);
      // the HS norm comes from the entries, the Schatten 2-norm from the eigenvalues:
      // backward stability, ~ n eps_mach relative (n = 256)
      expect(Math.abs((p2.value - (row.hilbertSchmidt as number)) / p2.value)).toBeLessThan(1e-12);
      expect(pInf.p).toBe("inf");
      expect(pInf.value).toBeLessThanOrEqual(p2.value * Math.sqrt(row.N) * (1 + 1e-12));
      if (row.t > 0) {
        // the interaction moves the densities apart: the terms are positive, and the off run's
        // dominant term (V = 0) is exactly 0, its floor
        expect(row.dominantTerm).toBeGreaterThan(0);
        expect(row.research?.dominantTerm?.floor).toBe(0);
        expect(row.duhamelBound).toBeGreaterThan(0);
        // Richardson estimate of the trapezoid rule: far below the bound itself
        expect(row.duhamelQuadratureError).toBeLessThan(0.1 * (row.duhamelBound as number));
      } else {
        expect(row.duhamelBound).toBe(0);
      }
    }
  });

  it("the proof's lattice does not change the rows (it adds no chunk boundary)", async () => {
    const config: StudyConfigInput = { ...small, N: [4], metrics: ["trace-norm"] };
    const task = (c: StudyConfigInput) => {
      const found = studyTasks(planStudy(c)).find((t) => t.kind === "main");
      return found as NonNullable<typeof found>;
    };
    const plain = await runStudyTask(task(config));
    const withTerms = await runStudyTask(
      task({ ...config, metrics: ["trace-norm", "proof-terms", "commutator-scaling"] }),
    );
    expect(withTerms.map((r) => r.traceNorm)).toEqual(plain.map((r) => r.traceNorm));
    for (const row of withTerms) {
      const scaling = row.commutatorScaling;
      expect(scaling?.radii).toEqual([10 / 8, 10 / 16, 10 / 32, 10 / 64]);
      // tr|[chi, omega~]| <= 2 min(tr chi omega~, tr (1 - chi) omega~) ... <= 2 N (0 <= omega~
      // <= 1 up to the transform error): the ratios to N eps = 1 are O(1) and finite
      for (const ratio of scaling?.ratios ?? []) {
        expect(ratio).toBeGreaterThan(0);
        expect(ratio).toBeLessThan(2 * row.N);
      }
      expect(Number.isFinite(scaling?.slope)).toBe(true);
      expect(scaling?.proofExponent).toBeNull();
    }
  });

  it("the exchange term from the orbital exchange equals the dense elementwise one (regular V)", () => {
    // two independent ways to form X: (X phi)(x) = (1/N) sum lambda_k phi_k [V * (conj phi_k phi)]
    // by the free-space convolution, and X_ij = V(x_i - x_j) A_ij / N from kernel values; for a
    // Gaussian they agree to the convolution's quadrature error (spectral: ~1e-12 relative here)
    const grid = createGrid({ dimension: 1, points: 128, box: 8 });
    const kernel = { kind: "gaussian" as const, lambda: 1, sigma: 1 };
    const N = 4;
    const state = thermalState(grid, {
      epsilon: 1 / N,
      kappa: 1,
      potential: harmonicTrap(1),
      particles: N,
      temperature: 0.5,
    });
    const orbital = traceNorm(
      grid.size,
      exchangeCommutator(state, new OrbitalExchange(new FreeSpaceConvolution(grid, kernel)), N),
    );
    const dense = exchangeCommutatorTraceNorm(toDense(state), kernel, N);
    expect(dense).toBeGreaterThan(0);
    expect(Math.abs(orbital - dense) / dense).toBeLessThan(1e-9);
    // a dense omega (diagonalized first) gives the same number
    const fromDense = traceNorm(
      grid.size,
      exchangeCommutator(
        toDense(state),
        new OrbitalExchange(new FreeSpaceConvolution(grid, kernel)),
        N,
      ),
    );
    expect(Math.abs(fromDense - orbital) / orbital).toBeLessThan(1e-9);
  });
});
