import {
  createGrid,
  createPhaseSpaceGrid,
  type Dimension,
  type Grid,
  gridForEpsilon,
  isPowerOfTwo,
  nextPowerOfTwo,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import { DEFAULT_OCCUPATION_CUTOFF } from "@semiclassical/quantum";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";

/**
 * Configuration of the Hartree-Fock versus Vlasov study (issue 6; THEORY.md sections 1-4).
 *
 * The same object is the JSON a user writes for `semiclassical study config.json`. Every field is
 * optional in the JSON; {@link resolveStudyConfig} fills the defaults stated below and returns this
 * fully resolved form (no "auto" left: the box and the momentum bounds are numbers), so a resolved
 * config written to results.json reproduces the run exactly and resolves to itself.
 */
export interface StudyConfig {
  /** Optional label of the study (printed in outputs). Default: "study". */
  readonly name: string;
  /** Space dimension d: 1, 2 or 3. Default 1 (the model problem a laptop runs at small eps). */
  readonly dimension: Dimension;
  /** kappa in h = -kappa eps^2 Laplacian + ...: a number > 0. Default 1 (the seed's convention). */
  readonly kappa: number;
  /**
   * Particle numbers N (integers >= 1, distinct, at least one), sorted ascending by the resolver;
   * eps = N^(-1/d). Default [8, 16, 32].
   */
  readonly N: readonly number[];
  /** The initial state omega_0 (THEORY.md section 4). */
  readonly state: StateConfig;
  /** The pair interaction V (THEORY.md section 1). */
  readonly interaction: InteractionConfig;
  /** The time evolution and the sampling times. */
  readonly dynamics: DynamicsConfig;
  /** The quantum position grid, chosen from eps for each N (THEORY.md section 2). */
  readonly grid: GridConfig;
  /** The phase-space grid of the Vlasov solver (independent of eps). */
  readonly vlasov: VlasovConfig;
  /** Which metrics to compute at every (N, t); see {@link METRIC_NAMES}. Default {@link DEFAULT_METRICS}. */
  readonly metrics: readonly MetricName[];
  /**
   * Whether the study also measures its own numerical error floor (the same study with the
   * interaction off, and a finer-grid rerun of the smallest eps). Default true.
   */
  readonly errorFloor: boolean;
}

/** Recursive partial (lists may also be given as a single value, as in the JSON). */
type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[] | U
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * What a user writes: any subset of {@link StudyConfig}, with "auto" allowed for the box and the
 * momentum bounds, and an optional free-text `description`. {@link resolveStudyConfig} turns it
 * into a {@link StudyConfig}.
 */
export type StudyConfigInput = Omit<DeepPartial<StudyConfig>, "grid" | "vlasov"> & {
  readonly description?: string;
  readonly grid?: Omit<DeepPartial<GridConfig>, "box" | "vMax"> & {
    readonly box?: number | "auto";
    readonly vMax?: number | "auto";
  };
  readonly vlasov?: Omit<DeepPartial<VlasovConfig>, "vMax"> & { readonly vMax?: number | "auto" };
};

/** Kinds of initial state. */
export type StateKind = "thermal" | "slater" | "coherent" | "ground";

/** The initial state omega_0 (THEORY.md section 4). */
export interface StateConfig {
  /**
   * - "thermal" (default): Fermi-Dirac state of h_0 = -kappa eps^2 Laplacian + V_ext at `temperature`.
   * - "slater": the N lowest orbitals of h_0 (temperature 0; a pure state).
   * - "coherent": superposition of coherent states f_rp with M(r,p) the Fermi-Dirac function of the
   *   classical h_0(r,p) = kappa p^2 + V_ext(r) at `temperature` (T = 0: the indicator of the Fermi ball),
   *   normalized to N.
   * - "ground": the self-consistent Hartree(-Fock) state with the interaction on, at `temperature`
   *   (T = 0: ground state), in the trap.
   */
  readonly kind: StateKind;
  /**
   * Temperature T >= 0 of the Fermi-Dirac occupations. Default 0.5 for "thermal" and "coherent",
   * 0 for "ground"; "slater" requires 0 (the default).
   */
  readonly temperature: number;
  /** The trap the initial state is prepared in. */
  readonly trap: TrapConfig;
}

/** The confining external potential of the initial state. */
export interface TrapConfig {
  /** Only "harmonic": V_ext(x) = strength |x|^2. Default "harmonic". */
  readonly kind: "harmonic";
  /** Trap strength s > 0 (V_ext = s |x|^2; kappa = s = 1 gives frequency 2). Default 1. */
  readonly strength: number;
}

/** Kinds of interaction; see {@link InteractionConfig}. */
export type InteractionKind = InteractionConfig["kind"];

/**
 * The pair interaction V (THEORY.md section 1). Apart from "none" it has the shape of the grid
 * package's `InteractionKernel`, so it can be passed to `FreeSpaceConvolution` as it is.
 * Default: `{ kind: "gaussian", lambda: 1, sigma: 1 }`. Fields of another kind are rejected.
 * - "none": V = 0 (the matched-splitting exactness check: distances at round-off).
 * - "gaussian": V = lambda exp(-|x|^2 / (2 sigma^2)); lambda finite (default 1), sigma > 0 (default 1).
 * - "soft-power": V = lambda (|x|^2 + softening^2)^(-alpha/2); alpha in (0, d) (default 0.25),
 *   softening > 0 (default 0.1).
 * - "power": V = lambda / |x|^alpha, alpha in (0, d) (default 0.25); Theorem 1 covers (0, 1/2),
 *   Theorem 2 up to 1.
 * - "coulomb": V = lambda / |x|, d = 3 only.
 * lambda > 0 is repulsive, lambda < 0 attractive.
 */
export type InteractionConfig =
  | { readonly kind: "none" }
  | { readonly kind: "gaussian"; readonly lambda: number; readonly sigma: number }
  | {
      readonly kind: "soft-power";
      readonly lambda: number;
      readonly alpha: number;
      readonly softening: number;
    }
  | { readonly kind: "power"; readonly lambda: number; readonly alpha: number }
  | { readonly kind: "coulomb"; readonly lambda: number };

/** The time evolution (THEORY.md section 3). */
export interface DynamicsConfig {
  /** "hartree" (default; exchange X dropped) or "hartree-fock". */
  readonly model: "hartree" | "hartree-fock";
  /** "keep" (default): the trap stays on; "remove": V_ext = 0 for t >= 0 (free expansion). */
  readonly trap: "keep" | "remove";
  /** Final time T > 0, a whole number of steps dt. Default: the largest of `times`, else 1. */
  readonly tFinal: number;
  /** Time step dt > 0 (tFinal / dt must be a whole number). Default 0.01. */
  readonly dt: number;
  /** "strang" (default, order 2) or "order4" (Yoshida triple jump), the same on both sides. */
  readonly splitting: "strang" | "order4";
  /**
   * Times at which the metrics are measured: distinct, in [0, tFinal], each a whole number of
   * steps dt; sorted ascending by the resolver. Default: tFinal/4, tFinal/2, 3 tFinal/4, tFinal
   * (rounded to whole steps).
   */
  readonly times: readonly number[];
}

/** The quantum position grid (THEORY.md section 2). */
export interface GridConfig {
  /**
   * Side L of the (cubic) box centred at 0. Default "auto": twice the classical extent of the
   * state at the energy cutoff E_c (see {@link stateEnergyCutoff}), sqrt(E_c / s), plus the free
   * flight 2 kappa v_c tFinal when the trap is removed, times 1.1, rounded up to a multiple of 0.5.
   */
  readonly box: number;
  /**
   * Momentum bound v_max used for the resolution dx <= pi eps / (2 v_max). Default "auto": the
   * edge of the Vlasov velocity grid, vlasov.vMax (1 + 1/nv), so that Weyl(W~_t) is resolved on
   * the quantum grid (and v_max > v_c, the state's own momentum support).
   */
  readonly vMax: number;
  /** Optional extra refinement dx <= dxOverEps * eps (a number > 0). Default: none. */
  readonly dxOverEps?: number;
  /**
   * Largest number of points per axis allowed (a power of two); a finer grid is an error.
   * Default 4096 in 1D, 128 in 2D, 32 in 3D (dense matrices have (points^d)^2 entries).
   */
  readonly maxPoints: number;
}

/** The Vlasov phase-space grid: nx^d positions on the quantum box times nv^d velocities. */
export interface VlasovConfig {
  /** Position points per axis (power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D). */
  readonly nx: number;
  /** Velocity points per axis (power of two >= 8). Default 128 (1D), 32 (2D), 16 (3D). */
  readonly nv: number;
  /**
   * Velocity box [-vMax, vMax) per axis; must cover the state's momentum support v_c.
   * Default "auto": 1.1 v_c (rounded up to 0.01).
   */
  readonly vMax: number;
}

/**
 * Names of the metrics the study can compute at each (N, t) (THEORY.md section 1), where
 * omega_t is the Hartree(-Fock) solution and omega~_t = Weyl(W~_t) the Weyl quantized Vlasov one:
 * - "trace-norm": (1/N) tr|omega_t - omega~_t| (the seed's central quantity).
 * - "hilbert-schmidt": ||omega_t - omega~_t||_HS / sqrt(N). This is the per-particle scale: for
 *   fermions 0 <= omega <= 1 gives ||omega||_HS^2 = tr omega^2 <= tr omega = N, so the quotient is
 *   O(1) for O(1) relative differences, whereas (1/N) ||.||_HS would shrink like N^(-1/2) for any
 *   states; it equals (2 pi / eps)^(d/2) ||W_t - W~_t||_L2 / sqrt(N) = (2 pi)^(d/2) ||W_t - W~_t||_L2
 *   (Plancherel).
 * - "density-l1": ||rho_t - rho~_t||_L1 (with the bound check <= (1/N) tr|omega_t - omega~_t|).
 * - "wigner-l2": ||W_t - W~_t||_L2 on phase space.
 * - "commutator": (1/N) tr|[x, omega_t]| (semiclassical commutator bound: <= C eps).
 * - "rho-commutator": (1/N) ||rho_{|[x_i, omega~_t]|}||_{L^p}, p = 1, 2, infinity (Theorem 2's
 *   hypothesis, <= C eps on the same per-particle scale as "commutator").
 */
export const METRIC_NAMES = [
  "trace-norm",
  "hilbert-schmidt",
  "density-l1",
  "wigner-l2",
  "commutator",
  "rho-commutator",
] as const;

/** One of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Metrics computed when the config names none. */
export const DEFAULT_METRICS: readonly MetricName[] = Object.freeze([
  "trace-norm",
  "hilbert-schmidt",
  "density-l1",
  "wigner-l2",
]);

const STATE_KINDS: readonly StateKind[] = ["thermal", "slater", "coherent", "ground"];
const INTERACTION_KINDS = ["none", "gaussian", "soft-power", "power", "coulomb"] as const;
const DEFAULT_VLASOV_POINTS = { 1: 128, 2: 32, 3: 16 } as const;
const DEFAULT_MAX_POINTS = { 1: 4096, 2: 128, 3: 32 } as const;

// ---------------------------------------------------------------------------------------------
// Small validation helpers. Each throws a ParameterError naming the field path and what is allowed.

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

function objectAt(path: string, value: unknown, allowed: readonly string[]): Json {
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

function numberAt(path: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(path, `must be a finite number, got ${describe(value)}`);
  }
  return value;
}

function positiveAt(path: string, value: unknown, fallback: number): number {
  const x = numberAt(path, value, fallback);
  if (x <= 0) throw new ParameterError(path, `must be a number > 0, got ${x}`);
  return x;
}

function autoPositiveAt(path: string, value: unknown): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ParameterError(path, `must be a number > 0 or "auto", got ${describe(value)}`);
  }
  return value;
}

