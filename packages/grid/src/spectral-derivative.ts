import { ParameterError } from "./errors.js";
import type { Grid } from "./grid.js";
import { forEachLineBlock, lineLayout, requireLength, tileLength } from "./line-batches.js";
import { RealLineMultiplier } from "./real-line-multiplier.js";
import { requirePowerOfTwo } from "./validation.js";

/**
 * Spectral derivative d^order f / dx_axis^order of real periodic samples on `grid`: multiplies the
 * FFT along `axis` by (i k)^order (the Nyquist mode by Re (i k_N)^order, i.e. 0 for odd orders).
 * Round-off accurate for band-limited periodic data. Only for periodic data: a field that does not
 * vanish smoothly at the box edges (e.g. V * rho for a long-range kernel, or an external potential)
 * must not be differentiated this way (THEORY.md section 2: differentiate inside the convolution,
 * use the analytic gradient of V_ext). Cost O(size log n); allocates O(n) work buffers and the
 * result unless `out` is given (out may be `values` itself).
 */
export function spectralDerivative(
  values: Float64Array,
  grid: Grid,
  axis: number,
  out?: Float64Array,
  order = 1,
): Float64Array {
  const layout = lineLayout(grid.shape, axis);
  requireLength("values", values, grid.size, "grid.size samples");
  if (!Number.isInteger(order) || order < 0) {
    throw new ParameterError("order", `must be a non-negative integer, got ${order}`);
  }
  const n = layout.n;
  requirePowerOfTwo(`grid.shape[${axis}]`, n);
  const result = out ?? new Float64Array(grid.size);
  requireLength("out", result, grid.size, "grid.size values");
  if (result !== values) result.set(values);
  const half = n >> 1;
  const table = new Float64Array(n + 2);
  const dk = (2 * Math.PI) / (n * grid.spacing[axis]);
  for (let k = 0; k <= half; k++) {
    // (i k)^order = k^order i^order
    const magnitude = (k * dk) ** order;
    const phase = order % 4;
    table[2 * k] = phase === 0 ? magnitude : phase === 2 ? -magnitude : 0;
    table[2 * k + 1] = phase === 1 ? magnitude : phase === 3 ? -magnitude : 0;
  }
  table[2 * half + 1] = 0;
  const multiplier = new RealLineMultiplier(n);
  const tile = new Float64Array(tileLength(layout));
  forEachLineBlock(layout, result, tile, (buffer, lineStride, _first, count) => {
    let t = 0;
    for (; t + 1 < count; t += 2) {
      multiplier.applyPair(buffer, t * lineStride, (t + 1) * lineStride, table, table);
    }
    if (t < count) multiplier.applyPair(buffer, t * lineStride, -1, table, table);
  });
  return result;
}
