import { ParameterError } from "@semiclassical/grid";

/** Default memory budget of every many-body solver: 4 GiB. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

/** Human-readable size: "1.50 GiB", "12.0 MiB", "512 B". Cost O(1). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toPrecision(3)} ${units[unit]}`;
}

/**
 * Throws a {@link ParameterError} naming `parameter` before any work when `bytes` (the memory a
 * computation would allocate) exceeds `maxBytes` (default {@link DEFAULT_MAX_BYTES}); the message
 * gives the size needed, what it is made of (`what`) and what to change (`fix`). Also refuses
 * arrays beyond 2^31 elements (the typed-array limit). Cost O(1).
 */
export function requireMemory(
  parameter: string,
  bytes: number,
  what: string,
  fix: string,
  maxBytes = DEFAULT_MAX_BYTES,
): void {
  if (!(typeof maxBytes === "number" && maxBytes > 0)) {
    throw new ParameterError("maxBytes", `must be a number > 0, got ${String(maxBytes)}`);
  }
  if (!(bytes <= maxBytes)) {
    throw new ParameterError(
      parameter,
      `needs ${formatBytes(bytes)} (${what}), more than maxBytes = ${formatBytes(maxBytes)}; ${fix}`,
    );
  }
}

/** Binomial coefficient C(m, k) as a double (exact below 2^53). Cost O(k). */
export function binomial(m: number, k: number): number {
  if (k < 0 || k > m) return 0;
  k = Math.min(k, m - k);
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * (m - k + j)) / j;
  return Math.round(c);
}
