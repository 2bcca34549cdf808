import {
  fftPlan,
  type Grid,
  nextPowerOfTwo,
  ParameterError,
  type PhaseSpaceGrid,
  ResampleWorkspace,
  requirePositive,
  resampleArray,
  sharedFloat64Array,
  type ThreadContext,
  type ThreadTeam,
  type UniformAxis,
} from "@semiclassical/grid";
import { wignerPhaseSpace } from "@semiclassical/quantum";
import { CompensatedSum } from "./compensated-sum.js";
import type { PhaseSpaceSamples } from "./phase-space.js";
import {
  BandApplier,
  type BandLayout,
  type WeylBandSetup,
  type WeylBandState,
  weylBandKernel,
} from "./weyl-band.js";

/** Options of {@link weylOperator}. */
export interface WeylOperatorOptions {
  /**
   * Half-width M_a of the band |i_a - j_a| <= M_a kept per axis (a number applies to every axis;
   * default and upper limit: the natural band {@link WeylOperator.naturalBandwidth}, the whole
   * operator on the half grid). Entries outside the band are dropped: the operator applied is
   * then the banded one, and {@link WeylOperator.bandTruncated} is true.
   */
  bandwidth?: number | readonly number[];
  /** Largest band storage accepted, in doubles (default 2^27 = 1 GiB): refused before any work. */
  maxStorage?: number;
  /**
   * A thread team (grid's ThreadTeam, threads > 1) that {@link WeylOperator.apply} splits the
   * band's rows over (each row's sums in the serial order: the same numbers). The band is then
   * held in a SharedArrayBuffer, and the vectors pass through shared buffers of
   * {@link WEYL_APPLY_CHUNK} vectors. The workers must have {@link weylBandKernel} registered.
   */
  threads?: ThreadTeam;
}

/**
 * Vectors per block of {@link WeylOperator.apply}: each band entry is read from memory once per
 * block (and a threaded job's shared buffers hold one block).
 */
export const WEYL_APPLY_CHUNK = 16;

/**
 * The Weyl quantization omega~ = Weyl(W~) of a phase-space function, as an operator on the
 * position grid that is applied to vectors without forming the n^d x n^d matrix.
 */
export interface WeylOperator {
  readonly grid: Grid;
  readonly epsilon: number;
  /** Band half-widths M_a per axis. */
  readonly bandwidth: readonly number[];
  /**
   * The natural band per axis, M_a = min(n_a - 1, ceil(pi eps/(dv_a dx_a)) - 1): the offsets
   * |u_a| = |m_a| dx_a < pi eps/dv_a that W~'s velocity grid resolves (n_a - 1 on the half grid).
   */
  readonly naturalBandwidth: readonly number[];
  /** True when some M_a is below its natural band (entries the grid carries are dropped). */
  readonly bandTruncated: boolean;
  /**
   * ||A~||_HS^2 = sum of |A~_ij|^2 over the stored entries (compensated summation): exact for the
   * operator applied, to ~u ||A~||_HS^2.
   */
  readonly hilbertSchmidtSquared: number;
  /**
   * Plancherel's value (2 pi / eps)^d ||W~||_L2^2 (THEORY.md section 6). It equals
   * {@link hilbertSchmidtSquared} to round-off when W~ lives on the half grid of (grid, eps) and
   * vanishes where no pair (i, j) carries it; otherwise they differ by the interpolation error
   * and by the dropped band (a consistency check of the discretization).
   */
  readonly plancherelHilbertSchmidtSquared: number;
  /**
   * An upper bound of ||E||_HS, E = omega~_natural - omega~_band the entries of the natural band
   * that a narrowed band drops (0 when {@link bandTruncated} is false): see {@link weylOperator}.
   */
  readonly droppedHilbertSchmidt: number;
  /** Doubles held by the band. */
  readonly storage: number;
  /**
   * True when the operator is weylQuantize(W~) exactly (W~ on the half grid of (grid, eps) and
   * the whole natural band): nothing of omega~ lies outside the band.
   */
  readonly exact: boolean;
  /**
   * out_k = A~ x_k for `count` vectors stored one after the other (vector k at offset 2 k n^d,
   * interleaved complex, plain l^2 coordinates). Cost O(count n^d prod_a (2 M_a + 1)), no allocation.
   */
  apply(input: Float64Array, count: number, output: Float64Array): void;
  /**
   * Drops the thread team's references to the band (options.threads), so that its memory goes
   * with this operator rather than at the team's next garbage collection; later applications
   * run serially. No-op without threads. Cost O(1).
   */
  release(): void;
}

/** Fractional part of alpha r^2 for integer r (|r| < 2^26), accurate for large r. */
function turns(alpha: number, r: number): number {
  const r2 = r * r;
  const hi = Math.round(alpha * 67108864) / 67108864;
  const lo = alpha - hi;
  return ((hi * r2) % 1) + ((lo * r2) % 1);
}

/**
 * t_m = dv sum_q w_q e^{i (v_0 + q dv) m dx / eps}, m = -M..M, for complex lines w of n_v values,
 * by the chirp z-transform (Bluestein): q m = (q^2 + m^2 - (m - q)^2)/2 turns the sum into one
 * linear convolution of length n_v + 2M + 1 (FFT size S = nextPow2(n_v + 2M)). Plans and chirps
 * are made once; per line 3 FFTs of size S, no allocation.
 */
