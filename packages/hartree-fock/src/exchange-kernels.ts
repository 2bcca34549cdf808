import {
  type FftPlan,
  fftPlan,
  sharedFloat64Array,
  type ThreadContext,
  type ThreadKernel,
  type ThreadTeam,
} from "@semiclassical/grid";

/**
 * Pair convolutions transformed together (rows of 2n; 8 measured 5-15 % faster than one at a
 * time at n = 1024).
 */
export const BATCH_ROWS = 8;

/**
 * Orbitals k per round of {@link PairExchange} on a team, at most (8: a store of 8 K rows of 2n
 * doubles, 2 jobs per round). Serial rounds take one orbital (a store of K rows, the size of the
 * orbitals): the round size changes neither the numbers nor, measured, the serial time.
 */
const ROUND_ORBITALS = 8;

/** The pair-convolution store of a threaded round is kept below this many doubles (32 MiB). */
const STORE_DOUBLES = 2 ** 22;

/**
 * What every thread needs for the pair loop of {@link PairExchange} (arrays on SharedArrayBuffers
 * when threaded): K orbitals of n points (K blocks of 2n doubles, interleaved complex), the
 * scaled occupations lambda_k / N, the outputs X phi_j (K blocks of 2n), the pair convolutions of
 * the current round (`store`, rows of 2n doubles), the pair list in the serial order (k <= l,
 * k-major; pairs with lambda_k = lambda_l = 0 left out) and `pairIndex[a K + b]` (a <= b), the
 * position of pair (a, b) in that list or -1.
 */
export interface PairExchangeSetup {
  readonly n: number;
  readonly count: number;
  /** S = FFT_2n of the folded kernel (2n real values), see OrbitalExchange's probe. */
  readonly spectrum: Float64Array;
  readonly orbitals: Float64Array;
  readonly weights: Float64Array;
  readonly out: Float64Array;
  readonly store: Float64Array;
  readonly pairs: Int32Array;
  readonly pairIndex: Int32Array;
  /** starts[k]: position in the pair list of the first pair (k, l) (K + 1 entries). */
  readonly starts: Int32Array;
}

/** A setup whose orbitals and outputs the serial path points at the caller's arrays. */
type WritableSetup = { -readonly [P in keyof PairExchangeSetup]: PairExchangeSetup[P] };

const NO_VALUES = new Float64Array(0);

/** The job of {@link pairExchangeKernel} (parameters[0]). */
export const PAIR_EXCHANGE_JOB = { convolve: 0, accumulate: 1 } as const;

/** One thread's state for {@link PairExchangeSetup}: its FFT plan and batch buffer. */
export class PairExchangeWorker {
  private readonly plan: FftPlan;
  private readonly buffer: Float64Array;

  /** The partners of one output in {@link accumulate}: orbital and store offsets, weight, sign. */
  private readonly partnerOffsets: Int32Array;
  private readonly partnerRows: Int32Array;
  private readonly partnerWeights: Float64Array;
  private readonly partnerSigns: Float64Array;

  constructor(readonly setup: PairExchangeSetup) {
    this.plan = fftPlan(2 * setup.n);
    this.buffer = new Float64Array(BATCH_ROWS * 2 * setup.n);
    this.partnerOffsets = new Int32Array(setup.count);
    this.partnerRows = new Int32Array(setup.count);
    this.partnerWeights = new Float64Array(setup.count);
    this.partnerSigns = new Float64Array(setup.count);
  }

