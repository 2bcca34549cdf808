/**
 * Periodic B-spline interpolation on a uniform axis (internal to {@link LineShifter}).
 *
 * An odd-degree B-spline interpolant through periodic samples f_j is s(x) = sum_i c_i beta_p(x/dx - i).
 * The coefficients solve the circulant system sum_i c_i beta_p(j - i) = f_j, which factors into one
 * causal and one anti-causal first-order recursion per pole z of the B-spline symbol (Unser, Aldroubi,
 * Eden, IEEE Trans. Signal Process. 41, 1993; the semi-Lagrangian use is Cheng and Knorr 1976,
 * Sonnendrucker et al. 1999). The interpolation error for smooth data is O(dx^(p+1)).
 * @module
 */

/** Odd B-spline degrees supported: cubic (3, error O(dx^4)) and quintic (5, error O(dx^6)). */
export type SplineDegree = 3 | 5;

/**
 * Poles z (|z| < 1) of the inverse of the sampled B-spline symbol:
 * cubic (z + 4 + 1/z)/6 -> z = sqrt(3) - 2; quintic (z^2 + 26 z + 66 + 26/z + 1/z^2)/120, i.e.
 * w^2 + 26 w + 64 = 0 with w = z + 1/z -> w = -13 +- sqrt(105), z = (w + sqrt(w^2 - 4))/2, computed
 * as 2 / (w - sqrt(w^2 - 4)) (the roots multiply to 1) to avoid cancellation for w << -2.
 */
export function splinePoles(degree: SplineDegree): number[] {
  const pole = (w: number) => 2 / (w - Math.sqrt(w * w - 4));
  if (degree === 3) return [pole(-4)];
  return [pole(-13 + Math.sqrt(105)), pole(-13 - Math.sqrt(105))];
}

/**
 * Centred B-spline of odd degree p at x, by the truncated-power formula taken from the right end of
 * the support (|x| used, so the powers stay <= ((p+1)/2)^p and cancellation small):
 * beta_p(x) = (1/p!) sum_{k >= 0} (-1)^k C(p+1, k) ((p+1)/2 - |x| - k)_+^p. Cost O(p^2).
 * The reference for the fast polynomial weights of {@link splineWeights}.
 */
export function bSpline(degree: SplineDegree, x: number): number {
  const p = degree;
  const y0 = (p + 1) / 2 - Math.abs(x);
  let sum = 0;
  let binomial = 1;
  let factorial = 1;
  for (let k = 1; k <= p; k++) factorial *= k;
  for (let k = 0; k <= p + 1 && y0 - k > 0; k++) {
    let power = 1;
    for (let q = 0; q < p; q++) power *= y0 - k;
    sum += (k % 2 === 0 ? 1 : -1) * binomial * power;
    binomial = (binomial * (p + 1 - k)) / (k + 1);
  }
  return sum / factorial;
}

/**
 * Polynomial pieces of the B-spline weights, p! beta_p(t - r + (p - 1)/2) for t in [0, 1],
 * r = 0..p, coefficients of t^0 .. t^p (from the truncated-power formula, see {@link bSpline}).
 */
const WEIGHT_COEFFICIENTS: Record<SplineDegree, readonly (readonly number[])[]> = {
  3: [
    [1, -3, 3, -1],
    [4, 0, -6, 3],
    [1, 3, 3, -3],
    [0, 0, 0, 1],
  ],
  5: [
    [1, -5, 10, -10, 5, -1],
    [26, -50, 20, 20, -20, 5],
    [66, 0, -60, 0, 30, -10],
    [26, 50, 20, -20, -20, 10],
    [1, 5, 10, 10, 5, -5],
    [0, 0, 0, 0, 0, 1],
  ],
};

/**
 * The p + 1 weights w_r = scale * beta_p(t - r + (p - 1)/2), r = 0..p, of the spline value at
 * fractional position t in [0, 1] of a cell: s(i + t) = sum_r w_r c_{i - (p-1)/2 + r} (scale = 1).
 * They sum to `scale`. Cost O(p^2), no allocation.
 */
export function splineWeights(degree: SplineDegree, t: number, out: Float64Array, scale = 1): void {
  const table = WEIGHT_COEFFICIENTS[degree];
  const factor = scale / (degree === 3 ? 6 : 120);
  for (let r = 0; r <= degree; r++) {
    const c = table[r];
    let value = c[degree];
    for (let k = degree - 1; k >= 0; k--) value = value * t + c[k];
    out[r] = value * factor;
  }
}

