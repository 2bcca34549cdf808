// The instantiated WebAssembly kernel of wasm/fft.wat (memory, twiddle tables, complex
// transforms); the real transforms extend it in fft-wasm-real.ts, engine selection is fft-wasm.ts.

/**
 * The part of the WebAssembly JS API used here (typed locally: the packages compile without the
 * DOM library, and the global is absent from some runtimes).
 */
export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
}

/** Exports of wasm/fft.wat (addresses are byte offsets into `memory`). */
export interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  stages(n: number, s0: number, x: number, y: number, tw: number, dir: number): number;
  rows(
    n: number,
    count: number,
    data: number,
    tmp: number,
    tw: number,
    dir: number,
    f: number,
  ): void;
  lines(
    n: number,
    count: number,
    stride: number,
    data: number,
    blk: number,
    tmp: number,
    tw: number,
    dir: number,
    factor: number,
    block: number,
  ): void;
  realSpectrum(n: number, z: number, out: number, twr: number, full: number): void;
  multiplyRows(n: number, count: number, data: number, s: number): void;
  realRows(
    n: number,
    count: number,
    src: number,
    dst: number,
    tmp: number,
    tw: number,
    twr: number,
  ): void;
  realInverseRows(
    n: number,
    count: number,
    src: number,
    dst: number,
    tmp: number,
    tw: number,
    twr: number,
    scale: number,
  ): void;
  separatePairs(n: number, pairs: number, z: number, out: number): void;
  combinePairs(n: number, pairs: number, half: number, z: number): void;
  phaseRamp(
    half: number,
    count: number,
    x: number,
    lineStep: number,
    modeStep: number,
    tab: number,
    tsize: number,
  ): void;
}

/** Strided transforms gathered into one batch (measured best of 4-32 at n = 1024). */
export const LINE_BATCH = 16;
/** Largest scratch the kernel copies in at once (bytes); larger work goes by pieces or to fft.js. */
export const MAX_SCRATCH_BYTES = 2 ** 28;
/**
 * Contiguous lines are copied in and out in pieces of about this many bytes, so that each piece
 * (with its output and scratch) stays in the core's L2 cache between the copy, the transform and
 * the copy back (measured: 128 KiB pieces were 15-20% faster than 1 MiB ones for real rows
 * 1024 x 1024 and complex rows 64 x 4096, equal for 2^16 - 2^18 bytes).
 */
export const ROW_PIECE_BYTES = 2 ** 17;
const PAGE = 65536;

/**
 * The radices of the stages of sub-length L > 8 of a transform of n points in wasm/fft.wat:
 * radix 8 while L >= 64, then radix 4; the last stage (L = 8, 4 or 2) needs no twiddles
 * (4096 = 8 8 8 8, 1024 = 8 8 4 4, 256 = 8 4 8, 128 = 8 4 4). Measured (Node 20, x64, batches
 * of 1 MiB through FftPlan): 8-10% faster than radix 4 throughout at n = 512 .. 4096, within
 * 5% of the best of the other orders of radices 8 and 4 at n = 64 .. 4096. Cost O(log n).
 */
function stagePlan(n: number): number[] {
  const plan: number[] = [];
  for (let length = n; length > 8; ) {
    const radix = length >= 64 ? 8 : 4;
    plan.push(radix);
    length /= radix;
  }
  return plan;
}

/**
 * Doubles of the complex twiddle table of size n: a 32-byte header (the plan) and 32 bytes per
 * twiddle, (r - 1) L / r per stage of radix r and sub-length L.
 */
function stageTableDoubles(n: number): number {
  let count = 1;
  let length = n;
  for (const radix of stagePlan(n)) {
    count += ((radix - 1) * length) / radix;
    length /= radix;
  }
  return 4 * count;
}

/**
 * The complex twiddle table of size n as the stages of wasm/fft.wat read it: a header of 32
 * bytes (int32 bitmask of the radix-8 stages, int32 number of stages), then for the stages of
 * sub-length L = n, n/r, .. > 8 (radix r, {@link stagePlan}), for p < L/r, for k = 1 .. r - 1,
 * w_L^{k p} = e^{-+2 pi i k p / L} as (c, c, -d, d).
 */
