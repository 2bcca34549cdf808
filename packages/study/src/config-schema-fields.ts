// Building blocks of the config schemas (valibot): each carries the message a user sees, in the
// words of the field-path errors of the study ("dynamics.dt: must be a number > 0, got 0"), and
// `parseConfig` turns the first issue into a ParameterError naming the field path.
import { isPowerOfTwo, nextPowerOfTwo, ParameterError } from "@semiclassical/grid";
import type { ConversionConfig } from "@valibot/to-json-schema";
import * as v from "valibot";

/** How a received value is named in an error message. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

/** A message that names what is allowed and what was received. */
function says(allowed: string) {
  return (issue: { input: unknown }) => `must be ${allowed}, got ${describe(issue.input)}`;
}

/** A finite number. */
export function finiteNumber() {
  const message = says("a finite number");
  return v.pipe(v.number(message), v.finite(message));
}

/** A finite number > 0 (`allowed`: how the message names the range). */
export function positiveNumber(allowed = "a number > 0") {
  return v.pipe(finiteNumber(), v.gtValue(0, says(allowed)));
}

/** A number >= `min`. */
export function numberAtLeast(min: number, allowed = `>= ${min}`) {
  return v.pipe(finiteNumber(), v.minValue(min, says(allowed)));
}

/** A number in the open interval (`min`, `max`); `allowed` names it in the message. */
export function numberBetween(min: number, max: number, allowed: string) {
  const message = says(allowed);
  return v.pipe(finiteNumber(), v.gtValue(min, message), v.ltValue(max, message));
}

/** An integer >= `min`. */
export function integerAtLeast(min: number) {
  const message = says(`an integer >= ${min}`);
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message));
}

/**
 * A power of two >= `min` (FFT sizes). The message suggests the next power of two. JSON Schema:
 * an integer >= `min` (the power-of-two check is not expressible there and is in the description).
 */
export function powerOfTwo(min: number) {
  const message = (issue: { input: unknown }) => {
    const n = issue.input as number;
    const hint = Number.isFinite(n) && n >= 1 ? `; use ${nextPowerOfTwo(Math.max(n, min))}` : "";
    return `must be a power of two >= ${min} (the FFTs need it), got ${n}${hint}`;
  };
  return v.pipe(
    finiteNumber(),
    v.integer(message),
    v.minValue(min, message),
    v.check(isPowerOfTwo, message),
  );
}

/** A number > 0 or the string "auto". */
export function positiveOrAuto() {
  const allowed = 'a number > 0 or "auto"';
  return v.union([v.literal("auto"), positiveNumber(allowed)], says(allowed));
}

/** One of the strings `options` (`allowed`: how the message names them). */
export function oneOf<const T extends readonly [string, ...string[]]>(
  options: T,
  allowed = `one of ${options.map((o) => `"${o}"`).join(", ")}`,
) {
  return v.picklist(options, says(allowed));
}

/** true or false. */
export function flag() {
  return v.boolean(says("true or false"));
}

/** A non-empty string. */
export function nonEmptyString() {
  const message = says("a non-empty string");
  return v.pipe(v.string(message), v.minLength(1, message));
}

/** The first value that occurs twice in a list, or undefined. Cost O(length). */
function repeated(list: readonly unknown[]): unknown {
  const seen = new Set<unknown>();
  for (const item of list) {
    if (seen.has(item)) return item;
    seen.add(item);
  }
  return undefined;
}

/** The requirement of the "distinct" check (the JSON Schema conversion knows it by it). */
function noneRepeated(list: readonly unknown[]): boolean {
  return repeated(list) === undefined;
}

/** Values must be distinct. */
function distinct<T extends readonly unknown[]>() {
  return v.check<T, (issue: { input: unknown }) => string>(
    noneRepeated,
    (issue) => `values must be distinct, got ${describe(repeated(issue.input as T))} twice`,
  );
}

/** A non-empty list of `item` (`what`: how the message names the items), distinct if asked. */
export function listOf<const T extends v.GenericSchema>(
  item: T,
  what: string,
  options: { distinct?: boolean } = {},
) {
  const message = says(`a non-empty list of ${what}`);
  const list = v.pipe(v.array(item, message), v.minLength(1, message));
  return options.distinct ? v.pipe(list, distinct<v.InferOutput<T>[]>()) : list;
}

/** A non-empty list of `item`, or a single `item` (a list of one). */
export function listOrSingle<const T extends v.GenericSchema>(
  item: T,
  what: string,
  options: { distinct?: boolean } = {},
) {
  return v.union([item, listOf(item, what, options)], says(`a non-empty list of ${what}`));
}

/** Whether an object issue is a required field that is missing (valibot expects `"key"`). */
function isMissing(issue: { input: unknown; expected: string | null }): boolean {
  return issue.input === undefined && (issue.expected ?? "").startsWith('"');
}

/** An object section with exactly `entries` (unknown fields rejected, naming the allowed ones). */
export function section<const E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(", ");
  return v.strictObject(entries, (issue) => {
    if (issue.expected === "never") return `unknown field; allowed here: ${allowed}`;
    if (isMissing(issue)) return "is required";
    return `must be an object, got ${describe(issue.input)}`;
  });
}

/** How {@link kindSection} words a field of another option. */
export interface KindSectionOptions {
  /** The discriminator field. Default "kind". */
  readonly key?: string;
  /** The message for a field of another option, by field (default: "does not apply to ..."). */
  readonly foreign?: Readonly<Record<string, string>>;
}

