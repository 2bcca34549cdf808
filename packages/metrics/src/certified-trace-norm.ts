import { type Grid, ParameterError, type PhaseSpaceGrid } from "@semiclassical/grid";
import { hermitianEigen, type OrbitalDensityMatrix } from "@semiclassical/quantum";
import { CompensatedSum } from "./compensated-sum.js";
import { KrylovBasis } from "./krylov-basis.js";
import { traceNormOfSpectrum } from "./norms.js";
import type { PhaseSpaceSamples } from "./phase-space.js";
import { schattenNormOfSpectrum } from "./schatten.js";
import {
  type WeylOperator,
  type WeylOperatorOptions,
  weylOperator,
  weylOperatorCost,
} from "./weyl-operator.js";

/** Options of {@link certifiedTraceNorm}. */
export interface CertifiedTraceNormOptions extends WeylOperatorOptions {
  /** Stop when (upper - lower) / upper <= target (default 1e-3). */
  target?: number;
  /** Random vectors in the start block beside the K orbitals (default 8). */
  blockSize?: number;
  /** Largest dim P (default min(n^d, 400)): the small eigenproblem costs O(dim P^3). */
  maxDimension?: number;
  /** Largest number of Krylov steps (default 50). */
  maxIterations?: number;
  /** Seed of the random start block (default 1). */
  seed?: number;
  /** Called after every step with the current interval. */
  onProgress?: (step: CertifiedTraceNormStep) => void;
  /**
   * Schatten exponents p in [1, Infinity] whose certified intervals for ||D||_p are returned in
   * {@link CertifiedTraceNorm.schatten}, from the same subspace (default none).
   */
  schattenExponents?: readonly number[];
}

/** A certified interval for the Schatten norm ||omega - omega~||_p (not per particle). */
export interface CertifiedSchattenInterval {
  readonly p: number;
  readonly lower: number;
  readonly upper: number;
}

/** One step of the subspace growth. */
export interface CertifiedTraceNormStep {
  readonly subspaceDimension: number;
  readonly lower: number;
  readonly upper: number;
}

/** A certified interval for ||omega - omega~||_1 (not per particle). */
export interface CertifiedTraceNorm {
  /** ||P D P||_1 + ||Q omega~ Q||_HS <= ||D||_1 (compression, pinching, ||.||_1 >= ||.||_HS). */
  readonly lower: number;
  /**
   * ||P D P||_1 + 2 (||Q omega~ V_b||_1 + ||R||_1) + sqrt(n^d - dim P) ||Q omega~ Q||_HS >= ||D||_1
   * (V_b the last Krylov block, its term from the singular values of the residuals Q A~ V_b; R the
   * rest of Q omega~ P, from its columns' bounds), each term widened by its rounding margin.
   */
  readonly upper: number;
  /** The value reported: the lower bound (it converges from below as P grows). */
  readonly estimate: number;
  readonly subspaceDimension: number;
  /** The largest dim P allowed (options.maxDimension, at most n^d). */
  readonly maxDimension: number;
  readonly iterations: number;
  /** True when (upper - lower)/upper <= target. */
  readonly converged: boolean;
  /** The interval after every step (its width shrinks as P grows). */
  readonly history: readonly CertifiedTraceNormStep[];
  /**
   * ||omega~||_HS^2 of the operator applied and Plancherel's value (2 pi/eps)^d ||W~||^2 from W~: a
   * consistency check of the discretization (equal to round-off on the half grid; a shortfall says
   * that part of W~ is not carried by the quantum grid or W~'s nodes, which the refinement floors
   * measure). It does not enter the interval.
   */
  readonly hilbertSchmidtSquared: { readonly operator: number; readonly plancherel: number };
  /**
   * Widens both ends when the band is narrowed: sqrt(n^d) ||E||_HS for the entries E of the
   * natural band it drops (the operator's droppedHilbertSchmidt bound); 0 with the natural band.
   */
  readonly truncation: number;
  /**
   * For each p of options.schattenExponents, [lower, upper] for ||D||_p from the final subspace
   * (see {@link schattenBounds}); p = 1 reproduces [lower, upper] above.
   */
  readonly schatten: readonly CertifiedSchattenInterval[];
}