class VelocityTransform {
  private readonly size: number;
  private readonly kernel: Float64Array;
  private readonly pre: Float64Array;
  private readonly post: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(
    readonly nv: number,
    readonly band: number,
    v0: number,
    dv: number,
    dx: number,
    epsilon: number,
  ) {
    const theta = (dv * dx) / epsilon;
    const alpha = theta / (4 * Math.PI); // theta r^2 / 2 = 2 pi alpha r^2
    const size = nextPowerOfTwo(nv + 2 * band + 1);
    this.size = size;
    const plan = fftPlan(size);
    const k = new Float64Array(2 * size);
    // kernel kk[t] = e^{-i theta r^2/2}, r = t - M - (nv - 1), t = 0..2M + nv - 1
    for (let t = 0; t < 2 * band + nv; t++) {
      const phase = 2 * Math.PI * turns(alpha, t - band - (nv - 1));
      k[2 * t] = Math.cos(phase);
      k[2 * t + 1] = -Math.sin(phase);
    }
    this.kernel = new Float64Array(2 * size);
    plan.transform(k, this.kernel, "forward");
    this.pre = new Float64Array(2 * nv);
    for (let q = 0; q < nv; q++) {
      const phase = 2 * Math.PI * turns(alpha, q);
      this.pre[2 * q] = Math.cos(phase) / size;
      this.pre[2 * q + 1] = Math.sin(phase) / size;
    }
    this.post = new Float64Array(2 * (2 * band + 1));
    for (let mp = 0; mp <= 2 * band; mp++) {
      const m = mp - band;
      const phase = 2 * Math.PI * turns(alpha, m) + (v0 * m * dx) / epsilon;
      this.post[2 * mp] = dv * Math.cos(phase);
      this.post[2 * mp + 1] = dv * Math.sin(phase);
    }
    this.a = new Float64Array(2 * size);
    this.b = new Float64Array(2 * size);
  }

  /** Reads the line at input[2 (offset + q stride)], writes t at out[2 (outOffset + m' outStride)]. */
  line(
    input: Float64Array,
    offset: number,
    stride: number,
    out: Float64Array,
    outOffset: number,
    outStride: number,
  ): void {
    const { a, b, pre, post, kernel, size, nv, band } = this;
    const plan = fftPlan(size);
    a.fill(0);
    for (let q = 0; q < nv; q++) {
      const at = 2 * (offset + q * stride);
      const wr = input[at];
      const wi = input[at + 1];
      a[2 * q] = wr * pre[2 * q] - wi * pre[2 * q + 1];
      a[2 * q + 1] = wr * pre[2 * q + 1] + wi * pre[2 * q];
    }
    plan.transform(a, b, "forward");
    for (let s = 0; s < size; s++) {
      const xr = b[2 * s];
      const xi = b[2 * s + 1];
      const kr = kernel[2 * s];
      const ki = kernel[2 * s + 1];
      // conj of the product: inverse transform as conj(forward(conj(.)))
      b[2 * s] = xr * kr - xi * ki;
      b[2 * s + 1] = -(xr * ki + xi * kr);
    }
    plan.transform(b, a, "forward");
    for (let mp = 0; mp <= 2 * band; mp++) {
      const zr = a[2 * (mp + nv - 1)];
      const zi = -a[2 * (mp + nv - 1) + 1];
      const pr = post[2 * mp];
      const pi = post[2 * mp + 1];
      const at = 2 * (outOffset + mp * outStride);
      out[at] = zr * pr - zi * pi;
      out[at + 1] = zr * pi + zi * pr;
    }
  }
}

function perAxis(
  value: number | readonly number[] | undefined,
  shape: readonly number[],
  natural: readonly number[],
): number[] {
  if (value === undefined) return natural.slice();
  const list = typeof value === "number" ? shape.map(() => value) : [...value];
  if (list.length !== shape.length) {
    throw new ParameterError(
      "bandwidth",
      `needs ${shape.length} entries (one per axis), got ${list.length}`,
    );
  }
  list.forEach((m, a) => {
    if (!Number.isInteger(m) || m < 0) {
      throw new ParameterError("bandwidth", `must be a non-negative integer, got ${m}`);
    }
    list[a] = Math.min(m, natural[a]);
  });
  return list;
}

/**
 * The clipped band layout: row i keeps only the offsets b_a in [lo_a(i_a), hi_a(i_a)] whose column
 * j_a = i_a - (b_a - M_a) lies on the grid, lo_a(i) = max(0, i + M_a - n_a + 1), hi_a(i) =
 * min(2 M_a, i + M_a), row-major in b within the row. For shapes and bands padded to 3 axes:
 * per axis lo and widths hi - lo + 1, and the start of each row (in complex entries; a Float64Array,
 * since the total may exceed 2^31). The total is prod_a sum_i width_a(i), at most n^d prod (2 M_a + 1)
 * (for a band near n per axis, about 0.4 of it in 3D). Cost O(n^d).
 */
function clippedBand(
  nn: readonly number[],
  mm: readonly number[],
): { lo: Int32Array[]; width: Int32Array[]; rowStart: Float64Array; entries: number } {
  const lo: Int32Array[] = [];
  const width: Int32Array[] = [];
  for (let a = 0; a < 3; a++) {
    const l = new Int32Array(nn[a]);
    const w = new Int32Array(nn[a]);
    for (let i = 0; i < nn[a]; i++) {
      l[i] = Math.max(0, i + mm[a] - nn[a] + 1);
      w[i] = Math.min(2 * mm[a], i + mm[a]) - l[i] + 1;
    }
    lo.push(l);
    width.push(w);
  }
  const rowStart = new Float64Array(nn[0] * nn[1] * nn[2] + 1);
  let row = 0;
  for (let i0 = 0; i0 < nn[0]; i0++) {
    for (let i1 = 0; i1 < nn[1]; i1++) {
      const w01 = width[0][i0] * width[1][i1];
      for (let i2 = 0; i2 < nn[2]; i2++, row++) {
        rowStart[row + 1] = rowStart[row] + w01 * width[2][i2];
      }
    }
  }
  return { lo, width, rowStart, entries: rowStart[row] };
}

