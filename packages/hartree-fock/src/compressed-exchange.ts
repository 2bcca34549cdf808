import {
  type Grid,
  sharedFloat64Array,
  type ThreadContext,
  type ThreadKernel,
  type ThreadTeam,
} from "@semiclassical/grid";
import {
  hermitianMirror,
  innerProductBlocks,
  innerProducts,
  luFactorPivoted,
  luSolvePivoted,
} from "./orbital-block-algebra.js";

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
