import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { abs } from "./complex.js";
import { dielectricFunction, solveDispersionRelation } from "./dispersion.js";

const maxwellian = [{ density: 1, drift: 0, thermalVelocity: 1 }];

describe("dispersion relation", () => {
  it("gives the published Landau root at k = 0.5: omega = 1.4156 - 0.1533 i", () => {
    const omega = solveDispersionRelation(0.5, maxwellian, { re: 1.4, im: -0.15 });
    // published truncated to 4 decimals (the root is 1.415662 - 0.153359 i), so agreement to
    // one unit of the last published digit
    expect(Math.abs(omega.re - 1.4156)).toBeLessThan(1e-4);
    expect(Math.abs(omega.im + 0.1533)).toBeLessThan(1e-4);
    expect(abs(dielectricFunction(0.5, omega, maxwellian))).toBeLessThan(1e-12);
  });

  it("reduces to the cold two-stream growth rate for thin beams", () => {
    const k = 0.3;
    const u = 2;
    const sigma = 0.01;
    const beams = [
      { density: 0.5, drift: u, thermalVelocity: sigma },
      { density: 0.5, drift: -u, thermalVelocity: sigma },
    ];
    // cold beams: (omega^2 + a^2) = (omega^2 - a^2)^2 with a = k u, so
    // gamma^2 = sqrt(2 a^2 + 1/4) - a^2 - 1/2 for omega = i gamma (a^2 < 1)
    const a = k * u;
    const cold = Math.sqrt(Math.sqrt(2 * a * a + 0.25) - a * a - 0.5);
    const omega = solveDispersionRelation(k, beams, { re: 0, im: cold * 1.1 });
    // warm corrections to chi_s are 3 k^2 sigma^2 / |omega - k u_s|^2 ~ 4e-5 relative
    // (next term of the large-zeta expansion of 1 + zeta Z), so gamma agrees to 2e-4
    expect(Math.abs(omega.im - cold)).toBeLessThan(2e-4 * cold);
    expect(Math.abs(omega.re)).toBeLessThan(1e-10);
  });

  it("rejects bad input", () => {
    expect(() => solveDispersionRelation(0, maxwellian, { re: 1, im: 0 })).toThrow(ParameterError);
    expect(() =>
      solveDispersionRelation(0.5, [{ density: 1, drift: 0, thermalVelocity: 0 }], {
        re: 1,
        im: 0,
      }),
    ).toThrow(/thermalVelocity/);
    // dielectricFunction checks the same (it threw a TypeError for beams not an array)
    const beams = undefined as unknown as [];
    expect(() => dielectricFunction(0.5, { re: 1, im: 0 }, beams)).toThrow(ParameterError);
    expect(() => dielectricFunction(0.5, { re: 1, im: 0 }, [])).toThrow(/beams/);
    expect(() => dielectricFunction(0, { re: 1, im: 0 }, maxwellian)).toThrow(/k/);
  });
});
