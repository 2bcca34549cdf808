import { type Dimension, ParameterError } from "@semiclassical/grid";
import { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from "@semiclassical/metrics";
import { DEFAULT_OCCUPATION_CUTOFF } from "@semiclassical/quantum";
import { initialStateBudget } from "./budgets.js";
import {
  autoPositiveAt,
  choiceAt,
  describe,
  listAt,
  numberAt,
  objectAt,
  positiveAt,
  powerOfTwoAt,
} from "./config-fields.js";
import {
  type BudgetConfig,
  DEFAULT_MAX_POINTS,
  DEFAULT_VLASOV_POINTS,
  type DynamicsConfig,
  type GridConfig,
  INTERACTION_KINDS,
  type InteractionConfig,
  LOW_TEMPERATURE_LEVELS,
  STATE_KINDS,
  type StateConfig,
  type StudyConfig,
  type VlasovConfig,
  type VlasovGridKind,
} from "./config-types.js";
import type { ResolutionMode } from "./resolution-types.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";

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
    "resolution",
    "tolerance",
    "budget",
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

  const resolution = choiceAt(
    "resolution",
    record.resolution,
    ["verified", "adaptive", "off"] as const satisfies readonly ResolutionMode[],
    "verified",
  );
  const tolerance = positiveAt("tolerance", record.tolerance, 0.01);
  if (tolerance >= 1) {
    throw new ParameterError(
      "tolerance",
      `must be a relative change in (0, 1), got ${tolerance}; e.g. 0.01 for 1 %`,
    );
  }
  const budgetRecord = objectAt("budget", record.budget, ["maxSeconds", "maxBytes"]);
  const budget: BudgetConfig = {
    maxSeconds: positiveAt("budget.maxSeconds", budgetRecord.maxSeconds, 600),
    maxBytes: positiveAt("budget.maxBytes", budgetRecord.maxBytes, 2 ** 31),
  };

  const cutoff = stateEnergyCutoff({ dimension, kappa, state, interaction });
  const stateVelocity = Math.sqrt(cutoff / kappa);
  // The "auto" boxes also cover what the initial state's mean field U_0 = V_ext + V * rho_0 does
  // to it (budgets.ts); where the cutoff above already covers it they are exactly today's.
  const stateBudget = initialStateBudget({
    dimension,
    kappa,
    state,
    interaction,
    cutoff: stateEnergyCutoff({ dimension, kappa, state, interaction: { kind: "none" } }),
  });

  const vlasovRecord = objectAt("vlasov", record.vlasov, ["nx", "nv", "vMax", "grid"]);
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
    vMax: vlasovVMax ?? Math.ceil(1.1 * Math.max(stateVelocity, stateBudget.velocity) * 100) / 100,
    grid: resolveVlasovGrid(vlasovRecord.grid, dimension, kappa, state, N),
  };

  const gridRecord = objectAt("grid", record.grid, ["box", "vMax", "dxOverEps", "maxPoints"]);
  let box = autoPositiveAt("grid.box", gridRecord.box);
  if (box === undefined) {
    const extent = Math.max(Math.sqrt(cutoff / state.trap.strength), stateBudget.extent);
    const velocity = Math.max(stateVelocity, stateBudget.velocity);
    const flight = dynamics.trap === "remove" ? 2 * kappa * velocity * dynamics.tFinal : 0;
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
    resolution,
    tolerance,
    budget,
  };
}

/**
 * vlasov.grid: explicit "phase-space" or "wigner", or "auto": "wigner" in 1D when
 * T < LOW_TEMPERATURE_LEVELS level spacings 2 sqrt(kappa s) eps at the largest N (the fringes of a
 * near-pure W_0 are then undamped, see {@link LOW_TEMPERATURE_LEVELS}); else "phase-space". In 2D
 * and 3D the Wigner grid (2^d n x n_v points) is too large for "auto"; the t = 0 transform guard
 * reports what the phase-space grid loses there.
 */
function resolveVlasovGrid(
  raw: unknown,
  dimension: Dimension,
  kappa: number,
  state: StateConfig,
  N: readonly number[],
): VlasovGridKind {
  const choice = choiceAt("vlasov.grid", raw, ["auto", "phase-space", "wigner"] as const, "auto");
  if (choice !== "auto") return choice;
  const epsilon = Math.max(...N) ** (-1 / dimension);
  const levelSpacing = 2 * Math.sqrt(kappa * state.trap.strength) * epsilon;
  return dimension === 1 && state.temperature < LOW_TEMPERATURE_LEVELS * levelSpacing
    ? "wigner"
    : "phase-space";
}
