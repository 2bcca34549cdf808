// Small validation helpers of the study config. Each throws a ParameterError naming the field
// path and what is allowed.
import { isPowerOfTwo, nextPowerOfTwo, ParameterError } from "@semiclassical/grid";

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** How a received value is named in an error message. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

/** The object at `path` ({} when absent); rejects fields not in `allowed`. */
export function objectAt(path: string, value: unknown, allowed: readonly string[]): Json {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ParameterError(path || "config", `must be an object, got ${describe(value)}`);
  }
  const record = value as Json;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      throw new ParameterError(where, `unknown field; allowed here: ${allowed.join(", ")}`);
    }
  }
  return record;
}

/** A finite number at `path`, or `fallback` when absent. */
export function numberAt(path: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(path, `must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** A finite number > 0 at `path`, or `fallback` when absent. */
export function positiveAt(path: string, value: unknown, fallback: number): number {
  const x = numberAt(path, value, fallback);
  if (x <= 0) throw new ParameterError(path, `must be a number > 0, got ${x}`);
  return x;
}

/** A number > 0 at `path`, or undefined for "auto" or absent. */
export function autoPositiveAt(path: string, value: unknown): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ParameterError(path, `must be a number > 0 or "auto", got ${describe(value)}`);
  }
  return value;
}

/** One of `allowed` at `path`, or `fallback` when absent. */
export function choiceAt<T extends string>(
  path: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ParameterError(
      path,
      `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/** A power of two >= `min` at `path` (the FFTs need it), or `fallback` when absent. */
export function powerOfTwoAt(path: string, value: unknown, fallback: number, min: number): number {
  const n = numberAt(path, value, fallback);
  if (!isPowerOfTwo(n) || n < min) {
    const hint = Number.isFinite(n) && n >= 1 ? `; use ${nextPowerOfTwo(Math.max(n, min))}` : "";
    throw new ParameterError(
      path,
      `must be a power of two >= ${min} (the FFTs need it), got ${n}${hint}`,
    );
  }
  return n;
}

/** A non-empty list at `path` (a single number counts as a list of one). */
export function listAt(path: string, value: unknown): unknown[] {
  if (typeof value === "number") return [value];
  if (!Array.isArray(value) || value.length === 0) {
    throw new ParameterError(path, `must be a non-empty list of numbers, got ${describe(value)}`);
  }
  return value;
}
