import { ParameterError } from "./errors.js";
import { nextPowerOfTwo, requirePositive, requirePowerOfTwo } from "./validation.js";

/** Space dimension d of the problem (THEORY.md section 1). */
export type Dimension = 1 | 2 | 3;

/**
 * A uniform, periodic-indexed grid on a box in R^d (THEORY.md section 2).
 *
 * Axis a has `shape[a]` points x_i = origin[a] + i * spacing[a], i = 0..shape[a]-1, so the box
 * has side L_a = shape[a] * spacing[a]. Arrays on the grid are row-major with the last axis
 * fastest: the value at (i_0, ..., i_{d-1}) sits at index sum_a i_a * strides[a].
 */
export interface Grid {
  readonly dimension: Dimension;
  /** Points per axis n_a (powers of two, >= 2). */
  readonly shape: readonly number[];
  /** Spacing dx_a per axis. */
  readonly spacing: readonly number[];
  /** First point x_0 per axis. */
  readonly origin: readonly number[];
  /** Side L_a = n_a dx_a per axis. */
  readonly box: readonly number[];
  /** Row-major strides (in elements, not complex pairs). */
  readonly strides: readonly number[];
  /** Total number of points prod_a n_a. */
  readonly size: number;
  /** Cell volume dx^d = prod_a dx_a. */
  readonly cellVolume: number;
}

/** Options of {@link createGrid}. A scalar applies to every axis. */
export interface GridOptions {
  dimension: Dimension;
  /** Points per axis (power of two). */
  points: number | readonly number[];
  /** Side L of the box per axis. */
  box: number | readonly number[];
  /** Centre of the box per axis (default 0): points run from centre - L/2 to centre + L/2 - dx. */
  center?: number | readonly number[];
}

function perAxis(name: string, value: number | readonly number[], d: number): number[] {
  const list = typeof value === "number" ? new Array<number>(d).fill(value) : [...value];
  if (list.length !== d) {
    throw new ParameterError(name, `needs ${d} entries (one per axis), got ${list.length}`);
  }
  return list;
}

function requireDimension(dimension: number): asserts dimension is Dimension {
  if (dimension !== 1 && dimension !== 2 && dimension !== 3) {
    throw new ParameterError("dimension", `must be 1, 2 or 3, got ${String(dimension)}`);
  }
}

/**
 * Creates a uniform grid with n_a points on a box of side L_a centred at c_a:
 * x_i = c_a - L_a/2 + i L_a/n_a. Cost O(d).
 */
export function createGrid(options: GridOptions): Grid {
  const { dimension } = options;
  requireDimension(dimension);
  const shape = perAxis("points", options.points, dimension);
  const box = perAxis("box", options.box, dimension);
  const center = perAxis("center", options.center ?? 0, dimension);
  for (let a = 0; a < dimension; a++) {
    requirePowerOfTwo(dimension === 1 ? "points" : `points[${a}]`, shape[a]);
    requirePositive(dimension === 1 ? "box" : `box[${a}]`, box[a]);
  }
  const spacing = shape.map((n, a) => box[a] / n);
  const origin = center.map((c, a) => c - box[a] / 2);
  const strides = new Array<number>(dimension);
  let size = 1;
  for (let a = dimension - 1; a >= 0; a--) {
    strides[a] = size;
    size *= shape[a];
  }
  const cellVolume = spacing.reduce((v, h) => v * h, 1);
  return Object.freeze({ dimension, shape, spacing, origin, box, strides, size, cellVolume });
}

/** The points x_i = origin + i dx of one axis. Cost O(n), allocates n doubles. */
export function axisPoints(grid: Grid, axis = 0): Float64Array {
  const n = grid.shape[axis];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = grid.origin[axis] + i * grid.spacing[axis];
  return out;
}

