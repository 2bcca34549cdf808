import {
  type Grid,
  sharedFloat64Array,
  type ThreadContext,
  type ThreadKernel,
  type ThreadTeam,
} from "@semiclassical/grid";

/**
 * The adaptively compressed exchange operator (ACE; L. Lin, J. Chem. Theory Comput. 12, 2242
 * (2016)) of X = X[omega] on a basis Psi = (psi_1, ..., psi_K) of M = grid.size points
 * (interleaved complex, vector k at offset 2 k M), for the orbital dynamics:
 *   W = X Psi,  M_X = <Psi, W> (K x K Hermitian, <a, b> = sum_i conj(a_i) b_i dx^d),
 *   A = W M_X^{-1} W^*  (A psi = W M_X^{-1} <W, psi>).
 * A is Hermitian, has rank K and equals X on span(Psi): A Psi = W M_X^{-1} M_X = W = X Psi.
 * Applying it costs O(M K^2) instead of the K^2 pair convolutions of X.
 *
 * Used here in the Cayley form of the exchange flow: the midpoint solve
 *   Psi_m = (1 - i h A)^{-1} Psi_0 = Psi_0 + i h W (M_X - i h G)^{-1} <W, Psi_0>,  G = <W, W>
 * (Sherman-Morrison-Woodbury), a K x K complex solve, so M_X is never inverted (M_X - i h G is
 * invertible whenever W has full column rank: (M_X - i h G) c = 0 gives c^* M_X c = i h c^* G c,
 * real = imaginary, so W c = 0). Then Psi_1 = 2 Psi_m - Psi_0 = (1 - i h A)^{-1} (1 + i h A)
 * Psi_0 is a unitary map of Psi_0 (A Hermitian), so every Gram entry <psi_k, psi_l> is conserved
 * to round-off, whatever the accuracy of the basis. Buffers (K x K) are allocated once.
 */
export class CompressedExchange {
  readonly grid: Grid;
  readonly count: number;
  /** M_X, G, M_X - i h G and the right-hand sides <W, Psi_0>, K x K interleaved complex. */
  private overlap: Float64Array;
  private wGram: Float64Array;
  private readonly system: Float64Array;
  private rhs: Float64Array;
  private readonly pivots: Int32Array;
  private exchanged: Float64Array | undefined;
  private threads:
    | { team: ThreadTeam; context: ThreadContext; setup: CompressedExchangeSetup }
    | undefined;

  constructor(grid: Grid, count: number) {
    this.grid = grid;
    this.count = count;
    this.overlap = new Float64Array(2 * count * count);
    this.wGram = new Float64Array(2 * count * count);
    this.system = new Float64Array(2 * count * count);
    this.rhs = new Float64Array(2 * count * count);
    this.pivots = new Int32Array(count);
  }

  /**
   * Compresses X on span(basis) from W = X basis (`exchanged`, kept by reference until the next
   * build): M_X = <basis, W> (made exactly Hermitian) and G = <W, W>. Cost ~ M K^2 complex
   * multiply-adds (two Hermitian K x K products; split over the team of {@link useThreads}),
   * no allocation.
   */
  build(basis: Float64Array, exchanged: Float64Array): void {
    const k = this.count;
    const threads = this.threads;
    if (
      threads !== undefined &&
      basis === threads.setup.basis &&
      exchanged === threads.setup.exchanged
    ) {
      const blocks = Math.ceil(k / 2);
      threads.team.run(threads.context, blocks, [COMPRESSED_JOB.overlap]);
      threads.team.run(threads.context, blocks, [COMPRESSED_JOB.wGram]);
      hermitianMirror(this.overlap, k);
      hermitianMirror(this.wGram, k);
    } else {
      innerProducts(this.grid, basis, exchanged, k, this.overlap, true);
      innerProducts(this.grid, exchanged, exchanged, k, this.wGram, true);
    }
    this.exchanged = exchanged;
  }

