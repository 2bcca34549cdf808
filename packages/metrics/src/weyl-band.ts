/**
 * The row loop of the banded Weyl operator (weyl-operator.ts): out_k[row] = sum over the row's
 * band entries A~_{row, j} in_k[j], in JavaScript and as WebAssembly SIMD (f64x2, the module of
 * wasm/weyl-band.wat, shipped compiled in weyl-band-binary.ts), and the thread kernel that splits
 * the rows over a ThreadTeam. Both loops sum each row in the band's order with the same rounding
 * (no fused multiply-add): the SIMD loop, the JavaScript loop and any thread count give the same
 * numbers bit for bit.
 * @internal
 */
import type { ThreadKernel } from "@semiclassical/grid";
import {
  type CompiledModule,
  compileModule,
  instantiateModule,
  type WasmMemoryExports,
} from "./wasm-module.js";
import { WEYL_BAND_WASM_BASE64 } from "./weyl-band-binary.js";

/** The clipped band's shape: padded to 3 axes (nn, mm), its row starts (complex entries), n^d. */
export interface BandLayout {
  readonly nn: readonly number[];
  readonly mm: readonly number[];
  readonly rowStart: Float64Array;
  readonly n: number;
}

/**
 * Row `row` of the clipped band: its grid index (i0, i1, i2) and per axis the band indices
 * [lo_a, hi_a] whose column j_a = i_a - (b_a - M_a) lies on the grid, written to r. Cost O(1).
 */
function rowBounds(band: BandLayout, row: number, r: Int32Array): void {
  const { nn, mm } = band;
  const i0 = Math.floor(row / (nn[1] * nn[2]));
  const i1 = Math.floor(row / nn[2]) % nn[1];
  const i2 = row % nn[2];
  r[0] = i0;
  r[1] = i1;
  r[2] = i2;
  for (let a = 0; a < 3; a++) {
    const i = r[a];
    r[3 + 2 * a] = Math.max(0, i + mm[a] - nn[a] + 1);
    r[4 + 2 * a] = Math.min(2 * mm[a], i + mm[a]);
  }
}

/**
 * The JavaScript loop: output_k[row] for the rows [rowBegin, rowEnd) and `count` vectors (vector
 * k at offset 2 k n^d). The band's rows are outermost and the vectors inside, two per pass, so
 * each entry is loaded once for two vectors (an odd last vector is paired with itself).
 * Cost 8 count (entries of the rows) flops.
 */
export function applyBandRowsJs(
  band: BandLayout,
  entries: Float64Array,
  input: Float64Array,
  output: Float64Array,
  count: number,
  rowBegin: number,
  rowEnd: number,
): void {
  const { nn, mm, rowStart, n } = band;
  const s0 = nn[1] * nn[2];
  const s1 = nn[2];
  const r = new Int32Array(9);
  for (let row = rowBegin; row < rowEnd; row++) {
    rowBounds(band, row, r);
    const [i0, i1, i2, lo0, hi0, lo1, hi1, lo2, hi2] = r;
    for (let k = 0; k < count; k += 2) {
      const base = 2 * k * n;
      const next = k + 1 < count ? base + 2 * n : base;
      let sr = 0;
      let si = 0;
      let tr = 0;
      let ti = 0;
      // the row's entries, b row-major in [lo, hi] (clippedBand)
      let e = 2 * rowStart[row];
      for (let b0 = lo0; b0 <= hi0; b0++) {
        const j0 = i0 - (b0 - mm[0]);
        for (let b1 = lo1; b1 <= hi1; b1++) {
          const j1 = i1 - (b1 - mm[1]);
          const jRow = j0 * s0 + j1 * s1;
          // along the last axis j2 = i2 + mm[2] - b2 decreases as b2 grows
          let x = 2 * (jRow + i2 + mm[2] - lo2);
          for (let b2 = lo2; b2 <= hi2; b2++, e += 2, x -= 2) {
            const ar = entries[e];
            const ai = entries[e + 1];
            const xr = input[base + x];
            const xi = input[base + x + 1];
            const yr = input[next + x];
            const yi = input[next + x + 1];
            sr += ar * xr - ai * xi;
            si += ar * xi + ai * xr;
            tr += ar * yr - ai * yi;
            ti += ar * yi + ai * yr;
          }
        }
      }
      output[base + 2 * row] = sr;
      output[base + 2 * row + 1] = si;
      output[next + 2 * row] = tr;
      output[next + 2 * row + 1] = ti;
    }
  }
}

