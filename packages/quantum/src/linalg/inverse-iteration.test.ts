import { describe, expect, it } from "vitest";
import { seededGaussian } from "./fixtures.js";
import { lowestSymmetricEigenpairs, symmetricEigen } from "./symmetric.js";

const EPS = 2 ** -52;

/** max_k ||A x_k - lambda_k x_k|| and max_kl |x_k . x_l - delta_kl| for vector-major x (count x n). */
function quality(n: number, a: Float64Array, values: Float64Array, x: Float64Array, count: number) {
  let residual = 0;
  let orthonormality = 0;
  for (let k = 0; k < count; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let r = -values[k] * x[k * n + i];
      for (let j = 0; j < n; j++) r += a[i * n + j] * x[k * n + j];
      sum += r * r;
    }
    residual = Math.max(residual, Math.sqrt(sum));
    for (let l = 0; l <= k; l++) {
      let dot = k === l ? -1 : 0;
      for (let i = 0; i < n; i++) dot += x[k * n + i] * x[l * n + i];
      orthonormality = Math.max(orthonormality, Math.abs(dot));
    }
  }
  return { residual, orthonormality };
}

describe("lowestSymmetricEigenpairs (Householder + QL values + inverse iteration)", () => {
  it("matches symmetricEigen on a random symmetric matrix: same values, eigenpairs to round-off", () => {
    const n = 120;
    const count = 40;
    const g = seededGaussian(7);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g();
    }
    const full = symmetricEigen(n, a);
    const partial = lowestSymmetricEigenpairs(n, a, count);
    const norm = Math.max(Math.abs(full.values[0]), Math.abs(full.values[n - 1]));
    // identical QL on the identical tridiagonal: values agree to round-off of ||A||
    for (let k = 0; k < n; k++)
      expect(Math.abs(partial.values[k] - full.values[k])).toBeLessThan(10 * EPS * norm);
    // backward-stable eigenpairs: residual and orthogonality ~ n eps_mach ||A|| (margin 10)
    const q = quality(n, a, partial.values, partial.vectors, count);
    expect(q.residual).toBeLessThan(10 * n * EPS * norm);
    expect(q.orthonormality).toBeLessThan(10 * n * EPS);
  });

  it("keeps tight clusters orthonormal: Wilkinson W21+ (pairs equal to ~1e-14)", () => {
    // W21+: diagonal |10 - i|, off-diagonal 1; its largest eigenvalues come in pairs that agree
    // to ~1e-14 (Wilkinson), the hard case of inverse iteration. Take all 21 vectors.
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    }
    const partial = lowestSymmetricEigenpairs(n, a, n);
    const q = quality(n, a, partial.values, partial.vectors, n);
    expect(q.residual).toBeLessThan(100 * n * EPS * 11);
    expect(q.orthonormality).toBeLessThan(100 * n * EPS);
    // the known largest pair 10.746194182903393 (Wilkinson, The Algebraic Eigenvalue Problem)
    expect(Math.abs(partial.values[n - 1] - 10.746194182903393)).toBeLessThan(1e-13);
  });

  it("handles exact degeneracies: the 2D Dirichlet Laplacian (mu_p + mu_q = mu_q + mu_p)", () => {
    // -Delta_h on an m x m grid: eigenvalues mu_p + mu_q, mu_p = 2 - 2 cos(p pi/(m+1)), exact
    // pairs (p, q) <-> (q, p); the eigenvectors must still be orthonormal eigenpairs.
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
    const partial = lowestSymmetricEigenpairs(n, a, n);
    const mu = Array.from({ length: m }, (_, p) => 2 - 2 * Math.cos(((p + 1) * Math.PI) / (m + 1)));
    const exact = mu.flatMap((x) => mu.map((y) => x + y)).sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(Math.abs(partial.values[k] - exact[k])).toBeLessThan(1e-13);
    const q = quality(n, a, partial.values, partial.vectors, n);
    expect(q.residual).toBeLessThan(100 * n * EPS * 8);
    expect(q.orthonormality).toBeLessThan(100 * n * EPS);
  });
});
