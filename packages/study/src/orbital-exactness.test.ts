/**
 * V = 0 on the orbital path (issue 13): the matched splitting (THEORY.md section 3) in 2D and 3D.
 *
 * What limits the V = 0 distance at t > 0 is the discrete Wigner transform itself, per axis: the
 * sum over pairs i + j = p is cut at the box edges, and the n velocities of the half grid hold
 * only |v| < pi eps / (2 dx), so the periodic kinetic step and the periodic x-shift of the half
 * grid (and the kick's v-shift, antiperiodic at odd p) agree only for a state negligible at the
 * box edges and beyond half the Fourier band. For a Gaussian on n points per axis both edges are
 * at best e^(-pi n / 8) (box L = sqrt(pi n eps)): round-off (1e-11) needs n = 64 per axis, a
 * 128^2 x 64^2 half grid (1.6 GB of W~) in 2D and far more in 3D. So the tests here check
 * (1) in 1D on the orbital path, on a grid resolving the state per axis (n = 128 for N = 2):
 * every distance below 1e-10 at t > 0 (HS and Wigner L2 below their subtraction floor 1e-7);
 * (2) in 2D and 3D: the orbital path on product states is exactly the tensor product of the 1D
 * dense path (omega_t, W~_t, and the row's distances against the Kronecker-product dense
 * matrices), so the 2D/3D path adds nothing to the per-axis floor; at t = 0 every distance is
 * below 1e-10, and at t > 0 the certified interval reaches its target width around the dense
 * value (W~_t off the range of the discrete Wigner transform does not widen it).
 */
import { createGrid, fftAxis, type Grid } from "@semiclassical/grid";
import { compareDensityMatrices, type MetricName } from "@semiclassical/metrics";
import {
  createDenseDensityMatrix,
  createOrbitalDensityMatrix,
  type DensityMatrix,
  type OrbitalDensityMatrix,
  toDense,
  weylQuantize,
} from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import type { StudyConfigInput } from "./config-types.js";
import { createStudyEvolution, type StudyEvolution } from "./evolution.js";
import { prepareInitialState } from "./initial-state.js";
import { orbitalRowMetrics } from "./orbital-row.js";
import { planStudy } from "./plan.js";
import { runStudyTask } from "./run-task.js";
import { studyTasks } from "./tasks.js";

const METRICS: readonly MetricName[] = ["trace-norm", "hilbert-schmidt", "density-l1", "wigner-l2"];

describe("V = 0 on the orbital path, resolved per axis (1D, n = 128)", () => {
  it("every distance stays below 1e-10 at t > 0", async () => {
    // N = 2 Slater state of the trap x^2 (kappa = s = 1, eps = 1/2), kept on; box 11 and
    // vMax 5.5 give n = 128 (dx = 0.086 <= pi eps / (2 vMax)): the orbitals' amplitude at the
    // box edges and beyond half the Fourier band is ~ |x| e^(-x^2 / (2 eps)) at |x| = 5.5, 1e-12.
    // W~ lives on the Wigner grid (V = 0).
    const config: StudyConfigInput = {
      N: [2],
      state: { kind: "slater" },
      interaction: { kind: "none" },
      grid: { box: 11, vMax: 5.5 },
      dynamics: { tFinal: 0.4, dt: 0.05, times: [0.2, 0.4] },
      metrics: [...METRICS],
      traceNorm: { method: "certified" },
      errorFloor: false,
      resolution: "off",
    };
    const plan = planStudy(config);
    expect(plan.entries[0].path).toBe("orbital");
    expect(plan.entries[0].grid.shape).toEqual([128]);
    const tasks = studyTasks(plan).filter((t) => t.kind === "main");
    const rows = (await runStudyTask(tasks[0])).sort((a, b) => a.t - b.t);
    expect(rows.map((r) => r.t)).toEqual([0, 0.2, 0.4]);
    for (const row of rows) {
      // The certificate spans the whole 128-dimensional space, so both ends of the interval are
      // the trace norm of the difference itself (round-off ~1e-14 of tr omega = 4). The
      // Hilbert-Schmidt distance is sqrt(||omega||^2 - 2 Re tr(omega omega~) + ||omega~||^2):
      // its subtraction leaves sqrt(c u N) / sqrt(N) ~ 1e-8 (c ~ 10, u = 2^-53) or 0 when it
      // rounds below 0 (clamped), so HS and Wigner L2 are held to 1e-7 (their own floor).
      const [lower, upper] = row.traceNormInterval as readonly number[];
      expect(upper).toBeLessThan(1e-10);
      expect(lower).toBeLessThanOrEqual(upper);
      expect(row.densityL1 as number).toBeLessThan(1e-10);
      expect(row.hilbertSchmidt as number).toBeLessThan(1e-7);
      expect(row.wignerL2 as number).toBeLessThan(1e-7);
    }
  }, 60_000);
});