/** sum_i width_a(i) of {@link clippedBand} per axis, multiplied over the axes: its entries. */
function clippedEntries(shape: readonly number[], band: readonly number[]): number {
  let total = 1;
  shape.forEach((n, a) => {
    const m = band[a];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.min(2 * m, i + m) - Math.max(0, i + m - n + 1) + 1;
    total *= sum;
  });
  return total;
}

/** Memory and work of {@link weylOperator} (from {@link weylOperatorCost}). */
export interface WeylOperatorCost {
  /** Band half-widths M_a that the build would use. */
  readonly bandwidth: readonly number[];
  /** Bytes of the band (kept) and peak bytes during the build (band included). */
  readonly bandBytes: number;
  readonly buildBytes: number;
  /** Floating-point operations of the build and of one application to one vector. */
  readonly buildFlops: number;
  readonly applyFlops: number;
}

/**
 * Peak doubles of {@link weylOperator}'s build: the band (`storage`), F on W~'s nodes (2 S_x B,
 * all patterns at the first one's turn) and the interpolation's two buffers for one pattern, each
 * at most the largest lattice of the passes, prod_a max(S_x,a, n_a), times its 2 ceil(B/2^d)
 * doubles per point. Cost O(d).
 */
function buildDoubles(position: Grid, grid: Grid, storage: number, bandSize: number): number {
  const lattice = grid.shape.reduce((p, n, a) => p * Math.max(n, position.shape[a]), 1);
  const perPoint = 2 * Math.ceil(bandSize / 2 ** grid.dimension);
  return storage + 2 * position.size * bandSize + 2 * lattice * perPoint;
}

/** The natural band M_a = min(n_a - 1, ceil(pi eps/(dv_a dx_a)) - 1) of W~'s velocity grid. */
function naturalBand(grid: Grid, velocity: Grid, epsilon: number): number[] {
  return grid.shape.map((n, a) =>
    Math.max(
      0,
      Math.min(
        n - 1,
        Math.ceil((Math.PI * epsilon) / (velocity.spacing[a] * grid.spacing[a]) - 1e-9) - 1,
      ),
    ),
  );
}

/**
 * Memory and work of {@link weylOperator}(W~ on `wTildeGrid`, grid, eps, options) without
 * building it, for memory planning. Cost O(d).
 */
export function weylOperatorCost(
  wTildeGrid: PhaseSpaceGrid,
  grid: Grid,
  epsilon: number,
  options: WeylOperatorOptions = {},
): WeylOperatorCost {
  requirePositive("epsilon", epsilon);
  const d = grid.dimension;
  const { position, velocity } = wTildeGrid;
  const natural = naturalBand(grid, velocity, epsilon);
  const bandwidth = perAxis(options.bandwidth, grid.shape, natural);
  const bandSize = bandwidth.reduce((p, m) => p * (2 * m + 1), 1);
  const n = grid.size;
  const kept = clippedEntries(grid.shape, bandwidth);
  const storage = 2 * kept;
  const build = buildDoubles(position, grid, storage, bandSize);
  // step 1: per position node, a chirp z-transform (3 FFTs of size S_a) per line and axis, over
  // the natural band when the band is narrowed (the dropped part's bound)
  const computed = bandwidth.some((m, a) => m < natural[a]) ? natural : bandwidth;
  let step1 = 0;
  for (let a = 0; a < d; a++) {
    let lines = 1;
    for (let b = 0; b < d; b++) {
      if (b < a) lines *= 2 * computed[b] + 1;
      if (b > a) lines *= velocity.shape[b];
    }
    const S = nextPowerOfTwo(velocity.shape[a] + 2 * computed[a] + 1);
    step1 += lines * 15 * S * Math.log2(S);
  }
  step1 *= Math.ceil(position.size / 2); // two real nodes per complex transform
  let step2 = 0;
  for (let a = 0; a < d; a++) {
    const S = nextPowerOfTwo(position.shape[a] + grid.shape[a]);
    step2 += (2 * bandSize * n * 15 * S * Math.log2(S)) / grid.shape[a] / 2;
  }
  return Object.freeze({
    bandwidth,
    bandBytes: 8 * storage,
    buildBytes: 8 * build,
    buildFlops: step1 + step2 + 20 * kept,
    applyFlops: 8 * kept,
  });
}

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let size = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    s[a] = size;
    size *= shape[a];
  }
  return s;
}

/**
 * Applies the velocity transform along one axis of a complex row-major block, replacing the
 * extent shape[axis] = n_v by 2M + 1. Cost O(lines S log S), allocates the output.
 */
function transformAxis(
  data: Float64Array,
  shape: number[],
  axis: number,
  transform: VelocityTransform,
): Float64Array {
  const outShape = shape.slice();
  outShape[axis] = 2 * transform.band + 1;
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  const outer = shape.slice(0, axis).reduce((p, x) => p * x, 1);
  const inner = inStrides[axis];
  const out = new Float64Array(2 * outShape.reduce((p, x) => p * x, 1));
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      transform.line(
        data,
        o * shape[axis] * inner + c,
        inStrides[axis],
        out,
        o * outShape[axis] * inner + c,
        outStrides[axis],
      );
    }
  }
  return out;
}

