import { ParameterError } from "./errors.js";

// The scalar validators every package uses. The domain validators live beside the types they check
// (all named require*, all throwing a ParameterError that names the parameter): requireSameGrid in
// grid.ts, requireKernel in kernels.ts, requireSplitting in splitting.ts.

/** Throws a {@link ParameterError} unless `value` is a finite number. */
export function requireFinite(parameter: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(parameter, `must be a finite number, got ${String(value)}`);
  }
}

/** Throws a {@link ParameterError} unless `value` is a finite number > 0. */
export function requirePositive(parameter: string, value: number): void {
  requireFinite(parameter, value);
  if (value <= 0) throw new ParameterError(parameter, `must be > 0, got ${value}`);
}

/** True when `n` is an integer power of two (1, 2, 4, ...). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** Smallest power of two >= `n` (n >= 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Throws a {@link ParameterError} unless `n` is a power of two >= `min` (FFT sizes). */
export function requirePowerOfTwo(parameter: string, n: number, min = 2): void {
  if (!isPowerOfTwo(n) || n < min) {
    const suggestion = Number.isFinite(n) && n >= 1 ? nextPowerOfTwo(Math.max(n, min)) : min;
    throw new ParameterError(
      parameter,
      `must be a power of two >= ${min} (the FFTs need it), got ${String(n)}; use ${suggestion}`,
    );
  }
}