  /**
   * Splits {@link build} and {@link midpoint} over `team` (workers register hartree-fock's
   * `compressedExchangeKernel`) when they are called with these buffers (K vectors each, on
   * SharedArrayBuffers): basis, W, Psi_0 and the output. Every K x K entry and every output
   * vector is computed by one thread with the serial arithmetic: the same numbers bit for bit.
   * Calls with other arrays stay serial. threads = 1: no change. Cost O(K^2) once.
   */
  useThreads(
    team: ThreadTeam,
    buffers: {
      basis: Float64Array;
      exchanged: Float64Array;
      psi0: Float64Array;
      out: Float64Array;
    },
  ): void {
    if (team.threads === 1) return;
    const k = this.count;
    this.overlap = sharedFloat64Array(2 * k * k);
    this.wGram = sharedFloat64Array(2 * k * k);
    this.rhs = sharedFloat64Array(2 * k * k);
    const setup: CompressedExchangeSetup = {
      grid: this.grid,
      count: k,
      ...buffers,
      overlap: this.overlap,
      wGram: this.wGram,
      rhs: this.rhs,
    };
    if (this.threads !== undefined) this.threads.team.release(this.threads.context);
    this.threads = { team, context: team.context(compressedExchangeKernel, setup), setup };
  }

  /**
   * out = (1 - i h A)^{-1} psi0 for the K vectors psi0 (the implicit-midpoint solve of the flow
   * i eps d_s psi = -A psi over tau = 2 h eps), by the Woodbury form of the class comment. Cost
   * ~ 2 M K^2 complex multiply-adds + O(K^3), no allocation. `out` must not alias `psi0`.
   */
  midpoint(psi0: Float64Array, h: number, out: Float64Array): Float64Array {
    const w = this.exchanged;
    if (w === undefined) throw new Error("CompressedExchange.midpoint: build() first");
    const k = this.count;
    const m = this.grid.size;
    const a = this.system;
    const mx = this.overlap;
    const g = this.wGram;
    for (let o = 0; o < 2 * k * k; o += 2) {
      // M_X - i h G
      a[o] = mx[o] + h * g[o + 1];
      a[o + 1] = mx[o + 1] - h * g[o];
    }
    const c = this.rhs;
    const threads = this.threads;
    const threaded =
      threads !== undefined &&
      w === threads.setup.exchanged &&
      psi0 === threads.setup.psi0 &&
      out === threads.setup.out;
    if (threaded) threads.team.run(threads.context, Math.ceil(k / 2), [COMPRESSED_JOB.rhs]);
    else innerProducts(this.grid, w, psi0, k, c, false);
    if (!luFactorPivoted(k, a, this.pivots)) {
      // W rank-deficient (e.g. V = 0: W = 0): A vanishes on what W does not span; X = 0 there.
      let norm = 0;
      for (let o = 0; o < 2 * k * k; o++) norm = Math.max(norm, Math.abs(g[o]));
      if (norm === 0) {
        out.set(psi0);
        return out;
      }
      throw new Error(
        "CompressedExchange: M_X - i h G is singular (the exchanged orbitals are linearly dependent)",
      );
    }
    luSolvePivoted(k, a, this.pivots, c);
    if (threaded) threads.team.run(threads.context, k, [COMPRESSED_JOB.update, h]);
    else addCompressedUpdate(w, c, h, k, m, psi0, out, 0, k);
    return out;
  }
}

/**
 * out_l = psi0_l + i h sum_j W_j C_jl for l in [lBegin, lEnd) (the update of
 * {@link CompressedExchange.midpoint}; C K x K interleaved), four W_j per pass over out_l, the
 * j in increasing order (W_j repeated at the end with coefficient 0 when K is not a multiple of
 * 4). Cost M K complex multiply-adds per l, no allocation.
 */
