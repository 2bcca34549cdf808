import { createGrid, harmonicTrap } from "@semiclassical/grid";
import { thermalState, toDense, weylQuantize, wignerTransform } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { certifiedTraceNorm } from "./certified-trace-norm.js";
import { traceNorm } from "./norms.js";
import { hermitianDifference } from "./operator.js";
import { weylOperator } from "./weyl-operator.js";

// States like the study's: thermal states in the trap x^2 (eps = 1/16, N = 16 in 1D). W~ is the
// Wigner function (on the half grid) of a slightly different state: a hotter one, or the same
// state displaced by 0.05 (as a short advection would do), so D is small but nonzero.
// In 2D (n = 16 per axis, eps = 1/2) the grid does not resolve the highest kept levels; the
// certificate is a statement about the discrete operators, so the resolution check is off there.
function pair(points: number, dimension: 1 | 2, shifted: boolean, epsilon = 1 / 16) {
  const grid = createGrid({ dimension, points, box: 7 });
  const checkResolution = dimension === 1;
  const omega = thermalState(grid, {
    epsilon,
    potential: harmonicTrap(1),
    temperature: 0.3,
    checkResolution,
  });
  const other = thermalState(grid, {
    epsilon,
    checkResolution,
    potential: harmonicTrap(1, shifted ? [0.05, 0.03] : []),
    temperature: shifted ? 0.3 : 0.35,
  });
  const wTilde = wignerTransform(other);
  const dense = traceNorm(
    grid.size,
    hermitianDifference(toDense(omega).data, weylQuantize(wTilde, grid, epsilon).data),
  );
  return { grid, epsilon, omega, wTilde, dense };
}

describe("weylOperator", () => {
  it("equals weylQuantize on the half grid", () => {
    const { grid, epsilon, wTilde } = pair(64, 1, true, 1 / 4);
    const op = weylOperator(wTilde, grid, epsilon);
    const a = weylQuantize(wTilde, grid, epsilon).data;
    const n = grid.size;
    const eye = new Float64Array(2 * n * n);
    for (let k = 0; k < n; k++) eye[2 * (k * n + k)] = 1;
    const cols = new Float64Array(2 * n * n);
    op.apply(eye, n, cols);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        scale = Math.max(scale, Math.abs(a[2 * (i * n + j)]));
        worst = Math.max(
          worst,
          Math.abs(cols[2 * (j * n + i)] - a[2 * (i * n + j)]),
          Math.abs(cols[2 * (j * n + i) + 1] - a[2 * (i * n + j) + 1]),
        );
      }
    }
    // both are the exact inverse discrete Wigner transform; the chirp z-transform of the band
    // carries phases of size theta r^2 ~ 1e3 rad, so agreement to ~1e-12 relative is round-off.
    expect(worst).toBeLessThan(1e-11 * scale);
    // Plancherel is exact for the discrete transform of a Wigner function (discrete Parseval)
    expect(
      Math.abs(op.hilbertSchmidtSquared / op.plancherelHilbertSchmidtSquared - 1),
    ).toBeLessThan(1e-12);
  });
});

describe("certifiedTraceNorm", () => {
  for (const [points, shifted] of [
    [256, false],
    [512, true],
  ] as const) {
    it(`contains the dense trace norm, n = ${points}, ${shifted ? "displaced" : "hotter"} W~`, () => {
      const { omega, wTilde, dense } = pair(points, 1, shifted, points === 256 ? 1 / 16 : 1 / 8);
      const r = certifiedTraceNorm(omega, wTilde);
      // the interval is a theorem up to the rounding allowance; the dense value carries its own
      // backward error n^2 eps_mach ||A|| ~ 1e-11, far below the width
      expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
      expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
      expect(r.converged).toBe(true);
      expect((r.upper - r.lower) / r.upper).toBeLessThanOrEqual(1e-3);
    });
  }

  it("the width shrinks as the subspace grows", () => {
    // omega = Slater state (T = 0, rank 8, eps = 1/8) and W~ = Wigner function of the thermal
    // state T = 0.3 (rank ~ 40): most of range(omega~) lies outside span(orbitals), and the
    // Krylov steps (K + 1 vectors each) capture it step by step.
    const epsilon = 1 / 8;
    const grid = createGrid({ dimension: 1, points: 256, box: 7 });
    const omega = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: 0 });
    const w = wignerTransform(
      thermalState(grid, { epsilon, potential: harmonicTrap(1, [0.05]), temperature: 0.3 }),
    );
    const dense = traceNorm(
      grid.size,
      hermitianDifference(toDense(omega).data, weylQuantize(w, grid, epsilon).data),
    );
    const r = certifiedTraceNorm(omega, w, { target: 1e-12, blockSize: 1, maxIterations: 4 });
    expect(r.history.length).toBe(4);
    for (let s = 0; s < r.history.length; s++) {
      const h = r.history[s];
      expect(h.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
      expect(h.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
      if (s > 0) {
        const before = r.history[s - 1];
        expect(h.upper - h.lower).toBeLessThan(before.upper - before.lower);
      }
    }
  });

  it("small 2D case against the dense value (n = 16 per axis)", () => {
    const { omega, wTilde, dense } = pair(16, 2, true, 1 / 2);
    const r = certifiedTraceNorm(omega, wTilde, { target: 1e-3 });
    expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
    expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
    expect((r.upper - r.lower) / r.upper).toBeLessThanOrEqual(1e-3);
  });
});