/**
 * Angular wave numbers of an n-point FFT with spacing dx, in FFT order:
 * k_j = 2 pi j / (n dx) for j < n/2 and 2 pi (j - n) / (n dx) for j >= n/2. Cost O(n).
 */
export function waveNumbers(n: number, dx: number): Float64Array {
  const k = new Float64Array(n);
  const dk = (2 * Math.PI) / (n * dx);
  for (let j = 0; j < n; j++) k[j] = (j < n / 2 ? j : j - n) * dk;
  return k;
}

/** The FFT-ordered wave numbers of one axis of a grid (see {@link waveNumbers}). */
export function axisWaveNumbers(grid: Grid, axis = 0): Float64Array {
  return waveNumbers(grid.shape[axis], grid.spacing[axis]);
}

/**
 * Coordinates of every grid point, one Float64Array of length `size` per axis (row-major).
 * Cost O(d * size), allocates d * size doubles.
 */
export function meshCoordinates(grid: Grid): Float64Array[] {
  const coords = grid.shape.map(() => new Float64Array(grid.size));
  for (let index = 0; index < grid.size; index++) {
    let rest = index;
    for (let a = 0; a < grid.dimension; a++) {
      const i = Math.floor(rest / grid.strides[a]);
      rest -= i * grid.strides[a];
      coords[a][index] = grid.origin[a] + i * grid.spacing[a];
    }
  }
  return coords;
}

/** Evaluates f(x) at every grid point (x has d coordinates). Cost O(size) calls of f. */
export function sampleOnGrid(grid: Grid, f: (x: readonly number[]) => number): Float64Array {
  const coords = meshCoordinates(grid);
  const out = new Float64Array(grid.size);
  const x = new Array<number>(grid.dimension);
  for (let index = 0; index < grid.size; index++) {
    for (let a = 0; a < grid.dimension; a++) x[a] = coords[a][index];
    out[index] = f(x);
  }
  return out;
}

/**
 * Largest momentum a grid of spacing dx resolves at semiclassical parameter eps:
 * v_res = pi eps / (2 dx) (THEORY.md section 2, dx <= pi eps / (2 v_max)).
 */
export function resolvedVelocity(dx: number, epsilon: number): number {
  return (Math.PI * epsilon) / (2 * dx);
}

/**
 * Throws a {@link ParameterError} naming the numbers unless every axis of `grid` resolves
 * momenta up to `vMax` at semiclassical parameter eps: dx_a <= pi eps / (2 v_max). Cost O(d).
 */
export function assertResolves(grid: Grid, epsilon: number, vMax: number): void {
  requirePositive("epsilon", epsilon);
  requirePositive("vMax", vMax);
  const dxMax = (Math.PI * epsilon) / (2 * vMax);
  grid.spacing.forEach((dx, a) => {
    if (dx > dxMax * (1 + 1e-12)) {
      const needed = nextPowerOfTwo(Math.ceil(grid.box[a] / dxMax));
      throw new ParameterError(
        grid.dimension === 1 ? "grid.points" : `grid.points[${a}]`,
        `the grid does not resolve epsilon = ${epsilon}: dx = ${dx.toPrecision(4)} > ` +
          `pi*epsilon/(2*vMax) = ${dxMax.toPrecision(4)} (vMax = ${vMax}); ` +
          `use at least ${needed} points on a box of ${grid.box[a]} or a smaller box`,
      );
    }
  });
}

/** Options of {@link gridForEpsilon}. */
export interface EpsilonGridOptions {
  dimension: Dimension;
  /** Semiclassical parameter eps = N^(-1/d). */
  epsilon: number;
  /** Side L of the box (the state must vanish at its edges). */
  box: number;
  /** Bound v_max on the momentum support of the state. */
  vMax: number;
  /** Optional extra refinement: dx <= dxOverEps * eps as well. */
  dxOverEps?: number;
  /** Refuse grids with more points per axis than this (default 8192 in 1D, 512 in 2D, 64 in 3D). */
  maxPoints?: number;
}

