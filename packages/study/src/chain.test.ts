import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { CHAIN_DISTANCES, type ChainRow, runChain } from "./chain.js";
import { type ChainConfigInput, planChain, resolveManyBodyConfig } from "./chain-config.js";

/** A tiny chain: 1D Slater in the trap x^2, Gaussian V, Hartree-Fock, t = 0.1, box 8, 32 points. */
function tiny(overrides: Partial<ChainConfigInput> = {}): ChainConfigInput {
  return {
    name: "tiny-chain",
    dimension: 1,
    N: [2, 3],
    state: { kind: "slater", temperature: 0, trap: { kind: "harmonic", strength: 1 } },
    interaction: { kind: "gaussian", lambda: 1, sigma: 1 },
    dynamics: { model: "hartree-fock", trap: "keep", tFinal: 0.1, dt: 0.01, times: [0.05, 0.1] },
    grid: { box: 8 },
    manyBody: { method: "grid", points: 32 },
    ...overrides,
  } as ChainConfigInput;
}

describe("runChain", () => {
  it("V = 0 from a Slater determinant: gamma_t = omega_t to round-off (quasi-free)", async () => {
    const result = await runChain(tiny({ N: [2, 3], interaction: { kind: "none" } }));
    expect(result.rows).toHaveLength(6);
    for (const row of result.rows) {
      // The many-body and Hartree-Fock steps are the same unitary substeps (matched splitting),
      // so only round-off separates them: ~1e-15 per operation, 1e-12 leaves 1000x headroom.
      expect(row.manyBodyVsHartreeFock).toBeLessThan(1e-12);
    }
  });

  it("N = 1: the many-body dynamics equals the one-body one, up to HF's splitting error", async () => {
    // For one particle H_1 has no pair term, and the exact Hartree-Fock mean field cancels:
    // [J - K, |phi><phi|] = 0. The Hartree-Fock scheme splits J (exact phase) from K (implicit
    // midpoint), so only its splitting error O(dt^2) separates omega_t from gamma_t: the distance
    // must fall by 2^2 when dt is halved (order 2; 3..5 allows the O(dt^4) remainder) and stay
    // far below the physical N = 2 distance (~1e-3, next test).
    const at = async (dt: number) => {
      const dynamics = { model: "hartree-fock", trap: "keep", tFinal: 0.1, dt, times: [0.1] };
      const result = await runChain(tiny({ N: [1], dynamics } as Partial<ChainConfigInput>));
      return (result.rows.at(-1) as ChainRow).manyBodyVsHartreeFock;
    };
    const coarse = await at(0.01);
    const fine = await at(0.005);
    expect(coarse).toBeLessThan(1e-5);
    expect(coarse / fine).toBeGreaterThan(3);
    expect(coarse / fine).toBeLessThan(5);
  });

  it("gives three distances with floors per row; grid and basis methods agree to the floor", async () => {
    const rows: ChainRow[] = [];
    const grid = await runChain(tiny(), { onRow: (r) => rows.push(r) });
    expect(rows).toHaveLength(6); // N = 2, 3 at t = 0, 0.05, 0.1, streamed
    for (const row of grid.rows) {
      for (const d of CHAIN_DISTANCES) {
        expect(Number.isFinite(row[d])).toBe(true);
        expect(row[`${d}Floor`]).toBeGreaterThanOrEqual(0);
        // Triangle inequality of the trace norm: gamma - omega~ = (gamma - omega) + (omega - omega~).
      }
      expect(row.manyBodyVsVlasov).toBeLessThanOrEqual(
        row.manyBodyVsHartreeFock + row.hartreeFockVsVlasov + 1e-14,
      );
      // The grid method's floor is its refinement change (32 -> 64 points per axis, measured at
      // every N here): positive (the grids differ) and far below the distances (~1e-4).
      expect(row.manyBodyFloorN).toBe(row.N);
      expect(row.manyBodyVsHartreeFockFloor).toBe(row.manyBodyFloor);
      expect(row.manyBodyFloor).toBeGreaterThan(0);
      expect(row.manyBodyFloor).toBeLessThan(1e-6);
      if (row.t > 0) {
        expect(row.manyBodyVsHartreeFockVerdict).toBe("resolved");
        expect(row.hartreeFockVsVlasovVerdict).toBe("resolved");
        expect(row.manyBodyVsHartreeFock).toBeGreaterThan(1e-6); // the interaction correlates
      }
    }
    const fits = grid.fits.filter((f) => f.t === 0.1);
    expect(fits).toHaveLength(6); // three distances, in eps and in 1/N
    for (const fit of fits) expect(fit.slope).not.toBeNull();
    // In 1D eps = 1/N: both fits are the same line.
    const [a, b] = fits.filter((f) => f.distance === "manyBodyVsHartreeFock");
    expect(a.slope).toBeCloseTo(b.slope as number, 12);

    // The basis method (M = 12, floor against M' = 16 orbitals) on the same 32-point grid for
    // N = 2: |d(gamma_grid, omega) - d(gamma_basis, omega)| <= d(gamma_grid, gamma_basis), which is
    // the basis truncation error, so it must lie within a few basis floors (factor 3: the floor
    // is the M -> M' change, an estimate of the M -> infinity error of a geometric tail).
    const basis = await runChain(
      tiny({ N: [2], manyBody: { method: "basis", points: 32, basisSize: 12 } }),
    );
    for (const row of basis.rows.filter((r) => r.t > 0)) {
      const g = grid.rows.find((r) => r.N === 2 && r.t === row.t) as ChainRow;
      expect(Math.abs(g.manyBodyVsHartreeFock - row.manyBodyVsHartreeFock)).toBeLessThan(
        3 * row.manyBodyVsHartreeFockFloor,
      );
    }
  });
});

