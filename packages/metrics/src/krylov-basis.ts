/**
 * The orthonormal basis of the certified trace norm's Krylov space (certified-trace-norm.ts): its
 * vectors, Gram-Schmidt appends and inner products, in WebAssembly SIMD (f64x2, the module of
 * wasm/gram-schmidt.wat, shipped compiled in gram-schmidt-binary.ts) where the runtime has it and
 * the basis fits the module's memory, else in JavaScript. Both loops round every sum as the other
 * does (no fused multiply-add): the results are equal bit for bit.
 * @internal
 */
import { GRAM_SCHMIDT_WASM_BASE64 } from "./gram-schmidt-binary.js";
import {
  type CompiledModule,
  compileModule,
  instantiateModule,
  type WasmMemoryExports,
} from "./wasm-module.js";

/** <a, b> = sum conj(a_i) b_i of complex vectors at offsets (in doubles). Cost 8 n flops. */
function inner(
  x: Float64Array,
  a: number,
  y: Float64Array,
  b: number,
  n: number,
  out: number[],
): void {
  let re = 0;
  let im = 0;
  for (let i = 0; i < 2 * n; i += 2) {
    const ar = x[a + i];
    const ai = x[a + i + 1];
    const br = y[b + i];
    const bi = y[b + i + 1];
    re += ar * br + ai * bi;
    im += ar * bi - ai * br;
  }
  out[0] = re;
  out[1] = im;
}

interface GramSchmidtExports extends WasmMemoryExports {
  inners(basis: number, count: number, v: number, n: number, out: number): void;
  orthogonalize(basis: number, count: number, v: number, n: number): void;
}

let compiled: CompiledModule | null = null;

/**
 * Up to `capacity` orthonormal vectors of n complex values (vector r at offset 2 n r of
 * {@link vectors}). With WebAssembly SIMD they live in the module's memory (16 n (capacity + 2)
 * bytes, allocated at construction), else in a Float64Array.
 */
export class KrylovBasis {
  /** "simd" or "javascript": the loops of {@link append} and {@link inners}. */
  readonly kind: "simd" | "javascript";
  /** The basis vectors (interleaved complex), capacity of them. */
  readonly vectors: Float64Array;
  private readonly exports: GramSchmidtExports | undefined;
  /** Doubles offsets of the two scratch vectors in the module's memory. */
  private readonly scratch: number;
  private readonly probe: number;
  private readonly out: number;
  private readonly memory: Float64Array | undefined;
  /** The JavaScript loops' working vector (2 n doubles; empty with SIMD). */
  private readonly work: Float64Array;

  constructor(
    readonly n: number,
    readonly capacity: number,
    options: { javascript?: boolean } = {},
  ) {
    if (compiled === null) compiled = compileModule(GRAM_SCHMIDT_WASM_BASE64);
    const bytes = 16 * n * (capacity + 2) + 16 * capacity + 65536;
    const e = options.javascript
      ? undefined
      : instantiateModule<GramSchmidtExports>(compiled, bytes);
    if (e !== undefined) {
      this.exports = e;
      this.kind = "simd";
      this.memory = new Float64Array(e.memory.buffer);
      this.vectors = this.memory.subarray(0, 2 * n * capacity);
      this.scratch = 2 * n * capacity;
      this.probe = this.scratch + 2 * n;
      this.out = this.probe + 2 * n;
      this.work = new Float64Array(0);
    } else {
      this.kind = "javascript";
      this.vectors = new Float64Array(2 * n * capacity);
      this.scratch = 0;
      this.probe = 0;
      this.out = 0;
      this.work = new Float64Array(2 * n);
    }
  }

  /**
   * Appends the vectors of `block` (count vectors of n complex values) to the basis vectors
   * [0, dim) after Gram-Schmidt against the basis and the block's vectors appended before, twice
   * (each projection from the updated vector: orthogonal to round-off); vectors whose norm falls
   * below 1e-10 of their original norm are dropped (already in span). Returns the new dimension.
   * `block` is not modified (each vector is worked on in a scratch vector), so appending two blocks
   * one after the other gives the basis of appending them as one. Cost O(n (dim + count) count).
   */
  append(dim: number, block: Float64Array, count: number): number {
    const { n, capacity, vectors } = this;
    const e = this.exports;
    const memory = this.memory;
    const c = [0, 0];
    let next = dim;
    for (let k = 0; k < count && next < capacity; k++) {
      let v = block.subarray(2 * k * n, 2 * (k + 1) * n);
      let norm0 = 0;
      for (let i = 0; i < 2 * n; i++) norm0 += v[i] * v[i];
      norm0 = Math.sqrt(norm0);
      if (!(norm0 > 0)) continue;
      if (e !== undefined && memory !== undefined) {
        memory.set(v, this.scratch);
        e.orthogonalize(0, next, 8 * this.scratch, n);
        v = memory.subarray(this.scratch, this.scratch + 2 * n);
      } else {
        this.work.set(v);
        v = this.work;
        for (let pass = 0; pass < 2; pass++) {
          for (let r = 0; r < next; r++) {
            inner(vectors, 2 * r * n, v, 0, n, c);
            const o = 2 * r * n;
            for (let i = 0; i < 2 * n; i += 2) {
              const br = vectors[o + i];
              const bi = vectors[o + i + 1];
              v[i] -= c[0] * br - c[1] * bi;
              v[i + 1] -= c[0] * bi + c[1] * br;
            }
          }
        }
      }
      let norm = 0;
      for (let i = 0; i < 2 * n; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      if (!(norm > 1e-10 * norm0)) continue;
      const o = 2 * next * n;
      for (let i = 0; i < 2 * n; i++) vectors[o + i] = v[i] / norm;
      next++;
    }
    return next;
  }

  /**
   * out[2 r], out[2 r + 1] = <basis_(first + r), y> for r < count, y the n complex values of
   * `source` at offset `at` (in doubles). Cost 8 n count flops.
   */
  inners(first: number, count: number, source: Float64Array, at: number, out: Float64Array): void {
    const { n, vectors } = this;
    const e = this.exports;
    const memory = this.memory;
    if (e !== undefined && memory !== undefined) {
      memory.set(source.subarray(at, at + 2 * n), this.probe);
      e.inners(16 * n * first, count, 8 * this.probe, n, 8 * this.out);
      out.set(memory.subarray(this.out, this.out + 2 * count));
      return;
    }
    const z = [0, 0];
    for (let r = 0; r < count; r++) {
      inner(vectors, 2 * (first + r) * n, source, at, n, z);
      out[2 * r] = z[0];
      out[2 * r + 1] = z[1];
    }
  }
}
