/**
 * The kernels of the blocked Householder tridiagonalization (blocked-tridiagonal.ts), complex
 * Hermitian (split real / imaginary storage) and real symmetric, each in plain JavaScript (here)
 * and as WebAssembly SIMD (f64x2, simd-kernels.ts). The two O(n^3) ones:
 *
 * - hemv / symv: y += A x for A Hermitian (symmetric) held in the lower triangle of rows and
 *   columns start..end-1 (LAPACK zhemv / dsymv, lower). Each stored entry is used twice (the dot
 *   product of row i and the axpy into y_j), one read of the triangle per call.
 * - her2k / syr2k: A <- A - X Y^* on the lower triangle start <= j <= i < end, where X and Y hold
 *   m vectors as rows (the rank-2b update A - V W^* - W V^* with X = [V; W], Y = [W; V]).
 *
 * and the O(n^2 b) panel products: dots (out = X^* v) and combine (u -= X c); rank1Real
 * (Z -= c v^T) serves the back-transformation of eigenvectors.
 *
 * All matrices live in one Float64Array workspace: entry (i, j) of a matrix at offset `a` with row
 * stride `ld` is at a + i ld + j; vector q of X at x + q ld (its entry i at x + q ld + i); vectors
 * x, y of hemv are indexed globally (x_j at x + j). Offsets are in doubles. The SIMD update works
 * on whole pairs of columns and may also write A(i, j) for i < j <= i + 7 (upper triangle or row
 * padding: callers keep ld >= end + 8 and Y's entries up to end + 7 finite, and never read there).
 * @internal
 */
export interface DenseKernels {
  /** "simd" (WebAssembly f64x2) or "javascript". */
  readonly kind: "simd" | "javascript";
  /**
   * A Float64Array of at least `length` doubles (finite contents from earlier calls, or zeros),
   * or undefined when this kernel set cannot hold that much. Views taken earlier may be detached.
   */
  workspace(length: number): Float64Array | undefined;
  /** y_j += sum_i A_ji x_i for start <= i, j < end (A Hermitian, lower triangle). */
  hemv(...args: [ld: number, start: number, end: number, ...ComplexOffsets]): void;
  /** A_ij -= sum_{q<m} X_q[i] conj(Y_q[j]) for start <= j <= i < end. */
  her2k(...args: [ld: number, start: number, end: number, m: number, ...ComplexOffsets]): void;
  /** out_q = sum_{start<=i<end} conj(X_q[i]) v_i for q < m (out_q at out + q). */
  dots(...args: [ld: number, start: number, end: number, m: number, ...ComplexOffsets]): void;
  /** u_i -= sum_{q<m} X_q[i] c_q for start <= i < end (c_q at c + q). */
  combine(...args: [ld: number, start: number, end: number, m: number, ...ComplexOffsets]): void;
  /** Complex rank-1 update of m rows: Z_q[i] -= c_q v_i (offsets Re Z, Im Z, Re c, Im c, Re v, Im v). */
  rank1(...args: [ld: number, start: number, end: number, m: number, ...ComplexOffsets]): void;
  symv(ld: number, start: number, end: number, a: number, x: number, y: number): void;
  syr2k(ld: number, start: number, end: number, m: number, a: number, x: number, y: number): void;
  /** Real dots: out_q = sum X_q[i] v_i. */
  dotsReal(
    ld: number,
    start: number,
    end: number,
    m: number,
    x: number,
    v: number,
    out: number,
  ): void;
  /** Rank-1 update of m rows: Z_q[i] -= c_q v_i for q < m, start <= i < end. */
  rank1Real(
    ld: number,
    start: number,
    end: number,
    m: number,
    z: number,
    c: number,
    v: number,
  ): void;
  /** Real combine: u_i -= sum_q X_q[i] c_q. */
  combineReal(
    ld: number,
    start: number,
    end: number,
    m: number,
    x: number,
    c: number,
    u: number,
  ): void;
}
/** Offsets of the real and imaginary parts of the three operands, in the order of the call. */
type ComplexOffsets = [number, number, number, number, number, number];