/**
 * The parts of the certificate at a subspace P (dim P = dimension of n^d): the spectrum of
 * P D P and the margin of its sum (band rounding and the eigensolver's backward error), upper
 * bounds of the singular values of Q omega~ V_b (V_b the last block, of `lastRank` vectors: from
 * the directly computed residuals Q A~ V_b), the column bounds of R = Q omega~ V_rest (V_rest the
 * earlier blocks: their images were appended, so the columns are what Gram-Schmidt dropped or had
 * no room for, and rounding), the same two blocks' squared HS norms by cancellation (each widened
 * by the round-off margin; the bounds take the smaller), an upper and a lower bound of
 * ||Q omega~ Q||_HS^2 (each with its rounding margin) and ||E||_HS of the part of omega~ the band
 * does not hold (0 when not counted).
 */
interface CertificateParts {
  readonly spectrum: ArrayLike<number>;
  readonly spectrumMargin: number;
  readonly lastSingular: ArrayLike<number>;
  readonly restColumnSum: number;
  readonly restColumnSquares: number;
  readonly offDiagonalLast2: number;
  readonly offDiagonalRest2: number;
  readonly lastRank: number;
  readonly complementUpper2: number;
  readonly complementLower2: number;
  readonly dimension: number;
  readonly size: number;
  readonly missingHS: number;
}

/**
 * Certified [lower, upper] for ||D||_p, p in [1, Infinity], from the parts of the certificate
 * (THEORY.md section 6, for every Schatten norm): with r(m) = m^max(0, 1/p - 1/2) the rank
 * factor of ||X||_p <= r(rank X) ||X||_HS and s(m) = m^min(0, 1/p - 1/2) that of
 * ||X||_p >= s(rank X) ||X||_HS,
 * - lower = (||P D P||_p^p + (s(n - dim) ||Q omega~ Q||_HS)^p)^(1/p) - r(n^d) ||E||_HS - margin
 *   (pinching, Q D Q = -Q omega~ Q; E the dropped band, ||D_true||_p >= ||D_band||_p - ||E||_p),
 * - upper = ||P D P||_p + margin + 2^(1/p) (||Q omega~ V_b||_p + ||R||_p)
 *   + r(n - dim) ||Q omega~ Q||_HS + r(n^d) ||E||_HS
 *   (triangle inequality; the off-diagonal blocks P D Q + Q D P have the singular values of
 *   Q D P = -Q omega~ P twice). Q omega~ P = Q omega~ V_b V_b^* + R with V_b the last block (b
 *   vectors): omega~ maps every earlier block into P (Krylov), so R holds only what Gram-Schmidt
 *   dropped (residuals below 1e-10, or vectors beyond maxDimension) and rounding.
 *   ||Q omega~ V_b||_p <= ||sigma^||_p from the bounds sigma^ of its singular values, or
 *   r(min(b, n - dim)) ||Q omega~ V_b||_HS by cancellation, the smaller; ||R||_p <= the sum of its
 *   column bounds (>= ||R||_1 >= ||R||_p), or r(rank) of their root sum of squares, or r(rank) of
 *   ||R||_HS by cancellation, the smallest.
 * p = 1 is the trace-norm interval of {@link certifiedTraceNorm}. With P the whole space
 * (dim = n^d) the Q terms vanish exactly (not their round-off). Cost O(dim P).
 */
