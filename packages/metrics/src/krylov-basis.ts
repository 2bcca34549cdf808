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
  /**
   * The working block: blockCapacity vectors of n complex values (vector k at offset 2 n k), where
   * the caller puts the images of the last block and {@link project}, {@link gram} and
   * {@link appendBlock} work in place (in the module's memory with SIMD).
   */
  readonly block: Float64Array;
  /** Doubles offset of {@link block} in the module's memory (0 without SIMD). */
  private readonly blockAt: number;
  /** The JavaScript loops' working vector (2 n doubles; empty with SIMD). */
  private readonly work: Float64Array;

  constructor(
    readonly n: number,
    readonly capacity: number,
    options: { javascript?: boolean; blockCapacity?: number } = {},
  ) {
    if (compiled === null) compiled = compileModule(GRAM_SCHMIDT_WASM_BASE64);
    const blockCapacity = options.blockCapacity ?? 0;
    const width = Math.max(capacity, blockCapacity);
    const bytes = 16 * n * (capacity + blockCapacity + 2) + 16 * width + 65536;
    const e = options.javascript
      ? undefined
      : instantiateModule<GramSchmidtExports>(compiled, bytes);
    if (e !== undefined) {
      this.exports = e;
      this.kind = "simd";
      this.memory = new Float64Array(e.memory.buffer);
      this.vectors = this.memory.subarray(0, 2 * n * capacity);
      this.blockAt = 2 * n * capacity;
      this.block = this.memory.subarray(this.blockAt, this.blockAt + 2 * n * blockCapacity);
      this.scratch = this.blockAt + 2 * n * blockCapacity;
      this.probe = this.scratch + 2 * n;
      this.out = this.probe + 2 * n;
      this.work = new Float64Array(0);
    } else {
      this.kind = "javascript";
      this.vectors = new Float64Array(2 * n * capacity);
      this.block = new Float64Array(2 * n * blockCapacity);
      this.blockAt = 0;
      this.scratch = 0;
      this.probe = 0;
      this.out = 0;
      this.work = new Float64Array(2 * n);
    }
  }

  /**
   * Two passes of modified Gram-Schmidt of v (2 n doubles at offset `at` of `target`) against the
   * `count` vectors of `source` from offset `from` (the JavaScript twin of the module's
   * orthogonalize, the same rounding). Cost 32 n count flops.
   */
  private orthogonalizeJs(
    source: Float64Array,
    from: number,
    count: number,
    target: Float64Array,
    at: number,
  ): void {
    const n = this.n;
    const c = [0, 0];
    for (let pass = 0; pass < 2; pass++) {
      for (let r = 0; r < count; r++) {
        const o = from + 2 * r * n;
        inner(source, o, target, at, n, c);
        for (let i = 0; i < 2 * n; i += 2) {
          const br = source[o + i];
          const bi = source[o + i + 1];
          target[at + i] -= c[0] * br - c[1] * bi;
          target[at + i + 1] -= c[0] * bi + c[1] * br;
        }
      }
    }
  }

  /** sqrt(sum of squares) of the 2 n doubles of `x` at offset `at` (a running sum). Cost 4 n flops. */
  private norm(x: Float64Array, at: number): number {
    let s = 0;
    for (let i = at; i < at + 2 * this.n; i++) s += x[i] * x[i];
    return Math.sqrt(s);
  }

  /**
   * Projects the first `count` vectors of {@link block} onto the orthogonal complement of the
   * basis vectors [0, dim), in place (two Gram-Schmidt passes each, as {@link append}), and writes
   * the norm of each result (the residual, computed directly: no cancellation of squared norms) to
   * norms[k]. Cost O(n dim count).
   */
  project(dim: number, count: number, norms: Float64Array): void {
    const n = this.n;
    const e = this.exports;
    for (let k = 0; k < count; k++) {
      const at = 2 * n * k;
      if (e !== undefined) e.orthogonalize(0, dim, 8 * (this.blockAt + at), n);
      else this.orthogonalizeJs(this.vectors, 0, dim, this.block, at);
      norms[k] = this.norm(this.block, at);
    }
  }

  /**
   * Appends the first `count` vectors of {@link block}, already projected against the basis
   * vectors [0, dim) ({@link project}), after Gram-Schmidt (two passes) against the vectors this
   * call appends before them; a vector whose norm falls below 1e-10 reference[k] (the norm it had
   * before the projection) is dropped (already in span), and so is every vector once the capacity
   * is reached. remainders[k] gets the norm of what vector k leaves outside the new span: 0 when
   * appended, else its norm after the Gram-Schmidt against the vectors appended (dropped as in
   * span, or for want of room). The block is overwritten. Returns the new dimension.
   * Cost O(n count^2).
   */
  appendBlock(
    dim: number,
    count: number,
    reference: Float64Array,
    remainders: Float64Array,
  ): number {
    const { n, capacity, vectors } = this;
    const e = this.exports;
    let next = dim;
    for (let k = 0; k < count; k++) {
      const at = 2 * n * k;
      if (e !== undefined) e.orthogonalize(16 * n * dim, next - dim, 8 * (this.blockAt + at), n);
      else this.orthogonalizeJs(vectors, 2 * n * dim, next - dim, this.block, at);
      const norm = this.norm(this.block, at);
      if (next >= capacity || !(norm > 1e-10 * reference[k])) {
        remainders[k] = norm;
        continue;
      }
      const o = 2 * next * n;
      for (let i = 0; i < 2 * n; i++) vectors[o + i] = this.block[at + i] / norm;
      remainders[k] = 0;
      next++;
    }
    return next;
  }

  /**
   * The Gram matrix G_rs = <block_r, block_s> of the first `count` vectors of {@link block},
   * Hermitian, row-major interleaved complex (2 count^2 doubles of `out`). Cost 4 n count^2 flops.
   */
  gram(count: number, out: Float64Array): void {
    const n = this.n;
    const e = this.exports;
    const memory = this.memory;
    const z = [0, 0];
    for (let s = 0; s < count; s++) {
      // <block_r, block_s> for r <= s, mirrored
      if (e !== undefined && memory !== undefined) {
        e.inners(8 * this.blockAt, s + 1, 8 * (this.blockAt + 2 * n * s), n, 8 * this.out);
        for (let r = 0; r <= s; r++) {
          z[0] = memory[this.out + 2 * r];
          z[1] = memory[this.out + 2 * r + 1];
          this.setGram(out, count, r, s, z);
        }
        continue;
      }
      for (let r = 0; r <= s; r++) {
        inner(this.block, 2 * n * r, this.block, 2 * n * s, n, z);
        this.setGram(out, count, r, s, z);
      }
    }
  }

  private setGram(out: Float64Array, count: number, r: number, s: number, z: number[]): void {
    out[2 * (r * count + s)] = z[0];
    out[2 * (r * count + s) + 1] = z[1];
    out[2 * (s * count + r)] = z[0];
    out[2 * (s * count + r) + 1] = r === s ? 0 : -z[1];
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
    let next = dim;
    for (let k = 0; k < count && next < capacity; k++) {
      let v = block.subarray(2 * k * n, 2 * (k + 1) * n);
      const norm0 = this.norm(v, 0);
      if (!(norm0 > 0)) continue;
      if (e !== undefined && memory !== undefined) {
        memory.set(v, this.scratch);
        e.orthogonalize(0, next, 8 * this.scratch, n);
        v = memory.subarray(this.scratch, this.scratch + 2 * n);
      } else {
        this.work.set(v);
        v = this.work;
        this.orthogonalizeJs(vectors, 0, next, v, 0);
      }
      const norm = this.norm(v, 0);
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
