import { createGrid, type Grid, ParameterError } from "@semiclassical/grid";
import {
  basisHamiltonianBytes,
  formatBytes,
  requireBasisBudget,
  requireTensorBudget,
} from "@semiclassical/many-body";
import { type ManyBodyConfigInput, manyBodyConfigSchema } from "./config-schema-chain.js";
import { parseConfig } from "./config-schema-fields.js";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import { planStudy, type StudyPlan, type StudyPlanEntry } from "./plan.js";
import { resolveStudyConfig } from "./resolve-config.js";

/**
 * How the chain computes gamma_t, the many-body side, as a user writes it: the input type of
 * `manyBodyConfigSchema` (config-schema-chain.ts, where each field is described).
 */
export type { ManyBodyConfigInput } from "./config-schema-chain.js";

/** The resolved many-body section (defaults filled; `basisSize` per N is {@link chainBasisSize}). */
export interface ManyBodyConfig {
  readonly method: "grid" | "basis";
  readonly basisSize?: number;
  readonly largerBasisSize?: number;
  readonly points?: number;
  readonly tolerance: number;
  readonly initial: "slater" | "ground";
  readonly refinedPoints?: number;
}

/** A chain config as a user writes it: a study config plus a `manyBody` section. */
export type ChainConfigInput = StudyConfigInput & { readonly manyBody?: ManyBodyConfigInput };

/** A resolved chain config: the study's resolved config plus the resolved `manyBody`. */
export interface ChainConfig {
  readonly study: StudyConfig;
  readonly manyBody: ManyBodyConfig;
}

/** One N of a chain: the study's plan entry, with the grid the three dynamics share. */
export interface ChainCase extends StudyPlanEntry {
  /** M of the basis method at this N (undefined for the grid method). */
  readonly basisSize?: number;
  readonly largerBasisSize?: number;
  /**
   * Grid method: the grid of the refinement run at this N (M' points per axis on the same box),
   * undefined when it does not fit budget.maxBytes (then `floorFromN` says whose floor is used).
   */
  readonly refinedGrid?: Grid;
  /**
   * Grid method: the N whose refinement floor this N reports (itself, or the largest smaller N
   * of the config whose refinement fits the budget); undefined for the basis method.
   */
  readonly floorFromN?: number;
  /** Bytes the many-body side needs at this N (checked against config.budget.maxBytes). */
  readonly manyBodyBytes: number;
}

/** The resolved config and its cases (see {@link planChain}). */
export interface ChainPlan {
  readonly config: ChainConfig;
  readonly study: StudyPlan;
  readonly cases: readonly ChainCase[];
}

/** Bytes per tensor point of the grid method in the chain: one solver (48) + psi_0 (16). */
export const CHAIN_GRID_BYTES_PER_POINT = 48 + 16;

/** Lanczos Krylov dimension m of the chain's grid ground state (gridGroundState). */
export const CHAIN_GROUND_KRYLOV = 20;

/**
 * Bytes per tensor point of the grid method's "ground" initial state: gridGroundState's
 * (32 + 16 (m + 4)) with m = {@link CHAIN_GROUND_KRYLOV}.
 */
export const CHAIN_GROUND_BYTES_PER_POINT = 32 + 16 * (CHAIN_GROUND_KRYLOV + 4);

/**
 * Validates the `manyBody` section (field-path messages: "manyBody.basisSize: ..."): the schema
 * (`manyBodyConfigSchema`: fields by method, ranges, powers of two), then refinedPoints > points
 * and largerBasisSize > basisSize. Cost O(1).
 */
export function resolveManyBodyConfig(input: unknown): ManyBodyConfig {
  if (input === undefined) {
    throw new ParameterError(
      "manyBody",
      'is required: { "method": "grid" } (N <= 4 in 1D) or { "method": "basis", "basisSize": M }',
    );
  }
  const section = parseConfig(manyBodyConfigSchema, input, "manyBody");
  const { method, points, tolerance, initial } = section;
  const basisSize = section.method === "basis" ? section.basisSize : undefined;
  const largerBasisSize = section.method === "basis" ? section.largerBasisSize : undefined;
  const refinedPoints = section.method === "grid" ? section.refinedPoints : undefined;
  if (points !== undefined && refinedPoints !== undefined && refinedPoints <= points) {
    throw new ParameterError(
      "manyBody.refinedPoints",
      `must exceed manyBody.points = ${points} (it is the grid of the floor), got ${refinedPoints}`,
    );
  }
  if (basisSize !== undefined && largerBasisSize !== undefined && largerBasisSize <= basisSize) {
    throw new ParameterError(
      "manyBody.largerBasisSize",
      `must exceed manyBody.basisSize = ${basisSize} (it is the basis of the floor), got ${largerBasisSize}`,
    );
  }
  // Only the keys that hold a value: a resolved section then resolves to itself (the schema
  // refuses a grid-method key, even undefined, in a basis section and vice versa).
  return Object.freeze({
    method,
    ...(basisSize === undefined ? {} : { basisSize }),
    ...(largerBasisSize === undefined ? {} : { largerBasisSize }),
    ...(points === undefined ? {} : { points }),
    tolerance,
    initial,
    ...(refinedPoints === undefined ? {} : { refinedPoints }),
  });
}

