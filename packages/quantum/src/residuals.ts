import type { Hamiltonian } from "./hamiltonian.js";
import { dot } from "./linalg/block.js";

/** Residual norms ||h q_k - theta_k q_k|| of the first `count` vectors. */
export function residualNorms(
  q: Float64Array,
  hq: Float64Array,
  theta: Float64Array,
  count: number,
  n: number,
): Float64Array {
  const r = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    const a = k * n;
    for (let i = 0; i < n; i++) {
      const d = hq[a + i] - theta[k] * q[a + i];
      s += d * d;
    }
    r[k] = Math.sqrt(s);
  }
  return r;
}

/**
 * Normalizes the first `count` vectors and returns their Rayleigh quotients and residuals (the
 * interpolated Ritz vectors of a resolving level are orthonormal to round-off: trigonometric
 * interpolation is an isometry up to a constant on band-limited vectors). Cost count matvecs.
 */
export function checkInterpolated(
  h: Hamiltonian,
  q: Float64Array,
  count: number,
): { theta: Float64Array; residuals: Float64Array } {
  const n = h.grid.size;
  for (let k = 0; k < count; k++) {
    const s = 1 / Math.sqrt(dot(q, k * n, k * n, n));
    for (let i = 0; i < n; i++) q[k * n + i] *= s;
  }
  const hq = new Float64Array(count * n);
  h.applyBlock(q, hq, 0, count);
  const theta = new Float64Array(count);
  for (let k = 0; k < count; k++) theta[k] = dot(q, k * n, k * n, n, hq);
  // Rayleigh quotients of a non-rotated block need not be sorted if levels are nearly degenerate
  for (let k = 1; k < count; k++) {
    if (theta[k] < theta[k - 1])
      return { theta, residuals: new Float64Array(count).fill(Infinity) };
  }
  let worstOverlap = 0;
  for (let k = 0; k < count && k < 4; k++) {
    for (let l = k + 1; l < count; l++)
      worstOverlap = Math.max(worstOverlap, Math.abs(dot(q, k * n, l * n, n)));
  }
  if (worstOverlap > 1e-12) return { theta, residuals: new Float64Array(count).fill(Infinity) };
  return { theta, residuals: residualNorms(q, hq, theta, count, n) };
}