function fillStageTwiddles(target: Float64Array, n: number, sign: number): void {
  const plan = stagePlan(n);
  let length = n;
  let entry = 1;
  let mask = 0;
  for (let stage = 0; stage < plan.length; stage++) {
    const radix = plan[stage];
    if (radix === 8) mask |= 1 << stage;
    for (let p = 0; p < length / radix; p++) {
      for (let k = 1; k < radix; k++, entry++) {
        const angle = (2 * Math.PI * k * p) / length;
        const c = Math.cos(angle);
        const d = sign * Math.sin(angle);
        target[4 * entry] = c;
        target[4 * entry + 1] = c;
        target[4 * entry + 2] = -d;
        target[4 * entry + 3] = d;
      }
    }
    length /= radix;
  }
  const header = new Int32Array(target.buffer, target.byteOffset, 2);
  header[0] = mask;
  header[1] = plan.length + (length > 1 ? 1 : 0);
}

/** e^{-+2 pi i t / n}, t = 0..count-1, as (c, c, -d, d) per entry (see wasm/fft.wat). */
function fillTwiddles(target: Float64Array, n: number, count: number, sign: number): void {
  for (let t = 0; t < count; t++) {
    const angle = (2 * Math.PI * t) / n;
    const c = Math.cos(angle);
    const d = sign * Math.sin(angle);
    target[4 * t] = c;
    target[4 * t + 1] = c;
    target[4 * t + 2] = -d;
    target[4 * t + 3] = d;
  }
}

/**
 * The instantiated kernel with its memory: twiddle tables (per size, made on first use and kept)
 * at the bottom, scratch for the data above them (grown on demand, never shrunk).
 */
export class WasmFftKernel {
  protected readonly exports: KernelExports;
  protected heap: Float64Array;
  private tablesEnd = 0;
  private readonly complexTables = new Map<number, { forward: number; inverse: number }>();
  private readonly realTables = new Map<number, number>();

  constructor(api: WebAssemblyApi, module: object) {
    this.exports = new api.Instance(module).exports as KernelExports;
    this.heap = new Float64Array(this.exports.memory.buffer);
  }

  protected reserve(bytes: number): number {
    const needed = this.tablesEnd + bytes;
    // The memory grows only here (never from wasm/fft.wat), so `heap` always views all of it;
    // reading memory.buffer costs about 1 us, 2% of 256 x 256 transforms when done per piece.
    if (this.heap.byteLength < needed) {
      const memory = this.exports.memory;
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      this.heap = new Float64Array(memory.buffer);
    }
    return this.tablesEnd;
  }

  private table(count: number): number {
    const address = this.reserve(32 * count);
    this.tablesEnd += 32 * count;
    return address;
  }

  protected twiddles(n: number, forward: boolean): number {
    let tables = this.complexTables.get(n);
    if (tables === undefined) {
      const doubles = stageTableDoubles(n);
      const f = this.table(doubles / 4);
      fillStageTwiddles(this.heap.subarray(f / 8, f / 8 + doubles), n, -1);
      const i = this.table(doubles / 4);
      fillStageTwiddles(this.heap.subarray(i / 8, i / 8 + doubles), n, 1);
      tables = { forward: f, inverse: i };
      this.complexTables.set(n, tables);
    }
    return forward ? tables.forward : tables.inverse;
  }

  protected realTwiddles(n: number): number {
    let table = this.realTables.get(n);
    if (table === undefined) {
      const count = n / 2 + 1;
      table = this.table(count);
      fillTwiddles(this.heap.subarray(table / 8, table / 8 + 4 * count), n, count, -1);
      this.realTables.set(n, table);
    }
    return table;
  }

  /** `count` contiguous lines of n complex numbers from `data[2 offset..]`, in place. */
  rows(data: Float64Array, offset: number, n: number, count: number, forward: boolean): void {
    const tw = this.twiddles(n, forward);
    const lineBytes = 16 * n;
    const chunk = Math.max(1, Math.min(count, Math.floor(ROW_PIECE_BYTES / lineBytes)));
    for (let first = 0; first < count; first += chunk) {
      const lines = Math.min(chunk, count - first);
      const base = this.reserve(lineBytes * (lines + 1));
      const heap = this.heap;
      const start = 2 * (offset + first * n);
      const length = 2 * n * lines;
      heap.set(data.subarray(start, start + length), base / 8);
      this.exports.rows(
        n,
        lines,
        base,
        base + lineBytes * lines,
        tw,
        forward ? 1 : 0,
        forward ? 1 : 1 / n,
      );
      data.set(heap.subarray(base / 8, base / 8 + length), start);
    }
  }