/** Splits a chain input into its study part (resolved by `resolveStudyConfig`) and `manyBody`. */
export function resolveChainConfig(input: ChainConfigInput | ChainConfig): ChainConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ParameterError("config", `must be an object, got ${JSON.stringify(input)}`);
  }
  let resolvedManyBody: ManyBodyConfig;
  let study: StudyConfig;
  if ("study" in input && "manyBody" in input) {
    // An already resolved config (e.g. from a result file): resolving again is idempotent.
    const given = input as ChainConfig;
    resolvedManyBody = resolveManyBodyConfig(given.manyBody);
    study = resolveStudyConfig(given.study);
  } else {
    const { manyBody, ...rest } = input as ChainConfigInput;
    resolvedManyBody = resolveManyBodyConfig(manyBody);
    study = resolveStudyConfig(rest as StudyConfigInput);
  }
  if (resolvedManyBody.initial === "slater" && study.state.kind !== "slater") {
    throw new ParameterError(
      "state.kind",
      `manyBody.initial "slater" starts both sides from a Slater determinant (gamma_0 = omega_0); set state.kind to "slater", or manyBody.initial to "ground" with state.kind "ground", got "${study.state.kind}"`,
    );
  }
  if (resolvedManyBody.initial === "ground") {
    if (study.state.kind !== "ground") {
      throw new ParameterError(
        "state.kind",
        `manyBody.initial "ground" starts Hartree-Fock from its self-consistent ground state; set state.kind to "ground", got "${study.state.kind}"`,
      );
    }
    if (study.state.temperature !== 0) {
      throw new ParameterError(
        "state.temperature",
        `manyBody.initial "ground" compares ground states (T = 0); set state.temperature to 0, got ${study.state.temperature}`,
      );
    }
  }
  const kind = study.interaction.kind;
  if (resolvedManyBody.method === "grid" && (kind === "power" || kind === "coulomb")) {
    throw new ParameterError(
      "interaction.kind",
      `"${kind}" is infinite on the diagonal x_i = x_j of the tensor grid; use "gaussian" or "soft-power", or manyBody.method "basis"`,
    );
  }
  return Object.freeze({ study, manyBody: resolvedManyBody });
}

/** M of the basis method at N: manyBody.basisSize, else 2 N + 8; M' = largerBasisSize, else M + 4. */
export function chainBasisSize(config: ManyBodyConfig, N: number): { M: number; larger: number } {
  const M = config.basisSize ?? 2 * N + 8;
  const larger = config.largerBasisSize ?? M + 4;
  return { M, larger };
}

/**
 * Resolves the config, plans the study's grids per N and checks, before any work, that the
 * many-body side of every N fits in config.budget.maxBytes: the grid method needs
 * {@link chainGridBytesPerPoint} M^N bytes (requireTensorBudget), the basis method the sparse
 * H_N of C(M', N) determinants (requireBasisBudget). The grid method's refinement run (its floor,
 * M' = manyBody.refinedPoints, default 2M, per axis) runs at every N where M'^N fits the budget;
 * an N where it does not reports the floor of the largest smaller N that fits (`floorFromN`).
 * Refusals name `N[i]` (grid), `manyBody.refinedPoints` (no N can be refined) or
 * `manyBody.basisSize`, with the bytes and the fix. Cost O(#N^2) plus planStudy.
 */