function choiceAt<T extends string>(
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

function powerOfTwoAt(path: string, value: unknown, fallback: number, min: number): number {
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

function listAt(path: string, value: unknown): unknown[] {
  if (typeof value === "number") return [value];
  if (!Array.isArray(value) || value.length === 0) {
    throw new ParameterError(path, `must be a non-empty list of numbers, got ${describe(value)}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The energy scale of the state, from which the automatic box and momentum bounds follow.

/**
 * Energy cutoff E_c above which the initial state has negligible weight, used by the "auto" box
 * and momentum bounds. With E_F = 2 (d!)^(1/d) sqrt(kappa s) the Fermi energy of N fermions in the
 * trap s|x|^2 at eps = N^(-1/d) (phase-space volume of {kappa p^2 + s x^2 <= E_F} equals
 * N (2 pi eps)^d), E_c = 1.5 E_F + T ln(1/c) + |lambda| V_0 with c = 1e-12 the occupation cutoff
 * of the quantum package's `thermalState` (DEFAULT_OCCUPATION_CUTOFF), and V_0 the size of the
 * kernel (1 for Gaussian, softening^-alpha capped at 4 for soft power, 2 for singular kernels).
 * Since mu <= E_F for T > 0, every orbital `thermalState` keeps (occupation >= c, so
 * E_j <= mu + T ln(1/c)) lies below E_c, and its resolution check (dx <= pi eps / (2 v_max),
 * v_max = sqrt(E_max / kappa)) passes on the grids {@link planStudy} chooses; the Fermi-Dirac
 * weight beyond E_c is below c e^(-E_F/(2T)), so the V = 0 distances stay at round-off. Cost O(1).
 */
export function stateEnergyCutoff(config: {
  dimension: Dimension;
  kappa: number;
  state: { temperature: number; trap: { strength: number } };
  interaction: InteractionConfig;
}): number {
  const d = config.dimension;
  const factorial = d === 1 ? 1 : d === 2 ? 2 : 6;
  const fermi = 2 * factorial ** (1 / d) * Math.sqrt(config.kappa * config.state.trap.strength);
  const v = config.interaction;
  let kernelSize = 0;
  if (v.kind === "gaussian") kernelSize = 1;
  else if (v.kind === "soft-power") kernelSize = Math.min(4, v.softening ** -v.alpha);
  else if (v.kind === "power" || v.kind === "coulomb") kernelSize = 2;
  const lambda = v.kind === "none" ? 0 : Math.abs(v.lambda);
  return (
    1.5 * fermi +
    Math.log(1 / DEFAULT_OCCUPATION_CUTOFF) * config.state.temperature +
    lambda * kernelSize
  );
}

// ---------------------------------------------------------------------------------------------

function resolveInteraction(raw: unknown, dimension: Dimension): InteractionConfig {
  const kindRecord = objectAt("interaction", raw, [
    "kind",
    "lambda",
    "alpha",
    "sigma",
    "softening",
  ]);
  const kind = choiceAt("interaction.kind", kindRecord.kind, INTERACTION_KINDS, "gaussian");
  const fieldsOf: Record<(typeof INTERACTION_KINDS)[number], string[]> = {
    none: ["kind"],
    gaussian: ["kind", "lambda", "sigma"],
    "soft-power": ["kind", "lambda", "alpha", "softening"],
    power: ["kind", "lambda", "alpha"],
    coulomb: ["kind", "lambda"],
  };
  for (const key of Object.keys(kindRecord)) {
    if (!fieldsOf[kind].includes(key)) {
      throw new ParameterError(
        `interaction.${key}`,
        `does not apply to interaction.kind "${kind}"; allowed with it: ${fieldsOf[kind].join(", ")}`,
      );
    }
  }
  const lambda = numberAt("interaction.lambda", kindRecord.lambda, 1);
  const alphaAt = () => {
    const alpha = numberAt("interaction.alpha", kindRecord.alpha, 0.25);
    if (!(alpha > 0 && alpha < dimension)) {
      throw new ParameterError(
        "interaction.alpha",
        `must be in (0, d) = (0, ${dimension}) for dimension ${dimension}, got ${alpha}`,
      );
    }
    return alpha;
  };
  switch (kind) {
    case "none":
      return { kind };
    case "gaussian":
      return { kind, lambda, sigma: positiveAt("interaction.sigma", kindRecord.sigma, 1) };
    case "soft-power":
      return {
        kind,
        lambda,
        alpha: alphaAt(),
        softening: positiveAt("interaction.softening", kindRecord.softening, 0.1),
      };
    case "power":
      return { kind, lambda, alpha: alphaAt() };
    case "coulomb":
      if (dimension !== 3) {
        throw new ParameterError(
          "interaction.kind",
          `"coulomb" (V = lambda/|x|) needs dimension 3, got ${dimension}; in d = ${dimension} use ` +
            `{"kind": "power", "alpha": ...} with alpha in (0, ${dimension})`,
        );
      }
      return { kind, lambda };
  }
}

function resolveState(raw: unknown): StateConfig {
  const record = objectAt("state", raw, ["kind", "temperature", "trap"]);
  const kind = choiceAt("state.kind", record.kind, STATE_KINDS, "thermal");
  const defaultTemperature = kind === "thermal" || kind === "coherent" ? 0.5 : 0;
  const temperature = numberAt("state.temperature", record.temperature, defaultTemperature);
  if (temperature < 0) {
    throw new ParameterError("state.temperature", `must be >= 0, got ${temperature}`);
  }
  if (kind === "slater" && temperature !== 0) {
    throw new ParameterError(
      "state.temperature",
      `must be 0 (or omitted) for state.kind "slater", got ${temperature}; ` +
        `use state.kind "thermal" for T > 0`,
    );
  }
  const trapRecord = objectAt("state.trap", record.trap, ["kind", "strength"]);
  const trapKind = choiceAt("state.trap.kind", trapRecord.kind, ["harmonic"] as const, "harmonic");
  const strength = positiveAt("state.trap.strength", trapRecord.strength, 1);
  return { kind, temperature, trap: { kind: trapKind, strength } };
}

function resolveDynamics(raw: unknown): DynamicsConfig {
  const record = objectAt("dynamics", raw, ["model", "trap", "tFinal", "dt", "splitting", "times"]);
  const model = choiceAt(
    "dynamics.model",
    record.model,
    ["hartree", "hartree-fock"] as const,
    "hartree",
  );
  const trap = choiceAt("dynamics.trap", record.trap, ["keep", "remove"] as const, "keep");
  const splitting = choiceAt(
    "dynamics.splitting",
    record.splitting,
    ["strang", "order4"] as const,
    "strang",
  );
  const dt = positiveAt("dynamics.dt", record.dt, 0.01);
  let explicitTimes: number[] | undefined;
  if (record.times !== undefined) {
    explicitTimes = listAt("dynamics.times", record.times).map((t, i) => {
      const time = numberAt(`dynamics.times[${i}]`, t, 0);
      if (time < 0) {
        throw new ParameterError(`dynamics.times[${i}]`, `must be in [0, tFinal], got ${time}`);
      }
      return time;
    });
  }
  const latest = explicitTimes ? Math.max(...explicitTimes) : 0;
  const fallbackFinal = latest > 0 ? latest : 1;
  const tFinal = positiveAt("dynamics.tFinal", record.tFinal, fallbackFinal);
  if (wholeSteps(tFinal, dt) === undefined) {
    const steps = Math.max(1, Math.round(tFinal / dt));
    throw new ParameterError(
      "dynamics.dt",
      `tFinal = ${tFinal} must be a whole number of steps dt = ${dt}; ` +
        `use dt = tFinal/${steps} = ${tFinal / steps}`,
    );
  }
  let times: number[];
  if (explicitTimes) {
    explicitTimes.forEach((t, i) => {
      if (t < 0 || t > tFinal * (1 + STEP_TOLERANCE)) {
        throw new ParameterError(
          `dynamics.times[${i}]`,
          `must be in [0, tFinal] = [0, ${tFinal}], got ${t}`,
        );
      }
      if (wholeSteps(t, dt) === undefined) {
        throw new ParameterError(
          `dynamics.times[${i}]`,
          `must be a whole number of steps dt = ${dt}, got ${t}`,
        );
      }
    });
    times = [...explicitTimes].sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      if (wholeSteps(times[i], dt) === wholeSteps(times[i - 1], dt)) {
        throw new ParameterError("dynamics.times", `must be distinct, got ${times[i]} twice`);
      }
    }
  } else {
    const steps = wholeSteps(tFinal, dt) as number;
    const picked = [1, 2, 3, 4].map((q) => Math.max(1, Math.round((q * steps) / 4)));
    times = [...new Set(picked)].map((k) => (k === steps ? tFinal : k * dt));
  }
  return { model, trap, tFinal, dt, splitting, times };
}

function resolveParticleNumbers(raw: unknown): number[] {
  if (raw === undefined) return [8, 16, 32];
  const list = listAt("N", raw).map((n, i) => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
      throw new ParameterError(`N[${i}]`, `must be an integer >= 1, got ${describe(n)}`);
    }
    return n;
  });
  const sorted = [...list].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new ParameterError("N", `values must be distinct, got ${sorted[i]} twice`);
    }
  }
  return sorted;
}

function resolveMetrics(raw: unknown): MetricName[] {
  if (raw === undefined) return [...DEFAULT_METRICS];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ParameterError(
      "metrics",
      `must be a non-empty list of metric names (${METRIC_NAMES.join(", ")}), got ${describe(raw)}`,
    );
  }
  const names = raw.map((m, i) => choiceAt(`metrics[${i}]`, m, METRIC_NAMES, "trace-norm"));
  return [...new Set(names)];
}

/**
 * Validates a study configuration (parsed JSON, or a partial object written in code) and fills
 * every default, returning the fully resolved {@link StudyConfig}. Throws a `ParameterError` whose
 * `parameter` is the field path (e.g. `interaction.alpha`, `N[2]`, `dynamics.times[0]`) and whose
 * message says what is allowed, for: unknown fields, wrong types, alpha outside (0, d), N < 1 or
 * non-integer, times outside [0, tFinal] or off the dt lattice, dt <= 0, Vlasov sizes that are not
 * powers of two, a Vlasov velocity box that does not cover the state. Resolving is idempotent.
 * It does not build grids: {@link planStudy} does (and rejects grids that cannot resolve eps).
 * Cost O(|N| + |times|).
 */
export function resolveStudyConfig(json: unknown): StudyConfig {
  const record = objectAt("", json ?? {}, [
    "name",
    "description",
    "dimension",
    "kappa",
    "N",
    "state",
    "interaction",
    "dynamics",
    "grid",
    "vlasov",
    "metrics",
    "errorFloor",
    "$schema",
  ]);
  let name = "study";
  if (record.name !== undefined) {
    if (typeof record.name !== "string" || record.name.length === 0) {
      throw new ParameterError("name", `must be a non-empty string, got ${describe(record.name)}`);
    }
    name = record.name;
  }
  if (record.description !== undefined && typeof record.description !== "string") {
    throw new ParameterError(
      "description",
      `must be a string, got ${describe(record.description)}`,
    );
  }
  const dimensionValue = numberAt("dimension", record.dimension, 1);
  if (dimensionValue !== 1 && dimensionValue !== 2 && dimensionValue !== 3) {
    throw new ParameterError("dimension", `must be 1, 2 or 3, got ${dimensionValue}`);
  }
  const dimension = dimensionValue as Dimension;
  const kappa = positiveAt("kappa", record.kappa, 1);
  const N = resolveParticleNumbers(record.N);
  const state = resolveState(record.state);
  const interaction = resolveInteraction(record.interaction, dimension);
  const dynamics = resolveDynamics(record.dynamics);
  const metrics = resolveMetrics(record.metrics);
  let errorFloor = true;
  if (record.errorFloor !== undefined) {
    if (typeof record.errorFloor !== "boolean") {
      throw new ParameterError(
        "errorFloor",
        `must be true or false, got ${describe(record.errorFloor)}`,
      );
    }
    errorFloor = record.errorFloor;
  }

  const cutoff = stateEnergyCutoff({ dimension, kappa, state, interaction });
  const stateVelocity = Math.sqrt(cutoff / kappa);

  const vlasovRecord = objectAt("vlasov", record.vlasov, ["nx", "nv", "vMax"]);
  const vlasovVMax = autoPositiveAt("vlasov.vMax", vlasovRecord.vMax);
  if (vlasovVMax !== undefined && vlasovVMax < stateVelocity) {
    throw new ParameterError(
      "vlasov.vMax",
      `= ${vlasovVMax} does not cover the state's momentum support v_c = sqrt(E_c/kappa) = ` +
        `${stateVelocity.toPrecision(4)}; use at least ${Math.ceil(stateVelocity * 100) / 100} or "auto"`,
    );
  }
  const vlasov: VlasovConfig = {
    nx: powerOfTwoAt("vlasov.nx", vlasovRecord.nx, DEFAULT_VLASOV_POINTS[dimension], 8),
    nv: powerOfTwoAt("vlasov.nv", vlasovRecord.nv, DEFAULT_VLASOV_POINTS[dimension], 8),
    vMax: vlasovVMax ?? Math.ceil(1.1 * stateVelocity * 100) / 100,
  };

  const gridRecord = objectAt("grid", record.grid, ["box", "vMax", "dxOverEps", "maxPoints"]);
  let box = autoPositiveAt("grid.box", gridRecord.box);
  if (box === undefined) {
    const extent = Math.sqrt(cutoff / state.trap.strength);
    const flight = dynamics.trap === "remove" ? 2 * kappa * stateVelocity * dynamics.tFinal : 0;
    box = Math.ceil(2 * 1.1 * (extent + flight) * 2) / 2;
  }
  // Weyl quantization of W~ needs the quantum grid to resolve every velocity of the Vlasov grid
  // (cell edges up to vlasov.vMax + dv/2, dv = 2 vlasov.vMax / nv), strictly.
  const explicitGridVMax = autoPositiveAt("grid.vMax", gridRecord.vMax);
  if (explicitGridVMax !== undefined && explicitGridVMax < stateVelocity) {
    throw new ParameterError(
      "grid.vMax",
      `= ${explicitGridVMax} does not resolve the state's momentum support v_c = sqrt(E_c/kappa) = ` +
        `${stateVelocity.toPrecision(4)} (the orbitals the initial state keeps reach it); use at least ` +
        `${Math.ceil(stateVelocity * 100) / 100} or "auto"`,
    );
  }
  const gridVMax = explicitGridVMax ?? (vlasov.vMax + vlasov.vMax / vlasov.nv) * (1 + 1e-6);
  const grid: GridConfig = {
    box,
    vMax: gridVMax,
    ...(gridRecord.dxOverEps === undefined
      ? {}
      : { dxOverEps: positiveAt("grid.dxOverEps", gridRecord.dxOverEps, 1) }),
    maxPoints: powerOfTwoAt(
      "grid.maxPoints",
      gridRecord.maxPoints,
      DEFAULT_MAX_POINTS[dimension],
      2,
    ),
  };

  return {
    name,
    dimension,
    kappa,
    N,
    state,
    interaction,
    dynamics,
    grid,
    vlasov,
    metrics,
    errorFloor,
  };
}

// ---------------------------------------------------------------------------------------------

/** What the study will compute for one N (see {@link planStudy}). */
export interface StudyPlanEntry {
  readonly N: number;
  /** eps = N^(-1/d). */
  readonly epsilon: number;
  /** The quantum position grid: the coarsest power-of-two grid on the box resolving eps. */
  readonly grid: Grid;
  /** Largest momentum the grid resolves, pi eps / (2 dx) (>= grid.vMax). */
  readonly resolvedVelocity: number;
  /** The Vlasov phase-space grid (same for every N). */
  readonly vlasov: PhaseSpaceGrid;
  /** Number of time steps tFinal / dt. */
  readonly steps: number;
  /** Bytes of one dense density matrix (16 n^2 with n = grid.size). */
  readonly denseMatrixBytes: number;
}

/** Everything the study would use, computed without running it. */
export interface StudyPlan {
  readonly config: StudyConfig;
  /** The energy cutoff E_c of the state ({@link stateEnergyCutoff}). */
  readonly energyCutoff: number;
  readonly entries: readonly StudyPlanEntry[];
}

/**
 * The grids a study would use for each N, without running it: eps = N^(-1/d), the quantum grid
 * `gridForEpsilon({ box, vMax: grid.vMax, dxOverEps, maxPoints })` (THEORY.md section 2) and the
 * Vlasov grid (nx^d points on the same box, nv^d velocities on [-vMax, vMax)^d). Throws a
 * `ParameterError` on `N[i]` when the grid for that N would need more than `grid.maxPoints` points
 * per axis. Accepts a raw or resolved config. Cost O(|N| d).
 */
export function planStudy(config: StudyConfig | unknown): StudyPlan {
  const resolved = resolveStudyConfig(config);
  const { dimension, grid, vlasov } = resolved;
  const position = createGrid({ dimension, points: vlasov.nx, box: grid.box });
  const velocity = createGrid({ dimension, points: vlasov.nv, box: 2 * vlasov.vMax });
  const phaseSpace = createPhaseSpaceGrid(position, velocity);
  const steps = wholeSteps(resolved.dynamics.tFinal, resolved.dynamics.dt) as number;
  const entries = resolved.N.map((N, i) => {
    const epsilon = N ** (-1 / dimension);
    let quantum: Grid;
    try {
      quantum = gridForEpsilon({
        dimension,
        epsilon,
        box: grid.box,
        vMax: grid.vMax,
        dxOverEps: grid.dxOverEps,
        maxPoints: grid.maxPoints,
      });
    } catch (error) {
      if (error instanceof ParameterError) {
        throw new ParameterError(
          `N[${i}]`,
          `N = ${N} cannot be resolved: ${error.message.replace(/^epsilon: /, "")}` +
            " (grid.maxPoints)",
        );
      }
      throw error;
    }
    return {
      N,
      epsilon,
      grid: quantum,
      resolvedVelocity: (Math.PI * epsilon) / (2 * Math.max(...quantum.spacing)),
      vlasov: phaseSpace,
      steps,
      denseMatrixBytes: 16 * quantum.size * quantum.size,
    };
  });
  return { config: resolved, energyCutoff: stateEnergyCutoff(resolved), entries };
}