  /**
   * Store rows [begin, end) <- W_kl = V * (conj(phi_k) phi_l) for the pairs first + begin ..
   * first + end - 1 of the pair list, BATCH_ROWS at a time. Cost per pair: two FFTs of 2n, O(n).
   */
  convolve(first: number, begin: number, end: number): void {
    const { n, orbitals, pairs, spectrum, store } = this.setup;
    const buffer = this.buffer;
    for (let r0 = begin; r0 < end; r0 += BATCH_ROWS) {
      const rows = Math.min(BATCH_ROWS, end - r0);
      for (let t = 0; t < rows; t++) {
        const p = first + r0 + t;
        const ok = 2 * pairs[2 * p] * n;
        const ol = 2 * pairs[2 * p + 1] * n;
        const f = 2 * t * n;
        // row = conj(phi_k) phi_l (convolveRows pads it to 2n)
        for (let i = 0; i < 2 * n; i += 2) {
          const ar = orbitals[ok + i];
          const ai = -orbitals[ok + i + 1];
          const br = orbitals[ol + i];
          const bi = orbitals[ol + i + 1];
          buffer[f + i] = ar * br - ai * bi;
          buffer[f + i + 1] = ar * bi + ai * br;
        }
      }
      // store rows r0 .. r0 + rows - 1 <- V * row: the first n points of the 2n-periodic product
      this.plan.convolveRows(buffer, store, n, rows, spectrum, r0 * n);
    }
  }

  /**
   * For the outputs j = jBegin .. jEnd - 1 (all >= k0), adds the contributions of the round of
   * orbitals [k0, k1) (store row = pair position - first) in increasing partner order p, which is
   * the serial order of every out_j: lambda_p phi_p W_pj for pairs (p, j), p <= j, and
   * lambda_p phi_p conj(W_jp) for pairs (j, p), p > j (conj taken as the exact sign flip of
   * Im W, so both are the serial expressions bit for bit). For j >= k1 the partners are p in
   * [k0, k1); for j in the round, p in [k0, K). Four partners per pass over out_j (the additions
   * stay in the same order). Cost O(partners n) per output, no allocation.
   */
  accumulate(first: number, k0: number, k1: number, jBegin: number, jEnd: number): void {
    const { n, count, weights, pairIndex } = this.setup;
    const offsets = this.partnerOffsets;
    const rows = this.partnerRows;
    const scales = this.partnerWeights;
    const signs = this.partnerSigns;
    for (let j = jBegin; j < jEnd; j++) {
      const last = j < k1 ? count : k1;
      let partners = 0;
      for (let p = k0; p < last; p++) {
        const lp = weights[p];
        if (lp === 0) continue;
        const lower = p <= j;
        const index = lower ? pairIndex[p * count + j] : pairIndex[j * count + p];
        if (index < 0) continue;
        offsets[partners] = 2 * p * n;
        rows[partners] = 2 * (index - first) * n;
        scales[partners] = lp;
        signs[partners] = lower ? 1 : -1;
        partners++;
      }
      let t = 0;
      for (; t + 4 <= partners; t += 4) this.addFour(2 * j * n, t);
      for (; t < partners; t++) this.addOne(2 * j * n, t);
    }
  }

  /** out_j += the partners t .. t + 3 of {@link accumulate}, in order. */
  private addFour(oj: number, t: number): void {
    const { n, orbitals, out, store } = this.setup;
    const o0 = this.partnerOffsets[t];
    const o1 = this.partnerOffsets[t + 1];
    const o2 = this.partnerOffsets[t + 2];
    const o3 = this.partnerOffsets[t + 3];
    const w0 = this.partnerRows[t];
    const w1 = this.partnerRows[t + 1];
    const w2 = this.partnerRows[t + 2];
    const w3 = this.partnerRows[t + 3];
    const l0 = this.partnerWeights[t];
    const l1 = this.partnerWeights[t + 1];
    const l2 = this.partnerWeights[t + 2];
    const l3 = this.partnerWeights[t + 3];
    const s0 = this.partnerSigns[t];
    const s1 = this.partnerSigns[t + 1];
    const s2 = this.partnerSigns[t + 2];
    const s3 = this.partnerSigns[t + 3];
    for (let i = 0; i < 2 * n; i += 2) {
      let re = out[oj + i];
      let im = out[oj + i + 1];
      let ar = orbitals[o0 + i];
      let ai = orbitals[o0 + i + 1];
      let wr = store[w0 + i];
      let wi = s0 * store[w0 + i + 1];
      re += l0 * (ar * wr - ai * wi);
      im += l0 * (ar * wi + ai * wr);
      ar = orbitals[o1 + i];
      ai = orbitals[o1 + i + 1];
      wr = store[w1 + i];
      wi = s1 * store[w1 + i + 1];
      re += l1 * (ar * wr - ai * wi);
      im += l1 * (ar * wi + ai * wr);
      ar = orbitals[o2 + i];
      ai = orbitals[o2 + i + 1];
      wr = store[w2 + i];
      wi = s2 * store[w2 + i + 1];
      re += l2 * (ar * wr - ai * wi);
      im += l2 * (ar * wi + ai * wr);
      ar = orbitals[o3 + i];
      ai = orbitals[o3 + i + 1];
      wr = store[w3 + i];
      wi = s3 * store[w3 + i + 1];
      re += l3 * (ar * wr - ai * wi);
      im += l3 * (ar * wi + ai * wr);
      out[oj + i] = re;
      out[oj + i + 1] = im;
    }
  }