/**
 * omega~ = Weyl(W~) (THEORY.md section 1: omega~(x;y) = N int W~((x+y)/2, v) e^{i v.(x-y)/eps} dv,
 * N = eps^-d) as a banded operator on the position grid, never forming the n^d x n^d matrix.
 *
 * The kernel is N F((x+y)/2, x - y) with F(X, u) = int W~(X, v) e^{i v.u/eps} dv, so
 * A~_ij = eps^-d dx^d F(X_ij, m dx), m = i - j, X_ij = x_0 + (i + j) dx/2 (the half-grid midpoints).
 * 1. F(X_s, m dx), |m_a| <= M_a, on W~'s own position nodes X_s: the v-integral by the rectangle
 *    rule over W~'s velocity grid, along each velocity axis by a chirp z-transform (the nodes m dx
 *    are not on the FFT grid of the velocity grid in general), two nodes per complex transform
 *    (W~ is real, so F(X, -m) = conj F(X, m) separates them). On the half grid of
 *    (grid, eps) (wignerPhaseSpace) this is exactly the inverse discrete Wigner transform of
 *    weylQuantize, so the operator equals weylQuantize(W~) to round-off.
 * 2. Trigonometric interpolation in X (the resampler of weylQuantize, zero outside W~'s box) to
 *    the midpoints (x_i + x_j)/2 = x_i - m dx/2: for the offsets m of one parity pattern
 *    (m_a mod 2) these form one lattice of n^d points, so 2^d interpolations of B/2^d offsets
 *    each (plain subsampling when W~ lives on the half grid).
 * 3. A~_ij = (F_ij + conj(F_ji))/2 on the band: exactly Hermitian.
 * The band is limited to the natural one (|m_a dx_a| < pi eps/dv_a, see
 * {@link WeylOperator.naturalBandwidth}): beyond it the v-rule is an alias of small |u|.
 * For W~ resolved on its grid (band-limited there, vanishing at its edges, velocities within the
 * quantum band |v_a| < pi eps/(2 dx_a)) the operator equals weylQuantize(W~) to round-off
 * (tested: 3e-14 of max |A|); otherwise the two discretizations differ by the under-resolution
 * (1e-2 of max |A| measured on 16 points per axis), and W~ beyond the quantum band is aliased
 * here where weylQuantize drops it.
 * A narrowed band (options.bandwidth below the natural one) drops E = omega~_natural -
 * omega~_band: step 1 then runs over the natural band, and {@link WeylOperator.droppedHilbertSchmidt}
 * is a rigorous bound of ||E||_HS from the dropped F(X_s, m) (Parseval on W~'s nodes and the
 * interpolation's lattice sums, see droppedBound), about ||E||_HS itself when the midpoint
 * lattices are whole periods of W~'s box (as in the study).
 * Cost ({@link weylOperatorCost}): O(S_x prod_a (n_v,a + 2M_a) log) for step 1 (S_x = W~'s
 * position points; the natural M_a when narrowed), O(n^d B log) for step 2 (B = prod_a (2 M_a + 1)), O(n^d B) for step 3.
 * Allocates the band, clipped to the entries whose column lies on the grid (at most 2 n^d B
 * doubles; about 0.4 of that in 3D when M_a ~ n_a/2), F on W~'s nodes (2 S_x B, by parity pattern,
 * each pattern's part let go after its turn) and the interpolation's two buffers, reused by the
 * patterns (at most 4 prod_a max(S_x,a, n_a) B/2^d doubles). A ParameterError is thrown before any work when
 * this exceeds options.maxStorage.
 */
