import { createGrid, createPhaseSpaceGrid, harmonicTrap } from "@semiclassical/grid";
import {
  hermitianEigen,
  orbitalWigner,
  thermalState,
  toDense,
  weylQuantize,
  wignerTransform,
} from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { certifiedTraceNorm, certifiedTraceNormCost } from "./certified-trace-norm.js";
import { traceNorm } from "./norms.js";
import { hermitianDifference } from "./operator.js";
import { schattenNormOfSpectrum } from "./schatten.js";
import { displacedThermalPair } from "./testing.js";
import {
  type WeylOperator,
  weylOperator,
  weylOperatorCost,
  weylOperatorMatrix,
} from "./weyl-operator.js";

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

/**
 * omega = the Slater state (T = 0, rank 8, eps = 1/8, n = 256) and W~ = the Wigner function of
 * the thermal state T = 0.3 displaced by 0.05 (rank ~ 40), with the dense omega - Weyl(W~).
 */
function slaterAgainstThermal() {
  const epsilon = 1 / 8;
  const grid = createGrid({ dimension: 1, points: 256, box: 7 });
  const omega = thermalState(grid, { epsilon, potential: harmonicTrap(1), temperature: 0 });
  const wTilde = wignerTransform(
    thermalState(grid, { epsilon, potential: harmonicTrap(1, [0.05]), temperature: 0.3 }),
  );
  const difference = hermitianDifference(
    toDense(omega).data,
    weylQuantize(wTilde, grid, epsilon).data,
  );
  return { grid, epsilon, omega, wTilde, difference };
}

/**
 * The columns of the operator (applied to the identity) against the dense matrix a: the largest
 * entry difference (real and imaginary parts) and the largest |Re a_ij| as its scale.
 */
function entrywiseDifference(op: WeylOperator, a: Float64Array): { worst: number; scale: number } {
  const b = weylOperatorMatrix(op);
  let worst = 0;
  let scale = 0;
  for (let q = 0; q < a.length; q++) {
    scale = Math.max(scale, Math.abs(a[q]));
    worst = Math.max(worst, Math.abs(b[q] - a[q]));
  }
  return { worst, scale };
}

describe("weylOperator", () => {
  it("equals weylQuantize on the half grid", () => {
    const { grid, epsilon, wTilde } = pair(64, 1, true, 1 / 4);
    const op = weylOperator(wTilde, grid, epsilon);
    const a = weylQuantize(wTilde, grid, epsilon).data;
    const { worst, scale } = entrywiseDifference(op, a);
    // both are the exact inverse discrete Wigner transform; the chirp z-transform of the band
    // carries phases of size theta r^2 ~ 1e3 rad, so agreement to ~1e-12 relative is round-off.
    expect(worst).toBeLessThan(1e-11 * scale);
    // Plancherel is exact for the discrete transform of a Wigner function (discrete Parseval)
    expect(
      Math.abs(op.hilbertSchmidtSquared / op.plancherelHilbertSchmidtSquared - 1),
    ).toBeLessThan(1e-12);
  });
});

describe("weylOperator in 3D", () => {
  it("equals weylQuantize on the half grid (8^3 points, the clipped band's three axes)", () => {
    const grid = createGrid({ dimension: 3, points: 8, box: 7 });
    const epsilon = 1;
    const options = { epsilon, temperature: 0.5, checkResolution: false };
    const other = thermalState(grid, {
      ...options,
      potential: harmonicTrap(1, [0.05, 0.03, 0.02]),
    });
    const wTilde = wignerTransform(other);
    const op = weylOperator(wTilde, grid, epsilon);
    // the natural band of the half grid is the whole operator: n - 1 per axis, clipped to the
    // columns on the grid, i.e. the n^d x n^d matrix itself
    expect(op.bandwidth).toEqual([7, 7, 7]);
    expect(op.storage).toBe(2 * grid.size * grid.size);
    const { worst, scale } = entrywiseDifference(op, weylQuantize(wTilde, grid, epsilon).data);
    // both are the exact inverse discrete Wigner transform: round-off (phases as in 1D)
    expect(worst).toBeLessThan(1e-11 * scale);
  });
});

