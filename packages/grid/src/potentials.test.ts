import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import { coulombTrap } from "./potentials.js";

describe("coulombTrap", () => {
  it("is -Z/sqrt(|x|^2 + a^2) with its exact gradient in every dimension", () => {
    const trap = coulombTrap(2, 0.5);
    // at the nucleus the minimum -Z/a; at |x| = 3/4, a = 1/2: -2/sqrt(13/16) exactly
    expect(trap.value([0, 0, 0], 0)).toBe(-4);
    expect(trap.value([0.75], 0)).toBeCloseTo(-2 / Math.sqrt(13 / 16), 15);
    for (const x of [[0.3], [0.3, -0.7], [0.3, -0.7, 1.1]]) {
      const g = new Array<number>(x.length).fill(0);
      trap.gradient(x, 0, g);
      for (let a = 0; a < x.length; a++) {
        // 4th-order central difference, h = 1e-3: truncation ~ h^4 |V^(5)| ~ 1e-11, round-off
        // ~ 1e-16 / h ~ 1e-13; 1e-9 leaves room for both and fails on any wrong factor
        const h = 1e-3;
        const at = (s: number) =>
          trap.value(
            x.map((y, b) => (b === a ? y + s * h : y)),
            0,
          );
        const fd = (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * h);
        expect(Math.abs(g[a] - fd)).toBeLessThan(1e-9);
      }
    }
  });

  it("refuses a non-positive charge or softening, naming the field", () => {
    expect(() => coulombTrap(0, 0.5)).toThrow(ParameterError);
    expect(() => coulombTrap(1, 0)).toThrow(/trap.softening/);
    expect(() => coulombTrap(1, -1)).toThrow(/trap.softening/);
  });
});