export function weylOperator(
  wTilde: PhaseSpaceSamples,
  grid: Grid,
  epsilon: number,
  options: WeylOperatorOptions = {},
): WeylOperator {
  requirePositive("epsilon", epsilon);
  const d = grid.dimension;
  const { position, velocity } = wTilde.grid;
  if (position.dimension !== d) {
    throw new ParameterError(
      "wTilde.grid",
      `has dimension ${position.dimension}, the position grid ${d}; build W~ in the dimension of the state`,
    );
  }
  if (wTilde.values.length !== wTilde.grid.size) {
    throw new ParameterError(
      "wTilde.values",
      `must hold wTilde.grid.size = ${wTilde.grid.size} values, got ${wTilde.values.length}`,
    );
  }
  // W~'s velocity grid carries the kernel only for |u_a| < pi eps/dv_a (its rectangle rule in v
  // is periodic in u with period 2 pi eps/dv_a; beyond half of it F is an alias of |u| small, and
  // weylQuantize's trigonometric interpolation in v has no content there): the natural band
  const natural = naturalBand(grid, velocity, epsilon);
  const bandwidth = perAxis(options.bandwidth, grid.shape, natural);
  const bandShape = bandwidth.map((m) => 2 * m + 1);
  const bandSize = bandShape.reduce((p, x) => p * x, 1);
  const n = grid.size;
  const storage = 2 * clippedEntries(grid.shape, bandwidth);
  // the band, F on W~'s nodes (2 S_x B) and, per parity pattern, its copy and interpolation
  const buildStorage = buildDoubles(position, grid, storage, bandSize);
  const maxStorage = options.maxStorage ?? 2 ** 27;
  if (buildStorage > maxStorage) {
    throw new ParameterError(
      "bandwidth",
      `the banded Weyl operator needs ${buildStorage} doubles to build (n^d = ${n}, band ${bandShape.join(" x ")}), ` +
        `more than maxStorage = ${maxStorage}; use a smaller bandwidth or a smaller grid`,
    );
  }
  for (let q = 0; q < wTilde.values.length; q++) {
    if (!Number.isFinite(wTilde.values[q])) {
      throw new ParameterError(
        "wTilde.values",
        `entry ${q} is ${wTilde.values[q]}; must be finite`,
      );
    }
  }
  const bandTruncated = bandwidth.some((m, a) => m < natural[a]);
  const computed = bandTruncated ? natural : bandwidth;
  const kept = keptOffsets(computed, bandwidth);
  const dropped = droppedOffsets(computed, kept);
  // the offsets by parity pattern (m_a mod 2): entry (i, j) with m = i - j needs F at
  // X = (x_i + x_j)/2 = x_i - m dx/2, and for one pattern these midpoints form one lattice
  const pad = 3 - d;
  const mm = [...new Array<number>(pad).fill(0), ...bandwidth];
  const bs = mm.map((m) => 2 * m + 1);
  const patterns = parityPatterns(mm, d);
  // 1. velocity transform per position node; a narrowed band takes it over the natural band, keeps
  // its own offsets and sums |F|^2 over the others (what E holds, see droppedBound). W~ is real, so
  // F(X, -m) = conj F(X, m): two nodes s, s + 1 go through one complex transform of
  // Z = W~(X_s) + i W~(X_{s+1}), and F_s(m) = (Z(m) + conj Z(-m))/2, F_{s+1}(m) = (Z(m) -
  // conj Z(-m))/(2i). Written straight into each pattern's arrays (node-major, its members minor).
  const computedShape = computed.map((m) => 2 * m + 1);
  const last = computedShape.reduce((p, x) => p * x, 1) - 1; // offset index of -m: last - c
  const transforms = computed.map(
    (m, a) =>
      new VelocityTransform(
        velocity.shape[a],
        m,
        velocity.origin[a],
        velocity.spacing[a],
        grid.spacing[a],
        epsilon,
      ),
  );
  const vs = velocity.size;
  // interleaved complex per pattern: re and im of one offset side by side (one line pair of the
  // interpolation, one cache line of the fill)
  const g = patterns.members.map((members) => new Float64Array(2 * position.size * members.length));
  const block = new Float64Array(2 * vs);
  let droppedSquares = 0;
  for (let s = 0; s < position.size; s += 2) {
    const pair = s + 1 < position.size;
    for (let q = 0; q < vs; q++) {
      block[2 * q] = wTilde.values[s * vs + q];
      block[2 * q + 1] = pair ? wTilde.values[(s + 1) * vs + q] : 0;
    }
    let data: Float64Array = block;
    const shape = velocity.shape.slice();
    for (let a = 0; a < d; a++) {
      data = transformAxis(data, shape, a, transforms[a]);
      shape[a] = computedShape[a];
    }
    for (let b = 0; b < bandSize; b++) {
      const c = kept[b];
      const zr = data[2 * c];
      const zi = data[2 * c + 1];
      const yr = data[2 * (last - c)];
      const yi = data[2 * (last - c) + 1];
      const f = g[patterns.pattern[b]];
      const Bp = patterns.members[patterns.pattern[b]].length;
      const at = 2 * (s * Bp + patterns.slot[b]);
      f[at] = 0.5 * (zr + yr);
      f[at + 1] = 0.5 * (zi - yi);
      if (pair) {
        f[at + 2 * Bp] = 0.5 * (zi + yi);
        f[at + 2 * Bp + 1] = 0.5 * (yr - zr);
      }
    }
    // summed directly (not as all - kept, which cancels when E is small); none unless narrowed:
    // |F_s(m)|^2 + |F_{s+1}(m)|^2 = (|Z(m)|^2 + |Z(-m)|^2)/2, and the dropped set is closed under
    // m -> -m, so the two nodes' sum is that of |Z|^2
    for (let t = 0; t < dropped.length; t++) {
      const re = data[2 * dropped[t]];
      const im = data[2 * dropped[t] + 1];
      droppedSquares += re * re + im * im;
    }
  }
  // 2.-3. W~'s nodes are interpolated to the 2^d midpoint lattices x_0 + par dx/2 + k dx (n points
  // per axis; n^d B values in all, never the 2^d n^d B of the whole half grid), then
  // A~_ij = (F_ij + conj(F_ji))/2.
  const nn = [...new Array<number>(pad).fill(1), ...grid.shape];
  const scale = epsilon ** -d * grid.cellVolume;
  const layout = clippedBand(nn, mm);
  const { lo, width, rowStart } = layout;
  // shared memory from the start when the band's rows run on threads (no second copy of a band
  // that may take most of maxMemory)
  const team =
    options.threads !== undefined && options.threads.threads > 1 ? options.threads : undefined;
  const entries = team !== undefined ? sharedFloat64Array(storage) : new Float64Array(storage);
  const hs2 = new CompensatedSum();
  const sources: UniformAxis[] = [];
  for (let a = 0; a < d; a++) {
    sources.push({
      points: position.shape[a],
      origin: position.origin[a],
      spacing: position.spacing[a],
    });
  }
  const onHalfGrid = grid.shape.every(
    (n, a) =>
      position.shape[a] === 2 * n &&
      Math.abs(position.origin[a] - grid.origin[a]) < 1e-12 * grid.spacing[a] &&
      Math.abs(position.spacing[a] - grid.spacing[a] / 2) < 1e-12 * grid.spacing[a],
  );
  const { slot } = patterns;
  // the interpolations' arrays, reused by every pattern (their pages are paid once)
  const workspace = new ResampleWorkspace();
  for (let pattern = 0; pattern < 2 ** d; pattern++) {
    const parity = [0, 0, 0];
    for (let a = 0; a < d; a++) parity[pad + a] = (pattern >> a) & 1;
    const members = patterns.members[pattern];
    const Bp = members.length;
    if (Bp === 0) continue;
    const f = g[pattern];
    // this pattern's F is read once: let it go before the next pattern's interpolation
    g[pattern] = new Float64Array(0);
    let h: Float64Array;
    if (onHalfGrid) {
      // the lattice nodes are W~'s own nodes 2k + par: no interpolation
      h = new Float64Array(2 * n * Bp);
      const hs = [...new Array<number>(pad).fill(1), ...position.shape];
      for (let k0 = 0; k0 < nn[0]; k0++) {
        for (let k1 = 0; k1 < nn[1]; k1++) {
          for (let k2 = 0; k2 < nn[2]; k2++) {
            const k = (k0 * nn[1] + k1) * nn[2] + k2;
            const s0 = pad > 0 ? 0 : 2 * k0 + parity[0];
            const s1 = pad > 1 ? 0 : 2 * k1 + parity[1];
            const q = (s0 * hs[1] + s1) * hs[2] + 2 * k2 + parity[2];
            h.set(f.subarray(2 * q * Bp, 2 * (q + 1) * Bp), 2 * k * Bp);
          }
        }
      }
    } else {
      const targets: UniformAxis[] = grid.shape.map((points, a) => ({
        points,
        origin: grid.origin[a] + (parity[pad + a] * grid.spacing[a]) / 2,
        spacing: grid.spacing[a],
      }));
      const bandAxis: UniformAxis = { points: 2 * Bp, origin: 0, spacing: 1 };
      h = resampleArray(f, [...sources, bandAxis], [...targets, bandAxis], workspace);
    }
    // per member t of the pattern: the slot of its mirror -m
    const mirror = new Int32Array(Bp);
    for (let t = 0; t < Bp; t++) {
      const b = members[t];
      const b0 = Math.floor(b / (bs[1] * bs[2]));
      const b1 = Math.floor(b / bs[2]) % bs[1];
      const b2 = b % bs[2];
      mirror[t] = slot[((bs[0] - 1 - b0) * bs[1] + (bs[1] - 1 - b1)) * bs[2] + (bs[2] - 1 - b2)];
    }
    // the first band index >= lo of this pattern's parity on axis a (b_a = m_a + M_a)
    const firstOf = (a: number, low: number) => low + ((((mm[a] + parity[a] - low) % 2) + 2) % 2);
    for (let i0 = 0; i0 < nn[0]; i0++) {
      const lo0 = lo[0][i0];
      const end0 = lo0 + width[0][i0];
      for (let i1 = 0; i1 < nn[1]; i1++) {
        const lo1 = lo[1][i1];
        const w1 = width[1][i1];
        const end1 = lo1 + w1;
        // rows i2 innermost but one: for one (i_0, i_1, b_0, b_1) the reads of h stay in one
        // slab (k_0, k_1 fixed: n_2 lattice points x the pattern's b_2 slots, ~100 KB), where
        // row by row they walked a stride of Bp doubles per entry across all of h
        for (let b0 = firstOf(0, lo0); b0 < end0; b0 += 2) {
          const k0 = (i0 - (b0 - mm[0] + parity[0]) / 2) * nn[1];
          for (let b1 = firstOf(1, lo1); b1 < end1; b1 += 2) {
            const k01 = (k0 + i1 - (b1 - mm[1] + parity[1]) / 2) * nn[2];
            const offset01 = (b0 - lo0) * w1 + (b1 - lo1);
            for (let i2 = 0; i2 < nn[2]; i2++) {
              const row = (i0 * nn[1] + i1) * nn[2] + i2;
              const lo2 = lo[2][i2];
              const w2 = width[2][i2];
              const first2 = firstOf(2, lo2);
              const end2 = lo2 + w2;
              // the pattern's members whose column j = i - m lies on the grid (band index b_a in
              // [lo_a(i_a), lo_a(i_a) + width_a(i_a))): the same entries as filtering every member
              let t = slot[(b0 * bs[1] + b1) * bs[2] + first2];
              let k = k01 + i2 - (first2 - mm[2] + parity[2]) / 2;
              let e = 2 * (rowStart[row] + offset01 * w2 + (first2 - lo2));
              for (let b2 = first2; b2 < end2; b2 += 2, t++, k--, e += 4) {
                const tm = mirror[t];
                const re = 0.5 * scale * (h[2 * (k * Bp + t)] + h[2 * (k * Bp + tm)]);
                const im = 0.5 * scale * (h[2 * (k * Bp + t) + 1] - h[2 * (k * Bp + tm) + 1]);
                entries[e] = re;
                entries[e + 1] = im;
                // compensated: exact to ~u ||A~||^2 over the n^d B entries (a plain running sum
                // loses ~u n^d B, which set the certificate's rounding floor)
                hs2.add(re * re + im * im);
              }
            }
          }
        }
      }
    }
  }
  let w2 = 0;
  for (const w of wTilde.values) w2 += w * w;
  const plancherel = ((2 * Math.PI) / epsilon) ** d * w2 * wTilde.grid.cellVolume;
  const band: BandLayout = { nn, mm, rowStart, n };
  let threaded: { team: ThreadTeam; context: ThreadContext<WeylBandState> } | undefined;
  if (team !== undefined) {
    const setup: WeylBandSetup = {
      band,
      entries,
      input: sharedFloat64Array(2 * n * WEYL_APPLY_CHUNK),
      output: sharedFloat64Array(2 * n * WEYL_APPLY_CHUNK),
      capacity: WEYL_APPLY_CHUNK,
    };
    threaded = { team, context: team.context(weylBandKernel, setup) };
  }
  let serial: BandApplier | undefined;
  const apply = (input: Float64Array, count: number, output: Float64Array): void => {
    if (input.length < 2 * n * count || output.length < 2 * n * count) {
      throw new ParameterError(
        "input",
        `input and output must hold 2 n^d count = ${2 * n * count} doubles (n^d = ${n}, count = ${count})`,
      );
    }
    // blocks of WEYL_APPLY_CHUNK vectors: each band entry is read once per block
    for (let k = 0; k < count; k += WEYL_APPLY_CHUNK) {
      const c = Math.min(WEYL_APPLY_CHUNK, count - k);
      if (threaded === undefined) {
        serial ??= new BandApplier(band, entries, WEYL_APPLY_CHUNK);
        serial.rows(input.subarray(2 * k * n), output.subarray(2 * k * n), c, 0, n);
        continue;
      }
      const { team, context } = threaded;
      const shared = context.state;
      shared.input.set(input.subarray(2 * k * n, 2 * (k + c) * n));
      team.run(context, n, [c], 64);
      output.set(shared.output.subarray(0, 2 * c * n), 2 * k * n);
    }
  };
  const droppedHilbertSchmidt = bandTruncated
    ? droppedBound(droppedSquares, scale, sources, grid)
    : 0;
  return Object.freeze({
    grid,
    epsilon,
    bandwidth,
    naturalBandwidth: natural,
    bandTruncated,
    hilbertSchmidtSquared: hs2.value,
    plancherelHilbertSchmidtSquared: plancherel,
    droppedHilbertSchmidt,
    storage,
    exact: !bandTruncated && onWignerGrid(wTilde.grid, grid, epsilon),
    apply,
    release: () => {
      if (threaded !== undefined) threaded.team.release(threaded.context);
      threaded = undefined;
    },
  });
}

