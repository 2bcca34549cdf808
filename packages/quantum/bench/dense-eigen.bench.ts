import { bench, describe } from "vitest";
import { reduceHermitian, reduceSymmetric } from "../src/linalg/blocked-tridiagonal.js";
import { javascriptKernels } from "../src/linalg/dense-kernels.js";
import { randomHermitian } from "../src/linalg/fixtures.js";
import { hermitianEigen, symmetricEigen } from "../src/linalg/index.js";

// Dense eigenvalues (issue 14): the trace norm's hermitianEigen and the thermal state's
// symmetricEigen at n = 256, 512, 1024, values only (the hot case), with the default kernels
// (WebAssembly SIMD) and, for the reduction alone (n <= 512), the JavaScript fallback kernels.
// NumPy side by side: node bench/numpy/eigen.mjs.
const once = { iterations: 2, warmupIterations: 1, warmupTime: 0, time: 0 };
for (const n of [256, 512, 1024]) {
  const a = randomHermitian(n, 1);
  const real = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) real[i] = a[2 * i];
  describe(`dense eigenvalues n = ${n}`, () => {
    bench("hermitianEigen (values)", () => void hermitianEigen(n, a), once);
    bench("symmetricEigen (values)", () => void symmetricEigen(n, real), once);
    if (n > 512) return; // the JavaScript fallback at n = 1024 takes ~10 s per run
    const js = javascriptKernels();
    const d = new Float64Array(n);
    const e = new Float64Array(n);
    bench(
      "complex reduction, JavaScript kernels",
      () => reduceHermitian(n, a.slice(), d, e, new Float64Array(2 * n), js),
      once,
    );
    bench(
      "real reduction, JavaScript kernels",
      () => reduceSymmetric(n, real.slice(), d, e, new Float64Array(n), js),
      once,
    );
  });
}
