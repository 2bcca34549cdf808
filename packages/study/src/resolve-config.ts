import { type Dimension, ParameterError } from "@semiclassical/grid";
import type { SchattenExponent } from "@semiclassical/metrics";
import { DEFAULT_OCCUPATION_CUTOFF } from "@semiclassical/quantum";
import { initialStateBudget } from "./budgets.js";
import { type StudyConfigParsed, studyConfigSchema } from "./config-schema.js";
import { describe, parseConfig } from "./config-schema-fields.js";
import {
  DEFAULT_MAX_POINTS,
  DEFAULT_VLASOV_POINTS,
  type DynamicsConfig,
  type GridConfig,
  type InteractionConfig,
  LOW_TEMPERATURE_LEVELS,
  SOFTENING_CELLS,
  type StateConfig,
  type StudyConfig,
  type TrapConfig,
  type VlasovConfig,
  type VlasovGridKind,
} from "./config-types.js";
import { DEFAULT_MAX_MEMORY } from "./memory-plan.js";
import { STEP_TOLERANCE, wholeSteps } from "./steps.js";
import { coulombExtent, trapCurvature } from "./trap.js";

// The energy scale of the state, from which the automatic box and momentum bounds follow.

/**
 * Energy cutoff E_c above which the initial state has negligible weight, used by the "auto" box
 * and momentum bounds (for a Coulomb trap, 1.5 E_F is replaced by the depth Z/a of the softened
 * nucleus, and E_c bounds the kinetic energy kappa |v|^2 of the state). With E_F = 2 (d!)^(1/d) sqrt(kappa s) the Fermi energy of N fermions in the
 * trap s|x|^2 at eps = N^(-1/d) (phase-space volume of {kappa p^2 + s x^2 <= E_F} equals
 * N (2 pi eps)^d), E_c = 1.5 E_F + T ln(1/c) + |lambda| V_0 with c the occupation cutoff
 * state.occupationCutoff (default 1e-12, the quantum package's DEFAULT_OCCUPATION_CUTOFF that
 * `thermalState` uses), and V_0 the size of the
 * kernel (1 for Gaussian, softening^-alpha capped at 4 for soft power, 2 for singular kernels).
 * Since mu <= E_F for T > 0, every orbital `thermalState` keeps (occupation >= c, so
 * E_j <= mu + T ln(1/c)) lies below E_c, and its resolution check (dx <= pi eps / (2 v_max),
 * v_max = sqrt(E_max / kappa)) passes on the grids {@link planStudy} chooses; the Fermi-Dirac
 * weight beyond E_c is below c e^(-E_F/(2T)), so the V = 0 distances stay at round-off. Cost O(1).
 */
export function stateEnergyCutoff(config: {
  dimension: Dimension;
  kappa: number;
  state: { temperature: number; trap: TrapConfig; occupationCutoff?: number };
  interaction: InteractionConfig;
}): number {
  const d = config.dimension;
  const factorial = d === 1 ? 1 : d === 2 ? 2 : 6;
  const trap = config.state.trap;
  // Harmonic: 1.5 E_F above min V_ext = 0. Coulomb: the depth Z/a of the softened nucleus (a bound
  // state has mu <= 0 = V_ext(infinity), so kappa |v|^2 <= mu - min V_ext <= Z/a).
  const fermi =
    trap.kind === "coulomb"
      ? trap.charge / trap.softening / 1.5
      : 2 * factorial ** (1 / d) * Math.sqrt(config.kappa * trap.strength);
  const v = config.interaction;
  let kernelSize = 0;
  if (v.kind === "gaussian") kernelSize = 1;
  else if (v.kind === "soft-power") kernelSize = Math.min(4, v.softening ** -v.alpha);
  else if (v.kind === "power" || v.kind === "coulomb") kernelSize = 2;
  const lambda = v.kind === "none" ? 0 : Math.abs(v.lambda);
  return (
    1.5 * fermi +
    Math.log(1 / (config.state.occupationCutoff ?? DEFAULT_OCCUPATION_CUTOFF)) *
      config.state.temperature +
    lambda * kernelSize
  );
}

