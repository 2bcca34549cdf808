import {
  createGrid,
  createPhaseSpaceGrid,
  harmonicTrap,
  ParameterError,
} from "@semiclassical/grid";
import { orbitalWigner, thermalState, toDense, weylQuantize } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { compareDensityMatrices, compareWithWeyl, REFLECTION_TOLERANCE } from "./compare.js";
import { displacedThermalPair, hermitianWithSpectrum } from "./testing.js";

describe("compareDensityMatrices", () => {
  const grid = createGrid({ dimension: 1, points: 8, box: 4 });
  const epsilon = 0.25; // N = eps^-1 = 4

  it("refuses a non-Hermitian or non-finite omega or omega~ before any work, naming it", () => {
    // found by an independent cross-check: one upper-triangle entry gave traceNorm 0 (the
    // eigensolver reads the lower triangle) beside hilbertSchmidt 0.15 (every entry)
    const identity = () => {
      const a = new Float64Array(128);
      for (let i = 0; i < 8; i++) a[2 * (i * 8 + i)] = 1 / 8;
      return a;
    };
    const skew = identity();
    skew[2 * 5] = 0.3; // (0, 5) without its (5, 0)
    const nan = identity();
    nan[3] = Number.NaN;
    const ok = { grid, epsilon, data: identity() };
    expect(() => compareDensityMatrices(ok, { grid, data: skew })).toThrow(
      /omegaTilde\.data.*not Hermitian.*\(i, j\) = \(5, 0\)/,
    );
    expect(() => compareDensityMatrices({ grid, epsilon, data: skew }, ok)).toThrow(
      /omega\.data.*not Hermitian/,
    );
    expect(() => compareDensityMatrices(ok, { grid, data: nan })).toThrow(ParameterError);
  });

  it("gives exact values for commuting (diagonal) matrices", () => {
    // A = diag(1, 1, 1, 1, 0, ...), B = diag(1, 1, 0.5, 0.5, 0.5, 0.5, 0, 0): D = diag(0, 0, 0.5,
    // 0.5, -0.5, -0.5, 0, 0), tr|D| = 2, ||D||_HS = 1, sum |D_ii| = 2 (ratio 1), N = 4.
    const a = new Float64Array(128);
    const b = new Float64Array(128);
    [1, 1, 1, 1, 0, 0, 0, 0].forEach((x, i) => {
      a[2 * (i * 8 + i)] = x;
    });
    [1, 1, 0.5, 0.5, 0.5, 0.5, 0, 0].forEach((x, i) => {
      b[2 * (i * 8 + i)] = x;
    });
    const result = compareDensityMatrices({ grid, epsilon, data: a }, { grid, data: b });
    expect(result.traceNorm).toBeCloseTo(2 / 4, 15);
    expect(result.hilbertSchmidt).toBeCloseTo(1 / 2, 15);
    expect(result.densityL1).toBeCloseTo(2 / 4, 15);
    expect(result.densityBound?.ratio).toBeCloseTo(1, 14);
    expect(result.densityBound?.holds).toBe(true);
    // Plancherel: (eps / 2 pi)^(1/2) ||D||_HS.
    expect(result.wignerL2).toBeCloseTo(Math.sqrt(epsilon / (2 * Math.PI)), 15);
    expect(result.particleNumber).toEqual({ quantum: 4, vlasov: 4 });
    // A diagonal omega commutes with x.
    const commutators = compareDensityMatrices(
      { grid, epsilon, data: a },
      { grid, data: b },
      { metrics: ["commutator", "rho-commutator"] },
    );
    expect(commutators.commutator).toEqual([0]);
    expect(commutators.rhoCommutator?.lInfinity).toEqual([0]);
    expect(commutators.traceNorm).toBeUndefined();
  });

  it("returns zero distances for identical states and validates its input", () => {
    const data = hermitianWithSpectrum([1, 1, 0.5, 0.3, 0.2, 0, 0, 0], 4);
    const same = compareDensityMatrices({ grid, epsilon, data }, { grid, data });
    expect(same.traceNorm).toBe(0);
    expect(same.hilbertSchmidt).toBe(0);
    expect(same.densityL1).toBe(0);
    const other = createGrid({ dimension: 1, points: 8, box: 5 });
    expect(() => compareDensityMatrices({ grid, epsilon, data }, { grid: other, data })).toThrow(
      ParameterError,
    );
    expect(() =>
      compareDensityMatrices(
        { grid, epsilon, data },
        { grid, data },
        {
          metrics: ["energy" as "trace-norm"],
        },
      ),
    ).toThrow(/metrics/);
  });

  it("schatten: N^(-1/p) ||omega - omega~||_p from the spectrum of the difference", () => {
    // D = A - B has the prescribed spectrum below (hermitianWithSpectrum: a random unitary
    // conjugation), so the norms are known in closed form; the eigen-solver is backward stable
    // (error <~ n eps ||D|| ~ 1e-14 here).
    const spectrum = [0.9, -0.6, 0.3, 0.2, -0.1, 0, 0, 0.05];
    const b = hermitianWithSpectrum([1, 1, 0.5, 0.3, 0.2, 0, 0, 0], 4);
    const d = hermitianWithSpectrum(spectrum, 11);
    const a = Float64Array.from(b, (x, i) => x + d[i]);
    const N = 4;
    const result = compareDensityMatrices(
      { grid, epsilon, data: a },
      { grid, data: b },
      { metrics: ["schatten", "trace-norm"], schattenExponents: [1, 3, "inf"] },
    );
    const p3 = spectrum.reduce((s, x) => s + Math.abs(x) ** 3, 0) ** (1 / 3);
    expect(result.schatten?.map((s) => s.p)).toEqual([1, 3, "inf"]);
    const [s1, s3, sInf] = result.schatten?.map((s) => s.value) ?? [];
    expect(s1).toBeCloseTo(2.15 / N, 13);
    // the same spectrum, summed in another order (scaled by its largest entry): a few ulps
    expect(Math.abs(s1 - (result.traceNorm as number))).toBeLessThan(1e-15);
    expect(s3).toBeCloseTo(p3 / N ** (1 / 3), 13);
    expect(sInf).toBeCloseTo(0.9, 13);
    expect(() =>
      compareDensityMatrices(
        { grid, epsilon, data: a },
        { grid, data: b },
        { metrics: ["schatten"], schattenExponents: [0.5] },
      ),
    ).toThrow(/schattenExponents\[0\]/);
  });
  it("overwriteOmegaTilde: the same numbers, with omega - omega~ left in omegaTilde.data", () => {
    // Every metric reads omega~ before the difference is formed in its buffer, so the results are
    // bit for bit those of the default (a separate difference), and omega~'s buffer ends as A - B.
    const b = hermitianWithSpectrum([1, 1, 0.5, 0.3, 0.2, 0, 0, 0], 4);
    const d = hermitianWithSpectrum([0.9, -0.6, 0.3, 0.2, -0.1, 0, 0, 0.05], 11);
    const a = Float64Array.from(b, (x, i) => x + d[i]);
    const metrics = [
      "trace-norm",
      "hilbert-schmidt",
      "density-l1",
      "wigner-l2",
      "schatten",
      "commutator",
      "rho-commutator",
    ] as const;
    const kept = compareDensityMatrices({ grid, epsilon, data: a }, { grid, data: b }, { metrics });
    const buffer = b.slice();
    const reused = compareDensityMatrices(
      { grid, epsilon, data: a },
      { grid, data: buffer },
      { metrics, overwriteOmegaTilde: true },
    );
    expect(reused).toEqual(kept);
    expect(Array.from(buffer)).toEqual(Array.from(a, (x, i) => x - b[i]));
  });
  it("an orbital omega gives the numbers of its dense form (toDense) bit for bit", () => {
    // subtractFromDense forms A - B from the orbitals with toDense's entries, and the diagonal
    // (traces, density) from the same entries, so every metric agrees exactly.
    const orbitals = Float64Array.from({ length: 2 * 8 * 3 }, (_, q) => Math.sin(1.3 * q + 0.4));
    const state = {
      form: "orbital" as const,
      grid,
      epsilon,
      occupations: Float64Array.of(1, 0.5, 0.25),
      orbitals,
    };
    const b = hermitianWithSpectrum([1, 1, 0.5, 0.3, 0.2, 0, 0, 0], 4);
    const metrics = [
      "trace-norm",
      "hilbert-schmidt",
      "density-l1",
      "wigner-l2",
      "commutator",
    ] as const;
    const dense = compareDensityMatrices(toDense(state), { grid, data: b }, { metrics });
    const buffer = b.slice();
    expect(compareDensityMatrices(state, { grid, data: buffer }, { metrics })).toEqual(dense);
    expect(buffer).toEqual(b);
    const reused = compareDensityMatrices(
      state,
      { grid, data: buffer },
      { metrics, overwriteOmegaTilde: true },
    );
    expect(reused).toEqual(dense);
    const a = toDense(state).data;
    expect(Array.from(buffer)).toEqual(Array.from(a, (x, i) => x - b[i]));
  });

  it("finds the spectrum in the reflection's sectors for a symmetric pair, within its bound", () => {
    // omega = thermal T = 0.3 in x^2 and W~ = the Wigner function of the thermal T = 0.4 state,
    // on grids centered at 0: omega - omega~ commutes with the reflection up to the Wigner
    // grid's resolution. The sectors' trace norm is a lower bound (pinching) of the full one,
    // within the reported bound; the full spectrum's rounding (~n eps_mach tr|D| = 1e-14
    // relative) is the slack. A displaced trap breaks the symmetry: the full spectrum, bit for bit.
    const fine = createGrid({ dimension: 1, points: 64, box: 8 });
    const vlasov = { points: 64, positionBox: 8, velocityBox: 6 };
    const phaseSpace = createPhaseSpaceGrid(
      createGrid({ dimension: 1, points: vlasov.points, box: vlasov.positionBox }),
      createGrid({ dimension: 1, points: vlasov.points, box: vlasov.velocityBox }),
    );
    const thermal = (temperature: number) =>
      thermalState(fine, {
        epsilon,
        potential: harmonicTrap(1),
        temperature,
        checkResolution: false,
      });
    const metrics = ["trace-norm", "schatten"] as const;
    const omega = thermal(0.3);
    const wTilde = orbitalWigner(thermal(0.4), phaseSpace);
    const sectors = compareDensityMatrices(omega, weylQuantize(wTilde, fine, epsilon), { metrics });
    const full = compareDensityMatrices(omega, weylQuantize(wTilde, fine, epsilon), {
      metrics,
      reflectionSectors: false,
    });
    expect(full.reflectionBound).toBeUndefined();
    const bound = sectors.reflectionBound as number;
    expect(bound).toBeGreaterThanOrEqual(0);
    // accepted only within REFLECTION_TOLERANCE of the value (||S||_F <= ||S||_1)
    expect(bound).toBeLessThanOrEqual(REFLECTION_TOLERANCE * (sectors.traceNorm as number));
    const [a, b] = [full.traceNorm as number, sectors.traceNorm as number];
    expect(b).toBeLessThanOrEqual(a * (1 + 1e-13));
    expect(a - b).toBeLessThanOrEqual(bound + 1e-13 * a);
    const operator = (r: typeof full) => r.schatten?.find((x) => x.p === "inf")?.value as number;
    expect(Math.abs(operator(full) - operator(sectors))).toBeLessThanOrEqual(bound / epsilon);

    const displaced = displacedThermalPair(fine, epsilon, [0.05], vlasov);
    const tilde = () => weylQuantize(displaced.wTilde, fine, epsilon);
    const asymmetric = compareDensityMatrices(displaced.omega, tilde(), { metrics });
    expect(asymmetric.reflectionBound).toBeUndefined();
    expect(asymmetric).toEqual(
      compareDensityMatrices(displaced.omega, tilde(), { metrics, reflectionSectors: false }),
    );
  });
});