describe('runChain from the interacting ground state (manyBody.initial "ground")', () => {
  const ground = (manyBody: object, overrides: Partial<ChainConfigInput> = {}) =>
    tiny({
      N: [2],
      state: { kind: "ground", trap: { kind: "harmonic", strength: 1 } },
      manyBody: { points: 32, initial: "ground", ...manyBody },
      ...overrides,
    } as Partial<ChainConfigInput>);

  it("V = 0: the exact and the Hartree-Fock ground states are the same Slater determinant", async () => {
    const result = await runChain(ground({ method: "grid" }, { interaction: { kind: "none" } }));
    // Lanczos stops at the residual 1e-9 of the unit vector; the state error is <= residual / gap
    // with the gap 2 eps = 1 of H_N^0 at N = 2: 1e-8 leaves 10x.
    for (const row of result.rows) {
      expect(row.groundStateCorrelation).toBeLessThan(1e-8);
      expect(row.manyBodyVsHartreeFock).toBeLessThan(1e-8);
    }
  });

  it("V on: the correlation at t = 0 is a result, the same for both methods to their floors", async () => {
    const grid = await runChain(ground({ method: "grid" }));
    const basis = await runChain(ground({ method: "basis", basisSize: 12 }));
    for (const result of [grid, basis]) {
      const [first, ...later] = result.rows;
      expect(first.t).toBe(0);
      expect(first.initial).toBe("ground");
      const correlation = first.groundStateCorrelation as number;
      expect(correlation).toBe(first.manyBodyVsHartreeFock);
      // The Gaussian V correlates the N = 2 ground state (~7e-4, measured) far above the floors.
      expect(correlation).toBeGreaterThan(1e-5);
      expect(first.manyBodyVsHartreeFockVerdict).toBe("resolved");
      expect(first.hartreeFockVsVlasovVerdict).toBe("initial"); // omega_0 vs Weyl(Wigner(omega_0))
      for (const row of later) {
        expect(row.groundStateCorrelation).toBe(correlation);
        // Trap kept: gamma_0 (an eigenstate of H_N) and omega_0 (a fixed point of Hartree-Fock)
        // are stationary, so only the splitting error O(dt^2) of the Strang steps (measured
        // 1e-4 relative for the grid method, 1.4e-3 for the basis method whose Krylov steps are
        // exact while Hartree-Fock's are not) moves the distance: 1% bounds both.
        expect(Math.abs(row.manyBodyVsHartreeFock - correlation)).toBeLessThan(1e-2 * correlation);
      }
      // The t = 0 distance is fitted (it is a result); with one N it has no slope, and why.
      const fit = result.fits.find((f) => f.t === 0 && f.distance === "manyBodyVsHartreeFock");
      expect(fit?.reason).toMatch(/1 resolved row/);
      expect(result.fits.some((f) => f.t === 0 && f.distance === "hartreeFockVsVlasov")).toBe(
        false,
      );
    }
    // |d(gamma_grid, omega) - d(gamma_basis, omega)| <= d(gamma_grid, gamma_basis) <= the two
    // methods' errors: within 3 basis floors (as above) plus the grid floor.
    const g = grid.rows[0];
    const b = basis.rows[0];
    expect(Math.abs(g.manyBodyVsHartreeFock - b.manyBodyVsHartreeFock)).toBeLessThan(
      3 * b.manyBodyFloor + g.manyBodyFloor,
    );
  });
});