function addCompressedUpdate(
  w: Float64Array,
  c: Float64Array,
  h: number,
  k: number,
  m: number,
  psi0: Float64Array,
  out: Float64Array,
  lBegin: number,
  lEnd: number,
): void {
  for (let l = lBegin; l < lEnd; l++) {
    const ol = 2 * l * m;
    out.set(psi0.subarray(ol, ol + 2 * m), ol);
    for (let j = 0; j < k; j += 4) {
      const w0 = 2 * j * m;
      const w1 = 2 * Math.min(j + 1, k - 1) * m;
      const w2 = 2 * Math.min(j + 2, k - 1) * m;
      const w3 = 2 * Math.min(j + 3, k - 1) * m;
      // i h C_jl for the four j
      const c0 = 2 * (j * k + l);
      const ar = -h * c[c0 + 1];
      const ai = h * c[c0];
      const br = j + 1 < k ? -h * c[c0 + 2 * k + 1] : 0;
      const bi = j + 1 < k ? h * c[c0 + 2 * k] : 0;
      const cr = j + 2 < k ? -h * c[c0 + 4 * k + 1] : 0;
      const ci = j + 2 < k ? h * c[c0 + 4 * k] : 0;
      const dr = j + 3 < k ? -h * c[c0 + 6 * k + 1] : 0;
      const di = j + 3 < k ? h * c[c0 + 6 * k] : 0;
      for (let i = 0; i < 2 * m; i += 2) {
        const xr = w[w0 + i];
        const xi = w[w0 + i + 1];
        const yr = w[w1 + i];
        const yi = w[w1 + i + 1];
        const ur = w[w2 + i];
        const ui = w[w2 + i + 1];
        const vr = w[w3 + i];
        const vi = w[w3 + i + 1];
        out[ol + i] +=
          ar * xr - ai * xi + br * yr - bi * yi + cr * ur - ci * ui + dr * vr - di * vi;
        out[ol + i + 1] +=
          ar * xi + ai * xr + br * yi + bi * yr + cr * ui + ci * ur + dr * vi + di * vr;
      }
    }
  }
}

/** What every thread needs for {@link compressedExchangeKernel} (arrays on SharedArrayBuffers). */
export interface CompressedExchangeSetup {
  readonly grid: Grid;
  readonly count: number;
  /** The basis Psi, W = X Psi, Psi_0 and the midpoint output: K vectors of grid.size complex. */
  readonly basis: Float64Array;
  readonly exchanged: Float64Array;
  readonly psi0: Float64Array;
  readonly out: Float64Array;
  /** M_X = <Psi, W>, G = <W, W>, C = <W, Psi_0> (solved in place by the main thread): K x K. */
  readonly overlap: Float64Array;
  readonly wGram: Float64Array;
  readonly rhs: Float64Array;
}

/** The job of {@link compressedExchangeKernel} (parameters[0]). */
export const COMPRESSED_JOB = { overlap: 0, wGram: 1, rhs: 2, update: 3 } as const;

/**
 * The thread kernel of {@link CompressedExchange}'s O(M K^2) loops, the job chosen by
 * parameters[0] ({@link COMPRESSED_JOB}): "overlap" M_X, "wGram" G (upper triangles) and "rhs"
 * <W, Psi_0> on the row blocks [begin, end) of {@link innerProductBlocks}; "update" the outputs
 * l in [begin, end) of the midpoint (h = parameters[1]). Every entry and output vector is
 * computed by one thread with the serial arithmetic, so the result equals the serial one bit for
 * bit. Cost: the job's share, no allocation.
 */
export const compressedExchangeKernel: ThreadKernel<
  CompressedExchangeSetup,
  CompressedExchangeSetup
