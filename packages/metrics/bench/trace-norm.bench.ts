import { createGrid } from "@semiclassical/grid";
import { hermitianGridSpectrum } from "@semiclassical/quantum";
import { bench, describe } from "vitest";
import { traceNorm } from "../src/norms.js";
import { randomHermitian } from "../src/testing.js";

/** (A + R A R)/2 of an interleaved complex n x n matrix, R the reflection of a 1D grid. */
function reflectionSymmetric(n: number, a: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = 2 * (i * n + j);
      const q = 2 * (((n - i) % n) * n + ((n - j) % n));
      out[p] = 0.5 * (a[p] + a[q]);
      out[p + 1] = 0.5 * (a[p + 1] + a[q + 1]);
    }
  }
  return out;
}

// tr|A| of a dense Hermitian matrix (Householder tridiagonalization + QL, values only), and of one
// that commutes with the grid's reflection in its two sectors (quantum's hermitianGridSpectrum:
// two eigenproblems of order n/2, the symmetry test and the blocks O(n^2)), side by side.
for (const n of [1024, 2048]) {
  describe(`traceNorm n = ${n}`, () => {
    const a = reflectionSymmetric(n, randomHermitian(n, 1));
    const grid = createGrid({ dimension: 1, points: n, box: 1 });
    bench(
      `traceNorm(${n})`,
      () => {
        traceNorm(n, a);
      },
      { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
    );
    bench(
      `hermitianGridSpectrum(${n}), reflection sectors`,
      () => {
        hermitianGridSpectrum(grid.shape, a);
      },
      { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
    );
  });
}