// ---------------------------------------------------------------------------------------------
// After the schema parse (config-schema.ts: types, ranges, static defaults): the checks that
// depend on other fields and the defaults that follow from the physics.

/** alpha in (0, d) and coulomb only in d = 3 (the kernels' integrability; THEORY.md section 1). */
function resolveInteraction(
  parsed: StudyConfigParsed["interaction"],
  dimension: Dimension,
): InteractionConfig {
  const alphaIn = (alpha: number) => {
    if (!(alpha > 0 && alpha < dimension)) {
      throw new ParameterError(
        "interaction.alpha",
        `must be in (0, d) = (0, ${dimension}) for dimension ${dimension}, got ${alpha}`,
      );
    }
    return alpha;
  };
  switch (parsed.kind) {
    case "none":
      return { kind: "none" };
    case "gaussian":
      return { kind: "gaussian", lambda: parsed.lambda, sigma: parsed.sigma };
    case "soft-power":
      return {
        kind: "soft-power",
        lambda: parsed.lambda,
        alpha: alphaIn(parsed.alpha),
        softening: parsed.softening,
      };
    case "power":
      return { kind: "power", lambda: parsed.lambda, alpha: alphaIn(parsed.alpha) };
    case "coulomb":
      if (dimension !== 3) {
        throw new ParameterError(
          "interaction.kind",
          `"coulomb" (V = lambda/|x|) needs dimension 3, got ${dimension}; in d = ${dimension} use ` +
            `{"kind": "power", "alpha": ...} with alpha in (0, ${dimension})`,
        );
      }
      return { kind: "coulomb", lambda: parsed.lambda };
  }
}

/** A list, or a single value as a list of one. */
function asList<T>(value: T | readonly T[]): T[] {
  return Array.isArray(value) ? [...value] : [value as T];
}

/**
 * The most time steps a study's dynamics may take (tFinal/dt): 10^7 steps are days of computing
 * at the smallest 1D N (milliseconds per step), so a larger count is a typo in tFinal or dt, and it
 * is refused before anything runs.
 */
export const MAX_STEPS = 1e7;

/**
 * Refuses an N that leaves a shell of the isotropic harmonic trap open at T = 0: its levels
 * 2 eps sqrt(kappa s) (n + d/2) are C(n + d - 1, d - 1)-fold degenerate (shells of 1, 3, 6, 10, ...
 * states in 3D, closing at 1, 4, 10, 20, 35, 56, 84), and the Slater determinant of "the N lowest
 * orbitals" of an open shell is not unique (quantum's slaterState refuses it too, for any trap;
 * here it is caught before any work), nor is the T = 0 "ground" state, whose self-consistent
 * iteration fills N levels starting from those of the trap. 1D levels are simple. Cost O(N^(1/d)).
 */
function requireClosedShell(
  particles: number,
  dimension: Dimension,
  given: number | readonly number[],
  kind: StateConfig["kind"],
): void {
  if (dimension === 1) return;
  const shellStates = (n: number) => (dimension === 2 ? n + 1 : ((n + 1) * (n + 2)) / 2);
  const closures: number[] = [];
  for (let n = 0, total = 0; total < particles; n++) {
    total += shellStates(n);
    closures.push(total);
  }
  const above = closures[closures.length - 1];
  if (above === particles) return;
  const below = closures.length > 1 ? closures[closures.length - 2] : 0;
  const index = asList(given).indexOf(particles);
  const shown = [...closures, above + shellStates(closures.length)];
  throw new ParameterError(
    Array.isArray(given) ? `N[${index}]` : "N",
    `N = ${particles} is an open shell of the ${dimension}D harmonic trap (shells close at ` +
      `${shown.join(", ")}, ...): ${particles - below} particle(s) for the ${above - below} ` +
      "degenerate states of its last shell, so " +
      (kind === "ground"
        ? "the T = 0 ground state, filled from those levels, is not unique"
        : "the Slater determinant of the N lowest orbitals is not unique") +
      `; use a closed-shell N (${below > 0 ? `${below} or ` : ""}${above}) or ` +
      (kind === "ground"
        ? "state.temperature > 0"
        : 'state.kind "thermal" with a temperature > 0') +
      " (Fermi-Dirac occupations share the shell equally)",
  );
}

