import { bench, describe } from "vitest";
import { traceNorm } from "../src/norms.js";
import { randomHermitian } from "../src/testing.js";

// tr|A| of a dense Hermitian matrix (Householder tridiagonalization + QL, values only).
for (const n of [1024, 2048]) {
  describe(`traceNorm n = ${n}`, () => {
    const a = randomHermitian(n, 1);
    bench(
      `traceNorm(${n})`,
      () => {
        traceNorm(n, a);
      },
      { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 },
    );
  });
}
