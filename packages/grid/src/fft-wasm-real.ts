import {
  LINE_BATCH,
  MAX_SCRATCH_BYTES,
  ROW_PIECE_BYTES,
  WasmFftKernel,
} from "./fft-wasm-kernel.js";

/**
 * The multiplier callback of {@link WasmRealFftKernel.multiplyRealLines}: changes the half spectra of
 * lines first .. first + count - 1, X^(first + t)_k at heap[at + t lineStep + k modeStep];
 * heap[scratch ..] holds the scratch asked for (indices in doubles).
 */
export type RealLineMultiply = (
  heap: Float64Array,
  at: number,
  first: number,
  count: number,
  lineStep: number,
  modeStep: number,
  scratch: number,
) => void;

/**
 * Strided real lines are copied in by pieces of about this many bytes of samples (row by row when
 * a piece is narrower than the array): larger than ROW_PIECE_BYTES, as each narrow piece costs n
 * copy calls (measured: 1 MiB pieces were 30% slower at 4096 x 64, no faster at 1024 x 1024).
 */
const STRIDED_PIECE_BYTES = 2 ** 23;

/** Lines per piece of strided real lines: even, about STRIDED_PIECE_BYTES of samples, <= width. */
function pieceWidth(n: number, width: number): number {
  return Math.min(width, Math.max(2, 2 * Math.floor(STRIDED_PIECE_BYTES / (16 * n))));
}

/** Scratch of a piece of w strided real lines: samples, the gather batches, the half spectra. */
function pieceBytes(n: number, w: number): number {
  return 8 * n * w + 2 * 16 * n * Math.min(LINE_BATCH, w / 2) + 16 * (n / 2 + 1) * w;
}

/**
 * The kernel with the real transforms of wasm/fft.wat: batched rows with half spectra, strided
 * lines two per complex line, and Fourier multipliers applied without the spectra leaving the
 * kernel's memory.
 */
export class WasmRealFftKernel extends WasmFftKernel {
  /**
   * Half spectra (n/2 + 1 complex numbers each, at output[2 (n/2 + 1) r ..]) of `count` rows of
   * n >= 2 real samples (input[n r ..]), in pieces of about ROW_PIECE_BYTES.
   */
  realRows(input: Float64Array, output: Float64Array, n: number, count: number): void {
    const m = n / 2;
    const tw = this.twiddles(m, true);
    const twr = this.realTwiddles(n);
    const chunk = Math.max(1, Math.min(count, Math.floor(ROW_PIECE_BYTES / (8 * n))));
    for (let first = 0; first < count; first += chunk) {
      const rows = Math.min(chunk, count - first);
      const inBytes = 8 * n * rows;
      const outBytes = 16 * (m + 1) * rows;
      const base = this.reserve(inBytes + outBytes + 8 * n);
      const heap = this.heap;
      heap.set(input.subarray(n * first, n * (first + rows)), base / 8);
      this.exports.realRows(n, rows, base, base + inBytes, base + inBytes + outBytes, tw, twr);
      const out = (base + inBytes) / 8;
      output.set(heap.subarray(out, out + outBytes / 8), 2 * (m + 1) * first);
    }
  }

  /** The inverse of {@link realRows} (times 1/n): half spectra in, rows of n reals out. */
  realInverseRows(input: Float64Array, output: Float64Array, n: number, count: number): void {
    const m = n / 2;
    const tw = this.twiddles(m, false);
    const twr = this.realTwiddles(n);
    const chunk = Math.max(1, Math.min(count, Math.floor(ROW_PIECE_BYTES / (8 * n))));
    for (let first = 0; first < count; first += chunk) {
      const rows = Math.min(chunk, count - first);
      const inBytes = 16 * (m + 1) * rows;
      const outBytes = 8 * n * rows;
      const base = this.reserve(inBytes + outBytes + 8 * n);
      const heap = this.heap;
      heap.set(input.subarray(2 * (m + 1) * first, 2 * (m + 1) * (first + rows)), base / 8);
      const out = base + inBytes;
      this.exports.realInverseRows(n, rows, base, out, out + outBytes, tw, twr, 1 / n);
      output.set(heap.subarray(out / 8, (out + outBytes) / 8), n * first);
    }
  }

