import { ParameterError } from "./errors.js";

/**
 * Lines gathered per block (a tile of TILE x n doubles, 128 KiB for n = 512, stays in L2). Wide
 * tiles matter for strided axes: each gather pass touches one cache line (and page) per row.
 */
export const TILE = 32;

/**
 * Geometry of the lines along one axis of a row-major array: n points per line, element j of line
 * l = outer * stride + inner sits at outer * n * stride + inner + j * stride.
 */
export interface LineLayout {
  readonly n: number;
  readonly stride: number;
  readonly size: number;
  readonly lines: number;
}

/**
 * The {@link LineLayout} of `axis` in a row-major array of `shape`, validating both (ParameterError
 * naming `shape[a]` or `axis`). Cost O(d).
 */
export function lineLayout(shape: readonly number[], axis: number): LineLayout {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new ParameterError(
      "shape",
      `must be a non-empty list of axis lengths, got ${String(shape)}`,
    );
  }
  shape.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new ParameterError(`shape[${a}]`, `must be a positive integer, got ${String(n)}`);
    }
  });
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new ParameterError("axis", `must be an integer in [0, ${shape.length - 1}], got ${axis}`);
  }
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a];
  const size = shape.reduce((p, n) => p * n, 1);
  return { n: shape[axis], stride, size, lines: size / shape[axis] };
}

/** Throws a ParameterError naming `name` unless `data` has `length` entries (`what` says why). */
export function requireLength(
  name: string,
  data: ArrayLike<number>,
  length: number,
  what: string,
): void {
  if (data.length !== length) {
    throw new ParameterError(name, `has length ${data.length}, expected ${length} (${what})`);
  }
}

/**
 * Tile lines are stored TILE_PAD doubles further apart than n, so that for n a large power of two
 * the lines of a tile do not all map to the same cache sets (4 KiB aliasing).
 */
const TILE_PAD = 8;

/** Doubles needed by the gather tile of {@link forEachLineBlock}. */
export function tileLength(layout: LineLayout): number {
  return layout.stride === 1 ? 0 : TILE * (layout.n + TILE_PAD);
}

/**
 * Runs `processLines(buffer, lineStride, first, count)` over every line along one axis of a real
 * row-major array; line first + t reaches the callback contiguous at buffer[t * lineStride ..].
 * For the last axis `buffer` is the data itself (lineStride = n, all lines at once); for other axes
 * a tile of up to TILE lines is gathered into `tile` and scattered back afterwards. No allocation.
 */
export function forEachLineBlock(
  layout: LineLayout,
  data: Float64Array,
  tile: Float64Array,
  processLines: (buffer: Float64Array, lineStride: number, first: number, count: number) => void,
): void {
  const { n, stride, size } = layout;
  if (stride === 1) {
    processLines(data, n, 0, layout.lines);
    return;
  }
  const lineStride = n + TILE_PAD;
  const block = n * stride;
  for (let outer = 0; outer < size; outer += block) {
    const firstOfBlock = (outer / block) * stride;
    for (let inner0 = 0; inner0 < stride; inner0 += TILE) {
      const width = Math.min(TILE, stride - inner0);
      const base = outer + inner0;
      for (let j = 0, p = base; j < n; j++, p += stride) {
        for (let t = 0, q = j; t < width; t++, q += lineStride) tile[q] = data[p + t];
      }
      processLines(tile, lineStride, firstOfBlock + inner0, width);
      for (let j = 0, p = base; j < n; j++, p += stride) {
        for (let t = 0, q = j; t < width; t++, q += lineStride) data[p + t] = tile[q];
      }
    }
  }
}
