/**
 * The kernels of dense-kernels.ts as WebAssembly SIMD (f64x2): the module of
 * wasm/dense-kernels.wat, shipped compiled in dense-kernels-binary.ts (5.3 kB, compiled
 * synchronously at first use: fine on a browser's main thread and in a Web Worker, checked in
 * Chromium) and instantiated once per realm (plus a fresh instance for each workspace over
 * 32 MiB, freed with it). Pointers are offsets in doubles into the module's own memory; the
 * workspace is a Float64Array over it. Same arithmetic as the JavaScript kernels except that sums
 * run in two lanes (even and odd entries) added at the end: results agree to round-off.
 * @internal
 */
import type { DenseKernels } from "./dense-kernels.js";
import { DENSE_KERNELS_WASM_BASE64 } from "./dense-kernels-binary.js";

/**
 * The part of the WebAssembly JS API used here (typed locally: the packages compile without the
 * DOM library, and the global is absent from some runtimes).
 */
interface WasmApi {
  validate(binary: Uint8Array): boolean;
  Module: new (binary: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** Exports of wasm/dense-kernels.wat (arguments are offsets in doubles into `memory`). */
interface SimdExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  hemv(...args: number[]): void;
  her2k(...args: number[]): void;
  dots(...args: number[]): void;
  combine(...args: number[]): void;
  symv(...args: number[]): void;
  syr2k(...args: number[]): void;
  dotsReal(...args: number[]): void;
  combineReal(...args: number[]): void;
  rank1(...args: number[]): void;
  rank1Real(...args: number[]): void;
}

/** Largest workspace the SIMD kernels take (1 GiB); larger problems use the JavaScript ones. */
const SIMD_WORKSPACE_LIMIT = 2 ** 27;
/**
 * Largest workspace kept by the shared instance (32 MiB: the eigensolver of a complex n = 1024
 * matrix needs 19 MiB, the reflection sectors' blocks of n = 2048 the same, and the blocked
 * lower triangle of toDense 9 MiB at n = 2048, K = 253). WebAssembly memory never shrinks, so
 * larger problems (a full n = 2048 spectrum: 68 MiB) get an instance of their own, freed with it:
 * before, the shared instance kept 68 MiB for the rest of a task thread's life after one such solve.
 */
const RETAINED_WORKSPACE = 2 ** 22;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module, or undefined where WebAssembly SIMD is unsupported. */
function compile(): { wasm: WasmApi; module: object } | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  const binary = decode(DENSE_KERNELS_WASM_BASE64);
  if (!wasm.validate(binary)) return undefined;
  return { wasm, module: new wasm.Module(binary) };
}

/** A fresh instance: its own memory, grown on demand up to `limit` doubles. */
function instantiate(compiled: { wasm: WasmApi; module: object }, limit: number): DenseKernels {
  const e = new compiled.wasm.Instance(compiled.module).exports as SimdExports;
  let view = new Float64Array(e.memory.buffer);
  return {
    kind: "simd",
    workspace(length) {
      if (length > limit) return undefined;
      const have = e.memory.buffer.byteLength;
      if (have < 8 * length) e.memory.grow(Math.ceil((8 * length - have) / 65536));
      if (view.buffer !== e.memory.buffer) view = new Float64Array(e.memory.buffer);
      return view;
    },
    hemv: e.hemv,
    her2k: e.her2k,
    dots: e.dots,
    combine: e.combine,
    symv: e.symv,
    syr2k: e.syr2k,
    dotsReal: e.dotsReal,
    combineReal: e.combineReal,
    rank1: e.rank1,
    rank1Real: e.rank1Real,
  };
}

let compiled: { wasm: WasmApi; module: object } | undefined | null = null;
let shared: DenseKernels | undefined;

/**
 * WebAssembly SIMD kernels able to hold a workspace of `length` doubles (default: the shared
 * instance, one per realm, for workspaces up to 32 MiB; a fresh instance above that, up to 1 GiB),
 * or undefined where WebAssembly SIMD is unsupported or the workspace is larger.
 */
export function simdKernels(length = 0): DenseKernels | undefined {
  if (compiled === null) compiled = compile();
  if (compiled === undefined || length > SIMD_WORKSPACE_LIMIT) return undefined;
  if (length > RETAINED_WORKSPACE) return instantiate(compiled, SIMD_WORKSPACE_LIMIT);
  shared ??= instantiate(compiled, RETAINED_WORKSPACE);
  return shared;
}