/**
 * Chooses the coarsest power-of-two grid on a box of side L (centred at 0) that resolves eps:
 * dx <= min(pi eps / (2 v_max), dxOverEps * eps) (THEORY.md section 2; Bao, Jin, Markowich 2002:
 * h = O(eps)). Throws a {@link ParameterError} if that needs more than `maxPoints` per axis.
 * Cost O(d).
 */
export function gridForEpsilon(options: EpsilonGridOptions): Grid {
  const { dimension, epsilon, box, vMax } = options;
  requireDimension(dimension);
  requirePositive("epsilon", epsilon);
  requirePositive("box", box);
  requirePositive("vMax", vMax);
  let dxMax = (Math.PI * epsilon) / (2 * vMax);
  if (options.dxOverEps !== undefined) {
    requirePositive("dxOverEps", options.dxOverEps);
    dxMax = Math.min(dxMax, options.dxOverEps * epsilon);
  }
  const maxPoints = options.maxPoints ?? ({ 1: 8192, 2: 512, 3: 64 } as const)[dimension];
  const points = Math.max(2, nextPowerOfTwo(Math.ceil(box / dxMax)));
  if (points > maxPoints) {
    throw new ParameterError(
      "epsilon",
      `resolving epsilon = ${epsilon} with vMax = ${vMax} on a box of ${box} needs ${points} ` +
        `points per axis (dx <= ${dxMax.toPrecision(4)}), more than maxPoints = ${maxPoints}; ` +
        "use a larger epsilon (smaller N), a smaller box, or raise maxPoints",
    );
  }
  return createGrid({ dimension, points, box });
}

/**
 * A phase-space grid: a position grid times a velocity grid of the same dimension d. A function
 * W(x, v) on it is row-major with all position axes first: index = ix * velocity.size + iv.
 */
export interface PhaseSpaceGrid {
  readonly position: Grid;
  readonly velocity: Grid;
  /** position.size * velocity.size. */
  readonly size: number;
  /** Phase-space cell volume dx^d dv^d. */
  readonly cellVolume: number;
}

/** Pairs a position grid with a velocity grid of the same dimension. Cost O(1). */
export function createPhaseSpaceGrid(position: Grid, velocity: Grid): PhaseSpaceGrid {
  if (position.dimension !== velocity.dimension) {
    throw new ParameterError(
      "velocity",
      `must have the dimension of the position grid (${position.dimension}), got ${velocity.dimension}`,
    );
  }
  return Object.freeze({
    position,
    velocity,
    size: position.size * velocity.size,
    cellVolume: position.cellVolume * velocity.cellVolume,
  });
}

/** True when two grids are the same discretization: dimension, shape, spacing and origin (to 1e-12 relative). Cost O(d). */
export function sameGrid(a: Grid, b: Grid): boolean {
  return (
    a.dimension === b.dimension &&
    a.shape.every((n, k) => n === b.shape[k]) &&
    a.spacing.every((h, k) => Math.abs(h - b.spacing[k]) <= 1e-12 * Math.abs(h)) &&
    a.origin.every(
      (o, k) => Math.abs(o - b.origin[k]) <= 1e-12 * Math.max(1, Math.abs(o), a.box[k]),
    )
  );
}

/**
 * Throws a {@link ParameterError} naming `parameter` unless `actual` is the same grid as
 * `expected` ({@link sameGrid}); the message gives both grids. Cost O(d).
 */
export function requireSameGrid(parameter: string, expected: Grid, actual: Grid): void {
  if (sameGrid(expected, actual)) return;
  const describe = (g: Grid) =>
    `shape [${g.shape.join(", ")}], spacing [${g.spacing.join(", ")}], origin [${g.origin.join(", ")}]`;
  throw new ParameterError(
    parameter,
    `lives on a different grid (${describe(actual)}) than expected (${describe(expected)}); ` +
      "build it on the same grid",
  );
}