  /**
   * Half spectra along the strided axis of one block of n rows of `width` reals (`width` even):
   * input[inOffset + j width + c] is sample j of line c; the output has n/2 + 1 rows of `width`
   * complex numbers from output[2 outOffset ..]. Two lines per complex transform (column c/2 =
   * line c + i line c+1), separated afterwards; pieces of about STRIDED_PIECE_BYTES of
   * neighbouring lines. Returns false (nothing done) when a piece does not fit the scratch.
   */
  realLines(
    input: Float64Array,
    inOffset: number,
    output: Float64Array,
    outOffset: number,
    n: number,
    width: number,
  ): boolean {
    const piece = pieceWidth(n, width);
    const halfRows = n / 2 + 1;
    if (pieceBytes(n, piece) > MAX_SCRATCH_BYTES) return false;
    const tw = this.twiddles(n, true);
    const exports = this.exports;
    for (let first = 0; first < width; first += piece) {
      const w = Math.min(piece, width - first);
      const pairs = w / 2;
      const batch = Math.min(LINE_BATCH, pairs);
      const blockBytes = 2 * 16 * n * batch;
      const base = this.reserve(pieceBytes(n, w));
      const heap = this.heap;
      const start = inOffset + first;
      if (w === width) heap.set(input.subarray(start, start + n * width), base / 8);
      else {
        for (let j = 0, p = start; j < n; j++, p += width) {
          heap.set(input.subarray(p, p + w), base / 8 + j * w);
        }
      }
      const blk = base + 8 * n * w;
      exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, tw, 1, 1, batch);
      const out = blk + blockBytes;
      exports.separatePairs(n, pairs, base, out);
      if (w === width) {
        output.set(heap.subarray(out / 8, out / 8 + 2 * halfRows * width), 2 * outOffset);
      } else {
        for (let k = 0, p = 2 * (outOffset + first); k < halfRows; k++, p += 2 * width) {
          output.set(heap.subarray(out / 8 + 2 * k * w, out / 8 + 2 * (k + 1) * w), p);
        }
      }
    }
    return true;
  }

  /** The inverse of {@link realLines} (times 1/n). Returns false when a piece does not fit. */
  realInverseLines(
    input: Float64Array,
    inOffset: number,
    output: Float64Array,
    outOffset: number,
    n: number,
    width: number,
  ): boolean {
    const piece = pieceWidth(n, width);
    const halfRows = n / 2 + 1;
    if (pieceBytes(n, piece) > MAX_SCRATCH_BYTES) return false;
    const tw = this.twiddles(n, false);
    const exports = this.exports;
    for (let first = 0; first < width; first += piece) {
      const w = Math.min(piece, width - first);
      const pairs = w / 2;
      const batch = Math.min(LINE_BATCH, pairs);
      const blockBytes = 2 * 16 * n * batch;
      const base = this.reserve(pieceBytes(n, w));
      const heap = this.heap;
      const halfAt = base + 8 * n * w + blockBytes;
      if (w === width) {
        heap.set(input.subarray(2 * inOffset, 2 * (inOffset + halfRows * width)), halfAt / 8);
      } else {
        for (let k = 0, p = 2 * (inOffset + first); k < halfRows; k++, p += 2 * width) {
          heap.set(input.subarray(p, p + 2 * w), halfAt / 8 + 2 * k * w);
        }
      }
      const blk = base + 8 * n * w;
      exports.combinePairs(n, pairs, halfAt, base);
      exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, tw, 0, 1 / n, batch);
      const start = outOffset + first;
      if (w === width) output.set(heap.subarray(base / 8, base / 8 + n * width), start);
      else {
        for (let j = 0, p = start; j < n; j++, p += width) {
          output.set(heap.subarray(base / 8 + j * w, base / 8 + (j + 1) * w), p);
        }
      }
    }
    return true;
  }

  /**
   * A Fourier multiplier on the real lines along one axis, in place, the spectra never leaving
   * the kernel's memory: `data` is real, row-major, with n points per line `stride` apart, lines
   * numbered as in LineLayout (line outer stride + inner). Each piece of lines is copied
   * in, transformed to half spectra (rows: {@link realRows}; strided lines: two neighbouring
   * lines per complex line, as {@link realLines}), handed to `multiply` on the heap, transformed
   * back (times 1/n) and copied out. `multiply` ({@link RealLineMultiply}) changes
   * X^(first + t)_k at heap[at + t lineStep + k modeStep] (re; im next), t < count,
   * k = 0 .. n/2, with `scratchPerLine` doubles per line of the piece at heap[scratch ..].
   * Returns false (nothing done) for an odd stride > 1.
   */
  multiplyRealLines(
    data: Float64Array,
    n: number,
    stride: number,
    multiply: RealLineMultiply,
    scratchPerLine = 0,
  ): boolean {
    if (stride > 1 && stride % 2 !== 0) return false;
    const m = n / 2;
    const size = data.length;
    const exports = this.exports;
    if (stride === 1) {
      const lines = size / n;
      const tw = this.twiddles(m, true);
      const twi = this.twiddles(m, false);
      const twr = this.realTwiddles(n);
      const chunk = Math.max(1, Math.min(lines, Math.floor(ROW_PIECE_BYTES / (8 * n))));
      for (let first = 0; first < lines; first += chunk) {
        const rows = Math.min(chunk, lines - first);
        const realBytes = 8 * n * rows;
        const halfBytes = 16 * (m + 1) * rows;
        const base = this.reserve(realBytes + halfBytes + 8 * n + 8 * scratchPerLine * rows);
        const half = base + realBytes;
        const tmp = half + halfBytes;
        this.heap.set(data.subarray(n * first, n * (first + rows)), base / 8);
        exports.realRows(n, rows, base, half, tmp, tw, twr);
        multiply(this.heap, half / 8, first, rows, 2 * (m + 1), 2, (tmp + 8 * n) / 8);
        exports.realInverseRows(n, rows, half, base, tmp, twi, twr, 1 / n);
        data.set(this.heap.subarray(base / 8, (base + realBytes) / 8), n * first);
      }
      return true;
    }
    const tw = this.twiddles(n, true);
    const twi = this.twiddles(n, false);
    // Pieces of `width` neighbouring lines (even, about STRIDED_PIECE_BYTES of samples).
    const width = pieceWidth(n, stride);
    const block = n * stride;
    for (let outer = 0; outer < size; outer += block) {
      for (let inner = 0; inner < stride; inner += width) {
        const w = Math.min(width, stride - inner);
        const pairs = w / 2;
        const batch = Math.min(LINE_BATCH, pairs);
        const realBytes = 8 * n * w;
        const blockBytes = 2 * 16 * n * batch;
        const halfBytes = 16 * (m + 1) * w;
        const base = this.reserve(realBytes + blockBytes + halfBytes + 8 * scratchPerLine * w);
        const blk = base + realBytes;
        const half = blk + blockBytes;
        let heap = this.heap;
        const start = outer + inner;
        if (w === stride) heap.set(data.subarray(start, start + block), base / 8);
        else {
          for (let j = 0, p = start; j < n; j++, p += stride) {
            heap.set(data.subarray(p, p + w), base / 8 + j * w);
          }
        }
        exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, tw, 1, 1, batch);
        exports.separatePairs(n, pairs, base, half);
        const scratch = (half + halfBytes) / 8;
        multiply(heap, half / 8, (outer / block) * stride + inner, w, 2, 2 * w, scratch);
        exports.combinePairs(n, pairs, half, base);
        exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, twi, 0, 1 / n, batch);
        heap = this.heap;
        if (w === stride) data.set(heap.subarray(base / 8, base / 8 + block), start);
        else {
          for (let j = 0, p = start; j < n; j++, p += stride) {
            data.set(heap.subarray(base / 8 + j * w, base / 8 + (j + 1) * w), p);
          }
        }
      }
    }
    return true;
  }

  /**
   * Phase ramps e^{-i k theta_t} on `count` half spectra of n = 2 half points on the heap (see
   * wasm/fft.wat, phaseRamp; X^t_k at heap[at + t lineStep + k modeStep], line t's phase table of
   * `tableStride` doubles at heap[table + t tableStride]; indices in doubles).
   */
  phaseRamp(
    half: number,
    count: number,
    at: number,
    lineStep: number,
    modeStep: number,
    table: number,
    tableStride: number,
  ): void {
    this.exports.phaseRamp(
      half,
      count,
      8 * at,
      8 * lineStep,
      8 * modeStep,
      8 * table,
      8 * tableStride,
    );
  }
}
