import type {
  ExternalPotential,
  MeanFieldPotential,
  PhaseSpaceGrid,
  ShiftMethod,
  Splitting,
} from "@semiclassical/grid";
import {
  noExternalPotential,
  ParameterError,
  requireFinite,
  requirePositive,
  requireSameGrid,
  requireSplitting,
} from "@semiclassical/grid";

/** Options of {@link VlasovSolver}. */
export interface VlasovOptions {
  /** Phase-space grid; W index = ix * velocity.size + iv (position axes, then velocity axes). */
  grid: PhaseSpaceGrid;
  /** Time step dt > 0. */
  dt: number;
  /** kappa > 0 in H = kappa |v|^2 + V_ext + V * rho (default 1, the seed's convention). */
  kappa?: number;
  /**
   * U = V * rho and its gradient (e.g. `FreeSpaceConvolution`, `PeriodicPoisson` of
   * @semiclassical/grid), on the position grid. Omitted: no interaction.
   */
  meanField?: MeanFieldPotential;
  /** V_ext(x, t) with its analytic gradient (default none). */
  externalPotential?: ExternalPotential;
  /** "strang" (default) or "order4" (Yoshida triple jump); see grid's `splittingSubsteps`. */
  splitting?: Splitting;
  /** How lines are shifted: "spectral" (default), "cubic-spline" or "quintic-spline". */
  shiftMethod?: ShiftMethod;
  /** The initial time t_0 of W0 (default 0); the solver's time is t_0 + steps dt. */
  time?: number;
  /**
   * true: W0 itself becomes the solver's state (not copied; the caller must not use it
   * afterwards), so a large phase space is held once, not twice. Default false (a copy).
   */
  adoptInitialState?: boolean;
}

/** {@link VlasovOptions} validated, with the defaults filled in. */
export interface ResolvedVlasovOptions {
  readonly grid: PhaseSpaceGrid;
  readonly dt: number;
  readonly kappa: number;
  readonly splitting: Splitting;
  readonly shiftMethod: ShiftMethod;
  readonly meanField: MeanFieldPotential | undefined;
  readonly externalPotential: ExternalPotential;
  readonly time: number;
}

const SHIFT_METHODS: readonly ShiftMethod[] = ["spectral", "cubic-spline", "quintic-spline"];

/**
 * Validates {@link VlasovOptions} (ParameterError naming the option) and fills in the defaults:
 * kappa = 1, "strang", "spectral", no mean field, no V_ext, t_0 = 0. Cost O(d).
 */
export function resolveVlasovOptions(options: VlasovOptions): ResolvedVlasovOptions {
  const grid = options.grid;
  if (
    grid === undefined ||
    grid.position === undefined ||
    grid.velocity === undefined ||
    grid.position.dimension !== grid.velocity.dimension
  ) {
    throw new ParameterError(
      "grid",
      "must be a PhaseSpaceGrid with position and velocity grids of one dimension (createPhaseSpaceGrid)",
    );
  }
  requirePositive("dt", options.dt);
  const kappa = options.kappa ?? 1;
  requirePositive("kappa", kappa);
  const splitting = options.splitting ?? "strang";
  requireSplitting("splitting", splitting);
  const shiftMethod = options.shiftMethod ?? "spectral";
  if (!SHIFT_METHODS.includes(shiftMethod)) {
    throw new ParameterError(
      "shiftMethod",
      `must be "spectral", "cubic-spline" or "quintic-spline", got ${JSON.stringify(shiftMethod)}`,
    );
  }
  if (options.meanField !== undefined) {
    requireSameGrid("meanField", grid.position, options.meanField.grid);
  }
  const time = options.time ?? 0;
  requireFinite("time", time);
  return {
    grid,
    dt: options.dt,
    kappa,
    splitting,
    shiftMethod,
    meanField: options.meanField,
    externalPotential: options.externalPotential ?? noExternalPotential,
    time,
  };
}

/** Throws a ParameterError naming `parameter` unless W is a Float64Array of grid.size values. */
export function requirePhaseSpaceState(
  parameter: string,
  W: Float64Array,
  grid: PhaseSpaceGrid,
): void {
  if (!(W instanceof Float64Array) || W.length !== grid.size) {
    throw new ParameterError(
      parameter,
      `must be a Float64Array of grid.size = ${grid.size} values ` +
        `(index ix * ${grid.velocity.size} + iv), got length ${(W as { length?: number })?.length}`,
    );
  }
}