/**
 * One option of a discriminated union at `path` (e.g. "interaction") whose discriminator is
 * `kind`: a field of another option "does not apply" to this kind (`known`: the fields of all
 * options), any other field is unknown; both messages name the fields allowed with this kind.
 */
export function kindSection<const E extends v.ObjectEntries>(
  path: string,
  kind: string,
  known: readonly string[],
  entries: E,
  options: KindSectionOptions = {},
) {
  const key = options.key ?? "kind";
  const allowed = Object.keys(entries).join(", ");
  return v.strictObject(entries, (issue) => {
    if (isMissing(issue)) return "is required";
    if (issue.expected !== "never") return `must be an object, got ${describe(issue.input)}`;
    const field = issue.path?.[issue.path.length - 1]?.key;
    if (typeof field !== "string" || !known.includes(field)) {
      return `unknown field; allowed with ${path}.${key} "${kind}": ${allowed}`;
    }
    return (
      options.foreign?.[field] ??
      `does not apply to ${path}.${key} "${kind}"; allowed with it: ${allowed}`
    );
  });
}

/**
 * The discriminated union over `kinds` by the field `key` (default "kind"); `allowed` words the
 * kinds in the message (default: one of "a", "b", ...).
 */
export function byKind<const K extends string, const O extends v.VariantOptions<K>>(
  kinds: readonly string[],
  options: O,
  key: K = "kind" as K,
  allowed = `one of ${kinds.map((k) => `"${k}"`).join(", ")}`,
) {
  return v.variant(key, options, (issue) =>
    issue.expected === "Object"
      ? `must be an object, got ${describe(issue.input)}`
      : `must be ${allowed}, got ${describe(issue.input)}`,
  );
}

type IssuePath = readonly v.IssuePathItem[];

/**
 * The issue a user should see. A union (a value or a list of values) that failed in neither
 * option's type reports the issues of both options: the one deepest inside the value (e.g. the
 * bad item of a list) is the most precise; without a deeper one, the union's own message.
 */
function precise(issue: v.BaseIssue<unknown>): { path: IssuePath; message: string } {
  const path = issue.path ?? [];
  if (issue.type !== "union" || !issue.issues) return { path, message: issue.message };
  let deepest: v.BaseIssue<unknown> | undefined;
  for (const sub of issue.issues) {
    const depth = sub.path?.length ?? 0;
    if (depth > 0 && depth > (deepest?.path?.length ?? 0)) deepest = sub;
  }
  if (!deepest) return { path, message: issue.message };
  const inner = precise(deepest);
  return { path: [...path, ...inner.path], message: inner.message };
}

/** The field path of an issue below `root`: `a.b[2].c` ("config" for the root). */
function pathOf(items: IssuePath, root: string): string {
  let path = root;
  for (const item of items) {
    if (typeof item.key === "number") path += `[${item.key}]`;
    else path += path ? `.${String(item.key)}` : String(item.key);
  }
  return path || "config";
}

/**
 * Valibot accepts a list where an object is expected (a list is an object in JS); the configs do
 * not. Walks `value` along `schema` and throws at the first list standing for an object.
 */
function rejectListsAsObjects(schema: v.GenericSchema, value: unknown, path: string): void {
  const node = schema as v.GenericSchema & {
    wrapped?: v.GenericSchema;
    entries?: v.ObjectEntries;
    options?: readonly v.GenericSchema[];
    item?: v.GenericSchema;
  };
  if (value === undefined || value === null) return;
  if (node.type === "optional" && node.wrapped) {
    rejectListsAsObjects(node.wrapped, value, path);
  } else if (node.type === "strict_object" || node.type === "variant") {
    if (Array.isArray(value)) {
      throw new ParameterError(path || "config", "must be an object, got a list");
    }
    if (typeof value !== "object") return;
    const sections = node.type === "variant" ? (node.options ?? []) : [node];
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      for (const option of sections) {
        const entry = (option as { entries?: v.ObjectEntries }).entries?.[key];
        if (entry) rejectListsAsObjects(entry, field, path ? `${path}.${key}` : key);
      }
    }
  } else if (node.type === "array" && node.item && Array.isArray(value)) {
    value.forEach((item, i) => {
      rejectListsAsObjects(node.item as v.GenericSchema, item, `${path}[${i}]`);
    });
  } else if (node.type === "union" && node.options) {
    for (const option of node.options) rejectListsAsObjects(option, value, path);
  }
}

/**
 * Parses `value` with `schema`: the output (defaults filled), or a ParameterError whose parameter
 * is the field path of the first issue (below `root`, the path of `value` in its file, e.g.
 * "manyBody") and whose message says what is allowed. Cost O(size).
 */
export function parseConfig<const S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  root = "",
): v.InferOutput<S> {
  rejectListsAsObjects(schema, value, root);
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const { path, message } = precise(result.issues[0]);
  throw new ParameterError(pathOf(path, root), message);
}

/**
 * How the config schemas convert to JSON Schema: draft-07 (what editors read best), every schema
 * and action converted or an error, except the checks JSON Schema cannot say (finite numbers,
 * powers of two: stated in the descriptions); distinct lists become `uniqueItems`.
 */
export const jsonSchemaOptions: ConversionConfig = {
  target: "draft-07",
  errorMode: "throw",
  overrideAction({ valibotAction, jsonSchema }) {
    const { requirement } = valibotAction as { requirement?: unknown };
    if (requirement === noneRepeated) return { ...jsonSchema, uniqueItems: true };
    if (valibotAction.type === "finite" || valibotAction.type === "check") return jsonSchema;
    return undefined;
  },
};

/** A JSON value of a JSON Schema document. */
export type JsonSchemaDocument = Record<string, unknown>;
