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
