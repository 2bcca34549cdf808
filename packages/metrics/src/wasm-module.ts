/**
 * Loading of this package's WebAssembly SIMD modules (weyl-band.ts, krylov-basis.ts): each .wat
 * file is shipped compiled as base64 (tooling/wasm.js), compiled synchronously at first use and
 * instantiated with its own memory, grown once to what the caller needs.
 * @internal
 */

/** The part of the WebAssembly JS API used here (typed locally: no DOM library). */
interface WasmApi {
  validate(binary: Uint8Array): boolean;
  Module: new (binary: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** Largest module memory used (2 GiB, below wasm32's 4 GiB); callers fall back to JavaScript. */
export const WASM_MEMORY_LIMIT = 2 ** 31;

/** What every module exports beside its functions. */
export interface WasmMemoryExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

/** A compiled module, or undefined where the runtime lacks WebAssembly SIMD. */
export type CompiledModule = { wasm: WasmApi; module: object } | undefined;

/** Compiles the module of a base64 binary; undefined where WebAssembly SIMD is missing. Cost O(size). */
export function compileModule(base64: string): CompiledModule {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  const text = atob(base64);
  const binary = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) binary[i] = text.charCodeAt(i);
  if (!wasm.validate(binary)) return undefined;
  return { wasm, module: new wasm.Module(binary) };
}

/**
 * A fresh instance of the module whose memory holds at least `bytes` (grown now, never later, so
 * views of it stay valid), or undefined when there is no module or `bytes` exceeds
 * {@link WASM_MEMORY_LIMIT}. Cost O(bytes) (the memory is zeroed).
 */
export function instantiateModule<Exports extends WasmMemoryExports>(
  compiled: CompiledModule,
  bytes: number,
): Exports | undefined {
  if (compiled === undefined || bytes > WASM_MEMORY_LIMIT) return undefined;
  const e = new compiled.wasm.Instance(compiled.module).exports as Exports;
  const have = e.memory.buffer.byteLength;
  if (have < bytes) e.memory.grow(Math.ceil((bytes - have) / 65536));
  return e;
}
