import { createGrid, type Grid, ParameterError } from "@semiclassical/grid";
import {
  basisHamiltonianBytes,
  requireBasisBudget,
  requireTensorBudget,
} from "@semiclassical/many-body";
import type { StudyConfig, StudyConfigInput } from "./config-types.js";
import { planStudy, type StudyPlan, type StudyPlanEntry } from "./plan.js";
import { resolveStudyConfig } from "./resolve-config.js";

/** How the chain computes gamma_t, the many-body side (see {@link ChainConfigInput}). */
export interface ManyBodyConfigInput {
  /** "grid": exact on the M^N tensor grid (N <= 4 in 1D); "basis": M trap orbitals (CI). */
  readonly method: "grid" | "basis";
  /** M, the trap orbitals of the basis method (default 2 N + 8). */
  readonly basisSize?: number;
  /** M' > M, the basis of the basis-size floor (default M + 4). */
  readonly largerBasisSize?: number;
  /**
   * Points per axis of the one quantum grid gamma, omega and omega~ share (both methods; on the
   * study's box). Default: the study's quantum grid of that N (planStudy).
   */
  readonly points?: number;
  /** Krylov error tolerance per step of the basis method (default 1e-10). */
  readonly tolerance?: number;
}

/** The resolved many-body section (defaults filled; `basisSize` per N is {@link chainBasisSize}). */
export interface ManyBodyConfig {
  readonly method: "grid" | "basis";
  readonly basisSize?: number;
  readonly largerBasisSize?: number;
  readonly points?: number;
  readonly tolerance: number;
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
  /** Bytes the many-body side needs at this N (checked against config.budget.maxBytes). */
  readonly manyBodyBytes: number;
}

/** The resolved config and its cases (see {@link planChain}). */
export interface ChainPlan {
  readonly config: ChainConfig;
  readonly study: StudyPlan;
  readonly cases: readonly ChainCase[];
}

/** Bytes per tensor point of the grid method in the chain: two solvers (V and V = 0) + psi_0. */
export const CHAIN_GRID_BYTES_PER_POINT = 2 * 48 + 16;

const MANY_BODY_KEYS = ["method", "basisSize", "largerBasisSize", "points", "tolerance"];

function integerAtLeast(path: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ParameterError(path, `must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Validates the `manyBody` section (field-path messages: "manyBody.basisSize: ..."). Cost O(1).
 */
export function resolveManyBodyConfig(input: unknown): ManyBodyConfig {
  if (input === undefined) {
    throw new ParameterError(
      "manyBody",
      'is required: { "method": "grid" } (N <= 4 in 1D) or { "method": "basis", "basisSize": M }',
    );
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ParameterError("manyBody", `must be an object, got ${JSON.stringify(input)}`);
  }
  const section = input as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!MANY_BODY_KEYS.includes(key)) {
      throw new ParameterError(
        `manyBody.${key}`,
        `unknown field; known fields: ${MANY_BODY_KEYS.join(", ")}`,
      );
    }
  }
  const method = section.method;
  if (method !== "grid" && method !== "basis") {
    throw new ParameterError(
      "manyBody.method",
      `must be "grid" or "basis", got ${JSON.stringify(method)}`,
    );
  }
  const basisSize = integerAtLeast("manyBody.basisSize", section.basisSize, 1);
  const largerBasisSize = integerAtLeast("manyBody.largerBasisSize", section.largerBasisSize, 2);
  const points = integerAtLeast("manyBody.points", section.points, 4);
  if (method === "grid" && (basisSize !== undefined || largerBasisSize !== undefined)) {
    throw new ParameterError(
      "manyBody.basisSize",
      'belongs to the basis method; remove it or set manyBody.method to "basis"',
    );
  }
  if (points !== undefined && (points & (points - 1)) !== 0) {
    throw new ParameterError(
      "manyBody.points",
      `must be a power of two (the FFT grids), got ${points}`,
    );
  }
  if (basisSize !== undefined && largerBasisSize !== undefined && largerBasisSize <= basisSize) {
    throw new ParameterError(
      "manyBody.largerBasisSize",
      `must exceed manyBody.basisSize = ${basisSize} (it is the basis of the floor), got ${largerBasisSize}`,
    );
  }
  const tolerance = section.tolerance ?? 1e-10;
  if (typeof tolerance !== "number" || !(tolerance > 0 && tolerance < 1)) {
    throw new ParameterError(
      "manyBody.tolerance",
      `must be a number in (0, 1), got ${JSON.stringify(tolerance)}`,
    );
  }
  return Object.freeze({ method, basisSize, largerBasisSize, points, tolerance });
}

/** Splits a chain input into its study part (resolved by `resolveStudyConfig`) and `manyBody`. */
export function resolveChainConfig(input: ChainConfigInput | ChainConfig): ChainConfig {
  if (typeof input === "object" && input !== null && "study" in input && "manyBody" in input) {
    const given = input as ChainConfig;
    return { study: resolveStudyConfig(given.study), manyBody: given.manyBody };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ParameterError("config", `must be an object, got ${JSON.stringify(input)}`);
  }
  const { manyBody, ...rest } = input as ChainConfigInput;
  const resolvedManyBody = resolveManyBodyConfig(manyBody);
  const study = resolveStudyConfig(rest as StudyConfigInput);
  if (study.state.kind !== "slater") {
    throw new ParameterError(
      "state.kind",
      `the chain starts from a Slater determinant (gamma_0 = omega_0); set state.kind to "slater", got "${study.state.kind}"`,
    );
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
 * {@link CHAIN_GRID_BYTES_PER_POINT} M^N bytes (requireTensorBudget), the basis method the sparse
 * H_N of C(M', N) determinants (requireBasisBudget). Refusals name `N[i]` (grid) or
 * `manyBody.basisSize`, with the bytes and the fix. Cost O(#N) plus planStudy.
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
      try {
        requireTensorBudget(grid, N, CHAIN_GRID_BYTES_PER_POINT, maxBytes);
      } catch (error) {
        if (!(error instanceof ParameterError)) throw error;
        throw new ParameterError(
          `N[${i}]`,
          `N = ${N} on ${grid.size} points per axis: ${error.message.replace(/^particles: /, "")}` +
            ' (manyBody.points, budget.maxBytes, or manyBody.method "basis")',
        );
      }
      return {
        ...entry,
        grid,
        manyBodyBytes: grid.size ** N * CHAIN_GRID_BYTES_PER_POINT,
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
    try {
      requireBasisBudget(larger, N, maxBytes);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      throw new ParameterError(
        config.manyBody.largerBasisSize === undefined
          ? "manyBody.basisSize"
          : "manyBody.largerBasisSize",
        `at N = ${N} (N[${i}]) with M' = ${larger}: ${error.message.replace(/^basisSize: /, "")}`,
      );
    }
    return {
      ...entry,
      grid,
      basisSize: M,
      largerBasisSize: larger,
      manyBodyBytes: basisHamiltonianBytes(larger, N),
    };
  });
  return Object.freeze({ config, study, cases });
}
