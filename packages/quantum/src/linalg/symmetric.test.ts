import { ParameterError } from "@semiclassical/grid";
import { describe, expect, it } from "vitest";
import { seededGaussian } from "./fixtures.js";
import { symmetricEigen } from "./symmetric.js";

const EPS = 2 ** -52;

function residualAndOrthonormality(
  n: number,
  a: Float64Array,
  values: Float64Array,
  x: Float64Array,
) {
  let residual = 0;
  let orthonormality = 0;
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let r = -values[k] * x[i * n + k];
      for (let j = 0; j < n; j++) r += a[i * n + j] * x[j * n + k];
      sum += r * r;
    }
    residual = Math.max(residual, Math.sqrt(sum));
    for (let l = 0; l <= k; l++) {
      let dot = k === l ? -1 : 0;
      for (let i = 0; i < n; i++) dot += x[i * n + k] * x[i * n + l];
      orthonormality = Math.max(orthonormality, Math.abs(dot));
    }
  }
  return { residual, orthonormality };
}

describe("symmetricEigen", () => {
  it("diagonalizes the 2D discrete Dirichlet Laplacian (known spectrum, degenerate pairs)", () => {
    // -Delta_h on an m x m grid (Dirichlet): eigenvalues mu_p + mu_q, mu_p = 2 - 2 cos(p pi/(m+1)),
    // with many exact degeneracies (p, q) <-> (q, p).
    const m = 6;
    const n = m * m;
    const a = new Float64Array(n * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const r = i * m + j;
        a[r * n + r] = 4;
        if (i > 0) a[r * n + r - m] = -1;
        if (i < m - 1) a[r * n + r + m] = -1;
        if (j > 0) a[r * n + r - 1] = -1;
        if (j < m - 1) a[r * n + r + 1] = -1;
      }
    }
    const mu = Array.from({ length: m }, (_, p) => 2 - 2 * Math.cos(((p + 1) * Math.PI) / (m + 1)));
    const expected = mu.flatMap((x) => mu.map((y) => x + y)).sort((x, y) => x - y);
    const { values, vectors } = symmetricEigen(n, a, { vectors: true });
    // Backward stability: errors <~ c n eps ||A|| with ||A|| <= 8; c = 10 allowed.
    const tolerance = 10 * n * EPS * 8;
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - expected[k])).toBeLessThan(tolerance);
    const { residual, orthonormality } = residualAndOrthonormality(n, a, values, vectors);
    expect(residual).toBeLessThan(tolerance);
    expect(orthonormality).toBeLessThan(10 * n * EPS);
  });

  it("satisfies A x = lambda x and the trace/Frobenius invariants on a random matrix", () => {
    const n = 40;
    const gaussian = seededGaussian(2);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const g = gaussian();
        a[i * n + j] = g;
        a[j * n + i] = g;
      }
    }
    const { values, vectors } = symmetricEigen(n, a, { vectors: true });
    const norm = Math.max(-values[0], values[n - 1]);
    const tolerance = 10 * n * EPS * norm;
    const { residual, orthonormality } = residualAndOrthonormality(n, a, values, vectors);
    expect(residual).toBeLessThan(tolerance);
    expect(orthonormality).toBeLessThan(10 * n * EPS);
    let trace = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      trace += a[i * n + i];
      sum += values[i];
    }
    expect(Math.abs(trace - sum)).toBeLessThan(n * tolerance);
  });

  it("solves 1 x 1 and 2 x 2 exactly and rejects bad input", () => {
    expect([...symmetricEigen(1, [5]).values]).toEqual([5]);
    // [[1, 2], [2, 1]]: eigenvalues -1, 3 with vectors (1, -1)/sqrt2, (1, 1)/sqrt2.
    const { values, vectors } = symmetricEigen(2, [1, 2, 2, 1], { vectors: true });
    expect(values[0]).toBeCloseTo(-1, 15);
    expect(values[1]).toBeCloseTo(3, 15);
    expect(Math.abs(vectors[0] * vectors[1] + vectors[2] * vectors[3])).toBeLessThan(4 * EPS);
    expect(Math.abs(vectors[1] - vectors[3])).toBeLessThan(4 * EPS);
    expect(() => symmetricEigen(2, [1, 2, 3])).toThrow(ParameterError);
    expect(() => symmetricEigen(1, [Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
  });
});