describe("planChain refuses bad input before any work", () => {
  it("N too large for the grid method: the bytes and the fix", async () => {
    const config = tiny({ N: [2, 6] });
    expect(() => planChain(config)).toThrow(ParameterError);
    expect(() => planChain(config)).toThrow(/N\[1\].*GiB.*manyBody\.points/);
    let progressed = false;
    await expect(runChain(config, { onProgress: () => (progressed = true) })).rejects.toThrow(
      /N\[1\]/,
    );
    expect(progressed).toBe(false);
  });

  it("names the field of a bad manyBody section", () => {
    expect(() => resolveManyBodyConfig(undefined)).toThrow(/^manyBody: is required/);
    expect(() => resolveManyBodyConfig({ method: "exact" })).toThrow(/^manyBody\.method/);
    expect(() => resolveManyBodyConfig({ method: "grid", size: 3 })).toThrow(/^manyBody\.size/);
    expect(() =>
      resolveManyBodyConfig({ method: "basis", basisSize: 8, largerBasisSize: 8 }),
    ).toThrow(/^manyBody\.largerBasisSize: must exceed/);
    expect(() => resolveManyBodyConfig({ method: "grid", points: 24 })).toThrow(/power of two/);
    expect(() =>
      planChain(tiny({ interaction: { kind: "power", lambda: 1, alpha: 0.25 } })),
    ).toThrow(/^interaction\.kind/);
    expect(() =>
      planChain(tiny({ N: [2], manyBody: { method: "basis", basisSize: 30, points: 32 } })),
    ).toThrow(/exceed the 32 points/);
  });

  it("manyBody.initial and manyBody.refinedPoints: defaults, field names and fixes", () => {
    const defaults = resolveManyBodyConfig({ method: "grid" });
    expect(defaults.initial).toBe("slater");
    expect(defaults.refinedPoints).toBeUndefined();
    expect(() => resolveManyBodyConfig({ method: "grid", initial: "exact" })).toThrow(
      /^manyBody\.initial: must be "slater" or "ground"/,
    );
    expect(() => resolveManyBodyConfig({ method: "grid", refinedPoints: 48 })).toThrow(
      /^manyBody\.refinedPoints: must be a power of two/,
    );
    expect(() => resolveManyBodyConfig({ method: "grid", points: 32, refinedPoints: 32 })).toThrow(
      /^manyBody\.refinedPoints: must exceed manyBody\.points = 32/,
    );
    expect(() => resolveManyBodyConfig({ method: "basis", refinedPoints: 64 })).toThrow(
      /^manyBody\.refinedPoints: belongs to the grid method/,
    );
    // gamma_0 and omega_0 must be the same kind of state.
    expect(() => planChain(tiny({ manyBody: { method: "grid", initial: "ground" } }))).toThrow(
      /^state\.kind: manyBody\.initial "ground".*set state\.kind to "ground"/,
    );
    expect(() =>
      planChain(
        tiny({
          state: { kind: "ground", trap: { kind: "harmonic", strength: 1 } },
        } as Partial<ChainConfigInput>),
      ),
    ).toThrow(/^state\.kind: manyBody\.initial "slater"/);
    expect(() =>
      planChain(
        tiny({
          state: { kind: "ground", temperature: 0.1, trap: { kind: "harmonic", strength: 1 } },
          manyBody: { method: "grid", initial: "ground" },
        } as Partial<ChainConfigInput>),
      ),
    ).toThrow(/^state\.temperature: manyBody\.initial "ground" compares ground states/);
  });

  it("the grid method's refinement: per N when it fits, else a smaller N's floor, else refused", async () => {
    // 32 points: N = 2 refines to 64^2, N = 3 to 64^3 x 64 B = 16 MiB. A 4 MiB budget holds
    // N = 3 on 32^3 (2 MiB) but not its refinement: N = 3 reports N = 2's floor.
    const budget = { maxBytes: 4 * 2 ** 20 };
    const plan = planChain(tiny({ budget } as Partial<ChainConfigInput>));
    const [two, three] = plan.cases;
    expect(two.refinedGrid?.size).toBe(64);
    expect(two.floorFromN).toBe(2);
    expect(three.refinedGrid).toBeUndefined();
    expect(three.floorFromN).toBe(2);
    const rows = (await runChain(tiny({ budget } as Partial<ChainConfigInput>))).rows;
    for (const row of rows.filter((r) => r.N === 3)) {
      const source = rows.find((r) => r.N === 2 && r.t === row.t) as ChainRow;
      expect(row.manyBodyFloorN).toBe(2);
      expect(row.manyBodyFloor).toBe(source.manyBodyFloor);
    }
    expect(() => planChain(tiny({ N: [3], budget } as Partial<ChainConfigInput>))).toThrow(
      /^manyBody\.refinedPoints: .*N = 3.*64 points per axis.*budget\.maxBytes/,
    );
    // The ground state's Lanczos vectors count in the budget: 32^3 x 448 B = 14 MiB > 4 MiB.
    expect(() =>
      planChain(
        tiny({
          N: [3],
          budget,
          state: { kind: "ground", trap: { kind: "harmonic", strength: 1 } },
          manyBody: { method: "grid", points: 32, initial: "ground" },
        } as Partial<ChainConfigInput>),
      ),
    ).toThrow(/^N\[0\]: N = 3 on 32 points/);
  });
});

describe("resolving a chain config", () => {
  it("is idempotent: a resolved config (grid or basis method) resolves to itself", async () => {
    const { CHAIN_PRESETS } = await import("./chain-presets.js");
    for (const preset of CHAIN_PRESETS) {
      const once = planChain(preset.config).config;
      const twice = planChain(once).config;
      expect(JSON.stringify(twice), preset.name).toBe(JSON.stringify(once));
    }
  });
});
