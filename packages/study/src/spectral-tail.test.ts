import { createGrid, type Grid } from "@semiclassical/grid";
import { createOrbitalDensityMatrix, seededRandom, toDense } from "@semiclassical/quantum";
import { describe, expect, it } from "vitest";
import { spectralTailFraction } from "./guards.js";

/**
 * K orthonormal orbitals mixing the plane waves e^{i 2 pi j.x / L} of the given FFT indices by a
 * random unitary (Gram-Schmidt of random complex combinations): omega = sum_k lambda_k
 * |phi_k><phi_k| then has a momentum diagonal that is not diagonal in the orbitals, and its tail
 * fraction depends only on the occupations and the plane waves' indices.
 */
function mixedPlaneWaves(grid: Grid, indices: readonly number[][], lambdas: readonly number[]) {
  const M = grid.size;
  const K = indices.length;
  const random = seededRandom(7);
  const waves = indices.map((j) => {
    const w = new Float64Array(2 * M);
    const norm = 1 / Math.sqrt(M * grid.cellVolume);
    for (let i = 0; i < M; i++) {
      let phase = 0;
      for (let a = 0; a < grid.dimension; a++) {
        const ia = Math.floor(i / grid.strides[a]) % grid.shape[a];
        phase += (2 * Math.PI * j[a] * ia) / grid.shape[a];
      }
      w[2 * i] = norm * Math.cos(phase);
      w[2 * i + 1] = norm * Math.sin(phase);
    }
    return w;
  });
  // A random unitary U (Gram-Schmidt of a random complex K x K matrix); orbital k = sum_m U_km w_m.
  const U: number[][][] = [];
  for (let k = 0; k < K; k++) {
    let row = Array.from({ length: K }, () => [random() - 0.5, random() - 0.5]);
    for (const prev of U) {
      let re = 0;
      let im = 0;
      for (let m = 0; m < K; m++) {
        re += prev[m][0] * row[m][0] + prev[m][1] * row[m][1];
        im += prev[m][0] * row[m][1] - prev[m][1] * row[m][0];
      }
      row = row.map(([a, b], m) => [
        a - (re * prev[m][0] - im * prev[m][1]),
        b - (re * prev[m][1] + im * prev[m][0]),
      ]);
    }
    const n = Math.sqrt(row.reduce((s, [a, b]) => s + a * a + b * b, 0));
    U.push(row.map(([a, b]) => [a / n, b / n]));
  }
  // Orbitals phi_k = sum_m U_km w_m, omega = sum_k lambda_k |phi_k><phi_k|.
  const orbitals = new Float64Array(2 * M * K);
  for (let k = 0; k < K; k++) {
    for (let m = 0; m < K; m++) {
      const [a, b] = U[k][m];
      const w = waves[m];
      for (let i = 0; i < M; i++) {
        orbitals[2 * (k * M + i)] += a * w[2 * i] - b * w[2 * i + 1];
        orbitals[2 * (k * M + i) + 1] += a * w[2 * i + 1] + b * w[2 * i];
      }
    }
  }
  const inTail = (j: number, a: number) => {
    const n = grid.shape[a];
    return (j < n / 2 ? j : n - j) >= (7 * n) / 16;
  };
  // Exact: <w_m|omega|w_m> = sum_k lambda_k |U_km|^2 (the waves are orthonormal momentum
  // states); the guard is the largest over the axes of the weight in that axis's top eighth.
  const tails = new Array<number>(grid.dimension).fill(0);
  let total = 0;
  for (let m = 0; m < K; m++) {
    let weight = 0;
    for (let k = 0; k < K; k++) weight += lambdas[k] * (U[k][m][0] ** 2 + U[k][m][1] ** 2);
    total += weight;
    indices[m].forEach((j, a) => {
      if (inTail(j, a)) tails[a] += weight;
    });
  }
  const tail = Math.max(...tails);
  const state = createOrbitalDensityMatrix(grid, 0.1, Float64Array.from(lambdas), orbitals);
  return { state, expected: tail / total };
}

describe("spectralTailFraction", () => {
  // The exact value is a ratio of sums of |U_kj|^2 lambda_k; both forms compute it through FFTs
  // of size <= 4096 (relative round-off ~1e-15 log n), so 1e-12 relative leaves a wide margin.
  it("1D: orbital and dense forms give the exact tail of mixed plane waves", () => {
    const grid = createGrid({ dimension: 1, points: 64, box: 6 });
    // 7n/16 = 28: indices 29 and 35 (= -29) are in the tail, 0, 3, 10 are not.
    const { state, expected } = mixedPlaneWaves(
      grid,
      [[0], [3], [29], [35], [10]],
      [1, 0.8, 0.5, 0.3, 0.9],
    );
    expect(expected).toBeGreaterThan(0.05);
    expect(spectralTailFraction(state)).toBeCloseTo(expected, 12);
    expect(spectralTailFraction(toDense(state))).toBeCloseTo(expected, 12);
  });

  it("2D: the dense form (row FFTs) agrees with the orbital form", () => {
    const grid = createGrid({ dimension: 2, points: [16, 8], box: [4, 2] });
    // Axis 0 (16 points): tail |j| >= 7; axis 1 (8 points): |j| >= 3.5, i.e. 4.
    const { state, expected } = mixedPlaneWaves(
      grid,
      [
        [0, 0],
        [7, 1],
        [2, 4],
        [9, 0],
        [1, 2],
        [15, 7],
      ],
      [1, 0.6, 0.7, 0.2, 0.95, 0.4],
    );
    expect(spectralTailFraction(state)).toBeCloseTo(expected, 12);
    expect(spectralTailFraction(toDense(state))).toBeCloseTo(expected, 12);
  });

  it("above 2048 points (1D, n = 4096): measured, equal to the orbital form", () => {
    // Issue 12 item 3: dense states above 2048 points were not measured (returned 0). toDense of
    // 3 orbitals on 4096 points is 268 MB; the row-by-row diagonal allocates O(n) more.
    const grid = createGrid({ dimension: 1, points: 4096, box: 8 });
    const { state, expected } = mixedPlaneWaves(grid, [[5], [1900], [4000]], [1, 0.5, 0.25]);
    expect(expected).toBeGreaterThan(0.1);
    const orbital = spectralTailFraction(state);
    expect(orbital).toBeCloseTo(expected, 12);
    expect(Math.abs(spectralTailFraction(toDense(state)) - orbital)).toBeLessThan(1e-12);
  }, 60_000);
});