/** The Kronecker product of complex square matrices (interleaved), axis 0 slowest. */
function kron(a: Float64Array, b: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(a.length / 2));
  const m = Math.round(Math.sqrt(b.length / 2));
  const out = new Float64Array(2 * n * m * n * m);
  const size = n * m;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ar = a[2 * (i * n + j)];
      const ai = a[2 * (i * n + j) + 1];
      for (let k = 0; k < m; k++) {
        for (let l = 0; l < m; l++) {
          const br = b[2 * (k * m + l)];
          const bi = b[2 * (k * m + l) + 1];
          const q = 2 * ((i * m + k) * size + (j * m + l));
          out[q] = ar * br - ai * bi;
          out[q + 1] = ar * bi + ai * br;
        }
      }
    }
  }
  return out;
}

/** The tensor product of complex vectors (interleaved), the first one slowest. */
function tensor(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length / 2;
  const m = b.length / 2;
  const out = new Float64Array(2 * n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const q = 2 * (i * m + k);
      out[q] = a[2 * i] * b[2 * k] - a[2 * i + 1] * b[2 * k + 1];
      out[q + 1] = a[2 * i] * b[2 * k + 1] + a[2 * i + 1] * b[2 * k];
    }
  }
  return out;
}

/** The product W_a(x_a, v_a) W_b(x_b, v_b) in the phase-space layout (positions slowest). */
function phaseSpaceProduct(
  a: { values: Float64Array; positions: number; velocities: number },
  b: { values: Float64Array; positions: number; velocities: number },
): Float64Array {
  const velocities = a.velocities * b.velocities;
  const out = new Float64Array(a.positions * b.positions * velocities);
  for (let xa = 0; xa < a.positions; xa++) {
    for (let xb = 0; xb < b.positions; xb++) {
      const x = xa * b.positions + xb;
      for (let va = 0; va < a.velocities; va++) {
        const wa = a.values[xa * a.velocities + va];
        for (let vb = 0; vb < b.velocities; vb++) {
          out[x * velocities + va * b.velocities + vb] = wa * b.values[xb * b.velocities + vb];
        }
      }
    }
  }
  return out;
}

/** phi(x) -> phi(x - x0) by a spectral shift (a coherent displacement: the state moves). */
function displaced(state: OrbitalDensityMatrix, x0: number): OrbitalDensityMatrix {
  const g = state.grid;
  const n = g.shape[0];
  const w = state.orbitals.slice();
  fftAxis(w, g.shape, 0, "forward");
  for (let j = 0; j < n; j++) {
    const wave = (2 * Math.PI * (j < n / 2 ? j : j - n)) / g.box[0];
    const c = Math.cos(wave * x0);
    const s = -Math.sin(wave * x0);
    const re = w[2 * j];
    const im = w[2 * j + 1];
    w[2 * j] = re * c - im * s;
    w[2 * j + 1] = re * s + im * c;
  }
  fftAxis(w, g.shape, 0, "inverse");
  return createOrbitalDensityMatrix(g, state.epsilon, state.occupations.slice(), w);
}

const maxAbs = (x: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
};
const maxDifference = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
};

/** One axis: the 1D dense path (N = 1, eps = 1) on `points` points of the box. */
interface Axis {
  readonly evolution: StudyEvolution;
  readonly orbital: OrbitalDensityMatrix;
}

/**
 * A product state in d = shapes.length dimensions (N = 1, eps = 1: the trap's ground state on
 * each axis, axis 0 displaced by 0.3 so that it oscillates), evolved on the orbital path with
 * V = 0 and the trap kept (W~ on the Wigner grid), beside its 1D factors evolved on the dense
 * path; compares them at each step and the row against the Kronecker-product dense matrices.
 */
