import { ParameterError } from "./errors.js";
import { FFT_WASM_BASE64 } from "./fft-wasm-binary.js";
import type { WebAssemblyApi } from "./fft-wasm-kernel.js";
import { WasmRealFftKernel } from "./fft-wasm-real.js";

/**
 * The engines behind {@link FftPlan}: "wasm-simd", the radix-8/4 Stockham kernel of wasm/fft.wat
 * (WebAssembly with 128-bit SIMD, one complex number per vector, shipped in this package), used
 * wherever the runtime validates it (Node >= 16, current browsers and Web Workers); "fft.js", the
 * radix-4 JavaScript library, used otherwise and for transforms larger than the kernel's scratch.
 * Both give the same transform to round-off (fft-wasm.test.ts).
 */
export type FftEngine = "wasm-simd" | "fft.js";

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let available: WasmRealFftKernel | null | undefined;
let selected: FftEngine | "auto" = "auto";

/** The kernel when the runtime validates it (WebAssembly SIMD and bulk memory), else null. */
function loadKernel(): WasmRealFftKernel | null {
  if (available === undefined) {
    available = null;
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (api !== undefined) {
      const bytes = decode(FFT_WASM_BASE64);
      if (api.validate(bytes)) available = new WasmRealFftKernel(api, new api.Module(bytes));
    }
  }
  return available;
}

/** The kernel FftPlan uses now (undefined: fft.js). @internal */
export function activeKernel(): WasmRealFftKernel | undefined {
  if (selected === "fft.js") return undefined;
  return loadKernel() ?? undefined;
}

/** The engine every {@link FftPlan} uses now (see {@link FftEngine}). Cost O(1) after the first call. */
export function fftEngine(): FftEngine {
  return activeKernel() ? "wasm-simd" : "fft.js";
}

/**
 * Chooses the engine of every {@link FftPlan} (plans already made included): "auto" (the
 * default) takes "wasm-simd" where the runtime supports it; "fft.js" forces the library (e.g. to
 * compare); "wasm-simd" throws where the runtime lacks WebAssembly SIMD. Returns the engine now
 * in use. Cost O(1) (the first "wasm-simd" use compiles the 5 kB module).
 */
export function selectFftEngine(engine: FftEngine | "auto"): FftEngine {
  if (engine === "wasm-simd" && loadKernel() === null) {
    throw new ParameterError(
      "engine",
      'this runtime has no WebAssembly SIMD (or bulk memory); use "auto" or "fft.js"',
    );
  }
  selected = engine;
  return fftEngine();
}