/**
 * Work plan for the periodic B-spline prefilter of lines of n samples: poles, the overall gain
 * prod (1 - z)^2 (which makes the filter reproduce constants) and the length of the geometric
 * sums that start each periodic recursion (truncated where |z|^k < 1e-17, i.e. exact to round-off).
 */
export class PeriodicSplinePrefilter {
  readonly degree: SplineDegree;
  readonly n: number;
  readonly poles: number[];
  readonly gain: number;
  private readonly horizons: number[];
  private readonly wrapFactors: number[];

  constructor(degree: SplineDegree, n: number) {
    this.degree = degree;
    this.n = n;
    this.poles = splinePoles(degree);
    this.gain = this.poles.reduce((g, z) => g * (1 - z) * (1 - z), 1);
    this.horizons = this.poles.map((z) =>
      Math.min(n, Math.ceil(Math.log(1e-17) / Math.log(Math.abs(z)))),
    );
    // When the start-up sum covers the whole period it must be divided by 1 - z^n (periodic sum).
    this.wrapFactors = this.poles.map((z, q) => (this.horizons[q] === n ? 1 / (1 - z ** n) : 1));
  }

  /**
   * Overwrites `line[offset .. offset + n)` with the spline coefficients c / gain, i.e. without the
   * gain factor (callers fold the gain into their evaluation weights). In place, O(n) per pole,
   * no allocation.
   */
  applyInPlace(line: Float64Array, offset: number): void {
    const n = this.n;
    const last = offset + n - 1;
    for (let q = 0; q < this.poles.length; q++) {
      const z = this.poles[q];
      const horizon = this.horizons[q];
      const wrap = this.wrapFactors[q];
      // Causal: c+_j = f_j + z c+_{j-1}, with c+_0 = sum_k z^k f_{-k}.
      let sum = line[offset];
      let zk = z;
      for (let k = 1; k < horizon; k++) {
        sum += zk * line[offset + n - k];
        zk *= z;
      }
      line[offset] = sum * wrap;
      for (let j = offset + 1; j <= last; j++) line[j] += z * line[j - 1];
      // Anti-causal: c-_j = c+_j + z c-_{j+1}, with c-_{n-1} = sum_k z^k c+_{n-1+k}.
      sum = line[last];
      zk = z;
      for (let k = 1; k < horizon; k++) {
        sum += zk * line[offset + k - 1];
        zk *= z;
      }
      line[last] = sum * wrap;
      for (let j = last - 1; j >= offset; j--) line[j] += z * line[j + 1];
    }
  }

  /**
   * Same as {@link PeriodicSplinePrefilter.applyInPlace} for `width` lines stored interleaved,
   * element j of line t at tile[j * width + t]. The recursions of different lines are independent,
   * so the inner loop over t runs at full throughput instead of waiting on one dependency chain.
   * O(n width) per pole, no allocation.
   */
  applyInterleaved(tile: Float64Array, width: number): void {
    const n = this.n;
    const lastRow = (n - 1) * width;
    for (let q = 0; q < this.poles.length; q++) {
      const z = this.poles[q];
      const horizon = this.horizons[q];
      const wrap = this.wrapFactors[q];
      for (let t = 0; t < width; t++) {
        let sum = tile[t];
        let zk = z;
        for (let k = 1; k < horizon; k++) {
          sum += zk * tile[(n - k) * width + t];
          zk *= z;
        }
        tile[t] = sum * wrap;
      }
      for (let row = width; row <= lastRow; row += width) {
        for (let t = row, u = row - width; t < row + width; t++, u++) tile[t] += z * tile[u];
      }
      for (let t = 0; t < width; t++) {
        let sum = tile[lastRow + t];
        let zk = z;
        for (let k = 1; k < horizon; k++) {
          sum += zk * tile[(k - 1) * width + t];
          zk *= z;
        }
        tile[lastRow + t] = sum * wrap;
      }
      for (let row = lastRow - width; row >= 0; row -= width) {
        for (let t = row, u = row + width; t < row + width; t++, u++) tile[t] += z * tile[u];
      }
    }
  }
}