/**
 * The band's offsets (padded to 3 axes, half-widths mm, row-major b) by parity pattern: pattern
 * p has bit a set where m_(3-d+a) is odd; members[p] lists its offsets in increasing b, and per
 * offset b its pattern and its slot (index in members[pattern[b]]). Cost O(B).
 */
function parityPatterns(
  mm: readonly number[],
  d: number,
): { members: number[][]; pattern: Uint8Array; slot: Int32Array } {
  const bs = mm.map((m) => 2 * m + 1);
  const size = bs[0] * bs[1] * bs[2];
  const members: number[][] = Array.from({ length: 2 ** d }, () => []);
  const pattern = new Uint8Array(size);
  const slot = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const m = [
      Math.floor(b / (bs[1] * bs[2])) - mm[0],
      (Math.floor(b / bs[2]) % bs[1]) - mm[1],
      (b % bs[2]) - mm[2],
    ];
    let p = 0;
    for (let a = 0; a < d; a++) p |= (Math.abs(m[3 - d + a]) % 2) << a;
    pattern[b] = p;
    slot[b] = members[p].length;
    members[p].push(b);
  }
  return { members, pattern, slot };
}

/**
 * For each offset of `band` (row-major, |m_a| <= band_a), its index in the row-major block of
 * `outer` (band_a <= outer_a per axis). Cost O(prod (2 band_a + 1)).
 */
