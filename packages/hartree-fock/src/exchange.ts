import { fftPlan, type Grid, isPowerOfTwo, type ThreadTeam } from "@semiclassical/grid";
import { PairExchange } from "./exchange-kernels.js";

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
  private readonly batch: PairExchange | undefined;
  private team: ThreadTeam | undefined;

  constructor(readonly convolution: ComplexConvolution) {
    this.grid = convolution.grid;
    this.product = new Float64Array(2 * this.grid.size);
    this.convolved = new Float64Array(2 * this.grid.size);
    this.batch = probePairExchange(convolution);
  }

  /**
   * Splits the batched pair loop of {@link applyToOrbitals} over `team` (whose workers register
   * hartree-fock's `pairExchangeKernel`), with the same numbers bit for bit for any thread count
   * (see PairExchange). Only the batched path (1D) is threaded; the others stay serial.
   * threads = 1: no change. Cost O(1); the shared buffers (O(K n)) are made on the next call.
   */
  useThreads(team: ThreadTeam): void {
    if (team.threads === 1) return;
    this.team = team;
    this.batch?.useThreads(team);
  }

  /** The team of {@link useThreads} (undefined: serial), which OrbitalExchangeFlow uses too. */
  get threadTeam(): ThreadTeam | undefined {
    return this.team;
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
   * batched row FFTs with the kernel spectrum read once (PairExchange: same result to round-off,
   * measured 4e-16 relative), split over the team of {@link useThreads} if any (the same numbers
   * bit for bit for any thread count); otherwise one convolveComplex per pair. Cost
   * O(K^2 M log M) (K(K+1)/2 convolutions: at K = 64, n = 1024 about half FFTs, half the pair
   * products, spectrum products and sums in JS); the batched path allocates its store
   * (<= 8 K rows of 2n doubles) on the first call and when K changes. `out` must not alias
   * `orbitals`.
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
 * The pair loop of {@link OrbitalExchange.applyToOrbitals} on a 1D grid of n points through
 * batched row FFTs ({@link PairExchange}: each pair density zero-padded to 2n, grid's batched row
 * FFTs `FftPlan.transformRows`, the WebAssembly SIMD engine where available, multiplied by the
 * kernel spectrum S = FFT_2n(K) and transformed back; the first n entries are V * f), or
 * undefined. This is the operation of grid's FreeSpaceConvolution in 1D (a zero-padded
 * 2n-periodic circular convolution with the folded kernel K, K(p) = T(p) for p < n, 0 at p = n,
 * T(2n - p) beyond: T even), whose kernel is read here once through its public convolveComplex:
 * the response to a unit vector at 0 is K(0..n-1), and S is its FFT (real, as K is real and
 * even). The batch is checked against convolveComplex on a pseudo-random vector and refused
 * (undefined) for any convolution it does not reproduce to 1e-10 relative (not 1D, n not a power
 * of two, not a circular convolution of size 2n with a real spectrum), so other kernels or
 * schemes keep the one-by-one path. Cost: three convolutions and FFTs of size 2n; allocates the
 * kernel (4n doubles).
 */
function probePairExchange(convolution: ComplexConvolution): PairExchange | undefined {
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
  // a fixed pseudo-random test vector (Park-Miller, exact in doubles), compared in the L2 norm
  const test = new Float64Array(2 * n);
  let seed = 12345;
  for (let i = 0; i < 2 * n; i++) {
    seed = (seed * 16807) % 2147483647;
    test[i] = seed / 1073741823.5 - 1;
  }
  const expected = convolution.convolveComplex(test);
  const row = new Float64Array(2 * n);
  plan.convolveRows(test, row, n, 1, spectrum);
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < 2 * n; i++) {
    difference += (row[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return norm > 0 && difference <= 1e-20 * norm ? new PairExchange(n, spectrum) : undefined;
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
