import type { Grid } from "@semiclassical/grid";
import { ParameterError } from "@semiclassical/grid";
import { combine, gram, orthonormalize } from "./linalg/block.js";
import { symmetricEigen } from "./linalg/index.js";
import { residualNorms } from "./residuals.js";

/**
 * A real symmetric operator on grid vectors, applied to blocks of real vectors (vector k of
 * grid.size values at offset k grid.size), with an upper bound of its spectrum: what the filtered
 * subspace iteration needs (quantum's local `Hamiltonian`, or hartree-fock's Fock operator).
 */
export interface BlockOperator {
  readonly grid: Grid;
  /** An upper bound of the spectrum (the top of the Chebyshev filter's damped interval). */
  readonly upper: number;
  /** out_k = h y_k for the vectors k in [from, to). */
  applyBlock(y: Float64Array, out: Float64Array, from: number, to: number): void;
}

/**
 * Rayleigh-Ritz on the span of an orthonormal block Q: H_s = Q^T h Q, H_s = Z diag(theta) Z^T,
 * Q <- Q Z, HQ <- h Q. Returns theta (ascending). Cost B matvecs x 2 + 1.5 B^2 n + B^3.
 */
export function rayleighRitz(
  h: BlockOperator,
  q: Float64Array,
  hq: Float64Array,
  work: Float64Array,
  count: number,
): Float64Array {
  const n = h.grid.size;
  h.applyBlock(q, hq, 0, count);
  const hs = new Float64Array(count * count);
  gram(q, hq, count, n, true, hs);
  const eig = symmetricEigen(count, hs, { vectors: true });
  combine(q, eig.vectors, count, count, n, work);
  q.set(work.subarray(0, count * n));
  h.applyBlock(q, hq, 0, count);
  return eig.values;
}

/**
 * Chebyshev filter of degree m (Zhou and Saad 2007, scaled three-term recurrence): damps the part
 * of the spectrum in [a, b] and amplifies what lies below a, normalized at a0. On entry x = Q,
 * hx = h Q; on exit x holds the filtered block. y, ynew are work blocks.
 */
export function chebyshevFilter(
  h: BlockOperator,
  x: Float64Array,
  hx: Float64Array,
  y: Float64Array,
  ynew: Float64Array,
  count: number,
  m: number,
  a: number,
  b: number,
  a0: number,
): void {
  const n = h.grid.size;
  const len = count * n;
  const e = (b - a) / 2;
  const c = (b + a) / 2;
  let sigma = e / (a0 - c);
  const tau = 2 / sigma;
  let f = sigma / e;
  for (let i = 0; i < len; i++) y[i] = (hx[i] - c * x[i]) * f;
  let prev = x;
  let cur = y;
  let next = ynew;
  for (let deg = 2; deg <= m; deg++) {
    const sigmaNew = 1 / (tau - sigma);
    h.applyBlock(cur, next, 0, count);
    f = (2 * sigmaNew) / e;
    const g = sigma * sigmaNew;
    for (let i = 0; i < len; i++) next[i] = (next[i] - c * cur[i]) * f - g * prev[i];
    const t = prev;
    prev = cur;
    cur = next;
    next = t;
    sigma = sigmaNew;
  }
  if (cur !== x) x.set(cur.subarray(0, len));
}

/**
 * Filtered subspace iteration on one grid from the orthonormal start block q (B vectors); stops
 * when the first `wanted` residuals are below tol. Returns the Ritz values and sweep count; q holds
 * the Ritz vectors. Cost per sweep: up to `degree` block applications of h + ~3.5 B^2 n flops
 * (orthonormalization, Rayleigh-Ritz) + a B x B eigenproblem; allocates 3 B n doubles.
 */
export function subspaceIteration(
  h: BlockOperator,
  q: Float64Array,
  block: number,
  wanted: number,
  tol: number,
  maxSweeps: number,
  degree: number,
  random: () => number,
  tighten?: () => number | undefined,
): { theta: Float64Array; residuals: Float64Array; sweeps: number; tightened: boolean } {
  const n = h.grid.size;
  const hq = new Float64Array(block * n);
  const y = new Float64Array(block * n);
  const ynew = new Float64Array(block * n);
  orthonormalize(q, block, n, random, y);
  let theta = rayleighRitz(h, q, hq, y, block);
  let residuals = residualNorms(q, hq, theta, wanted, n);
  let sweeps = 0;
  let tightened = false;
  for (;;) {
    if (Math.max(...residuals) <= tol) {
      const next = tightened || tighten === undefined ? undefined : tighten();
      if (next === undefined) break;
      tightened = true;
      if (next >= tol) break;
      tol = next;
      continue;
    }
    if (sweeps >= maxSweeps) {
      throw new ParameterError(
        "maxSweeps",
        `lowestEigenstates did not converge in ${maxSweeps} sweeps on ${n} points: ` +
          `largest residual ${Math.max(...residuals).toExponential(3)} > tolerance ${tol.toExponential(3)}; ` +
          "raise maxSweeps or tolerance",
      );
    }
    const a = theta[block - 1];
    const b = Math.max(h.upper, a + 1e-12 * Math.abs(a) + 1e-300);
    // keep the amplification ratio of the filter (hence cond(Y)) below ~1e7
    const ell = 1 + (2 * (a - theta[0])) / (b - a);
    const m = Math.max(2, Math.min(degree, Math.floor(Math.acosh(1e7) / Math.acosh(ell))));
    chebyshevFilter(h, q, hq, y, ynew, block, m, a, b, theta[0]);
    orthonormalize(q, block, n, random, y);
    theta = rayleighRitz(h, q, hq, y, block);
    residuals = residualNorms(q, hq, theta, wanted, n);
    sweeps++;
  }
  return { theta, residuals, sweeps, tightened };
}