function checkProduct(shapes: readonly number[], box: number, steps: number) {
  const d = shapes.length;
  const base: StudyConfigInput = {
    N: [1],
    state: { kind: "slater" },
    interaction: { kind: "none" },
    grid: { box },
    dynamics: { tFinal: steps * 0.05, dt: 0.05 },
    metrics: [...METRICS],
  };
  const axes: Axis[] = shapes.map((points, a) => {
    const plan = planStudy({ ...base, traceNorm: { method: "dense" } }, { checkMemory: false });
    const entry = plan.entries[0];
    const grid = createGrid({ dimension: 1, points, box });
    const prepared = prepareInitialState(plan.config, grid, 1, 1, undefined, entry.vlasov);
    const ground = prepared.form === "orbital" ? prepared : undefined;
    if (!ground) throw new Error("the Slater state is prepared in orbital form");
    const orbital = a === 0 ? displaced(ground, 0.3) : ground;
    const caseSpec = { ...entry, grid, path: "dense" as const };
    const evolution = createStudyEvolution(plan.config, caseSpec, {
      initialState: toDense(orbital),
    });
    return { evolution, orbital };
  });
  const dimension = d as 2 | 3;
  const plan = planStudy({ ...base, dimension }, { checkMemory: false });
  const entry = plan.entries[0];
  expect(entry.path).toBe("orbital");
  const grid: Grid = createGrid({ dimension, points: [...shapes], box });
  const orbitals = axes.map((a) => a.orbital.orbitals).reduce(tensor);
  const initialState: DensityMatrix = createOrbitalDensityMatrix(
    grid,
    1,
    Float64Array.of(1),
    orbitals,
  );
  const evolution = createStudyEvolution(plan.config, { ...entry, grid }, { initialState });
  expect(evolution.onWignerGrid).toBe(true);
  const results: { t: number; dense: number; lower: number; upper: number }[] = [];
  for (let step = 0; step <= steps; step++) {
    if (step > 0) {
      evolution.hartreeFock.step();
      evolution.vlasov.step();
      for (const a of axes) {
        a.evolution.hartreeFock.step();
        a.evolution.vlasov.step();
      }
    }
    // omega_t: the orbital propagator in d dimensions is the product of the 1D dense ones
    // (every substep factorizes: e^{-i a |k|^2} and e^{-i dt s |x|^2 / eps}); both are unitary
    // to round-off, 1e-13 of max |A_ij| after a few FFTs.
    const omega = toDense(evolution.hartreeFock.state()).data;
    const omegaAxes = axes.map((a) => toDense(a.evolution.hartreeFock.state()).data);
    const omegaProduct = omegaAxes.reduce(kron);
    expect(maxDifference(omega, omegaProduct)).toBeLessThan(1e-13 * maxAbs(omegaProduct));
    // W~_t: the Vlasov x-shift along axis a depends on v_a only and the kick along a on x_a only,
    // so W~ stays the product of the 1D W~ (spectral shifts, round-off 1e-13 of max |W|).
    const W = evolution.vlasov.state();
    const wAxes = axes.map((a) => ({
      values: a.evolution.vlasov.state(),
      positions: a.evolution.vlasovGrid.position.size,
      velocities: a.evolution.vlasovGrid.velocity.size,
    }));
    const wProduct = wAxes.reduce((x, y) => ({
      values: phaseSpaceProduct(x, y),
      positions: x.positions * y.positions,
      velocities: x.velocities * y.velocities,
    })).values;
    expect(maxDifference(W, wProduct)).toBeLessThan(1e-13 * maxAbs(wProduct));
    if (step !== 0 && step !== steps) continue;
    // The row: the orbital path's distances against the dense ones of the Kronecker products
    // omega_1 x ... x omega_d and Weyl(W~_1) x ... x Weyl(W~_d) (Weyl quantization on the half
    // grid is a product over the axes).
    const omegaTilde = axes
      .map((a) => {
        const W1 = { grid: a.evolution.vlasovGrid, values: a.evolution.vlasov.state() };
        return weylQuantize(W1, a.evolution.grid, 1).data;
      })
      .reduce(kron);
    const dense = compareDensityMatrices(
      createDenseDensityMatrix(grid, 1, omegaProduct),
      createDenseDensityMatrix(grid, 1, omegaTilde),
      { metrics: ["trace-norm", "hilbert-schmidt", "density-l1"], particleNumber: 1 },
    );
    const state = evolution.hartreeFock.state() as OrbitalDensityMatrix;
    const row = orbitalRowMetrics(
      state,
      { grid: evolution.vlasovGrid, values: W },
      {
        metrics: METRICS,
        particleNumber: 1,
        target: 1e-3,
        bandwidth: grid.shape.map((n) => n - 1),
        // The whole space (128 points): at t = 0 the interval's ends are then exact.
        maxDimension: grid.size,
        maxStorage: 2 ** 26,
      },
    );
    const [lower, upper] = row.traceNormInterval as readonly number[];
    const value = dense.traceNorm as number;
    // The interval is a proof; the dense eigenvalues are backward stable to ~1e-13 of
    // ||omega||_1 = 1: 1e-12 of slack on both ends.
    expect(value).toBeGreaterThanOrEqual(lower - 1e-12);
    expect(value).toBeLessThanOrEqual(upper + 1e-12);
    // The interval reaches its target width 1e-3 at every t > 0: on the half grid the operator is
    // weylQuantize(W~) exactly, so the part of W~_t off the range of the discrete Wigner
    // transform (Plancherel's surplus over ||A~||_HS^2) is no dropped band and must not widen it
    // (it did, by sqrt(n^d) times its root: [0, 0.25] around 0.075 in 2D before the fix). At
    // t = 0, where D is round-off, the width is the rounding margin of P D P's spectrum (measured
    // 5e-12 here), asserted below 1e-10 with the rest of the t = 0 row.
    if (step > 0) expect(upper - lower).toBeLessThanOrEqual(1e-3 * upper);
    // HS by the subtraction ||omega||^2 - 2 Re tr(omega omega~) + ||omega~||^2 of O(1) terms,
    // each a sum of n^d B products (B the band): round-off 16 sqrt(n^d B) u in HS^2 (the
    // certificate's model of it), its square root in HS (~1e-6 here); rho~ on both paths is
    // int W~ dv (spectral resampling vs the Weyl diagonal): the same to 1e-12.
    const band = grid.shape.reduce((p, n) => p * (2 * n - 1), 1);
    const hsFloor = Math.sqrt(16 * Math.sqrt(grid.size * band) * 2 ** -53);
    expect(
      Math.abs((row.hilbertSchmidt as number) - (dense.hilbertSchmidt as number)),
    ).toBeLessThan(hsFloor);
    expect(Math.abs((row.densityL1 as number) - (dense.densityL1 as number))).toBeLessThan(1e-12);
    if (step === 0) {
      // t = 0: W~_0 is the discrete half-grid transform of the orbitals, Weyl(W~_0) = omega_0 to
      // round-off, and the certificate's subspace is the whole space: every distance at round-off.
      expect(upper).toBeLessThan(1e-10);
      expect(value).toBeLessThan(1e-10);
      expect(row.densityL1 as number).toBeLessThan(1e-10);
      expect(row.hilbertSchmidt as number).toBeLessThan(hsFloor);
      expect(row.wignerL2 as number).toBeLessThan(hsFloor);
    }
    results.push({ t: step * 0.05, dense: value, lower, upper });
  }
  return results;
}

describe("V = 0 on the orbital path in 2D and 3D: the product of the 1D dense path", () => {
  // Small grids (128 points: the certificate spans the whole space in seconds); whether they
  // resolve the state does not matter for the product identities.
  it("2D, 16 x 8 points, box 7", () => {
    const results = checkProduct([16, 8], 7, 2);
    // The per-axis floor at t > 0 (16 and 8 points: edges e^(-pi n / 8) ~ 2e-3 and 4e-2): not
    // round-off, and the same number on both paths (checked above).
    expect(results[1].dense).toBeGreaterThan(1e-4);
  }, 60_000);

  it("3D, 8 x 4 x 4 points, box 6", () => {
    const results = checkProduct([8, 4, 4], 6, 2);
    expect(results[1].dense).toBeGreaterThan(1e-4);
  }, 120_000);
});
