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
});