describe("weylOperator on a Vlasov grid", () => {
  it("equals weylQuantize, with the natural band of W~'s velocity grid", () => {
    const epsilon = 1 / 16;
    const grid = createGrid({ dimension: 1, points: 256, box: 7 });
    const other = thermalState(grid, {
      epsilon,
      potential: harmonicTrap(1, [0.05]),
      temperature: 0.3,
    });
    // 128 x 128 nodes on [-3.5, 3.5)^2: dv = 0.0547, natural band pi eps/(dv dx) = 131.3 -> M = 131
    // of 255: the v-rule's period 2 pi eps/dv = 7.18 is barely above the box, so without the
    // natural band the offsets |u| ~ 7 would pick up the alias of |u| ~ 0.2 (||A~||_HS^2 was
    // 13.619 instead of 13.603 before the band was limited)
    const vlasov = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 128, box: 7 }),
      createGrid({ dimension: 1, points: 128, box: 7 }),
    );
    const wTilde = orbitalWigner(other, vlasov);
    const op = weylOperator(wTilde, grid, epsilon);
    expect(op.bandwidth).toEqual([131]);
    expect(op.bandTruncated).toBe(false);
    const cost = weylOperatorCost(vlasov, grid, epsilon);
    expect(cost.bandwidth).toEqual(op.bandwidth);
    expect(cost.bandBytes).toBe(8 * op.storage);
    const a = weylQuantize(wTilde, grid, epsilon).data;
    const { worst, scale } = entrywiseDifference(op, a);
    // weylQuantize interpolates W~ to the half grid in x and v (band-limited: no u-content beyond
    // pi eps/dv) and applies the exact inverse transform; the operator takes the v-rule on W~'s
    // nodes within the natural band and interpolates in x per parity pattern: the same operator,
    // to round-off (measured 3e-14 of max |A|; phases of the chirps ~1e3 rad as above)
    expect(worst).toBeLessThan(1e-11 * scale);
  });
});

