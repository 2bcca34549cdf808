import { describe, expect, it } from "vitest";
import { chemicalPotential, fermiDiracOccupations } from "./fermi-dirac.js";

describe("Fermi-Dirac occupations", () => {
  it("chemical potential solves sum f = N to round-off", () => {
    const e = Float64Array.from({ length: 40 }, (_, j) => 0.1 * j + 0.01 * j * j);
    const mu = chemicalPotential(e, 12.5, 0.3);
    const total = fermiDiracOccupations(e, mu, 0.3).reduce((s, x) => s + x, 0);
    expect(Math.abs(total - 12.5)).toBeLessThan(1e-12);
  });
});