  /**
   * For rows r < count: row r of `input` (length complex numbers from input[2 (inputOffset +
   * r length)]) zero-padded to n, transformed forward, times the real spectrum s (n doubles),
   * transformed back (times 1/n), and its first `length` complex numbers written to output[2
   * (outputOffset + r length)..]. The operations of rows(forward), the product and
   * rows(inverse), so the same numbers bit for bit, but each row enters and leaves the heap once
   * (half of it each way) and the product runs in SIMD.
   */
  convolveRows(
    input: Float64Array,
    inputOffset: number,
    output: Float64Array,
    outputOffset: number,
    length: number,
    n: number,
    count: number,
    spectrum: Float64Array,
  ): void {
    const forward = this.twiddles(n, true);
    const inverse = this.twiddles(n, false);
    const lineBytes = 16 * n;
    const chunk = Math.max(1, Math.min(count, Math.floor(ROW_PIECE_BYTES / lineBytes)));
    for (let first = 0; first < count; first += chunk) {
      const lines = Math.min(chunk, count - first);
      const base = this.reserve(8 * n + lineBytes * (lines + 1));
      const heap = this.heap;
      const s = base / 8;
      heap.set(spectrum.subarray(0, n), s);
      const rows = s + n;
      for (let r = 0; r < lines; r++) {
        const at = 2 * (inputOffset + (first + r) * length);
        const row = rows + 2 * n * r;
        heap.set(input.subarray(at, at + 2 * length), row);
        heap.fill(0, row + 2 * length, row + 2 * n);
      }
      const data = base + 8 * n;
      const tmp = data + lineBytes * lines;
      this.exports.rows(n, lines, data, tmp, forward, 1, 1);
      this.exports.multiplyRows(n, lines, data, base);
      this.exports.rows(n, lines, data, tmp, inverse, 0, 1 / n);
      for (let r = 0; r < lines; r++) {
        const row = rows + 2 * n * r;
        output.set(heap.subarray(row, row + 2 * length), 2 * (outputOffset + (first + r) * length));
      }
    }
  }

  /**
   * `count` strided lines in place: line b has element j at complex index offset + b + j stride.
   * Returns false (nothing done) when the span they cover does not fit the scratch.
   */
  lines(
    data: Float64Array,
    offset: number,
    n: number,
    count: number,
    stride: number,
    forward: boolean,
  ): boolean {
    const span = count + (n - 1) * stride;
    const batch = Math.min(LINE_BATCH, count);
    const batchBytes = 16 * n * batch;
    if (16 * span + 2 * batchBytes > MAX_SCRATCH_BYTES) return false;
    const tw = this.twiddles(n, forward);
    const base = this.reserve(16 * span + 2 * batchBytes);
    const heap = this.heap;
    heap.set(data.subarray(2 * offset, 2 * (offset + span)), base / 8);
    const blk = base + 16 * span;
    this.exports.lines(
      n,
      count,
      stride,
      base,
      blk,
      blk + batchBytes,
      tw,
      forward ? 1 : 0,
      forward ? 1 : 1 / n,
      batch,
    );
    data.set(heap.subarray(base / 8, base / 8 + 2 * span), 2 * offset);
    return true;
  }

  /** Out of place: n complex numbers from `input` to `output`. */
  transform(input: Float64Array, output: Float64Array, n: number, forward: boolean): void {
    const tw = this.twiddles(n, forward);
    const base = this.reserve(32 * n);
    this.heap.set(input.subarray(0, 2 * n), base / 8);
    this.exports.rows(n, 1, base, base + 16 * n, tw, forward ? 1 : 0, forward ? 1 : 1 / n);
    output.set(this.heap.subarray(base / 8, base / 8 + 2 * n));
  }

  /** The full spectrum (2n doubles) of n >= 4 real samples. */
  forwardReal(input: ArrayLike<number>, output: Float64Array, n: number): void {
    const tw = this.twiddles(n / 2, true);
    const twr = this.realTwiddles(n);
    const base = this.reserve(32 * n);
    const heap = this.heap;
    heap.set(input, base / 8);
    const result = this.exports.stages(n / 2, 1, base, base + 8 * n, tw, 1);
    const out = base + 16 * n;
    this.exports.realSpectrum(n, result, out, twr, 1);
    output.set(heap.subarray(out / 8, out / 8 + 2 * n));
  }
}
