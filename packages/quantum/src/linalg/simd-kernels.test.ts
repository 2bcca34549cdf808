import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWatModule } from "@semiclassical/tooling/wasm";
import { describe, expect, it } from "vitest";
import { reduceHermitian } from "./blocked-tridiagonal.js";
import { javascriptKernels } from "./dense-kernels.js";
import { randomHermitian } from "./fixtures.js";
import { hermitianEigen } from "./hermitian.js";
import { simdKernels } from "./simd-kernels.js";
import { scaledTridiagonalSpectrum } from "./tridiagonal.js";

const EPS = 2 ** -52;

describe("WebAssembly kernels (wasm/dense-kernels.wat)", () => {
  it("is compiled from wasm/dense-kernels.wat (the committed binary is not stale)", async () => {
    const committed = readFileSync(new URL("./dense-kernels-binary.ts", import.meta.url), "utf8");
    const wat = fileURLToPath(new URL("../../wasm/dense-kernels.wat", import.meta.url));
    expect(committed, "run pnpm build:wasm").toBe(
      await compileWatModule(wat, "DENSE_KERNELS_WASM_BASE64"),
    );
  });

  it("give hermitianEigen at n = 200 the spectrum of the JavaScript kernels to backward-stability accuracy", () => {
    // hermitianEigen must take the SIMD path here (WebAssembly SIMD is in every supported engine).
    expect(simdKernels()?.kind).toBe("simd");
    const n = 200;
    const a = randomHermitian(n, 200);
    const { values } = hermitianEigen(n, a);
    // Reference: hermitianEigen's own steps (scaling by max |A_ij| of the lower triangle,
    // reduction, QL) with the JavaScript kernels.
    let scale = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const q = 2 * (i * n + j);
        scale = Math.max(scale, Math.abs(a[q]), j < i ? Math.abs(a[q + 1]) : 0);
      }
    const scaled = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const q = 2 * (i * n + j);
        scaled[q] = a[q] / scale;
        scaled[q + 1] = j < i ? a[q + 1] / scale : 0;
      }
    const diagonal = new Float64Array(n);
    const offDiagonal = new Float64Array(n);
    const tau = new Float64Array(2 * n);
    reduceHermitian(n, scaled, diagonal, offDiagonal, tau, javascriptKernels());
    const reference = scaledTridiagonalSpectrum(n, diagonal, offDiagonal, scale, false).values;
    // Both are backward stable (the spectra of A + E, A + E' with ||E||, ||E'|| <~ c n eps ||A||,
    // c = 10 allowed as in hermitian.test.ts; observed ~ 0.1-1); by Weyl's inequality each
    // eigenvalue of the two differs by at most ||E|| + ||E'||. The kernels differ only in the
    // order of sums, so a wrong index or operation in the .wat shows as an O(||A||) difference.
    const norm = Math.max(Math.abs(reference[0]), Math.abs(reference[n - 1]));
    const tolerance = 2 * 10 * n * EPS * norm;
    let difference = 0;
    for (let k = 0; k < n; k++)
      difference = Math.max(difference, Math.abs(values[k] - reference[k]));
    expect(difference).toBeLessThan(tolerance);
  });
});