/** tFinal (default: the latest time, else 1) on the dt lattice; the times in [0, tFinal] on it. */
function resolveDynamics(parsed: StudyConfigParsed["dynamics"]): DynamicsConfig {
  const { model, trap, splitting, dt } = parsed;
  const explicitTimes = parsed.times === undefined ? undefined : asList(parsed.times);
  const latest = explicitTimes ? Math.max(...explicitTimes) : 0;
  const tFinal = parsed.tFinal ?? (latest > 0 ? latest : 1);
  if (wholeSteps(tFinal, dt) === undefined) {
    const steps = Math.max(1, Math.round(tFinal / dt));
    throw new ParameterError(
      "dynamics.dt",
      `tFinal = ${tFinal} must be a whole number of steps dt = ${dt}; ` +
        `use dt = tFinal/${steps} = ${tFinal / steps}`,
    );
  }
  const steps = wholeSteps(tFinal, dt) as number;
  if (steps > MAX_STEPS) {
    throw new ParameterError(
      "dynamics.tFinal",
      `tFinal/dt = ${tFinal}/${dt} = ${steps.toExponential(2)} steps, more than the ${MAX_STEPS.toExponential(0)} ` +
        "a study takes (days of computing at the smallest N): lower dynamics.tFinal or raise dynamics.dt",
    );
  }
  let times: number[];
  if (explicitTimes) {
    explicitTimes.forEach((t, i) => {
      if (t > tFinal * (1 + STEP_TOLERANCE)) {
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

/** schattenP sorted ascending, "inf" last (the schema checked: >= 1 or "inf", distinct). */
function sortSchattenExponents(parsed: StudyConfigParsed["schattenP"]): SchattenExponent[] {
  const list = asList<SchattenExponent>(parsed);
  const finite = list.filter((p): p is number => p !== "inf").sort((a, b) => a - b);
  return list.includes("inf") ? [...finite, "inf"] : finite;
}

function resolveMaxMemory(given: number | "auto", availableMemory: number | undefined): number {
  if (given !== "auto") return given;
  if (availableMemory === undefined) return DEFAULT_MAX_MEMORY;
  if (!(Number.isFinite(availableMemory) && availableMemory > 0)) {
    throw new ParameterError(
      "availableMemory",
      `must be a number of bytes > 0, got ${describe(availableMemory)}`,
    );
  }
  return availableMemory;
}

/**
 * Validates a study configuration (parsed JSON, or a partial object written in code) and fills
 * every default, returning the fully resolved {@link StudyConfig}. First the schema
 * (`studyConfigSchema`: types, ranges, unknown fields, static defaults), then the checks across
 * fields and the defaults from the physics. Throws a `ParameterError` whose `parameter` is the
 * field path (e.g. `interaction.alpha`, `N[2]`, `dynamics.times[0]`) and whose message says what
 * is allowed, for: unknown fields, wrong types, alpha outside (0, d), N < 1 or non-integer,
 * times outside [0, tFinal] or off the dt lattice, dt <= 0, Vlasov sizes that are not powers of
 * two, a Vlasov velocity box that does not cover the state. Resolving is idempotent.
 * It does not build grids: {@link planStudy} does (and rejects grids that cannot resolve eps).
 * `options.availableMemory` (bytes) is what maxMemory "auto" resolves to (default 2^34).
 * Cost O(|N| + |times|).
 */
export function resolveStudyConfig(
  json: unknown,
  options: ResolveStudyConfigOptions = {},
): StudyConfig {
  const parsed = parseConfig(studyConfigSchema, json ?? {});
  const dimension: Dimension = parsed.dimension;
  const { kappa } = parsed;
  const N = asList(parsed.N).sort((a, b) => a - b);
  const interaction = resolveInteraction(parsed.interaction, dimension);
  const dynamics = resolveDynamics(parsed.dynamics);
  const nx = parsed.vlasov.nx ?? DEFAULT_VLASOV_POINTS[dimension];
  const parsedTrap = parsed.state.trap;
  const explicitBox = parsed.grid.box === "auto" ? undefined : parsed.grid.box;
  let trap: TrapConfig;
  if (parsedTrap.kind === "coulomb") {
    // softening "auto": SOFTENING_CELLS cells of the Vlasov position grid on the box (without
    // the free flight of a removed trap when the box is "auto": the flight needs the velocity,
    // which needs the softening)
    const box0 = explicitBox ?? coulombBox(kappa, parsedTrap.charge, 0);
    trap = {
      kind: "coulomb",
      charge: parsedTrap.charge,
      softening:
        parsedTrap.softening === "auto" ? (SOFTENING_CELLS * box0) / nx : parsedTrap.softening,
    };
  } else {
    trap = { kind: "harmonic", strength: parsedTrap.strength };
  }
  const state: StateConfig = {
    kind: parsed.state.kind,
    temperature: parsed.state.temperature,
    trap,
    occupationCutoff: parsed.state.occupationCutoff,
  };

  if (
    (state.kind === "slater" || state.kind === "thermal" || state.kind === "ground") &&
    state.temperature === 0 &&
    trap.kind === "harmonic"
  ) {
    for (const particles of N) requireClosedShell(particles, dimension, parsed.N, state.kind);
  }

  const cutoff = stateEnergyCutoff({ dimension, kappa, state, interaction });
  const stateVelocity = Math.sqrt(cutoff / kappa);
  // The velocity an explicit vMax must cover. A Coulomb trap's is taken at twice its softening:
  // the softening floor reruns the study at a/2 on the grids resolved for a (tasks.ts), and the
  // depth Z/a is a bound, not the state's support; the run-time velocity-edge guard judges the
  // rest.
  const coveredVelocity =
    trap.kind === "coulomb"
      ? Math.sqrt(
          stateEnergyCutoff({
            dimension,
            kappa,
            state: { ...state, trap: { ...trap, softening: 2 * trap.softening } },
            interaction,
          }) / kappa,
        )
      : stateVelocity;
  // The "auto" boxes also cover what the initial state's mean field U_0 = V_ext + V * rho_0 does
  // to it (budgets.ts); where the cutoff above already covers it they are exactly today's.
  const stateBudget = initialStateBudget({
    dimension,
    kappa,
    state,
    interaction,
    cutoff: stateEnergyCutoff({ dimension, kappa, state, interaction: { kind: "none" } }),
  });
  if (!Number.isFinite(stateBudget.velocity) || !Number.isFinite(stateBudget.extent)) {
    throw new ParameterError(
      "interaction.lambda",
      `= ${(interaction as { lambda?: number }).lambda}: the initial state's mean field V * rho_0 ` +
        'overflows double precision, so the "auto" box and velocity bound cannot be computed; ' +
        "lower |interaction.lambda|",
    );
  }

  const vlasovVMax = parsed.vlasov.vMax === "auto" ? undefined : parsed.vlasov.vMax;
  if (vlasovVMax !== undefined && vlasovVMax < coveredVelocity) {
    throw new ParameterError(
      "vlasov.vMax",
      `= ${vlasovVMax} does not cover the state's momentum support v_c = sqrt(E_c/kappa) = ` +
        `${coveredVelocity.toPrecision(4)}; use at least ${Math.ceil(coveredVelocity * 100) / 100} or "auto"`,
    );
  }
  const vlasov: VlasovConfig = {
    nx,
    nv: parsed.vlasov.nv ?? DEFAULT_VLASOV_POINTS[dimension],
    vMax: vlasovVMax ?? Math.ceil(1.1 * Math.max(stateVelocity, stateBudget.velocity) * 100) / 100,
    grid: resolveVlasovGrid(parsed.vlasov.grid, dimension, kappa, state, N),
  };

  let box = explicitBox;
  if (box === undefined) {
    const extent =
      trap.kind === "coulomb"
        ? stateBudget.extent
        : Math.max(Math.sqrt(cutoff / trap.strength), stateBudget.extent);
    const velocity = Math.max(stateVelocity, stateBudget.velocity);
    const flight = dynamics.trap === "remove" ? 2 * kappa * velocity * dynamics.tFinal : 0;
    box = trap.kind === "coulomb" ? coulombBox(kappa, trap.charge, flight) : boxOf(extent, flight);
  }
  // Weyl quantization of W~ needs the quantum grid to resolve every velocity of the Vlasov grid
  // (cell edges up to vlasov.vMax + dv/2, dv = 2 vlasov.vMax / nv), strictly.
  const explicitGridVMax = parsed.grid.vMax === "auto" ? undefined : parsed.grid.vMax;
  if (explicitGridVMax !== undefined && explicitGridVMax < coveredVelocity) {
    throw new ParameterError(
      "grid.vMax",
      `= ${explicitGridVMax} does not resolve the state's momentum support v_c = sqrt(E_c/kappa) = ` +
        `${coveredVelocity.toPrecision(4)} (the orbitals the initial state keeps reach it); use at least ` +
        `${Math.ceil(coveredVelocity * 100) / 100} or "auto"`,
    );
  }
  const gridVMax = explicitGridVMax ?? (vlasov.vMax + vlasov.vMax / vlasov.nv) * (1 + 1e-6);
  const grid: GridConfig = {
    box,
    vMax: gridVMax,
    ...(parsed.grid.dxOverEps === undefined ? {} : { dxOverEps: parsed.grid.dxOverEps }),
    maxPoints: parsed.grid.maxPoints ?? DEFAULT_MAX_POINTS[dimension],
  };

  return {
    name: parsed.name,
    dimension,
    kappa,
    N,
    state,
    interaction,
    dynamics,
    grid,
    vlasov,
    metrics: [...new Set(parsed.metrics)],
    errorFloor: parsed.errorFloor,
    resolution: parsed.resolution,
    tolerance: parsed.tolerance,
    budget: { maxSeconds: parsed.budget.maxSeconds, maxBytes: parsed.budget.maxBytes },
    schattenP: sortSchattenExponents(parsed.schattenP),
    traceNorm: {
      method: parsed.traceNorm.method,
      target: parsed.traceNorm.target,
      maxDimension: parsed.traceNorm.maxDimension,
    },
    maxMemory: resolveMaxMemory(parsed.maxMemory, options.availableMemory),
  };
}

/** The "auto" box: twice the extent plus the free flight, times 1.1, up to a multiple of 0.5. */
function boxOf(extent: number, flight: number): number {
  return Math.ceil(2 * 1.1 * (extent + flight) * 2) / 2;
}

/** The "auto" box of a Coulomb trap: {@link boxOf} of trap.ts's `coulombExtent`. */
function coulombBox(kappa: number, charge: number, flight: number): number {
  return boxOf(coulombExtent(kappa, charge), flight);
}

/** Options of {@link resolveStudyConfig}. */
export interface ResolveStudyConfigOptions {
  /**
   * Bytes that maxMemory "auto" resolves to (a number > 0): the CLI passes the machine's memory
   * minus a margin. Default 2^34 (16 GiB).
   */
  readonly availableMemory?: number;
}

/**
 * vlasov.grid: explicit "phase-space" or "wigner", or "auto": "wigner" in 1D when
 * T < LOW_TEMPERATURE_LEVELS level spacings 2 sqrt(kappa s) eps at the largest N (the fringes of a
 * near-pure W_0 are then undamped, see {@link LOW_TEMPERATURE_LEVELS}); else "phase-space". In 2D
 * and 3D the Wigner grid (2^d n x n_v points) is too large for "auto"; the t = 0 transform guard
 * reports what the phase-space grid loses there.
 */
function resolveVlasovGrid(
  choice: VlasovGridKind | "auto",
  dimension: Dimension,
  kappa: number,
  state: StateConfig,
  N: readonly number[],
): VlasovGridKind {
  if (choice !== "auto") return choice;
  const epsilon = Math.max(...N) ** (-1 / dimension);
  const levelSpacing = 2 * Math.sqrt(kappa * trapCurvature(state.trap)) * epsilon;
  return dimension === 1 && state.temperature < LOW_TEMPERATURE_LEVELS * levelSpacing
    ? "wigner"
    : "phase-space";
}