/** Plain JavaScript kernels on a Float64Array workspace. Cost as stated per kernel. */
function javascriptKernelsOn(): DenseKernels {
  let heap = new Float64Array(0);
  return {
    kind: "javascript",
    workspace(length) {
      if (heap.length < length) heap = new Float64Array(length);
      return heap;
    },
    // 16 flops per stored entry (dot product of row i and axpy into y): ~ 8 (end - start)^2.
    hemv(ld, start, end, ar, ai, xr, xi, yr, yi) {
      const h = heap;
      for (let i = start; i < end; i++) {
        const xri = h[xr + i];
        const xii = h[xi + i];
        let accR = 0;
        let accI = 0;
        const rowR = ar + i * ld;
        const rowI = ai + i * ld;
        for (let j = start; j < i; j++) {
          const aR = h[rowR + j];
          const aI = h[rowI + j];
          accR += aR * h[xr + j] - aI * h[xi + j];
          accI += aR * h[xi + j] + aI * h[xr + j];
          h[yr + j] += aR * xri + aI * xii;
          h[yi + j] += aR * xii - aI * xri;
        }
        h[yr + i] += accR + h[rowR + i] * xri;
        h[yi + i] += accI + h[rowR + i] * xii;
      }
    },
    // 8 m flops per stored entry.
    her2k(ld, start, end, m, ar, ai, xr, xi, yr, yi) {
      const h = heap;
      for (let i = start; i < end; i++) {
        const rowR = ar + i * ld;
        const rowI = ai + i * ld;
        for (let q = 0; q < m; q++) {
          const sr = h[xr + q * ld + i];
          const si = h[xi + q * ld + i];
          const pr = yr + q * ld;
          const pi = yi + q * ld;
          for (let j = start; j <= i; j++) {
            const tr = h[pr + j];
            const ti = h[pi + j];
            h[rowR + j] -= sr * tr + si * ti;
            h[rowI + j] -= si * tr - sr * ti;
          }
        }
      }
    },
    dots(ld, start, end, m, xr, xi, vr, vi, outR, outI) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const pr = xr + q * ld;
        const pi = xi + q * ld;
        let re = 0;
        let im = 0;
        for (let i = start; i < end; i++) {
          const a = h[pr + i];
          const b = h[pi + i];
          re += a * h[vr + i] + b * h[vi + i];
          im += a * h[vi + i] - b * h[vr + i];
        }
        h[outR + q] = re;
        h[outI + q] = im;
      }
    },
    combine(ld, start, end, m, xr, xi, cr, ci, ur, ui) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const pr = xr + q * ld;
        const pi = xi + q * ld;
        const sr = h[cr + q];
        const si = h[ci + q];
        for (let i = start; i < end; i++) {
          const a = h[pr + i];
          const b = h[pi + i];
          h[ur + i] -= a * sr - b * si;
          h[ui + i] -= a * si + b * sr;
        }
      }
    },
    dotsReal(ld, start, end, m, x, v, out) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const p = x + q * ld;
        let acc = 0;
        for (let i = start; i < end; i++) acc += h[p + i] * h[v + i];
        h[out + q] = acc;
      }
    },
    combineReal(ld, start, end, m, x, c, u) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const p = x + q * ld;
        const s = h[c + q];
        for (let i = start; i < end; i++) h[u + i] -= h[p + i] * s;
      }
    },
    rank1(ld, start, end, m, zr, zi, cr, ci, vr, vi) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const pr = zr + q * ld;
        const pi = zi + q * ld;
        const sr = h[cr + q];
        const si = h[ci + q];
        for (let i = start; i < end; i++) {
          const a = h[vr + i];
          const b = h[vi + i];
          h[pr + i] -= sr * a - si * b;
          h[pi + i] -= sr * b + si * a;
        }
      }
    },
    rank1Real(ld, start, end, m, z, c, v) {
      const h = heap;
      for (let q = 0; q < m; q++) {
        const p = z + q * ld;
        const s = h[c + q];
        for (let i = start; i < end; i++) h[p + i] -= s * h[v + i];
      }
    },
    symv(ld, start, end, a, x, y) {
      const h = heap;
      for (let i = start; i < end; i++) {
        const xI = h[x + i];
        let acc = 0;
        const row = a + i * ld;
        for (let j = start; j < i; j++) {
          const v = h[row + j];
          acc += v * h[x + j];
          h[y + j] += v * xI;
        }
        h[y + i] += acc + h[row + i] * xI;
      }
    },
    syr2k(ld, start, end, m, a, x, y) {
      const h = heap;
      for (let i = start; i < end; i++) {
        const row = a + i * ld;
        for (let q = 0; q < m; q++) {
          const s = h[x + q * ld + i];
          const p = y + q * ld;
          for (let j = start; j <= i; j++) h[row + j] -= s * h[p + j];
        }
      }
    },
  };
}

/** The JavaScript kernels (reference and fallback); a fresh set with its own workspace. */
export function javascriptKernels(): DenseKernels {
  return javascriptKernelsOn();
}
