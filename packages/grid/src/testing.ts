/**
 * Deterministic test data for this package's tests and benchmarks (not exported).
 * @internal
 */

/** m pseudo-random reals in [-1/2, 1/2) from a linear congruential generator. */
export function randomReals(m: number, seed: number): Float64Array {
  let state = seed;
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[j] = state / 2147483648 - 0.5;
  }
  return out;
}

/** m pseudo-random complex numbers (interleaved): the 2m reals of {@link randomReals}. */
export function randomComplex(m: number, seed: number): Float64Array {
  return randomReals(2 * m, seed);
}

/** max_j |a_j|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]));
  return m;
}

/** max_j |a_j - b_j|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
  return m;
}

/**
 * A band-limited periodic function of period L with modes |k| <= kMax (kMax < n/2 on the grids
 * below), coefficients fixed by `seed`: sum_k a_k cos(2 pi k x / L) + b_k sin(2 pi k x / L).
 */
export function trigonometricPolynomial(kMax: number, period: number, seed: number) {
  const a = randomReals(kMax + 1, seed);
  const b = randomReals(kMax + 1, seed + 1);
  const w = (2 * Math.PI) / period;
  return {
    value: (x: number) => {
      let s = a[0];
      for (let k = 1; k <= kMax; k++) s += a[k] * Math.cos(k * w * x) + b[k] * Math.sin(k * w * x);
      return s;
    },
    derivative: (x: number, order = 1) => {
      let s = order === 0 ? a[0] : 0;
      for (let k = 1; k <= kMax; k++) {
        const c = (k * w) ** order;
        // d^order/dx^order of cos and sin: rotate the phase by order * pi/2.
        const phase = (order * Math.PI) / 2;
        s += c * (a[k] * Math.cos(k * w * x + phase) + b[k] * Math.sin(k * w * x + phase));
      }
      return s;
    },
  };
}

/** Row-major index helpers for a 2D array [n0, n1]. */
export function sample2d(
  n0: number,
  n1: number,
  f: (i0: number, i1: number) => number,
): Float64Array {
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) out[i * n1 + j] = f(i, j);
  return out;
}