function keptOffsets(outer: readonly number[], band: readonly number[]): Int32Array {
  const d = band.length;
  const shape = band.map((m) => 2 * m + 1);
  const outerShape = outer.map((m) => 2 * m + 1);
  const size = shape.reduce((p, x) => p * x, 1);
  const index = new Int32Array(size);
  for (let b = 0; b < size; b++) {
    let rest = b;
    let at = 0;
    let stride = 1;
    for (let a = d - 1; a >= 0; a--) {
      const m = (rest % shape[a]) - band[a];
      rest = Math.floor(rest / shape[a]);
      at += (m + outer[a]) * stride;
      stride *= outerShape[a];
    }
    index[b] = at;
  }
  return index;
}

/** The offsets of the `outer` block (row-major) that `kept` does not list. Cost O(block). */
function droppedOffsets(outer: readonly number[], kept: Int32Array): Int32Array {
  const size = outer.reduce((p, m) => p * (2 * m + 1), 1);
  const isKept = new Uint8Array(size);
  for (const b of kept) isKept[b] = 1;
  const out = new Int32Array(size - kept.length);
  let c = 0;
  for (let b = 0; b < size; b++) if (isKept[b] === 0) out[c++] = b;
  return out;
}

/**
 * An upper bound of ||E||_HS for the entries E of the natural band that a narrowed band drops,
 * from S = sum over W~'s nodes X_s and the dropped offsets m of |F(X_s, m)|^2:
 * - the entries of offset m are scale h_m(X_k) symmetrized, h_m the trigonometric interpolant of
 *   F(., m) from W~'s n_X nodes per axis (grid's UniformResampler: coefficients c = DFT / n_X,
 *   the Nyquist term split evenly, zero outside W~'s box) at the midpoint lattice X_k (n points
 *   per axis, shifted by dx/2 for odd m_a), one lattice point per entry; |(a + conj b)/2|^2 <=
 *   (|a|^2 + |b|^2)/2 and the dropped set is symmetric in m, so ||E||^2 <= scale^2 sum |h_m(X_k)|^2;
 * - per axis, sum_k |p(X_k)|^2 = ||G c||^2 <= lambda_max(G^* G) ||c||^2, G the interpolant's
 *   columns at the lattice points inside the box (see latticeGramBound), lambda_max bounded by
 *   Gershgorin (n exactly when the lattice is one period of the box, as in the study); over the
 *   axes the product of these (the tensor-product interpolant), for the worse parity;
 * - ||c||^2 = sum_s |F(X_s, m)|^2 / prod n_X (Parseval of the DFT).
 * S is summed directly over the dropped offsets; a relative margin of 1e-8 covers its rounding
 * (and that of F, whose entries the band would hold to the same relative accuracy). Cost O(sum_a n_a n_X,a^2).
 */