describe("compareWithWeyl", () => {
  // omega a thermal state in the trap, W~ the Wigner function of the displaced one on a coarser
  // Vlasov-like grid (metrics' testing fixture): a distance far from round-off.
  const grid = createGrid({ dimension: 1, points: 128, box: 8 });
  const epsilon = 1 / 8;
  const { omega, wTilde } = displacedThermalPair(grid, epsilon, [0.3], {
    points: 64,
    positionBox: 8,
    velocityBox: 4,
  });
  const metrics = ["trace-norm", "hilbert-schmidt", "density-l1", "wigner-l2", "schatten"] as const;

  it("equals compareDensityMatrices(omega, weylQuantize(W~)) to round-off, for an orbital and a dense omega", () => {
    for (const state of [omega, toDense(omega)]) {
      const expected = compareDensityMatrices(state, weylQuantize(wTilde, grid, epsilon), {
        metrics: [...metrics],
      });
      const found = compareWithWeyl(state, wTilde, { metrics: [...metrics] });
      expect(found.traceNorm).toBeGreaterThan(1e-3);
      // the same operator to ~1e-16 relative per entry (W~ interpolated in the other order):
      // the distances to 1e-12 relative
      for (const key of ["traceNorm", "hilbertSchmidt", "densityL1", "wignerL2"] as const) {
        expect(Math.abs((found[key] as number) - (expected[key] as number))).toBeLessThan(
          1e-12 * (expected[key] as number),
        );
      }
      found.schatten?.forEach((s, i) => {
        const e = expected.schatten?.[i].value as number;
        expect(Math.abs(s.value - e)).toBeLessThan(1e-12 * e);
      });
      expect(found.particleNumber.quantum).toBe(expected.particleNumber.quantum);
      expect(Math.abs(found.particleNumber.vlasov - expected.particleNumber.vlasov)).toBeLessThan(
        1e-12,
      );
      expect(found.densityBound?.holds).toBe(true);
    }
  });

  it("takes weylQuantize's matrix for the metrics that need it", () => {
    const state = toDense(omega);
    const expected = compareDensityMatrices(state, weylQuantize(wTilde, grid, epsilon), {
      metrics: ["commutator", "rho-commutator", "trace-norm"],
    });
    const found = compareWithWeyl(state, wTilde, {
      metrics: ["commutator", "rho-commutator", "trace-norm"],
    });
    // the same path: the same numbers
    expect(found).toEqual(expected);
  });
});