> = {
  name: "hartree-fock.compressed-exchange",
  prepare: (setup) => setup,
  run(setup, begin, end, parameters) {
    const { grid, count, basis, exchanged, psi0 } = setup;
    const job = parameters[0];
    if (job === COMPRESSED_JOB.overlap) {
      innerProductBlocks(grid, basis, exchanged, count, setup.overlap, true, begin, end);
    } else if (job === COMPRESSED_JOB.wGram) {
      innerProductBlocks(grid, exchanged, exchanged, count, setup.wGram, true, begin, end);
    } else if (job === COMPRESSED_JOB.rhs) {
      innerProductBlocks(grid, exchanged, psi0, count, setup.rhs, false, begin, end);
    } else {
      const m = grid.size;
      addCompressedUpdate(
        exchanged,
        setup.rhs,
        parameters[1],
        count,
        m,
        psi0,
        setup.out,
        begin,
        end,
      );
    }
  },
};

/**
 * P_kl = <a_k, b_l> = sum_i conj(a_k(x_i)) b_l(x_i) dx^d for K vectors each (interleaved complex,
 * K x K row-major interleaved out). With `hermitian`, only blocks with l >= k are computed and
 * the lower triangle is set to P_lk = conj(P_kl), the diagonal made real (exact Hermitian
 * symmetry). 2 x 2 register blocking. Cost M K^2 complex multiply-adds (about half Hermitian).
 */
export function innerProducts(
  grid: Grid,
  a: Float64Array,
  b: Float64Array,
  count: number,
  out: Float64Array,
  hermitian: boolean,
): Float64Array {
  innerProductBlocks(grid, a, b, count, out, hermitian, 0, Math.ceil(count / 2));
  if (hermitian) hermitianMirror(out, count);
  return out;
}

/**
 * The rows k = 2r, 2r + 1 (r in [begin, end)) of {@link innerProducts} (with `hermitian`, only
 * l >= k and no mirror). Cost M (K - 2 begin) complex multiply-adds per block pair of rows.
 */
export function innerProductBlocks(
  grid: Grid,
  a: Float64Array,
  b: Float64Array,
  count: number,
  out: Float64Array,
  hermitian: boolean,
  begin: number,
  end: number,
): void {
  const m = grid.size;
  const dv = grid.cellVolume;
  // 2 x 2 blocks of (k, l): four complex dot products share each pass over the four vectors.
  for (let k = 2 * begin; k < Math.min(count, 2 * end); k += 2) {
    const k1 = Math.min(k + 1, count - 1);
    const a0 = 2 * k * m;
    const a1 = 2 * k1 * m;
    for (let l = hermitian ? k : 0; l < count; l += 2) {
      const l1 = Math.min(l + 1, count - 1);
      const b0 = 2 * l * m;
      const b1 = 2 * l1 * m;
      let r00 = 0;
      let i00 = 0;
      let r01 = 0;
      let i01 = 0;
      let r10 = 0;
      let i10 = 0;
      let r11 = 0;
      let i11 = 0;
      for (let i = 0; i < 2 * m; i += 2) {
        const xr = a[a0 + i];
        const xi = a[a0 + i + 1];
        const yr = a[a1 + i];
        const yi = a[a1 + i + 1];
        const ur = b[b0 + i];
        const ui = b[b0 + i + 1];
        const vr = b[b1 + i];
        const vi = b[b1 + i + 1];
        r00 += xr * ur + xi * ui;
        i00 += xr * ui - xi * ur;
        r01 += xr * vr + xi * vi;
        i01 += xr * vi - xi * vr;
        r10 += yr * ur + yi * ui;
        i10 += yr * ui - yi * ur;
        r11 += yr * vr + yi * vi;
        i11 += yr * vi - yi * vr;
      }
      out[2 * (k * count + l)] = r00 * dv;
      out[2 * (k * count + l) + 1] = i00 * dv;
      out[2 * (k * count + l1)] = r01 * dv;
      out[2 * (k * count + l1) + 1] = i01 * dv;
      out[2 * (k1 * count + l)] = r10 * dv;
      out[2 * (k1 * count + l) + 1] = i10 * dv;
      out[2 * (k1 * count + l1)] = r11 * dv;
      out[2 * (k1 * count + l1) + 1] = i11 * dv;
    }
  }
}

