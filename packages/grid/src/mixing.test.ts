import { describe, expect, it } from "vitest";
import { ParameterError } from "./errors.js";
import { Mixer } from "./mixing.js";

/**
 * The fixed point of the affine map g(x) = A x + b with a symmetric contraction A (eigenvalues
 * 0.9 cos(k), so linear mixing contracts slowly) is x* = (1 - A)^-1 b, solved here directly.
 */
function problem(L: number) {
  const a = new Float64Array(L * L);
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) a[i * L + j] = (0.9 / L) * Math.cos((i - j) * 0.7);
  }
  const b = Float64Array.from({ length: L }, (_, i) => Math.sin(i + 1));
  const g = (x: Float64Array) => {
    const out = new Float64Array(L);
    for (let i = 0; i < L; i++) {
      let s = b[i];
      for (let j = 0; j < L; j++) s += a[i * L + j] * x[j];
      out[i] = s;
    }
    return out;
  };
  return { g };
}

function iterate(mixer: Mixer, g: (x: Float64Array) => Float64Array, L: number) {
  let x: Float64Array = new Float64Array(L);
  for (let k = 1; k <= 500; k++) {
    const y = g(x);
    let residual = 0;
    for (let i = 0; i < L; i++) residual = Math.max(residual, Math.abs(y[i] - x[i]));
    if (residual < 1e-12) return { x, iterations: k };
    x = mixer.next(x, y);
  }
  return { x, iterations: Number.POSITIVE_INFINITY };
}

describe("Mixer", () => {
  const L = 12;
  const { g } = problem(L);

  it("converges to the fixed point, Anderson in far fewer iterations than linear mixing", () => {
    const linear = iterate(new Mixer({ method: "linear", weight: 0.5 }), g, L);
    const anderson = iterate(new Mixer({ method: "anderson", weight: 0.5, history: 5 }), g, L);
    // Both stop at a residual below 1e-12; the contraction of g is <= 0.9 per step, so the error
    // is below 1e-12 / (1 - 0.9) = 1e-11.
    const fixed = g(anderson.x);
    for (let i = 0; i < L; i++) {
      expect(Math.abs(fixed[i] - anderson.x[i])).toBeLessThan(1e-11);
      expect(Math.abs(linear.x[i] - anderson.x[i])).toBeLessThan(2e-11);
    }
    // Anderson is exact on an affine map once its history spans the relevant subspace (here the
    // range of A has rank <= 2 for cos((i - j) k)): a handful of steps against tens for linear.
    expect(anderson.iterations).toBeLessThan(10);
    expect(linear.iterations).toBeGreaterThan(3 * anderson.iterations);
  });

  it("refuses bad options with the parameter named", () => {
    expect(() => new Mixer({ weight: 0 })).toThrow(ParameterError);
    expect(() => new Mixer({ method: "broyden" as "linear" })).toThrow(/method/);
  });
});
