/**
 * The CLI's view of the study's rows. The study streams one row per finished (N, t); the CLI keeps
 * each row's JSON as the study produced it (typed arrays and functions removed) and reads from it
 * N, eps, t and every numeric quantity, flattened to dotted names ("floor.traceNorm").
 */

/** A finished row as stored in rows.jsonl and results.json. */
export type StoredRow = Record<string, unknown> & { N: number; t: number };

/** Numeric fields that identify a row rather than measure something. */
const IDENTITY_FIELDS = new Set(["N", "t", "epsilon", "step", "steps", "index"]);

/** A JSON-safe deep copy: typed arrays, functions and undefined removed, NaN/Infinity as null. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "object") return undefined;
  if (ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const copy = toJsonValue(v);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/** Every finite number in a row other than its identity fields, by dotted path. */
export function rowQuantities(row: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "number") {
      if (Number.isFinite(value) && !IDENTITY_FIELDS.has(path)) out.set(path, value);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, path ? `${path}.${key}` : key);
      }
    }
  };
  walk(row, "");
  return out;
}

/** eps of a row: its `epsilon` field, else N^(-1/d). */
export function rowEpsilon(row: StoredRow, dimension: number): number {
  return typeof row.epsilon === "number" ? row.epsilon : row.N ** (-1 / dimension);
}

/** True when two times are the same sample time (they come from whole numbers of steps dt). */
export function sameTime(a: number, b: number, dt: number): boolean {
  return Math.abs(a - b) <= 1e-6 * dt;
}

/** Checks that a value looks like a row: numeric N and t. */
export function isStoredRow(value: unknown): value is StoredRow {
  const row = value as StoredRow;
  return !!row && typeof row === "object" && typeof row.N === "number" && typeof row.t === "number";
}
