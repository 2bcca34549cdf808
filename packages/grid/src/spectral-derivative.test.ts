import { describe, expect, it } from "vitest";
import { createGrid, meshCoordinates } from "./grid.js";
import { spectralDerivative } from "./spectral-derivative.js";
import { maxAbs, maxAbsDiff, trigonometricPolynomial } from "./testing.js";

describe("spectralDerivative", () => {
  it.each([0, 1])(
    "differentiates band-limited periodic data along axis %i to round-off",
    (axis) => {
      // (i k)^m F_k is exact for trigonometric polynomials; round-off grows like k_max^m * 1e-16 *
      // sum |coefficients| (k_max = 2 pi * 7 / L ~ 11 here): tolerance 1e-12 * k_max^m.
      const grid = createGrid({ dimension: 2, points: [16, 32], box: [4, 6], center: [0.3, -1] });
      const [x, y] = meshCoordinates(grid);
      const n = grid.shape[axis];
      const f = trigonometricPolynomial(n / 2 - 1, grid.box[axis], 60 + axis);
      const other = (v: number) => 1 + 0.5 * Math.cos((2 * Math.PI * v) / grid.box[1 - axis]);
      const coords = axis === 0 ? [x, y] : [y, x];
      const values = Float64Array.from(coords[0], (u, i) => f.value(u) * other(coords[1][i]));
      const kMax = (2 * Math.PI * (n / 2 - 1)) / grid.box[axis];
      for (const order of [1, 2, 3]) {
        const derivative = spectralDerivative(values, grid, axis, undefined, order);
        const expected = Float64Array.from(
          coords[0],
          (u, i) => f.derivative(u, order) * other(coords[1][i]),
        );
        expect(maxAbsDiff(derivative, expected)).toBeLessThan(1e-12 * kMax ** order);
      }
    },
  );

  it("works in place and sends the Nyquist mode to zero for odd orders", () => {
    const grid = createGrid({ dimension: 1, points: 16, box: 2 });
    const values = Float64Array.from({ length: 16 }, (_, j) => (j % 2 === 0 ? 1 : -1));
    spectralDerivative(values, grid, 0, values);
    expect(maxAbs(values)).toBeLessThan(1e-14);
  });
});
