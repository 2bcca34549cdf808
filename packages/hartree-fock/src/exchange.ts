import { type FftPlan, fftPlan, type Grid, isPowerOfTwo } from "@semiclassical/grid";

/** Complex convolution f -> V * f on a grid (interleaved complex, grid.size values). */
export interface ComplexConvolution {
  readonly grid: Grid;
  /** (V * f)(x_i) ~ int V(x_i - y) f(y) dy. Cost O(M log M). */
  convolveComplex(f: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * The exchange operator in orbital form (THEORY.md section 2),
 *   (X phi)(x) = (1/N) sum_k lambda_k phi_k(x) [V * (conj(phi_k) phi)](x),
 * with V * f from a free-space convolution, so singular kernels (V = lambda/|x|^alpha) are
 * handled by the convolution's own quadrature (no V(0) is ever evaluated). Buffers for one
 * product and one convolution are allocated once here.
 */
export class OrbitalExchange {
  readonly grid: Grid;
  private readonly product: Float64Array;
  private readonly convolved: Float64Array;
  /** The batched path of {@link applyToOrbitals} (1D convolutions that pass its probe). */
  private readonly batch: PairConvolutionBatch | undefined;

  constructor(readonly convolution: ComplexConvolution) {
    this.grid = convolution.grid;
    this.product = new Float64Array(2 * this.grid.size);
    this.convolved = new Float64Array(2 * this.grid.size);
    this.batch = PairConvolutionBatch.probe(convolution);
  }

  /**
   * True when pair convolutions go through the batched row FFTs (1D grids whose convolution is a
   * 2n-periodic circular convolution with a real spectrum, e.g. grid's FreeSpaceConvolution).
   */
  get batched(): boolean {
    return this.batch !== undefined;
  }

  /**
   * out_l = (X[omega] phi_l) for every orbital l of omega = sum_k lambda_k |phi_k><phi_k| itself
   * (the self-consistent exchange term of every orbital). Uses the pair symmetry
   * V * (conj(phi_l) phi_k) = conj(V * (conj(phi_k) phi_l)) of a real kernel, so only the
   * K (K + 1)/2 pairs k <= l are convolved (pairs with lambda_k = lambda_l = 0 are skipped).
   * On 1D grids whose convolution passes the probe of {@link batched} the pairs go through
   * batched row FFTs with the kernel spectrum read once (same result to round-off, measured
   * 4e-16 relative); otherwise one convolveComplex per pair. Cost O(K^2 M log M) (K(K+1)/2
   * convolutions: at K = 64, n = 1024 about 60 % FFTs and 40 % the pair products and sums), no
   * allocation. `out` must not alias `orbitals`.
   */
  applyToOrbitals(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    out: Float64Array,
  ): Float64Array {
    if (this.batch !== undefined) {
      return this.batch.applyToOrbitals(orbitals, occupations, particleNumber, out);
    }
    const m = this.grid.size;
    const count = occupations.length;
    out.fill(0);
    const f = this.product;
    const w = this.convolved;
    const scale = 1 / particleNumber;
    for (let k = 0; k < count; k++) {
      const lk = occupations[k] * scale;
      const ok = 2 * k * m;
      for (let l = k; l < count; l++) {
        const ll = occupations[l] * scale;
        if (lk === 0 && ll === 0) continue;
        const ol = 2 * l * m;
        // f = conj(phi_k) phi_l
        for (let i = 0; i < 2 * m; i += 2) {
          const ar = orbitals[ok + i];
          const ai = -orbitals[ok + i + 1];
          const br = orbitals[ol + i];
          const bi = orbitals[ol + i + 1];
          f[i] = ar * br - ai * bi;
          f[i + 1] = ar * bi + ai * br;
        }
        this.convolution.convolveComplex(f, w);
        // out_l += lambda_k phi_k W_kl
        if (lk !== 0) {
          for (let i = 0; i < 2 * m; i += 2) {
            const ar = orbitals[ok + i];
            const ai = orbitals[ok + i + 1];
            out[ol + i] += lk * (ar * w[i] - ai * w[i + 1]);
            out[ol + i + 1] += lk * (ar * w[i + 1] + ai * w[i]);
          }
        }
        // out_k += lambda_l phi_l conj(W_kl)   (for k < l)
        if (l !== k && ll !== 0) {
          for (let i = 0; i < 2 * m; i += 2) {
            const br = orbitals[ol + i];
            const bi = orbitals[ol + i + 1];
            out[ok + i] += ll * (br * w[i] + bi * w[i + 1]);
            out[ok + i + 1] += ll * (bi * w[i] - br * w[i + 1]);
          }
        }
      }
    }
    return out;
  }

  /**
   * The same as {@link applyToOrbitals} for real orbitals (vector-major real K x M arrays, e.g.
   * ground states in a trap): the pair products phi_k phi_l are real, so two pairs share one
   * complex convolution, V * (p + i q) = V * p + i V * q for the real kernel: ceil(P/2)
   * convolutions for the P = K(K+1)/2 pairs k <= l (pairs with lambda_k = lambda_l = 0
   * skipped), half the complex count. Cost O(K^2 M log M / 2), allocates only the pair list.
   * `out` must not alias `orbitals`.
   */
  applyToRealOrbitals(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    out: Float64Array,
  ): Float64Array {
    const m = this.grid.size;
    const count = occupations.length;
    out.fill(0);
    const f = this.product;
    const w = this.convolved;
    const scale = 1 / particleNumber;
    const pairs: number[] = [];
    for (let k = 0; k < count; k++) {
      for (let l = k; l < count; l++) {
        if (occupations[k] !== 0 || occupations[l] !== 0) pairs.push(k, l);
      }
    }
    const accumulate = (k: number, l: number, part: 0 | 1) => {
      const lk = occupations[k] * scale;
      const ll = occupations[l] * scale;
      const ok = k * m;
      const ol = l * m;
      if (lk !== 0)
        for (let i = 0; i < m; i++) out[ol + i] += lk * orbitals[ok + i] * w[2 * i + part];
      if (l !== k && ll !== 0) {
        for (let i = 0; i < m; i++) out[ok + i] += ll * orbitals[ol + i] * w[2 * i + part];
      }
    };
    for (let p = 0; p < pairs.length; p += 4) {
      const k0 = pairs[p];
      const l0 = pairs[p + 1];
      const second = p + 2 < pairs.length;
      const k1 = second ? pairs[p + 2] : 0;
      const l1 = second ? pairs[p + 3] : 0;
      for (let i = 0; i < m; i++) {
        f[2 * i] = orbitals[k0 * m + i] * orbitals[l0 * m + i];
        f[2 * i + 1] = second ? orbitals[k1 * m + i] * orbitals[l1 * m + i] : 0;
      }
      this.convolution.convolveComplex(f, w);
      accumulate(k0, l0, 0);
      if (second) accumulate(k1, l1, 1);
    }
    return out;
  }

  /**
   * X[omega] psi for one arbitrary vector psi (K convolutions). Cost O(K M log M); `out` must
   * not alias `psi`.
   */
  applyToVector(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    psi: Float64Array,
    out: Float64Array,
  ): Float64Array {
    const m = this.grid.size;
    out.fill(0);
    const f = this.product;
    const w = this.convolved;
    for (let k = 0; k < occupations.length; k++) {
      const lk = occupations[k] / particleNumber;
      if (lk === 0) continue;
      const ok = 2 * k * m;
      for (let i = 0; i < 2 * m; i += 2) {
        const ar = orbitals[ok + i];
        const ai = -orbitals[ok + i + 1];
        f[i] = ar * psi[i] - ai * psi[i + 1];
        f[i + 1] = ar * psi[i + 1] + ai * psi[i];
      }
      this.convolution.convolveComplex(f, w);
      for (let i = 0; i < 2 * m; i += 2) {
        const ar = orbitals[ok + i];
        const ai = orbitals[ok + i + 1];
        out[i] += lk * (ar * w[i] - ai * w[i + 1]);
        out[i + 1] += lk * (ar * w[i + 1] + ai * w[i]);
      }
    }
    return out;
  }
}

/**
 * Pair convolutions transformed together by {@link PairConvolutionBatch} (rows of 2n; 8 measured
 * 5-15 % faster than one at a time at n = 1024).
 */
const BATCH_ROWS = 8;

/**
 * The pair convolutions V * (conj(phi_k) phi_l) of {@link OrbitalExchange.applyToOrbitals} on a
 * 1D grid of n points, BATCH_ROWS at a time: each row holds one pair density zero-padded to 2n,
 * the rows go through grid's batched row FFTs (`FftPlan.transformRows`, the WebAssembly SIMD
 * engine where available), are multiplied by the kernel spectrum S = FFT_2n(K) and transformed
 * back; the first n entries are V * f. This is the operation of grid's FreeSpaceConvolution in
 * 1D (a zero-padded 2n-periodic circular convolution with the folded kernel K, K(p) = T(p) for
 * p < n, 0 at p = n, T(2n - p) beyond: T even), whose kernel is read here once through its
 * public convolveComplex: the response to a unit vector at 0 is K(0..n-1), and S is its FFT
 * (real, as K is real and even). {@link probe} checks the batch against convolveComplex on a
 * pseudo-random vector and refuses (undefined) any convolution it does not reproduce to 1e-10
 * relative, so other kernels or schemes keep the one-by-one path. Cost per pair: two FFTs of
 * size 2n and O(n); buffers (BATCH_ROWS x 4n doubles) allocated once.
 */
class PairConvolutionBatch {
  private readonly buffer: Float64Array;
  private readonly pairs = new Int32Array(2 * BATCH_ROWS);

  private constructor(
    readonly n: number,
    private readonly plan: FftPlan,
    private readonly spectrum: Float64Array,
  ) {
    this.buffer = new Float64Array(BATCH_ROWS * 4 * n);
  }

  /**
   * The batch reproducing `convolution`, or undefined (not 1D, n not a power of two, or a
   * convolution that is not a circular one of size 2n with a real spectrum). Cost: three
   * convolutions and FFTs of size 2n; allocates the kernel and the batch buffers.
   */
  static probe(convolution: ComplexConvolution): PairConvolutionBatch | undefined {
    const grid = convolution.grid;
    const n = grid.size;
    if (grid.dimension !== 1 || !isPowerOfTwo(n)) return undefined;
    const unit = new Float64Array(2 * n);
    unit[0] = 1;
    const response = convolution.convolveComplex(unit);
    const kernel = new Float64Array(4 * n);
    for (let p = 0; p < n; p++) {
      kernel[2 * p] = response[2 * p];
      kernel[2 * p + 1] = response[2 * p + 1];
    }
    for (let p = n + 1; p < 2 * n; p++) {
      kernel[2 * p] = response[2 * (2 * n - p)];
      kernel[2 * p + 1] = response[2 * (2 * n - p) + 1];
    }
    const plan = fftPlan(2 * n);
    plan.transformRows(kernel, 0, 1, "forward");
    const spectrum = new Float64Array(2 * n);
    for (let q = 0; q < 2 * n; q++) spectrum[q] = kernel[2 * q];
    const batch = new PairConvolutionBatch(n, plan, spectrum);
    // a fixed pseudo-random test vector (Park-Miller, exact in doubles), compared in the L2 norm
    const test = new Float64Array(2 * n);
    let seed = 12345;
    for (let i = 0; i < 2 * n; i++) {
      seed = (seed * 16807) % 2147483647;
      test[i] = seed / 1073741823.5 - 1;
    }
    const expected = convolution.convolveComplex(test);
    batch.buffer.fill(0, 0, 4 * n);
    batch.buffer.set(test);
    batch.convolveRows(1);
    let difference = 0;
    let norm = 0;
    for (let i = 0; i < 2 * n; i++) {
      difference += (batch.buffer[i] - expected[i]) ** 2;
      norm += expected[i] ** 2;
    }
    return norm > 0 && difference <= 1e-20 * norm ? batch : undefined;
  }

  /** Rows 0..rows-1 of the buffer (f zero-padded to 2n) <- IFFT(S FFT(row)). */
  private convolveRows(rows: number): void {
    const buffer = this.buffer;
    const s = this.spectrum;
    const width = 4 * this.n;
    this.plan.transformRows(buffer, 0, rows, "forward");
    for (let r = 0; r < rows; r++) {
      for (let q = 0, o = r * width; q < 2 * this.n; q++, o += 2) {
        buffer[o] *= s[q];
        buffer[o + 1] *= s[q];
      }
    }
    this.plan.transformRows(buffer, 0, rows, "inverse");
  }

  /** {@link OrbitalExchange.applyToOrbitals} with the pairs in the same order, batched. */
  applyToOrbitals(
    orbitals: Float64Array,
    occupations: Float64Array,
    particleNumber: number,
    out: Float64Array,
  ): Float64Array {
    const m = this.n;
    const width = 4 * m;
    const count = occupations.length;
    const buffer = this.buffer;
    const pairs = this.pairs;
    const scale = 1 / particleNumber;
    out.fill(0);
    let rows = 0;
    for (let k = 0; k < count; k++) {
      const ok = 2 * k * m;
      for (let l = k; l < count; l++) {
        if (occupations[k] === 0 && occupations[l] === 0) continue;
        const ol = 2 * l * m;
        const f = rows * width;
        // row = conj(phi_k) phi_l, zero-padded
        for (let i = 0; i < 2 * m; i += 2) {
          const ar = orbitals[ok + i];
          const ai = -orbitals[ok + i + 1];
          const br = orbitals[ol + i];
          const bi = orbitals[ol + i + 1];
          buffer[f + i] = ar * br - ai * bi;
          buffer[f + i + 1] = ar * bi + ai * br;
        }
        buffer.fill(0, f + 2 * m, f + width);
        pairs[2 * rows] = k;
        pairs[2 * rows + 1] = l;
        if (++rows === BATCH_ROWS) {
          this.convolveRows(rows);
          this.accumulate(rows, orbitals, occupations, scale, out);
          rows = 0;
        }
      }
    }
    if (rows > 0) {
      this.convolveRows(rows);
      this.accumulate(rows, orbitals, occupations, scale, out);
    }
    return out;
  }

  /**
   * For the pairs (k, l) of rows 0..rows-1 (W_kl = V * (conj(phi_k) phi_l) in the row):
   * out_l += lambda_k phi_k W_kl and, for k < l, out_k += lambda_l phi_l conj(W_kl), in one
   * pass over the row.
   */
  private accumulate(
    rows: number,
    orbitals: Float64Array,
    occupations: Float64Array,
    scale: number,
    out: Float64Array,
  ): void {
    const m = this.n;
    const width = 4 * m;
    const buffer = this.buffer;
    const pairs = this.pairs;
    for (let r = 0; r < rows; r++) {
      const k = pairs[2 * r];
      const l = pairs[2 * r + 1];
      const lk = occupations[k] * scale;
      const ll = l !== k ? occupations[l] * scale : 0;
      const ok = 2 * k * m;
      const ol = 2 * l * m;
      const w = r * width;
      for (let i = 0; i < 2 * m; i += 2) {
        const ar = orbitals[ok + i];
        const ai = orbitals[ok + i + 1];
        const br = orbitals[ol + i];
        const bi = orbitals[ol + i + 1];
        const wr = buffer[w + i];
        const wi = buffer[w + i + 1];
        out[ol + i] += lk * (ar * wr - ai * wi);
        out[ol + i + 1] += lk * (ar * wi + ai * wr);
        out[ok + i] += ll * (br * wr + bi * wi);
        out[ok + i + 1] += ll * (bi * wr - br * wi);
      }
    }
  }
}

/**
 * Exchange energy (1/(2 N^2)) int int V(x - y) |omega(x; y)|^2 dx dy from the orbitals and
 * their exchange terms Xphi_l (from {@link OrbitalExchange.applyToOrbitals}):
 * (1/(2N)) sum_l lambda_l <phi_l, X phi_l>. Cost O(K M).
 */
export function orbitalExchangeEnergy(
  grid: Grid,
  orbitals: Float64Array,
  occupations: Float64Array,
  exchanged: Float64Array,
  particleNumber: number,
): number {
  const m = grid.size;
  let total = 0;
  for (let l = 0; l < occupations.length; l++) {
    if (occupations[l] === 0) continue;
    let s = 0;
    for (let i = 2 * l * m; i < 2 * (l + 1) * m; i += 2) {
      s += orbitals[i] * exchanged[i] + orbitals[i + 1] * exchanged[i + 1];
    }
    total += occupations[l] * s * grid.cellVolume;
  }
  return total / (2 * particleNumber);
}

/**
 * The dense elementwise exchange matrix X_ij = V(x_i - x_j) A_ij / N of a dense state (1D),
 * from the kernel values table[|i - j|] = V(|i - j| dx) (regular kernels only: V(0) must be
 * finite). Cost O(n^2), writes into `out` (interleaved n x n).
 */
export function denseExchangeMatrix(
  n: number,
  kernelTable: Float64Array,
  data: Float64Array,
  particleNumber: number,
  out: Float64Array,
): Float64Array {
  const scale = 1 / particleNumber;
  for (let i = 0; i < n; i++) {
    for (let j = 0, o = 2 * i * n; j < n; j++, o += 2) {
      const v = kernelTable[i > j ? i - j : j - i] * scale;
      out[o] = v * data[o];
      out[o + 1] = v * data[o + 1];
    }
  }
  return out;
}

/**
 * Exchange energy (1/(2 N^2)) sum_ij V(x_i - x_j) |A_ij|^2 of the dense form (regular kernels).
 * Cost O(n^2).
 */
export function denseExchangeEnergy(
  n: number,
  kernelTable: Float64Array,
  data: Float64Array,
  particleNumber: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0, o = 2 * i * n; j < n; j++, o += 2) {
      s += kernelTable[i > j ? i - j : j - i] * (data[o] ** 2 + data[o + 1] ** 2);
    }
  }
  return s / (2 * particleNumber ** 2);
}
