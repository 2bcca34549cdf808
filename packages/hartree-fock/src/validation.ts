import type { ExternalPotential, Grid, InteractionKernel } from "@semiclassical/grid";
import { meshCoordinates, ParameterError } from "@semiclassical/grid";
import type { ComplexConvolution } from "./exchange.js";
import type { State } from "./types.js";

/**
 * What the solvers need of a mean-field potential U = V * rho: the structure of grid's
 * `MeanFieldPotential` (FreeSpaceConvolution, PeriodicPoisson). The exchange term additionally
 * needs `convolveComplex` (FreeSpaceConvolution), and the dense exchange needs `kernel`.
 */
export interface MeanField {
  readonly grid: Grid;
  potential(density: Float64Array, out?: Float64Array): Float64Array;
  readonly kernel?: InteractionKernel;
  convolveComplex?(f: Float64Array, out?: Float64Array): Float64Array;
}

/** True when the mean field can also convolve complex functions (needed by the exchange term). */
export function hasComplexConvolution(
  meanField: MeanField | undefined,
): meanField is MeanField & ComplexConvolution {
  return meanField !== undefined && typeof meanField.convolveComplex === "function";
}

/** Throws unless `kappa` is a finite number > 0. */
export function requireKappa(kappa: number): void {
  if (typeof kappa !== "number" || !Number.isFinite(kappa) || kappa <= 0) {
    throw new ParameterError(
      "kappa",
      `must be a finite number > 0 (1 is the seed's convention, 1/2 the physics one), got ${String(kappa)}`,
    );
  }
}

/**
 * Checks the layout of a state (lengths, epsilon, occupations in [0, 1]); the orthonormality of
 * orbitals and the spectrum of dense states are checked by the callers. Cost O(K) or O(1).
 */
export function requireStateLayout(state: State): void {
  if (state === null || typeof state !== "object") {
    throw new ParameterError("state", "must be a density matrix (orbital or dense form)");
  }
  const { grid, epsilon } = state;
  if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new ParameterError(
      "state.epsilon",
      `must be a finite number > 0, got ${String(epsilon)}`,
    );
  }
  const m = grid.size;
  if (state.form === "orbital") {
    const count = state.occupations.length;
    if (count === 0)
      throw new ParameterError("state.occupations", "must hold at least one orbital");
    if (state.orbitals.length !== 2 * count * m) {
      throw new ParameterError(
        "state.orbitals",
        `must hold ${count} orbitals of ${m} complex values (${2 * count * m} numbers), got ${state.orbitals.length}`,
      );
    }
    for (let k = 0; k < count; k++) {
      const l = state.occupations[k];
      if (!(l >= -1e-12 && l <= 1 + 1e-12)) {
        throw new ParameterError(
          `state.occupations[${k}]`,
          `must lie in [0, 1] (fermionic: 0 <= omega <= 1), got ${l}`,
        );
      }
    }
  } else if (state.form === "dense") {
    if (grid.dimension !== 1) {
      throw new ParameterError(
        "state.form",
        `the dense form is for 1D grids (n x n matrices), got d = ${grid.dimension}; use the orbital form`,
      );
    }
    if (state.data.length !== 2 * m * m) {
      throw new ParameterError(
        "state.data",
        `must hold an n x n interleaved complex matrix (${2 * m * m} numbers), got ${state.data.length}`,
      );
    }
  } else {
    throw new ParameterError(
      "state.form",
      `must be "orbital" or "dense", got ${String((state as { form: unknown }).form)}`,
    );
  }
}

/**
 * Samples V_ext(., t) on the grid without allocating: the coordinates are computed once, and a
 * time-independent potential is sampled only once.
 */
export class ExternalSampler {
  private readonly coordinates: Float64Array[];
  private readonly point: number[];
  private readonly values: Float64Array;
  private sampledOnce = false;

  constructor(
    readonly grid: Grid,
    readonly potential: ExternalPotential,
  ) {
    this.coordinates = meshCoordinates(grid);
    this.point = new Array<number>(grid.dimension).fill(0);
    this.values = new Float64Array(grid.size);
  }

  /** V_ext(x_i, t) for every grid point. Cost O(size) calls (none for a static potential after the first). */
  sample(t: number): Float64Array {
    if (this.sampledOnce && !this.potential.timeDependent) return this.values;
    const x = this.point;
    for (let index = 0; index < this.grid.size; index++) {
      for (let a = 0; a < this.grid.dimension; a++) x[a] = this.coordinates[a][index];
      const v = this.potential.value(x, t);
      if (!Number.isFinite(v)) {
        throw new ParameterError(
          "externalPotential",
          `${this.potential.name} is not finite (${v}) at x = [${x.join(", ")}], t = ${t}`,
        );
      }
      this.values[index] = v;
    }
    this.sampledOnce = true;
    return this.values;
  }

  /** Mesh coordinates (one array per axis). */
  get mesh(): Float64Array[] {
    return this.coordinates;
  }
}
