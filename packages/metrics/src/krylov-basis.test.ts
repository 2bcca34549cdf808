import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWatModule } from "@semiclassical/tooling/wasm";
import { describe, expect, it } from "vitest";
import { KrylovBasis } from "./krylov-basis.js";

describe("the Krylov basis (wasm/gram-schmidt.wat)", () => {
  it("is compiled from wasm/gram-schmidt.wat (the committed binary is not stale)", async () => {
    const committed = readFileSync(new URL("./gram-schmidt-binary.ts", import.meta.url), "utf8");
    const wat = fileURLToPath(new URL("../wasm/gram-schmidt.wat", import.meta.url));
    expect(committed, "run pnpm build:wasm").toBe(
      await compileWatModule(wat, "GRAM_SCHMIDT_WASM_BASE64"),
    );
  });

  it("appends and projects as the JavaScript loops do, bit for bit, and is orthonormal", () => {
    const n = 257;
    const capacity = 40;
    const simd = new KrylovBasis(n, capacity);
    const js = new KrylovBasis(n, capacity, { javascript: true });
    // WebAssembly SIMD is in every supported engine: this test must exercise the SIMD loops
    expect(simd.kind).toBe("simd");
    expect(js.kind).toBe("javascript");
    let seed = 5;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    let dimSimd = 0;
    let dimJs = 0;
    // blocks of 7, one vector a combination of earlier ones (dropped: already in span), until
    // the capacity stops the last block
    for (let step = 0; step < 7; step++) {
      const block = new Float64Array(2 * n * 7).map(random);
      if (step > 0) {
        for (let i = 0; i < 2 * n; i++)
          block[2 * n * 3 + i] = 0.3 * simd.vectors[i] - 0.7 * simd.vectors[2 * n + i];
      }
      const copy = block.slice();
      dimSimd = simd.append(dimSimd, block, 7);
      // the JavaScript loop in two calls (3 + 4 vectors): the same basis as one call of 7
      dimJs = js.append(js.append(dimJs, copy, 3), copy.subarray(2 * n * 3), 4);
      expect(dimSimd).toBe(dimJs);
      // neither loop modifies its input (the certificate appends omega's orbitals in place)
      expect(copy).toEqual(block);
    }
    expect(dimSimd).toBe(capacity);
    expect(simd.vectors).toEqual(js.vectors);
    const y = new Float64Array(2 * n).map(random);
    const a = new Float64Array(2 * capacity);
    const b = new Float64Array(2 * capacity);
    simd.inners(3, capacity - 3, y, 0, a);
    js.inners(3, capacity - 3, y, 0, b);
    expect(a).toEqual(b);
    // orthonormal to round-off: |<b_r, b_s> - delta_rs| below 1e-14 (two Gram-Schmidt passes)
    const gram = new Float64Array(2 * capacity);
    let worst = 0;
    for (let s = 0; s < capacity; s++) {
      simd.inners(0, capacity, simd.vectors, 2 * n * s, gram);
      for (let r = 0; r < capacity; r++)
        worst = Math.max(worst, Math.hypot(gram[2 * r] - (r === s ? 1 : 0), gram[2 * r + 1]));
    }
    expect(worst).toBeLessThan(1e-14);
  });
});
