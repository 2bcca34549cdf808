import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWatModule } from "@semiclassical/tooling/wasm";
import { describe, expect, it } from "vitest";
import { KrylovBasis } from "./krylov-basis.js";

/** max |<b_r, b_s> - delta_rs| over the first `dim` basis vectors. */
function orthonormalityDefect(basis: KrylovBasis, dim: number): number {
  const products = new Float64Array(2 * dim);
  let worst = 0;
  for (let s = 0; s < dim; s++) {
    basis.inners(0, dim, basis.vectors, 2 * basis.n * s, products);
    for (let r = 0; r < dim; r++) {
      worst = Math.max(worst, Math.hypot(products[2 * r] - (r === s ? 1 : 0), products[2 * r + 1]));
    }
  }
  return worst;
}

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
    expect(orthonormalityDefect(simd, capacity)).toBeLessThan(1e-14);
  });

  it("projects, appends and forms the Gram matrix in its working block as the JavaScript loops do, bit for bit", () => {
    const n = 129;
    const capacity = 20;
    const count = 9;
    const simd = new KrylovBasis(n, capacity, { blockCapacity: count });
    const js = new KrylovBasis(n, capacity, { javascript: true, blockCapacity: count });
    expect(simd.kind).toBe("simd");
    let seed = 11;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const first = new Float64Array(2 * n * 8).map(random);
    expect(simd.append(0, first, 8)).toBe(8);
    expect(js.append(0, first, 8)).toBe(8);
    // a block of 9: vector 2 in span(basis), vector 5 = vector 4 plus a part in span(basis)
    // (so in span after vector 4 is appended), the rest random; room for 20 - 8 = 12
    const block = new Float64Array(2 * n * count).map(random);
    for (let i = 0; i < 2 * n; i++) {
      block[2 * n * 2 + i] = 0.4 * simd.vectors[i] - 0.9 * simd.vectors[2 * n * 3 + i];
      block[2 * n * 5 + i] = block[2 * n * 4 + i] + 0.5 * simd.vectors[2 * n + i];
    }
    const reference = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      let s2 = 0;
      for (let i = 0; i < 2 * n; i++) s2 += block[2 * n * k + i] ** 2;
      reference[k] = Math.sqrt(s2);
    }
    simd.block.set(block);
    js.block.set(block);
    const norms = [new Float64Array(count), new Float64Array(count)];
    simd.project(8, count, norms[0]);
    js.project(8, count, norms[1]);
    expect(simd.block).toEqual(js.block);
    expect(norms[0]).toEqual(norms[1]);
    // the residual of a vector in span is round-off (1e-16 of its norm ~ 0.5)
    expect(norms[0][2]).toBeLessThan(1e-14);
    // the residuals are orthogonal to the basis: |<b_r, residual_k>| <= 1e-15 ||residual_k||
    const inner = new Float64Array(2 * 8);
    for (let k = 0; k < count; k++) {
      simd.inners(0, 8, simd.block, 2 * n * k, inner);
      for (let r = 0; r < 8; r++) {
        expect(Math.hypot(inner[2 * r], inner[2 * r + 1])).toBeLessThan(1e-15 * reference[k]);
      }
    }
    const gram = [new Float64Array(2 * count * count), new Float64Array(2 * count * count)];
    simd.gram(count, gram[0]);
    js.gram(count, gram[1]);
    expect(gram[0]).toEqual(gram[1]);
    // Hermitian, with the residuals' squared norms on the diagonal (to round-off)
    for (let r = 0; r < count; r++) {
      const diagonal = gram[0][2 * (r * count + r)];
      expect(Math.abs(diagonal - norms[0][r] ** 2)).toBeLessThanOrEqual(1e-14 * diagonal);
      expect(gram[0][2 * (r * count + r) + 1]).toBe(0);
      for (let c = 0; c < count; c++) {
        if (c === r) continue;
        expect(gram[0][2 * (r * count + c)]).toBe(gram[0][2 * (c * count + r)]);
        expect(gram[0][2 * (r * count + c) + 1]).toBe(-gram[0][2 * (c * count + r) + 1]);
      }
    }
    const remainders = [new Float64Array(count), new Float64Array(count)];
    const dim = simd.appendBlock(8, count, reference, remainders[0]);
    expect(js.appendBlock(8, count, reference, remainders[1])).toBe(dim);
    expect(simd.vectors).toEqual(js.vectors);
    expect(remainders[0]).toEqual(remainders[1]);
    // vectors 2 and 5 are dropped as in span (remainders at round-off), the other 7 appended
    expect(dim).toBe(15);
    for (let k = 0; k < count; k++) {
      if (k === 2 || k === 5) expect(remainders[0][k]).toBeLessThan(1e-14);
      else expect(remainders[0][k]).toBe(0);
    }
    // the basis stays orthonormal to round-off
    expect(orthonormalityDefect(simd, dim)).toBeLessThan(1e-14);
    // no room: a second block of 9 fits 5 vectors; the other 4 keep what lies outside the new
    // span as remainders: below their norms, and their distance from it (the norm of the part
    // orthogonal to the whole basis, measured here from the inner products)
    const second = new Float64Array(2 * n * count).map(random);
    simd.block.set(second);
    simd.project(dim, count, norms[0]);
    const residuals = simd.block.slice();
    const full = simd.appendBlock(dim, count, reference, remainders[0]);
    expect(full).toBe(capacity);
    const onBasis = new Float64Array(2 * capacity);
    for (let k = 0; k < count; k++) {
      if (k < 5) {
        expect(remainders[0][k]).toBe(0);
        continue;
      }
      expect(remainders[0][k]).toBeLessThan(norms[0][k]);
      simd.inners(0, capacity, residuals, 2 * n * k, onBasis);
      let inSpan2 = 0;
      for (let i = 0; i < 2 * capacity; i++) inSpan2 += onBasis[i] ** 2;
      const outside = Math.sqrt(norms[0][k] ** 2 - inSpan2);
      expect(Math.abs(remainders[0][k] - outside)).toBeLessThan(1e-12 * norms[0][k]);
    }
  });
});