describe("certifiedTraceNorm", () => {
  it("the width shrinks as maxDimension grows (and each interval contains the dense value)", () => {
    const { grid, epsilon, omega, wTilde: w, difference } = slaterAgainstThermal();
    const dense = traceNorm(grid.size, difference);
    let previous = Number.POSITIVE_INFINITY;
    for (const maxDimension of [16, 32, 64]) {
      const r = certifiedTraceNorm(omega, w, { target: 1e-12, maxDimension });
      expect(r.subspaceDimension).toBe(maxDimension);
      expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
      expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
      expect(r.upper - r.lower).toBeLessThan(previous);
      previous = r.upper - r.lower;
      const cost = certifiedTraceNormCost(grid, epsilon, omega.occupations.length, w.grid, {
        maxDimension,
      });
      expect(cost.maxDimension).toBe(maxDimension);
      expect(cost.bandwidth).toEqual([255]);
    }
  });

  for (const [points, shifted, epsilon] of [
    [256, false, 1 / 16],
    [512, true, 1 / 8],
    [1024, true, 1 / 32],
  ] as const) {
    it(`contains the dense trace norm, n = ${points}, ${shifted ? "displaced" : "hotter"} W~`, () => {
      const { omega, wTilde, dense } = pair(points, 1, shifted, epsilon);
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
    const { grid, omega, wTilde: w, difference } = slaterAgainstThermal();
    const dense = traceNorm(grid.size, difference);
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

  it("small 2D case with W~ on a Vlasov grid (16^2 x 16^2 nodes) against the dense value", () => {
    const grid = createGrid({ dimension: 2, points: 16, box: 7 });
    const epsilon = 1 / 2;
    const vlasov = { points: 16, positionBox: 7, velocityBox: 3.5 };
    const { omega, wTilde } = displacedThermalPair(grid, epsilon, [0.05, 0.03], vlasov);
    // the dense matrix of the operator certified (its columns A~ e_j): at 16 points the states are
    // not resolved, and weylQuantize's discretization (interpolate W~ to the half grid, then the
    // exact inverse) differs from the operator's (v-rule on W~'s nodes) by 1.5e-2 of max |A|;
    // resolved, the two agree to round-off (the 1D test above)
    const op = weylOperator(wTilde, grid, epsilon);
    const n = grid.size;
    const dense = traceNorm(n, hermitianDifference(toDense(omega).data, weylOperatorMatrix(op)));
    const r = certifiedTraceNorm(omega, wTilde, { target: 1e-3 });
    // a theorem about this operator, up to the rounding allowance
    expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
    expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
    // Unresolved (16 points): the operator's ||A~||_HS^2 falls short of Plancherel's
    // (2 pi/eps)^d ||W~||^2 by far more than round-off; the result reports it (a discretization
    // check, measured by the study's refinement floors), but the operator certified is the one
    // applied, whose whole natural band is held: nothing widens the interval.
    const shortfall = r.hilbertSchmidtSquared.plancherel - r.hilbertSchmidtSquared.operator;
    expect(shortfall).toBeGreaterThan(1e-6 * r.hilbertSchmidtSquared.plancherel);
    expect(r.truncation).toBe(0);
    expect(r.converged).toBe(true);
  });

  it("a narrowed band's bound holds when W~'s box is smaller than the grid's (Gershgorin's lattice factor)", () => {
    const grid = createGrid({ dimension: 1, points: 128, box: 7 });
    const epsilon = 1 / 8;
    const options = { epsilon, potential: harmonicTrap(1), temperature: 0.3 };
    const other = thermalState(grid, { ...options, potential: harmonicTrap(1, [0.05]) });
    // W~ on [-3, 3) x [-3, 3) with 64 nodes each: the midpoint lattices (110 of their 128
    // points inside) are not whole periods of W~'s box (the resampler gives 0 outside it), so the
    // lattice sums are bounded by Gershgorin
    const vlasov = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: 64, box: 6 }),
      createGrid({ dimension: 1, points: 64, box: 6 }),
    );
    const wTilde = orbitalWigner(other, vlasov);
    const natural = weylOperator(wTilde, grid, epsilon);
    const M = natural.bandwidth[0];
    // (at |u| > 8 eps the kernel of this state is below round-off: the cuts are inside that)
    for (const bandwidth of [Math.floor(M / 8), Math.floor(M / 16)]) {
      const cut = weylOperator(wTilde, grid, epsilon, { bandwidth });
      const dropped2 = natural.hilbertSchmidtSquared - cut.hilbertSchmidtSquared;
      expect(dropped2).toBeGreaterThan(1e-10 * natural.hilbertSchmidtSquared);
      const bound = cut.droppedHilbertSchmidt;
      expect(bound * bound).toBeGreaterThanOrEqual(
        dropped2 - 1e-14 * natural.hilbertSchmidtSquared,
      );
      // Gershgorin's bound for 110 points against 64 modes (about 110 + the off-diagonal sums
      // that do not cancel over a partial period) and the clipped rows (n - |m| of n): a factor
      // of a few, not orders
      expect(bound * bound).toBeLessThan(4 * (128 / (128 - M)) * dropped2);
    }
  });

  it("a narrowed band: a rigorous bound of what it drops, and the interval still holds the natural operator's value", () => {
    const grid = createGrid({ dimension: 2, points: 16, box: 7 });
    const epsilon = 1 / 2;
    // velocities |v| < 3 on 16 nodes: natural band ceil(pi eps/(dv dx)) - 1 = 9 of 15 per axis
    const vlasov = { points: 16, positionBox: 7, velocityBox: 6 };
    const { omega, wTilde } = displacedThermalPair(grid, epsilon, [0.05, 0.03], vlasov);
    const natural = weylOperator(wTilde, grid, epsilon);
    expect(natural.bandTruncated).toBe(false);
    expect(natural.droppedHilbertSchmidt).toBe(0);
    const M = natural.bandwidth[0];
    expect(M).toBeGreaterThan(2);
    const dense = traceNorm(
      grid.size,
      hermitianDifference(toDense(omega).data, weylOperatorMatrix(natural)),
    );
    for (const bandwidth of [M - 1, M - 2]) {
      const cut = weylOperator(wTilde, grid, epsilon, { bandwidth });
      expect(cut.bandTruncated).toBe(true);
      // the entries kept are the natural operator's (the same F(X_s, m)), so ||E||^2 is the
      // difference of the two exact entry sums, to its rounding (1e-14 of ||A~||^2 at most)
      const dropped2 = natural.hilbertSchmidtSquared - cut.hilbertSchmidtSquared;
      expect(dropped2).toBeGreaterThan(1e-8 * natural.hilbertSchmidtSquared);
      const bound = cut.droppedHilbertSchmidt;
      expect(bound * bound).toBeGreaterThanOrEqual(
        dropped2 - 1e-14 * natural.hilbertSchmidtSquared,
      );
      // and it is within the geometry's factor of ||E||^2: the lattices are whole periods of the
      // box here (Parseval exact), and the bound also counts the lattice points of the clipped
      // rows' off-grid columns, n - |m| of n valid per axis for offset m: at most
      // (n / (n - M))^2 in 2D (measured 2.2 for M = 9 of n = 16)
      expect(bound * bound).toBeLessThan((16 / (16 - M)) ** 2 * dropped2);
      const r = certifiedTraceNorm(omega, cut, { target: 1e-3 });
      expect(r.truncation).toBeCloseTo(Math.sqrt(grid.size) * bound, 14);
      expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
      expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
    }
  });

  it("the rounding margin: at D = round-off the interval is the compensated margin's floor, below the old running-sum one (2D, n = 32^2)", () => {
    // W~ = Wigner(omega) on the half grid: omega~ = omega to round-off, so after the first block
    // (which holds omega's orbitals) every Q term is rounding and the upper end measures the margin
    const grid = createGrid({ dimension: 2, points: 32, box: 7 });
    const epsilon = 1 / 4;
    const omega = thermalState(grid, {
      epsilon,
      potential: harmonicTrap(1),
      temperature: 0.3,
      checkResolution: false,
    });
    const r = certifiedTraceNorm(omega, wignerTransform(omega), {
      target: 1e-12,
      maxIterations: 1,
    });
    const n = grid.size;
    const hs2 = r.hilbertSchmidtSquared.operator;
    // with plain running sums the squared HS norms needed 16 sqrt(n^d B) u ||A~||^2 (B = 63^2
    // offsets per row), which the upper end carries with the rank factors of its Q terms; the
    // compensated margin 16 (sqrt(B) + sqrt(n^d) + sqrt(dim)) u ||A~||^2 is 17x smaller
    const old = 16 * Math.sqrt(n * 63 * 63) * 2 ** -53 * hs2;
    const compensated = 16 * (63 + 32 + Math.sqrt(400)) * 2 ** -53 * hs2;
    const dim = r.subspaceDimension;
    // the rank factors of the upper end's two Q terms (the off-diagonal twice, the complement)
    const factor = 2 * Math.sqrt(Math.min(dim, n - dim)) + Math.sqrt(n - dim);
    expect(r.lower).toBeLessThan(1e-12);
    // measured: 3.8e-5 (1.3e-4 when the off-diagonal terms were differences of squared norms
    // too, 4.4e-5 with the complement from H) against the old floor's 4.4e-4
    expect(r.upper).toBeLessThan(0.5 * factor * Math.sqrt(old));
    // With the residuals computed, ||Q omega~ Q||_HS^2 = ||A~||^2 - ||A~ V||^2 - ||Q A~ V||^2 needs
    // no entry of H: its margin drops the sqrt(n^d) of the compensated one
    const direct = 16 * (63 + Math.sqrt(400)) * 2 ** -53 * hs2;
    expect(direct).toBeLessThan(compensated);
    // and the margin is there: the upper end is the complement's share of it, sqrt(n^d - dim)
    // sqrt(computed complement + margin), the computed complement being round-off far inside
    // +-margin/2 (measured: 0.997 sqrt((n^d - dim) direct))
    expect(r.upper).toBeGreaterThanOrEqual(Math.sqrt(0.5 * (n - dim) * direct));
    // ... and only that share: the off-diagonal terms come from residuals computed directly (their
    // rounding ~1e-12 here), so the upper end is sqrt(n^d - dim) sqrt(complement + margin) with
    // the computed complement within +-margin of 0 (measured as above);
    // the differences of squared norms would add 2 sqrt(dim) sqrt(delta) (1.9x this bound)
    expect(r.upper).toBeLessThanOrEqual(1.01 * Math.sqrt(2 * (n - dim) * direct));
  });

  it("a block cut short by maxDimension: its residuals without room join R, and every step holds the dense value", () => {
    // first block K + 8 = 16 vectors; the second block's 16 residuals fit 4, 10 or 14 of them
    const { omega, wTilde: w, difference, grid } = slaterAgainstThermal();
    const dense = traceNorm(grid.size, difference);
    let previous = Number.POSITIVE_INFINITY;
    for (const maxDimension of [20, 26, 30]) {
      const r = certifiedTraceNorm(omega, w, { target: 1e-12, maxDimension });
      expect(r.subspaceDimension).toBe(maxDimension);
      for (const h of r.history) {
        expect(h.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
        expect(h.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
      }
      // measured widths 0.93, 0.021, 6.5e-4
      expect(r.upper - r.lower).toBeLessThan(previous);
      previous = r.upper - r.lower;
    }
  });

  it("refuses linearly dependent orbitals (P must contain range(omega))", () => {
    const { omega, wTilde } = pair(256, 1, false);
    const n = omega.grid.size;
    const orbitals = omega.orbitals.slice();
    // orbital 1 := orbital 0
    orbitals.copyWithin(2 * n, 0, 2 * n);
    const broken = { ...omega, orbitals };
    expect(() => certifiedTraceNorm(broken, wTilde)).toThrow(/omega.*linearly dependent/s);
  });

  it("small 2D case against the dense value (n = 16 per axis)", () => {
    const { omega, wTilde, dense } = pair(16, 2, true, 1 / 2);
    const r = certifiedTraceNorm(omega, wTilde, { target: 1e-3 });
    expect(r.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
    expect(r.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
    expect((r.upper - r.lower) / r.upper).toBeLessThanOrEqual(1e-3);
  });
});

describe("certified Schatten intervals", () => {
  it("contain the dense ||D||_p for p = 1, 1.5, 2, 3, Infinity, and shrink as the subspace grows", () => {
    // omega the Slater state (rank 8) and W~ the Wigner function of a displaced thermal state
    // (rank ~ 40), as in "the width shrinks as the subspace grows": after 1 and 4 Krylov steps
    // (one new vector each) every interval must hold the dense value (eigenvalues of the dense
    // difference, computed independently) and the later ones must be narrower
    const { grid, omega, wTilde, difference } = slaterAgainstThermal();
    const spectrum = hermitianEigen(grid.size, difference).values;
    const exponents = [1, 1.5, 2, 3, Number.POSITIVE_INFINITY];
    const widths: number[][] = [];
    for (const maxIterations of [1, 4]) {
      const r = certifiedTraceNorm(omega, wTilde, {
        target: 1e-12,
        blockSize: 1,
        maxIterations,
        schattenExponents: exponents,
      });
      expect(r.schatten.map((s) => s.p)).toEqual(exponents);
      // p = 1 repeats the trace-norm interval's arithmetic
      expect(r.schatten[0].lower).toBeCloseTo(r.lower, 14);
      expect(r.schatten[0].upper).toBeCloseTo(r.upper, 14);
      for (const s of r.schatten) {
        const dense = schattenNormOfSpectrum(spectrum, s.p);
        // a theorem about the operators, up to the rounding allowance and the dense value's own
        // backward error (~1e-11 relative, far below the widths)
        expect(s.lower).toBeLessThanOrEqual(dense * (1 + 1e-10));
        expect(s.upper).toBeGreaterThanOrEqual(dense * (1 - 1e-10));
      }
      widths.push(r.schatten.map((s) => s.upper - s.lower));
    }
    for (let k = 0; k < exponents.length; k++) expect(widths[1][k]).toBeLessThan(widths[0][k]);
  });

  it("refuses an exponent below 1", () => {
    const { omega, wTilde } = pair(64, 1, true, 1 / 4);
    expect(() => certifiedTraceNorm(omega, wTilde, { schattenExponents: [0.5] })).toThrow(
      /schattenExponents/,
    );
  });
});