interface BandExports extends WasmMemoryExports {
  rows(
    rows: number,
    counts: number,
    runs: number,
    entries: number,
    x: number,
    out: number,
    c: number,
  ): void;
}

/** Vectors per pass of the SIMD loop (its accumulators): counts are padded to a multiple. */
const GROUP = 4;
/** Band entries copied into the module's memory per call (1 MiB). */
const PIECE_ENTRIES = 2 ** 16;

let compiled: CompiledModule | null = null;

/**
 * Applies a band's rows to blocks of vectors, with the SIMD loop where the runtime has
 * WebAssembly SIMD (and the vectors fit its memory), else the JavaScript loop. Each instance owns
 * a module instance and its memory (one per thread): the transposed vectors (16 c n^d bytes for
 * c vectors, c padded to a multiple of 4), a piece of the band's entries (1 MiB) with its runs,
 * and the piece's results.
 */
export class BandApplier {
  /** "simd" or "javascript": the loop {@link rows} runs. */
  readonly kind: "simd" | "javascript";
  private readonly exports: BandExports | undefined;
  private readonly bs: number[];
  private readonly maxRuns: number;

  constructor(
    private readonly band: BandLayout,
    private readonly entries: Float64Array,
    maxVectors: number,
  ) {
    this.bs = band.mm.map((m) => 2 * m + 1);
    this.maxRuns = this.bs[0] * this.bs[1];
    if (compiled === null) compiled = compileModule(WEYL_BAND_WASM_BASE64);
    const c = Math.ceil(maxVectors / GROUP) * GROUP;
    const rowsPerPiece = this.rowsPerPiece();
    const bytes =
      16 * c * band.n +
      16 * PIECE_ENTRIES +
      16 * this.maxRowEntries() +
      4 * rowsPerPiece * (1 + 2 * this.maxRuns) +
      16 * c * rowsPerPiece +
      65536;
    this.exports = instantiateModule<BandExports>(compiled, bytes);
    this.kind = this.exports !== undefined ? "simd" : "javascript";
  }

  /** Complex entries of the longest row: prod_a (2 M_a + 1). */
  private maxRowEntries(): number {
    return this.bs[0] * this.bs[1] * this.bs[2];
  }

  /** Rows per piece: about PIECE_ENTRIES entries, at least 1. */
  private rowsPerPiece(): number {
    return Math.max(1, Math.floor(PIECE_ENTRIES / this.maxRowEntries()));
  }