function droppedBound(
  squares: number,
  scale: number,
  sources: readonly UniformAxis[],
  grid: Grid,
): number {
  let factor = 1;
  sources.forEach((source, a) => {
    let worst = 0;
    for (let parity = 0; parity < 2; parity++) {
      const origin = grid.origin[a] + (parity * grid.spacing[a]) / 2;
      worst = Math.max(worst, latticeGramBound(source, origin, grid.spacing[a], grid.shape[a]));
    }
    factor *= worst / source.points;
  });
  return scale * Math.sqrt(factor * squares) * (1 + 1e-8);
}

/**
 * Gershgorin's bound of lambda_max(G^* G) for the columns of a source axis's interpolant
 * (UniformResampler: n points, box [x_0, x_0 + L)) at the targets t_k = t_0 + k h (k < m) inside
 * the box: e_j(t) = e^{2 pi i j (t - x_0)/L} for |j| < n/2 and the Nyquist column
 * (e_{n/2} + e_{-n/2})/2, whose coefficient is the whole DFT coefficient (so that Parseval on the
 * n nodes, sum |c|^2 = sum_s |F_s|^2 / n, holds unsplit). With S(r) = sum_k e^{2 pi i r (t_k -
 * x_0)/L}: <e_j, e_j'> = S(j' - j). Equals m for a whole period of m > n targets and n for the
 * nodes themselves. Cost O(m n + n^2).
 */
function latticeGramBound(source: UniformAxis, t0: number, h: number, m: number): number {
  const n = source.points;
  const half = n / 2;
  const length = n * source.spacing;
  const tol = 1e-10 * source.spacing;
  const re = new Float64Array(2 * n + 1);
  const im = new Float64Array(2 * n + 1);
  for (let r = -n; r <= n; r++) {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < m; k++) {
      const t = t0 + k * h;
      if (t < source.origin - tol || t >= source.origin + length - tol) continue;
      const phase = (2 * Math.PI * r * (t - source.origin)) / length;
      sr += Math.cos(phase);
      si += Math.sin(phase);
    }
    re[r + n] = sr;
    im[r + n] = si;
  }
  const S = (r: number) => Math.hypot(re[r + n], im[r + n]);
  // <e_j, g> = (S(half - j) + S(-half - j)) / 2
  const withNyquist = (j: number) =>
    Math.hypot(re[half - j + n] + re[-half - j + n], im[half - j + n] + im[-half - j + n]) / 2;
  let worst = 0;
  let nyquistRow = (2 * re[n] + 2 * re[2 * n]) / 4; // <g, g> = (2 S(0) + 2 Re S(n)) / 4
  for (let j = -half + 1; j < half; j++) {
    let row = withNyquist(j);
    for (let jp = -half + 1; jp < half; jp++) row += S(jp - j);
    worst = Math.max(worst, row);
    nyquistRow += withNyquist(j);
  }
  return Math.max(worst, Math.abs(nyquistRow));
}

/**
 * The n^d x n^d matrix A~ of a Weyl operator (row-major, interleaved complex: A~_ij at
 * 2 (i n^d + j)), from its columns A~ e_j: for checks against dense methods at small n^d.
 * Cost O(n^d) applications (O(n^2d B)); allocates 4 n^2d doubles (the identity and the columns)
 * besides the result.
 */
export function weylOperatorMatrix(op: WeylOperator): Float64Array {
  const n = op.grid.size;
  const identity = new Float64Array(2 * n * n);
  for (let k = 0; k < n; k++) identity[2 * (k * n + k)] = 1;
  const columns = new Float64Array(2 * n * n);
  op.apply(identity, n, columns);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[2 * (i * n + j)] = columns[2 * (j * n + i)];
      a[2 * (i * n + j) + 1] = columns[2 * (j * n + i) + 1];
    }
  }
  return a;
}

/**
 * Whether a phase-space grid is the half grid wignerPhaseSpace(grid, eps), where weylOperator
 * with its whole band is weylQuantize exactly (the inverse discrete Wigner transform). Cost O(d).
 */
function onWignerGrid(w: PhaseSpaceGrid, grid: Grid, epsilon: number): boolean {
  const half = wignerPhaseSpace(grid, epsilon);
  const same = (a: Grid, b: Grid) =>
    a.shape.length === b.shape.length &&
    b.shape.every(
      (n, k) =>
        a.shape[k] === n &&
        Math.abs(a.origin[k] - b.origin[k]) <= 1e-12 * b.spacing[k] &&
        Math.abs(a.spacing[k] - b.spacing[k]) <= 1e-12 * b.spacing[k],
    );
  return same(w.position, half.position) && same(w.velocity, half.velocity);
}