export function planChain(input: ChainConfigInput | ChainConfig): ChainPlan {
  const config = resolveChainConfig(input);
  const study = planStudy(config.study);
  const maxBytes = config.study.budget.maxBytes;
  const cases = study.entries.map((entry, i): ChainCase => {
    const N = entry.N;
    const grid: Grid =
      config.manyBody.points === undefined
        ? entry.grid
        : createGrid({
            dimension: entry.grid.dimension,
            points: config.manyBody.points,
            box: entry.grid.box,
            center: entry.grid.origin.map((o, a) => o + entry.grid.box[a] / 2),
          });
    if (config.manyBody.method === "grid") {
      const perPoint = chainGridBytesPerPoint(config.manyBody);
      try {
        requireTensorBudget(grid, N, perPoint, maxBytes);
      } catch (error) {
        if (!(error instanceof ParameterError)) throw error;
        throw new ParameterError(
          `N[${i}]`,
          `N = ${N} on ${grid.size} points per axis: ${error.message.replace(/^particles: /, "")}` +
            ' (manyBody.points, budget.maxBytes, or manyBody.method "basis")',
        );
      }
      const refinedPoints = config.manyBody.refinedPoints ?? 2 * grid.size;
      if (refinedPoints <= grid.size) {
        throw new ParameterError(
          "manyBody.refinedPoints",
          `must exceed the ${grid.size} points per axis of N = ${N} (N[${i}]), got ${refinedPoints}`,
        );
      }
      const refinedBytes = refinedPoints ** N * perPoint;
      const fits = refinedBytes <= maxBytes;
      return {
        ...entry,
        grid,
        refinedGrid: fits
          ? createGrid({
              dimension: grid.dimension,
              points: refinedPoints,
              box: grid.box,
              center: grid.origin.map((o, a) => o + grid.box[a] / 2),
            })
          : undefined,
        manyBodyBytes: Math.max(grid.size ** N * perPoint, fits ? refinedBytes : 0),
      };
    }
    const { M, larger } = chainBasisSize(config.manyBody, N);
    if (larger > grid.size) {
      throw new ParameterError(
        config.manyBody.largerBasisSize === undefined
          ? "manyBody.basisSize"
          : "manyBody.largerBasisSize",
        `M' = ${larger} trap orbitals at N = ${N} exceed the ${grid.size} points of its grid; use fewer orbitals or more manyBody.points`,
      );
    }
    if (M < N) {
      throw new ParameterError(
        "manyBody.basisSize",
        `must be at least N = ${N} (N orbitals are occupied), got ${M}`,
      );
    }
    // A release from the interacting ground state holds two H_N: the trap's and the dynamics'.
    const hamiltonians =
      config.manyBody.initial === "ground" && config.study.dynamics.trap === "remove" ? 2 : 1;
    try {
      requireBasisBudget(larger, N, maxBytes / hamiltonians);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      throw new ParameterError(
        config.manyBody.largerBasisSize === undefined
          ? "manyBody.basisSize"
          : "manyBody.largerBasisSize",
        `at N = ${N} (N[${i}]) with M' = ${larger}: ${error.message.replace(/^basisSize: /, "")}` +
          (hamiltonians === 2
            ? " (a release from the ground state holds two H_N: half of budget.maxBytes each)"
            : ""),
      );
    }
    return {
      ...entry,
      grid,
      basisSize: M,
      largerBasisSize: larger,
      manyBodyBytes: hamiltonians * basisHamiltonianBytes(larger, N),
    };
  });
  if (config.manyBody.method === "grid") {
    return Object.freeze({
      config,
      study,
      cases: withFloorSources(cases, config.manyBody, maxBytes),
    });
  }
  return Object.freeze({ config, study, cases });
}

/**
 * Bytes per tensor point of the grid method for this config: {@link CHAIN_GRID_BYTES_PER_POINT},
 * or for manyBody.initial "ground" the Lanczos ground state before it (whichever is larger).
 */
export function chainGridBytesPerPoint(config: ManyBodyConfig): number {
  return config.initial === "ground"
    ? Math.max(CHAIN_GROUND_BYTES_PER_POINT + 16, CHAIN_GRID_BYTES_PER_POINT)
    : CHAIN_GRID_BYTES_PER_POINT;
}

/**
 * The grid method's floor source per N: the N itself when its refinement run fits the budget,
 * else the largest smaller N of the config whose run fits; none: a ParameterError naming
 * manyBody.refinedPoints with the bytes and the fix. Cost O(#N^2).
 */
function withFloorSources(
  cases: ChainCase[],
  manyBody: ManyBodyConfig,
  maxBytes: number,
): ChainCase[] {
  return cases.map((c, i) => {
    if (c.refinedGrid) return { ...c, floorFromN: c.N };
    const source = cases
      .filter((o) => o.refinedGrid !== undefined && o.N < c.N)
      .reduce<number | undefined>(
        (best, o) => (best === undefined || o.N > best ? o.N : best),
        undefined,
      );
    if (source === undefined) {
      const refined = manyBody.refinedPoints ?? 2 * c.grid.size;
      throw new ParameterError(
        "manyBody.refinedPoints",
        `the grid method's floor at N = ${c.N} (N[${i}]) refines to ${refined} points per axis, ` +
          `which does not fit budget.maxBytes = ${formatBytes(maxBytes)}, and no smaller N of the config fits; ` +
          "lower manyBody.refinedPoints (or manyBody.points), raise budget.maxBytes, or add a smaller N",
      );
    }
    return { ...c, floorFromN: source };
  });
}