  /** out_j += the partner t of {@link accumulate}. */
  private addOne(oj: number, t: number): void {
    const { n, orbitals, out, store } = this.setup;
    const o = this.partnerOffsets[t];
    const w = this.partnerRows[t];
    const l = this.partnerWeights[t];
    const sign = this.partnerSigns[t];
    for (let i = 0; i < 2 * n; i += 2) {
      const ar = orbitals[o + i];
      const ai = orbitals[o + i + 1];
      const wr = store[w + i];
      const wi = sign * store[w + i + 1];
      out[oj + i] += l * (ar * wr - ai * wi);
      out[oj + i + 1] += l * (ar * wi + ai * wr);
    }
  }
}

/**
 * The thread kernel of the exact exchange's pair loop ({@link PairExchange}), the job chosen by
 * parameters[0] ({@link PAIR_EXCHANGE_JOB}) with parameters [job, first, k0, k1]: "convolve" the
 * round's pairs [begin, end) (store rows), "accumulate" the outputs j = k0 + [begin, end). Every
 * pair convolution and every output is computed by one thread with the serial arithmetic and
 * order, so the result equals the serial one bit for bit for any thread count. Cost: the job's
 * share; allocates a thread's batch buffer (BATCH_ROWS x 2n doubles) in `prepare`.
 */
export const pairExchangeKernel: ThreadKernel<PairExchangeWorker, PairExchangeSetup> = {
  name: "hartree-fock.pair-exchange",
  prepare: (setup) => new PairExchangeWorker(setup),
  run(worker, begin, end, parameters) {
    const first = parameters[1];
    if (parameters[0] === PAIR_EXCHANGE_JOB.convolve) {
      worker.convolve(first, begin, end);
    } else {
      const k0 = parameters[2];
      worker.accumulate(first, k0, parameters[3], k0 + begin, k0 + end);
    }
  },
};

/**
 * The pair-symmetric exchange out_j = X[omega] phi_j of OrbitalExchange.applyToOrbitals on a 1D
 * grid of n points whose convolution is the zero-padded 2n-periodic one with the real spectrum S,
 * in rounds over blocks of orbitals k in [k0, k1): first the round's pair convolutions W_kl
 * (k in the block, l >= k) into a store, then every output j >= k0 adds the round's
 * contributions in increasing partner order. Each out_j thus gets exactly the serial pair loop's
 * additions in the serial order, and each W_kl the serial arithmetic (row FFTs are independent of
 * the batch they are in), so the numbers do not depend on the thread count. With a team
 * ({@link useThreads}) both phases of every round are split over the threads (2 jobs per round,
 * ceil(K/8) rounds), the orbitals copied into and the outputs out of shared memory (O(K n));
 * serial rounds take one orbital each and work on the caller's arrays. Cost O(K^2 n log n) as
 * the serial loop; allocates the pair tables and the store (serial: K rows of 2n doubles, the
 * size of the orbitals; team: <= 8 K rows, at most 2^22 doubles, and the shared copies) when K
 * changes.
 */
export class PairExchange {
  private setup: WritableSetup | undefined;
  private worker: PairExchangeWorker | undefined;
  private team: ThreadTeam | undefined;
  private context: ThreadContext<PairExchangeWorker> | undefined;
  private roundOrbitals = 1;

  constructor(
    readonly n: number,
    readonly spectrum: Float64Array,
  ) {}