/** The lower triangle of a K x K matrix <- conj(upper), the diagonal made real. Cost O(K^2). */
function hermitianMirror(out: Float64Array, count: number): void {
  for (let k = 0; k < count; k++) {
    const d = 2 * (k * count + k);
    out[d + 1] = 0;
    for (let l = k + 1; l < count; l++) {
      const o = 2 * (k * count + l);
      const t = 2 * (l * count + k);
      out[t] = out[o];
      out[t + 1] = -out[o + 1];
    }
  }
}

/**
 * In-place LU factorization with partial pivoting of a K x K complex matrix (interleaved,
 * row-major): P A = L U, unit L below the diagonal. Returns false on an exactly zero pivot.
 * Cost K^3/3 complex multiply-adds.
 */
export function luFactorPivoted(n: number, a: Float64Array, pivots: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const o = 2 * (i * n + k);
      const v = Math.abs(a[o]) + Math.abs(a[o + 1]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (!(best > 0)) return false;
    if (p !== k) {
      for (let j = 0; j < 2 * n; j++) {
        const t = a[2 * k * n + j];
        a[2 * k * n + j] = a[2 * p * n + j];
        a[2 * p * n + j] = t;
      }
    }
    const d = 2 * (k * n + k);
    const den = a[d] * a[d] + a[d + 1] * a[d + 1];
    const ir = a[d] / den;
    const ii = -a[d + 1] / den;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      const lr = a[o] * ir - a[o + 1] * ii;
      const li = a[o] * ii + a[o + 1] * ir;
      a[o] = lr;
      a[o + 1] = li;
      if (lr === 0 && li === 0) continue;
      for (let j = k + 1; j < n; j++) {
        const u = 2 * (k * n + j);
        const t = 2 * (i * n + j);
        a[t] -= lr * a[u] - li * a[u + 1];
        a[t + 1] -= lr * a[u + 1] + li * a[u];
      }
    }
  }
  return true;
}

/**
 * Solves A X = B in place for the n columns of B (n x n interleaved complex) with the factors of
 * {@link luFactorPivoted}. Cost n^3 complex multiply-adds.
 */
export function luSolvePivoted(
  n: number,
  lu: Float64Array,
  pivots: Int32Array,
  b: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p === k) continue;
    for (let j = 0; j < 2 * n; j++) {
      const t = b[2 * k * n + j];
      b[2 * k * n + j] = b[2 * p * n + j];
      b[2 * p * n + j] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const o = 2 * (i * n + k);
      const lr = lu[o];
      const li = lu[o + 1];
      if (lr === 0 && li === 0) continue;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[2 * k * n + j];
        const bi = b[2 * k * n + j + 1];
        b[2 * i * n + j] -= lr * br - li * bi;
        b[2 * i * n + j + 1] -= lr * bi + li * br;
      }
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const o = 2 * (i * n + k);
      const ur = lu[o];
      const ui = lu[o + 1];
      if (ur === 0 && ui === 0) continue;
      for (let j = 0; j < 2 * n; j += 2) {
        const br = b[2 * k * n + j];
        const bi = b[2 * k * n + j + 1];
        b[2 * i * n + j] -= ur * br - ui * bi;
        b[2 * i * n + j + 1] -= ur * bi + ui * br;
      }
    }
    const d = 2 * (i * n + i);
    const den = lu[d] * lu[d] + lu[d + 1] * lu[d + 1];
    const ir = lu[d] / den;
    const ii = -lu[d + 1] / den;
    for (let j = 0; j < 2 * n; j += 2) {
      const br = b[2 * i * n + j];
      const bi = b[2 * i * n + j + 1];
      b[2 * i * n + j] = br * ir - bi * ii;
      b[2 * i * n + j + 1] = br * ii + bi * ir;
    }
  }
}
