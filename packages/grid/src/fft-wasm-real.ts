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
 * Copies `rows` rows of `length` doubles from `from` (row r at fromStart + r fromStride) to `to`
 * (row r at toStart + r toStride), in one call when both are contiguous.
 */
function copyRows(
  from: Float64Array,
  fromStart: number,
  fromStride: number,
  to: Float64Array,
  toStart: number,
  toStride: number,
  rows: number,
  length: number,
): void {
  if (fromStride === length && toStride === length) {
    to.set(from.subarray(fromStart, fromStart + rows * length), toStart);
    return;
  }
  for (let r = 0, f = fromStart, t = toStart; r < rows; r++, f += fromStride, t += toStride) {
    to.set(from.subarray(f, f + length), t);
  }
}

/**
 * The heap layout (byte addresses) of a piece of w strided real lines of n points: samples at
 * `base`, the gather batches of the kernel's `lines` at `blk` (`batch` pairs, two halves of
 * `blockBytes` / 2), the half spectra at `half`.
 */
interface LinePiece {
  readonly base: number;
  readonly blk: number;
  readonly half: number;
  readonly pairs: number;
  readonly batch: number;
  readonly blockBytes: number;
}

function linePiece(base: number, n: number, w: number): LinePiece {
  const pairs = w / 2;
  const batch = Math.min(LINE_BATCH, pairs);
  const blockBytes = 2 * 16 * n * batch;
  const blk = base + 8 * n * w;
  return { base, blk, half: blk + blockBytes, pairs, batch, blockBytes };
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
    this.realRowPieces(input, output, n, count, true);
  }

  /** The inverse of {@link realRows} (times 1/n): half spectra in, rows of n reals out. */
  realInverseRows(input: Float64Array, output: Float64Array, n: number, count: number): void {
    this.realRowPieces(input, output, n, count, false);
  }

  /**
   * {@link realRows} (forward) or {@link realInverseRows}: each piece of rows is copied to the
   * heap, transformed by the kernel's realRows / realInverseRows to the space after it (with
   * scratch of n doubles after that) and copied out.
   */
  private realRowPieces(
    input: Float64Array,
    output: Float64Array,
    n: number,
    count: number,
    forward: boolean,
  ): void {
    const m = n / 2;
    const tw = this.twiddles(m, forward);
    const twr = this.realTwiddles(n);
    // doubles per row of the input and of the output
    const inLine = forward ? n : 2 * (m + 1);
    const outLine = forward ? 2 * (m + 1) : n;
    const chunk = Math.max(1, Math.min(count, Math.floor(ROW_PIECE_BYTES / (8 * n))));
    for (let first = 0; first < count; first += chunk) {
      const rows = Math.min(chunk, count - first);
      const base = this.reserve(8 * (inLine + outLine) * rows + 8 * n);
      const out = base + 8 * inLine * rows;
      const tmp = out + 8 * outLine * rows;
      const heap = this.heap;
      heap.set(input.subarray(inLine * first, inLine * (first + rows)), base / 8);
      if (forward) this.exports.realRows(n, rows, base, out, tmp, tw, twr);
      else this.exports.realInverseRows(n, rows, base, out, tmp, tw, twr, 1 / n);
      output.set(heap.subarray(out / 8, out / 8 + outLine * rows), outLine * first);
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
    return this.realLinePieces(input, inOffset, output, outOffset, n, width, true);
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
    return this.realLinePieces(input, inOffset, output, outOffset, n, width, false);
  }

  /** {@link realLines} (forward: samples in, half spectra out) or {@link realInverseLines}. */
  private realLinePieces(
    input: Float64Array,
    inOffset: number,
    output: Float64Array,
    outOffset: number,
    n: number,
    width: number,
    forward: boolean,
  ): boolean {
    const piece = pieceWidth(n, width);
    const halfRows = n / 2 + 1;
    if (pieceBytes(n, piece) > MAX_SCRATCH_BYTES) return false;
    const tw = this.twiddles(n, forward);
    for (let first = 0; first < width; first += piece) {
      const w = Math.min(piece, width - first);
      const at = linePiece(this.reserve(pieceBytes(n, w)), n, w);
      const heap = this.heap;
      if (forward) {
        copyRows(input, inOffset + first, width, heap, at.base / 8, w, n, w);
        this.pairsToHalfSpectra(n, at, tw);
        const to = 2 * (outOffset + first);
        copyRows(heap, at.half / 8, 2 * w, output, to, 2 * width, halfRows, 2 * w);
      } else {
        const from = 2 * (inOffset + first);
        copyRows(input, from, 2 * width, heap, at.half / 8, 2 * w, halfRows, 2 * w);
        this.halfSpectraToPairs(n, at, tw);
        copyRows(heap, at.base / 8, w, output, outOffset + first, width, n, w);
      }
    }
    return true;
  }

  /** The samples of a piece (two lines per complex line) to their half spectra (see realLines). */
  private pairsToHalfSpectra(n: number, at: LinePiece, tw: number): void {
    const { base, blk, half, pairs, batch, blockBytes } = at;
    this.exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, tw, 1, 1, batch);
    this.exports.separatePairs(n, pairs, base, half);
  }

  /** The inverse of {@link pairsToHalfSpectra} (times 1/n; tw the inverse table). */
  private halfSpectraToPairs(n: number, at: LinePiece, tw: number): void {
    const { base, blk, half, pairs, batch, blockBytes } = at;
    this.exports.combinePairs(n, pairs, half, base);
    this.exports.lines(n, pairs, pairs, base, blk, blk + blockBytes / 2, tw, 0, 1 / n, batch);
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
        const at = linePiece(this.reserve(pieceBytes(n, w) + 8 * scratchPerLine * w), n, w);
        const start = outer + inner;
        copyRows(data, start, stride, this.heap, at.base / 8, w, n, w);
        this.pairsToHalfSpectra(n, at, tw);
        const scratch = (at.half + 16 * (m + 1) * w) / 8;
        multiply(this.heap, at.half / 8, (outer / block) * stride + inner, w, 2, 2 * w, scratch);
        this.halfSpectraToPairs(n, at, twi);
        copyRows(this.heap, at.base / 8, w, data, start, stride, n, w);
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
