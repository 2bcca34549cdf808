/**
 * Sweeps: one base study and axes over its config fields, expanded to the cartesian product of
 * the axes, every point a full config validated by `resolveStudyConfig` before anything runs.
 * Pure (no I/O): the CLI runs the points' tasks on threads or on a BullMQ queue.
 */
import { ParameterError } from "@semiclassical/grid";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import { canonicalJson, contentId } from "./hash.js";
import { presetNames, STUDY_PRESETS } from "./presets.js";
import { resolveStudyConfig } from "./resolve-config.js";

/** A sweep file as a user writes it. */
export interface SweepInput {
  /** Optional label of the sweep (default "sweep"). */
  readonly name?: string;
  readonly description?: string;
  /** A preset name (`semiclassical presets`) or a study config (the JSON of `semiclassical study`). */
  readonly base: string | StudyConfigInput;
  /** Dotted config paths ("interaction.alpha") and the values each takes (a non-empty list). */
  readonly axes: Readonly<Record<string, readonly unknown[]>>;
}

/** One axis of a sweep: a dotted config path and its values, in the order given. */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One point of a sweep: a value per axis and the full resolved config they give. */
export interface SweepPoint {
  /** `contentId` of the resolved config (16 hex digits): the same config, the same id. */
  readonly id: string;
  /** Position in the cartesian product (the last axis varies fastest). */
  readonly index: number;
  /** The value of each axis at this point, by path. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly config: StudyConfig;
}

/** What {@link planSweep} returns: plain JSON. */
export interface SweepPlan {
  readonly name: string;
  readonly description?: string;
  /** The preset name when the base is one. */
  readonly basePreset?: string;
  /** The base config as given (the preset's input config for a preset): axes apply to it. */
  readonly base: StudyConfigInput;
  readonly axes: readonly SweepAxis[];
  readonly points: readonly SweepPoint[];
}

/** Options of {@link planSweep}. */
export interface PlanSweepOptions {
  /** Largest number of points allowed (default 10000): a typo in an axis should not plan 10^9. */
  readonly maxPoints?: number;
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const SWEEP_FIELDS = ["name", "description", "base", "axes"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for plain JSON data (null, booleans, finite numbers, strings, lists and objects of them). */
function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (isRecord(value)) {
    return Object.entries(value).every(([k, v]) => !FORBIDDEN_KEYS.has(k) && isJsonData(v));
  }
  return false;
}

/** A deep copy of JSON data with `path` (dotted) set to `value`; missing objects are created. */
export function withConfigField(base: unknown, path: string, value: unknown): unknown {
  const keys = path.split(".");
  const root = structuredClone(isRecord(base) ? base : {}) as Record<string, unknown>;
  let node = root;
  keys.forEach((key, k) => {
    if (k === keys.length - 1) {
      node[key] = structuredClone(value);
      return;
    }
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isRecord(next)) {
      throw new ParameterError(
        `axes["${path}"]`,
        `${keys.slice(0, k + 1).join(".")} is not an object in the base config, so it has no field ${keys[k + 1]}`,
      );
    }
    node = node[key] as Record<string, unknown>;
  });
  return root;
}

/** A short text of a value (for messages, CSV and plot labels). */
export function sweepValueText(value: unknown): string {
  return typeof value === "string" ? value : canonicalJson(value);
}

function parseBase(raw: unknown): { base: StudyConfigInput; basePreset?: string } {
  if (typeof raw === "string") {
    const preset = STUDY_PRESETS.find((p) => p.name === raw);
    if (!preset) {
      throw new ParameterError(
        "base",
        `unknown preset ${JSON.stringify(raw)}; available: ${presetNames().join(", ")}, or give a config object`,
      );
    }
    return { base: preset.config, basePreset: raw };
  }
  if (!isRecord(raw) || !isJsonData(raw)) {
    throw new ParameterError(
      "base",
      'must be a preset name or a study config object (JSON data), e.g. "singular-weak"',
    );
  }
  return { base: raw as StudyConfigInput };
}

function parseAxes(raw: unknown): SweepAxis[] {
  if (!isRecord(raw)) {
    throw new ParameterError(
      "axes",
      'must be an object of dotted config paths to lists of values, e.g. {"interaction.alpha": [0.1, 0.2]}',
    );
  }
  return Object.entries(raw).map(([path, values]) => {
    const where = `axes["${path}"]`;
    const keys = path.split(".");
    if (keys.some((k) => k === "" || FORBIDDEN_KEYS.has(k))) {
      throw new ParameterError(where, 'must be a dotted config path such as "interaction.alpha"');
    }
    if (!Array.isArray(values) || values.length === 0) {
      throw new ParameterError(where, "must be a non-empty list of values");
    }
    const seen = new Set<string>();
    values.forEach((value, i) => {
      if (!isJsonData(value)) {
        throw new ParameterError(
          `${where}[${i}]`,
          "must be JSON data (a number, string, list ...)",
        );
      }
      const text = canonicalJson(value);
      if (seen.has(text)) {
        throw new ParameterError(`${where}[${i}]`, `repeats the value ${text}; give each once`);
      }
      seen.add(text);
    });
    return { path, values };
  });
}

/**
 * Expands a sweep file into its points: the base (a preset's input config, or the config given)
 * with each axis's dotted path set to one of its values, over the cartesian product of the axes
 * (last axis fastest; no axes: the base alone), each resolved by `resolveStudyConfig`. Every
 * point is checked before this returns: an invalid one throws a `ParameterError` on the config
 * field, its message naming the point and its axis values; two points that resolve to the same
 * config are an error too. Ids: `contentId` of the resolved config. Cost O(#points x size of the
 * config) (resolution and hashes; nothing is planned or run).
 */
export function planSweep(input: unknown, options: PlanSweepOptions = {}): SweepPlan {
  if (!isRecord(input)) {
    throw new ParameterError("sweep", 'must be an object {"base": ..., "axes": {...}}');
  }
  for (const key of Object.keys(input)) {
    if (!SWEEP_FIELDS.includes(key)) {
      throw new ParameterError(
        key,
        `unknown field of a sweep; allowed: ${SWEEP_FIELDS.join(", ")}`,
      );
    }
  }
  if (input.base === undefined) {
    throw new ParameterError("base", 'is required: a preset name or a study config, e.g. "smooth"');
  }
  if (input.name !== undefined && typeof input.name !== "string") {
    throw new ParameterError("name", "must be a string");
  }
  if (input.description !== undefined && typeof input.description !== "string") {
    throw new ParameterError("description", "must be a string");
  }
  const { base, basePreset } = parseBase(input.base);
  const axes = parseAxes(input.axes ?? {});
  const maxPoints = options.maxPoints ?? 10000;
  const count = axes.reduce((n, axis) => n * axis.values.length, 1);
  if (count > maxPoints) {
    throw new ParameterError(
      "axes",
      `give ${count} points (${axes.map((a) => a.values.length).join(" x ")}), more than ${maxPoints}; split the sweep`,
    );
  }
  const points: SweepPoint[] = [];
  const byId = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const parameters: Record<string, unknown> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const { path, values } = axes[a];
      parameters[path] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    const ordered: Record<string, unknown> = {};
    for (const axis of axes) ordered[axis.path] = parameters[axis.path];
    const label = axes.map((a) => `${a.path} = ${sweepValueText(ordered[a.path])}`).join(", ");
    let raw: unknown = base;
    for (const axis of axes) raw = withConfigField(raw, axis.path, ordered[axis.path]);
    let config: StudyConfig;
    try {
      config = resolveStudyConfig(raw);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      const body = error.message.startsWith(`${error.parameter}: `)
        ? error.message.slice(error.parameter.length + 2)
        : error.message;
      throw new ParameterError(
        error.parameter,
        `${body} (sweep point ${index}: ${label || "base"})`,
      );
    }
    const id = contentId(config);
    const twin = byId.get(id);
    if (twin !== undefined) {
      throw new ParameterError(
        "axes",
        `sweep points ${twin} and ${index} (${label}) resolve to the same config; remove one value`,
      );
    }
    byId.set(id, index);
    points.push({ id, index, parameters: ordered, config });
  }
  return {
    name: (input.name as string | undefined) ?? "sweep",
    ...(input.description !== undefined ? { description: input.description as string } : {}),
    ...(basePreset !== undefined ? { basePreset } : {}),
    base,
    axes,
    points,
  };
}

/** The axes whose values are all finite numbers (those a rate can be plotted against). Cost O(#values). */
export function numericSweepAxes(plan: SweepPlan): SweepAxis[] {
  return plan.axes.filter((a) =>
    a.values.every((v) => typeof v === "number" && Number.isFinite(v)),
  );
}