function schattenBounds(parts: CertificateParts, p: number): { lower: number; upper: number } {
  const { spectrum, dimension, size, missingHS, lastRank } = parts;
  const rest = size - dimension;
  const e = 1 / p - 0.5;
  // m^k with Math.sqrt for k = 1/2 (so that p = 1 repeats the trace-norm interval's arithmetic)
  const power = (m: number, k: number) => (k === 0 ? 1 : k === 0.5 ? Math.sqrt(m) : m ** k);
  const up = (m: number) => (m > 0 ? power(m, Math.max(0, e)) : 0);
  const down = (m: number) => (m > 0 ? power(m, Math.min(0, e)) : 0);
  const norm = (values: ArrayLike<number>) =>
    p === 1 ? traceNormOfSpectrum(values) : schattenNormOfSpectrum(values, p);
  const pdp = norm(spectrum);
  const qLower = down(rest) * Math.sqrt(Math.max(0, parts.complementLower2));
  const truncation = power(size, Math.max(0, e)) * missingHS;
  const pinched =
    p === Number.POSITIVE_INFINITY
      ? Math.max(pdp, qLower)
      : p === 1
        ? pdp + qLower
        : schattenNormOfSpectrum([pdp, qLower], p);
  const lower = Math.max(0, pinched - truncation - parts.spectrumMargin);
  const restRank = Math.min(dimension - lastRank, rest);
  const last = Math.min(
    norm(parts.lastSingular),
    up(Math.min(lastRank, rest)) * Math.sqrt(parts.offDiagonalLast2),
  );
  const remainder = Math.min(
    parts.restColumnSum,
    up(restRank) * Math.sqrt(parts.restColumnSquares),
    up(restRank) * Math.sqrt(parts.offDiagonalRest2),
  );
  const upper =
    pdp +
    parts.spectrumMargin +
    2 ** (1 / p) * (last + remainder) +
    up(rest) * Math.sqrt(Math.max(0, parts.complementUpper2)) +
    truncation;
  return { lower, upper };
}

/** Memory and work of {@link certifiedTraceNorm} (from {@link certifiedTraceNormCost}). */
export interface CertifiedTraceNormCost {
  /** Peak bytes: the band and, during the build, its work space; V, U and one block of A~ V; the small matrices. */
  readonly bytes: number;
  /** Floating-point operations of the operator build. */
  readonly buildFlops: number;
  /**
   * Floating-point operations of one step at the largest subspace (dim P = maxDimension, a block of
   * K + blockSize vectors): the applications of A~, Gram-Schmidt (twice), H and C, the residuals'
   * Gram matrix, and the dim P eigenproblem.
   */
  readonly flopsPerStep: number;
  /** The part of flopsPerStep in the applications of A~ (the band's SIMD row loop). */
  readonly applyFlopsPerStep: number;
  /** Band half-widths per axis and the largest dim P. */
  readonly bandwidth: readonly number[];
  readonly maxDimension: number;
}

/**
 * Memory and work of {@link certifiedTraceNorm} for omega of rank K on `grid` and W~ on
 * `wTildeGrid`, without running it (for memory planning). The number of steps is at most
 * maxIterations and about maxDimension / (K + blockSize) when the target is not met earlier.
 * Cost O(d).
 */
export function certifiedTraceNormCost(
  grid: Grid,
  epsilon: number,
  K: number,
  wTildeGrid: PhaseSpaceGrid,
  options: CertifiedTraceNormOptions = {},
): CertifiedTraceNormCost {
  const n = grid.size;
  const op = weylOperatorCost(wTildeGrid, grid, epsilon, options);
  const cap = Math.min(n, options.maxDimension ?? 400);
  const block = K + (options.blockSize ?? 8);
  // V (cap vectors), U (K), the random start (blockSize) and one block of A~ V
  const vectors = 8 * 2 * n * (cap + block + Math.min(cap, block));
  const small = 8 * 2 * (cap * cap + cap * K) + 8 * 2 * 4 * cap * cap;
  const bytes = Math.max(op.buildBytes, op.bandBytes + vectors + small);
  const b = Math.min(block, cap);
  const flopsPerStep =
    b * op.applyFlops +
    32 * n * cap * b +
    4 * n * b * b +
    8 * n * (cap + K) * b +
    8 * cap * cap * K +
    30 * cap ** 3;
  return Object.freeze({
    bytes,
    buildFlops: op.buildFlops,
    flopsPerStep,
    applyFlopsPerStep: b * op.applyFlops,
    bandwidth: op.bandwidth,
    maxDimension: cap,
  });
}