  /**
   * Splits the pair loop of later calls over `team` (its workers register
   * {@link pairExchangeKernel}); threads = 1 leaves it serial. Cost O(1) (the shared buffers
   * are made on the next call).
   */
  useThreads(team: ThreadTeam): void {
    if (team.threads === 1) return;
    if (this.context !== undefined) this.team?.release(this.context);
    this.context = undefined;
    this.team = team;
    this.setup = undefined;
  }

  /** out_j = X phi_j for all j (see the class comment); `out` must not alias `orbitals`. */
  applyToOrbitals(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    out: Float64Array,
  ): Float64Array {
    const count = occupations.length;
    const setup = this.prepare(count);
    const scale = 1 / particleNumber;
    for (let k = 0; k < count; k++) setup.weights[k] = occupations[k] * scale;
    const pairs = setup.pairs;
    const index = setup.pairIndex;
    const starts = setup.starts;
    let total = 0;
    for (let k = 0; k < count; k++) {
      starts[k] = total;
      for (let l = k; l < count; l++) {
        if (occupations[k] === 0 && occupations[l] === 0) {
          index[k * count + l] = -1;
          continue;
        }
        index[k * count + l] = total;
        pairs[2 * total] = k;
        pairs[2 * total + 1] = l;
        total++;
      }
    }
    starts[count] = total;
    const team = this.team;
    const context = this.context;
    if (context !== undefined) {
      setup.orbitals.set(orbitals.subarray(0, 2 * count * this.n));
      setup.out.fill(0);
    } else {
      // serial: the worker reads and writes the caller's arrays
      setup.orbitals = orbitals;
      setup.out = out;
      out.fill(0);
    }
    for (let k0 = 0; k0 < count; k0 += this.roundOrbitals) {
      const k1 = Math.min(count, k0 + this.roundOrbitals);
      const first = starts[k0];
      const rows = starts[k1] - first;
      if (rows === 0) continue;
      if (team !== undefined && context !== undefined) {
        team.run(context, rows, [PAIR_EXCHANGE_JOB.convolve, first, k0, k1], BATCH_ROWS);
        team.run(context, count - k0, [PAIR_EXCHANGE_JOB.accumulate, first, k0, k1]);
      } else {
        this.worker!.convolve(first, 0, rows);
        this.worker!.accumulate(first, k0, k1, k0, count);
      }
    }
    if (context !== undefined) {
      out.set(setup.out);
    } else {
      setup.orbitals = NO_VALUES;
      setup.out = NO_VALUES;
    }
    return out;
  }

  /**
   * The buffers (and the team's context) for K = count orbitals, made when K changes; serial
   * setups get the caller's orbitals and outputs per call instead of copies.
   */
  private prepare(count: number): WritableSetup {
    if (this.setup !== undefined && this.setup.count === count) return this.setup;
    const n = this.n;
    const threaded = this.team !== undefined;
    const rowsPerOrbital = Math.floor(STORE_DOUBLES / (2 * n * count));
    this.roundOrbitals = threaded
      ? Math.max(1, Math.min(ROUND_ORBITALS, count, rowsPerOrbital))
      : 1;
    const storeRows = this.roundOrbitals * count;
    const doubles = (length: number) =>
      threaded ? sharedFloat64Array(length) : new Float64Array(length);
    const integers = (length: number) =>
      threaded ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
    const pairCount = (count * (count + 1)) / 2;
    const setup: WritableSetup = {
      n,
      count,
      spectrum: this.spectrum,
      orbitals: threaded ? doubles(2 * count * n) : NO_VALUES,
      weights: doubles(count),
      out: threaded ? doubles(2 * count * n) : NO_VALUES,
      store: doubles(2 * storeRows * n),
      pairs: integers(2 * pairCount),
      pairIndex: integers(count * count),
      starts: integers(count + 1),
    };
    if (this.context !== undefined) this.team?.release(this.context);
    this.setup = setup;
    this.context = this.team?.context(pairExchangeKernel, setup);
    this.worker = this.context?.state ?? new PairExchangeWorker(setup);
    return setup;
  }
}