  /**
   * output_k[row] for rows [rowBegin, rowEnd) and `count` vectors (vector k at offset 2 k n^d in
   * input and output, at most the constructor's maxVectors). Cost 8 count (entries of the rows)
   * flops, plus O(count n^d) to transpose the vectors.
   */
  rows(
    input: Float64Array,
    output: Float64Array,
    count: number,
    rowBegin: number,
    rowEnd: number,
  ): void {
    const e = this.exports;
    if (e === undefined) {
      applyBandRowsJs(this.band, this.entries, input, output, count, rowBegin, rowEnd);
      return;
    }
    const { nn, mm, rowStart, n } = this.band;
    const r = new Int32Array(9);
    const c = Math.ceil(count / GROUP) * GROUP;
    const rowsPerPiece = this.rowsPerPiece();
    // memory: x | entries piece | counts | runs | out (byte offsets, 16-byte aligned)
    const xAt = 0;
    const entriesAt = xAt + 16 * c * n;
    const countsAt = entriesAt + 16 * Math.max(PIECE_ENTRIES, this.maxRowEntries());
    const runsAt = countsAt + 16 * Math.ceil(rowsPerPiece / 4);
    const outAt = runsAt + 16 * Math.ceil((rowsPerPiece * this.maxRuns) / 2);
    const memory = e.memory.buffer;
    const f64 = new Float64Array(memory);
    const i32 = new Int32Array(memory);
    // the vectors transposed: point j's c values together (zeros beyond count)
    const x = xAt / 8;
    for (let j = 0; j < n; j++) {
      const o = x + 2 * c * j;
      for (let k = 0; k < count; k++) {
        f64[o + 2 * k] = input[2 * (k * n + j)];
        f64[o + 2 * k + 1] = input[2 * (k * n + j) + 1];
      }
      for (let k = 2 * count; k < 2 * c; k++) f64[o + k] = 0;
    }
    const s0 = nn[1] * nn[2];
    const s1 = nn[2];
    for (let p0 = rowBegin; p0 < rowEnd; ) {
      // a piece of rows whose entries fit the piece buffer (a longer row goes alone)
      let p1 = p0 + 1;
      while (
        p1 < rowEnd &&
        p1 - p0 < rowsPerPiece &&
        rowStart[p1 + 1] - rowStart[p0] <= Math.max(PIECE_ENTRIES, this.maxRowEntries())
      ) {
        p1++;
      }
      f64.set(this.entries.subarray(2 * rowStart[p0], 2 * rowStart[p1]), entriesAt / 8);
      let runs = runsAt / 4;
      for (let row = p0; row < p1; row++) {
        rowBounds(this.band, row, r);
        const [i0, i1, i2, lo0, hi0, lo1, hi1, lo2, hi2] = r;
        i32[countsAt / 4 + row - p0] = (hi0 - lo0 + 1) * (hi1 - lo1 + 1);
        for (let b0 = lo0; b0 <= hi0; b0++) {
          const j0 = i0 - (b0 - mm[0]);
          for (let b1 = lo1; b1 <= hi1; b1++) {
            const j1 = i1 - (b1 - mm[1]);
            i32[runs] = j0 * s0 + j1 * s1 + i2 + mm[2] - lo2;
            i32[runs + 1] = hi2 - lo2 + 1;
            runs += 2;
          }
        }
      }
      e.rows(p1 - p0, countsAt, runsAt, entriesAt, xAt, outAt, c);
      const out = outAt / 8;
      for (let row = p0; row < p1; row++) {
        const o = out + 2 * c * (row - p0);
        for (let k = 0; k < count; k++) {
          output[2 * (k * n + row)] = f64[o + 2 * k];
          output[2 * (k * n + row) + 1] = f64[o + 2 * k + 1];
        }
      }
      p0 = p1;
    }
  }
}

/** The setup of {@link weylBandKernel}: the band and the shared vector buffers. */
export interface WeylBandSetup {
  readonly band: BandLayout;
  readonly entries: Float64Array;
  readonly input: Float64Array;
  readonly output: Float64Array;
  /** Vectors the shared buffers hold. */
  readonly capacity: number;
}

/** A thread's state: the setup and its own applier (module instance). */
export interface WeylBandState extends WeylBandSetup {
  readonly applier: BandApplier;
}

/**
 * The thread kernel of a threaded WeylOperator.apply: items are the band's rows, the job's
 * parameter the number of vectors in the shared input buffer. Register it in the workers of the
 * team passed as WeylOperatorOptions.threads.
 */
export const weylBandKernel: ThreadKernel<WeylBandState, WeylBandSetup> = {
  name: "metrics.weyl-band",
  prepare: (setup) => ({
    ...setup,
    applier: new BandApplier(setup.band, setup.entries, setup.capacity),
  }),
  run: (state, begin, end, parameters) =>
    state.applier.rows(state.input, state.output, parameters[0], begin, end),
};