/** Seeded mulberry32 uniform in [0, 1). */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Certified trace norm ||D||_1, D = omega - omega~, omega of rank K in orbital form and
 * omega~ = Weyl(W~) applied matrix-free ({@link weylOperator}), THEORY.md section 6. `wTilde` is
 * W~ (the operator is built here, with the band options of `options`) or an operator already
 * built on omega's grid (shared with other metrics of the same omega~, e.g.
 * operatorHilbertSchmidtDistance; its band options are then its own).
 *
 * In l^2 coordinates (u_k = phi_k dx^(d/2), A~ the matrix of omega~) P projects onto
 * span(u_1..u_K, block Krylov space of A~ started from [u_1..u_K, G]), G Gaussian random
 * (seeded); each step applies A~ to the last block, orthonormalizes it against the basis
 * (Gram-Schmidt twice, KrylovBasis) and appends it (the dominant eigenspace of A~ is captured as in randomized block Krylov
 * methods). With H = V^* A~ V, C = V^* U, M = C diag(lambda) C^* - H (the matrix of P D P):
 * - ||P D P||_1 = sum |eig(M)|, ||omega~ P||_HS^2 = ||A~ V||_F^2, ||P omega~ P||_HS^2 = ||H||_F^2,
 * - ||P omega~ Q||_HS^2 = ||A~ V||^2 - ||H||^2, ||Q omega~ Q||_HS^2 = ||A~||^2 - 2||A~ V||^2 + ||H||^2
 *   with ||A~||_HS^2 exact for the applied operator (sum of its entries; equal to Plancherel's
 *   (2 pi/eps)^d ||W~||^2 on the half grid),
 * - lower = ||P D P||_1 + ||Q omega~ Q||_HS (pinching, Q D Q = -Q omega~ Q since Q omega = 0, and
 *   ||.||_1 >= ||.||_HS), upper = ||P D P||_1 + 2 (||Q omega~ V_b||_1 + ||R||_1)
 *   + sqrt(n^d - dim P) ||Q omega~ Q||_HS, where Q omega~ P = Q omega~ V_b V_b^* + R splits off the
 *   last block V_b (b vectors; omega~ maps the earlier blocks into P, so R is only what
 *   Gram-Schmidt dropped and rounding).
 * - ||Q omega~ V_b||_1 = sum of the singular values of the residuals Q A~ V_b, which are computed
 *   directly (the images projected against V by Gram-Schmidt, as the next block needs them anyway)
 *   and taken from the eigenvalues of their b x b Gram matrix: sigma_i <= sqrt(mu_i + xi) + eta
 *   (Weyl's inequalities; xi the Gram's rounding and eigensolver error 16 (sqrt(n^d) + b) u
 *   ||residuals||_F^2, eta >= ||exact - computed residuals||_F from the rounding of the images,
 *   16 sqrt(B) u ||A~||_HS each, and of the projection, 16 (sqrt(n^d) + dim P) u ||A~ v||). No
 *   difference of squared norms enters, so this term has no sqrt(u) floor; the older bound
 *   sqrt(b) ||Q omega~ V_b||_HS with ||Q omega~ V_b||_HS^2 = ||A~ V_b||^2 - ||H_b||^2 (H_b its
 *   columns of H) is kept where smaller, and alone when it already meets the target (the
 *   residuals are then not computed: at the last step they would cost O(n^d dim P b) more).
 * - ||R||_1 <= the sum of its columns' bounds: for each vector of the earlier blocks, what
 *   Gram-Schmidt left of its image outside P (0 when appended; the remainder of a residual dropped
 *   as in span or for want of room under maxDimension) plus the same rounding; or sqrt(rank) times
 *   their root sum of squares, or times ||R||_HS^2 = the rest of ||A~ V||^2 - ||H||^2, the
 *   smallest.
 * - ||P D P||_1 = sum |eig(M)| within dim P 16 sqrt(B) u ||A~||_HS + 10 dim P^(3/2) u ||M||_F
 *   (the images' rounding in H, the eigensolver's backward error; a trace norm moves by at most
 *   the trace norm of the change), which widens both ends: at D = round-off this margin is the
 *   width.
 * The subtractions lose the rounding of the terms (u = 2^-53): every sum of squares is
 * compensated (Neumaier), so that what is left is each term's own rounding, and the squared HS
 * norms are widened by delta = 16 (sqrt(B) + sqrt(n^d) + sqrt(dim P)) u ||A~||_HS^2 (B the band
 * size: an entry of A~ V is a B-term sum, one of H an n^d-term inner product, V orthonormal to
 * ~sqrt(dim P) u; the sqrt-growth model of rounding with a factor 4 margin), which sets a floor
 * sqrt(n^d delta) on the width through ||Q omega~ Q||_HS, the one term left that needs the
 * cancellation. Where the residuals are computed, ||Q omega~ Q||_HS^2 = ||A~||^2 - ||A~ V||^2
 * - ||Q A~ V||^2 with ||Q A~ V||^2 from them (the last block's residual norms, each within its
 * rounding eta_k, and the earlier columns' bounds) needs no entry of H: its margin is
 * 16 (sqrt(B) + sqrt(dim P)) u ||A~||^2, and the tighter of the two values is used. (With plain
 * running sums the margin had to be 16 sqrt(n^d B) u ||A~||^2, whose floor was 0.35 % of a 2D
 * distance at n^d = 4096.)
 * The operator certified is the natural-band one (weylOperator: the orbital path's discretization
 * of Weyl(W~)). With a narrowed band (options.bandwidth), the dropped part E = omega~_natural -
 * omega~_band is bounded by ||E||_1 <= sqrt(n^d) ||E||_HS with weylOperator's rigorous bound of
 * ||E||_HS (WeylOperator.droppedHilbertSchmidt), which widens both ends.
 * The growth stops when (upper - lower)/upper <= target, at maxDimension or maxIterations, or
 * when the Krylov space is invariant. estimate = lower.
 * Cost per step with b new vectors: b applications of A~ (O(n^d B) each), O(n^d dim b) for the
 * orthogonalization and H, O(n^d b^2) for the residuals' Gram matrix, O(dim^3 + b^3) for the
 * eigenvalues of M and of the Gram; plus the operator build. Throws a ParameterError on omega when
 * its orbitals are linearly dependent (P must contain range(omega)). Allocates
 * 2 n^d maxDimension doubles (V), 2 n^d (K + blockSize) for U and the random start (omega's
 * orbitals are only read) and 2 n^d (K + blockSize) for A~ V (the images of the last block, the
 * only ones used, projected in place to the residuals), and the band of the operator; see
 * {@link certifiedTraceNormCost} for the figures before running (the band's natural width comes
 * from W~'s velocity grid: in 3D at 32^3 it needs ~3 GiB, so options.maxStorage must be raised).
 */
export function certifiedTraceNorm(
  omega: OrbitalDensityMatrix,
  wTilde: PhaseSpaceSamples | WeylOperator,
  options: CertifiedTraceNormOptions = {},
): CertifiedTraceNorm {
  if (omega.form !== "orbital") {
    throw new ParameterError(
      "omega",
      "must be an orbital density matrix (form 'orbital'); use toOrbital",
    );
  }
  const grid = omega.grid;
  const n = grid.size;
  const K = omega.occupations.length;
  const target = options.target ?? 1e-3;
  if (!(target > 0)) throw new ParameterError("target", `must be > 0, got ${target}`);
  const blockSize = options.blockSize ?? 8;
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new ParameterError("blockSize", `must be a positive integer, got ${blockSize}`);
  }
  const maxDimension = Math.min(n, options.maxDimension ?? 400);
  if (!Number.isInteger(maxDimension) || maxDimension < K + 1) {
    throw new ParameterError(
      "maxDimension",
      `must be an integer above the rank K = ${K} of omega, got ${options.maxDimension}`,
    );
  }
  const maxIterations = options.maxIterations ?? 50;
  const schattenExponents = options.schattenExponents ?? [];
  for (const p of schattenExponents) {
    if (typeof p !== "number" || !(p >= 1)) {
      throw new ParameterError(
        "schattenExponents",
        `each must be a Schatten exponent in [1, Infinity], got ${String(p)}`,
      );
    }
  }
  let op: WeylOperator;
  if ("apply" in wTilde) {
    op = wTilde;
    if (
      op.grid.size !== n ||
      op.grid.dimension !== grid.dimension ||
      op.epsilon !== omega.epsilon
    ) {
      throw new ParameterError(
        "wTilde",
        "the Weyl operator must be built on omega's grid with omega's epsilon " +
          `(grid ${op.grid.shape.join("x")}, eps ${op.epsilon}; omega: ${grid.shape.join("x")}, eps ${omega.epsilon})`,
      );
    }
  } else {
    op = weylOperator(wTilde, grid, omega.epsilon, options);
  }
  return certify(
    omega,
    op,
    {
      target,
      blockSize,
      maxDimension,
      maxIterations,
      seed: options.seed ?? 1,
      schattenExponents,
    },
    options.onProgress,
  );
}

function certify(
  omega: OrbitalDensityMatrix,
  op: WeylOperator,
  o: {
    target: number;
    blockSize: number;
    maxDimension: number;
    maxIterations: number;
    seed: number;
    schattenExponents: readonly number[];
  },
  onProgress?: (step: CertifiedTraceNormStep) => void,
): CertifiedTraceNorm {
  const n = omega.grid.size;
  const K = omega.occupations.length;
  const lambda = omega.occupations;
  const cap = o.maxDimension;
  const first = Math.min(cap, K + o.blockSize);
  // the images of the last block live in the basis's working block (in the module's memory with
  // SIMD), where they are projected to the residuals Q A~ V_b and then appended as the next block
  const krylov = new KrylovBasis(n, cap, { blockCapacity: first });
  const basis = krylov.vectors;
  const images = krylov.block;
  const u = new Float64Array(2 * n * K);
  const root = Math.sqrt(omega.grid.cellVolume);
  for (let q = 0; q < u.length; q++) u[q] = omega.orbitals[q] * root;
  const random = seededUniform(o.seed);
  // the first block is [U, random vectors]: U is appended from u itself (append does not modify
  // its input), so the orbitals are not held a third time
  const start = new Float64Array(2 * n * o.blockSize);
  for (let q = 0; q < start.length; q++) start[q] = random() - 0.5;
  // H = V^* A V and C = V^* U, grown incrementally (row-major, leading dimension cap / K)
  const h = new Float64Array(2 * cap * cap);
  const c = new Float64Array(2 * cap * K);
  const hs2 = op.hilbertSchmidtSquared;
  const bandSize = op.bandwidth.reduce((p, m) => p * (2 * m + 1), 1);
  const unit = 2 ** -53;
  // The rounding margin of the squared HS norms (see the doc comment): their sums are
  // compensated, so what is left is each term's own rounding, sqrt(B) u for an entry of A~ V (a
  // B-term sum), sqrt(n^d) u for an entry of H (an n^d-term inner product) and sqrt(dim P) u for
  // V's orthogonality, with a factor 16 margin
  const delta = 16 * (Math.sqrt(bandSize) + Math.sqrt(n) + Math.sqrt(cap)) * unit * hs2;
  // ||e|| of the rounding of one image A~ v (||v|| = 1; B-term sums, sqrt-growth model, factor 16)
  const imageRounding = 16 * Math.sqrt(bandSize) * unit * Math.sqrt(hs2);
  // A narrowed band (options.bandwidth below the natural one) drops E = omega~_natural -
  // omega~_band; weylOperator bounds ||E||_HS from the dropped F(X_s, m) (Parseval on W~'s nodes,
  // the interpolation's lattice sums), and ||E||_1 <= sqrt(n^d) ||E||_HS widens both ends. With the
  // natural band nothing is dropped: the operator certified is the orbital path's discretization
  // of Weyl(W~) (its distance from other discretizations, e.g. weylQuantize's, is what the rows'
  // refinement floors measure, not the certificate).
  const truncation = op.bandTruncated ? Math.sqrt(n) * op.droppedHilbertSchmidt : 0;
  const history: CertifiedTraceNormStep[] = [];
  const products = new Float64Array(2 * cap);
  const imageNorms = new Float64Array(first);
  const residualNorms = new Float64Array(first);
  const remainders = new Float64Array(first);
  const gram = new Float64Array(2 * first * first);
  // per column of the earlier blocks, a bound of ||Q A~ v_k|| (see {@link schattenBounds}): the
  // remainder Gram-Schmidt left outside P, plus the rounding of the image and of its projection
  const restColumns = new CompensatedSum();
  const restSquares = new CompensatedSum();
  const columnRounding = (k: number) =>
    imageRounding + 16 * (Math.sqrt(n) + cap) * unit * imageNorms[k];
  let dim = 0;
  const av2 = new CompensatedSum();
  let blockCount = o.blockSize;
  let iterations = 0;
  let lower = 0;
  let upper = Number.POSITIVE_INFINITY;
  let parts: CertificateParts | undefined;
  while (iterations < o.maxIterations) {
    const room = cap - dim;
    if (room <= 0) break;
    const previous = dim;
    if (iterations === 0) {
      dim = krylov.append(0, u, K);
      if (dim < K) {
        throw new ParameterError(
          "omega",
          `its orbitals are linearly dependent (only ${dim} of K = ${K} are independent to 1e-10): ` +
            "an orbital density matrix needs orthonormal orbitals (quantum's " +
            "createOrbitalDensityMatrix checks them)",
        );
      }
      dim = krylov.append(dim, start, o.blockSize);
    } else {
      // the residuals of the last block's images become the next block; what it drops stays in
      // Q omega~ (earlier columns): its norm and the rounding join R's column bounds
      dim = krylov.appendBlock(dim, blockCount, imageNorms, remainders);
      for (let k = 0; k < blockCount; k++) {
        const bound = remainders[k] + columnRounding(k);
        restColumns.add(bound);
        restSquares.add(bound * bound);
      }
    }
    if (dim === previous) break; // invariant subspace: nothing new
    iterations++;
    const added = dim - previous;
    op.apply(basis.subarray(2 * n * previous, 2 * n * dim), added, images);
    // ||omega~ V_b||^2 of the last block (the only columns whose images may leave P); every sum
    // of squares here is compensated (Neumaier), so that the differences below lose only the
    // terms' own rounding, not that of long running sums
    const last = new CompensatedSum();
    for (let k = previous; k < dim; k++) {
      const at = 2 * (k - previous) * n;
      const column = new CompensatedSum();
      for (let i = at; i < at + 2 * n; i++) column.add(images[i] * images[i]);
      last.add(column.value);
      imageNorms[k - previous] = Math.sqrt(column.value);
      krylov.inners(0, dim, images, at, products);
      for (let r = 0; r < dim; r++) {
        h[2 * (r * cap + k)] = products[2 * r];
        h[2 * (r * cap + k) + 1] = products[2 * r + 1];
        h[2 * (k * cap + r)] = products[2 * r];
        h[2 * (k * cap + r) + 1] = -products[2 * r + 1];
      }
    }
    const avLast = last.value;
    av2.add(avLast);
    for (let l = 0; l < K; l++) {
      krylov.inners(previous, added, u, 2 * l * n, products);
      for (let k = previous; k < dim; k++) {
        c[2 * (k * K + l)] = products[2 * (k - previous)];
        c[2 * (k * K + l) + 1] = products[2 * (k - previous) + 1];
      }
    }
    // M = C diag(lambda) C^* - H, Hermitian dim x dim
    const m = new Float64Array(2 * dim * dim);
    const hAll = new CompensatedSum();
    const hBlock = new CompensatedSum();
    const mAll = new CompensatedSum();
    for (let r = 0; r < dim; r++) {
      for (let s = 0; s < dim; s++) {
        let re = 0;
        let im = 0;
        for (let l = 0; l < K; l++) {
          const ar = c[2 * (r * K + l)];
          const ai = c[2 * (r * K + l) + 1];
          const br = c[2 * (s * K + l)];
          const bi = c[2 * (s * K + l) + 1];
          re += lambda[l] * (ar * br + ai * bi);
          im += lambda[l] * (ai * br - ar * bi);
        }
        const hr = h[2 * (r * cap + s)];
        const hi = h[2 * (r * cap + s) + 1];
        hAll.add(hr * hr + hi * hi);
        if (s >= previous) hBlock.add(hr * hr + hi * hi);
        m[2 * (r * dim + s)] = re - hr;
        m[2 * (r * dim + s) + 1] = im - hi;
        mAll.add((re - hr) ** 2 + (im - hi) ** 2);
      }
    }
    const h2 = hAll.value;
    const hLast = hBlock.value;
    const avAll = av2.value;
    // PDP's matrix: H carries the images' rounding (||V^* E||_F <= sqrt(dim) times a column's),
    // and the eigensolver is backward stable (exact for M + F, ||F||_F <= 10 dim u ||M||_F); the
    // sum |eig| is the trace norm, which moves by at most ||change||_1 <= sqrt(dim) ||change||_F
    const spectrumMargin =
      dim * imageRounding + 10 * dim * Math.sqrt(dim) * unit * Math.sqrt(mAll.value);
    // first the bound without the residuals (the last block's term from its HS norm by
    // cancellation): when it meets the target the residuals are not needed
    parts = {
      spectrum: hermitianEigen(dim, m).values,
      spectrumMargin,
      lastSingular: [Number.POSITIVE_INFINITY],
      restColumnSum: restColumns.value,
      restColumnSquares: restSquares.value,
      offDiagonalLast2: Math.max(0, avLast - hLast) + delta,
      offDiagonalRest2: Math.max(0, avAll - avLast - (h2 - hLast)) + delta,
      lastRank: added,
      complementUpper2: Math.max(0, hs2 - 2 * avAll + h2) + delta,
      complementLower2: hs2 - 2 * avAll + h2 - delta,
      dimension: dim,
      size: n,
      missingHS: op.bandTruncated ? op.droppedHilbertSchmidt : 0,
    };
    ({ lower, upper } = schattenBounds(parts, 1));
    if (!(upper - lower <= o.target * upper)) {
      // the residuals Q A~ V_b, computed directly (in place of the images: the next block), and
      // their Gram matrix: sigma_i(Q omega~ V_b) <= sqrt(mu_i(computed Gram) + xi) + eta (Weyl's
      // inequalities), xi the Gram's rounding and eigensolver error, eta >= ||exact - computed
      // residuals||_F
      krylov.project(dim, added, residualNorms);
      krylov.gram(added, gram);
      let eta2 = 0;
      let residual2 = 0;
      for (let k = 0; k < added; k++) {
        eta2 += columnRounding(k) ** 2;
        residual2 += residualNorms[k] ** 2;
      }
      const xi = 16 * (Math.sqrt(n) + added) * unit * residual2;
      const eta = Math.sqrt(eta2);
      const lastSingular = hermitianEigen(added, gram.subarray(0, 2 * added * added)).values.map(
        (mu) => Math.sqrt(Math.max(0, mu + xi)) + eta,
      );
      // ||Q omega~ Q||_HS^2 = ||A~||^2 - ||A~ V||^2 - ||Q A~ V||^2 with ||Q A~ V||^2 from the
      // residuals (between sum (||r_k|| -+ eta_k)^2 over the last block, plus the earlier
      // columns' bounds above): no inner products of H enter, so the margin loses the sqrt(n^d)
      // of delta
      let below = 0;
      let above = restSquares.value;
      for (let k = 0; k < added; k++) {
        below += Math.max(0, residualNorms[k] - columnRounding(k)) ** 2;
        above += (residualNorms[k] + columnRounding(k)) ** 2;
      }
      const direct = 16 * (Math.sqrt(bandSize) + Math.sqrt(cap)) * unit * hs2;
      parts = {
        ...parts,
        lastSingular,
        complementUpper2: Math.min(parts.complementUpper2, hs2 - avAll - below + direct),
        complementLower2: Math.max(parts.complementLower2, hs2 - avAll - above - direct),
      };
      ({ lower, upper } = schattenBounds(parts, 1));
    }
    const step = { subspaceDimension: dim, lower, upper };
    history.push(step);
    onProgress?.(step);
    if (upper - lower <= o.target * upper) break;
    blockCount = added;
  }
  return Object.freeze({
    lower,
    upper,
    estimate: lower,
    subspaceDimension: dim,
    maxDimension: cap,
    iterations,
    converged: upper - lower <= o.target * upper,
    history,
    hilbertSchmidtSquared: { operator: hs2, plancherel: op.plancherelHilbertSchmidtSquared },
    truncation,
    schatten: o.schattenExponents.map((p) => {
      const bounds = parts
        ? schattenBounds(parts, p)
        : { lower: 0, upper: Number.POSITIVE_INFINITY };
      return Object.freeze({ p, ...bounds });
    }),
  });
}
