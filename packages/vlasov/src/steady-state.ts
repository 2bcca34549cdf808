import type { ExternalPotential, MeanFieldPotential, PhaseSpaceGrid } from "@semiclassical/grid";
import {
  Mixer,
  type MixingOptions,
  meshCoordinates,
  noExternalPotential,
  ParameterError,
  requireFinite,
  requirePositive,
  requireSameGrid,
  samplePotential,
  samplePotentialGradient,
} from "@semiclassical/grid";
import { velocityIntegral } from "./density.js";
import { fermi, fillState, type Problem, solveChemicalPotential } from "./fermi-profile.js";

/** Options of {@link vlasovSteadyState}. */
export interface SteadyStateOptions {
  /** Phase-space grid; f index = ix * velocity.size + iv (as the VlasovSolver's W). */
  grid: PhaseSpaceGrid;
  /** kappa > 0 in H = kappa |v|^2 + V_ext + V * rho (default 1). */
  kappa?: number;
  /** V_ext (sampled at t = 0; default none). */
  externalPotential?: ExternalPotential;
  /** U = V * rho on the position grid (FreeSpaceConvolution, ...). Omitted: no interaction. */
  meanField?: MeanFieldPotential;
  /** Temperature T >= 0 in phi(H) = 1/(1 + e^((H - mu)/T)); T = 0 is smoothed (see below). */
  temperature: number;
  /**
   * T = 0 only: the Fermi step is replaced by the Fermi-Dirac profile of width
   * delta = zeroTemperatureCells * dH_cell (default 2), dH_cell the change of H across one
   * phase-space cell at the Fermi surface (see {@link vlasovSteadyState}).
   */
  zeroTemperatureCells?: number;
  /** Density mixing of the fixed point (default Anderson, weight 0.5, history 5). */
  mixing?: MixingOptions;
  /** Stop when ||rho_out - rho_in||_L1 <= tolerance (default 1e-12; rho has mass 1). */
  tolerance?: number;
  /** At most this many fixed-point iterations (default 200). */
  maxIterations?: number;
  /** Largest phi allowed on the box edges (default 1e-10): a larger value means the box cuts f. */
  edgeTolerance?: number;
  /** Starting density rho_in (position.size values); default the non-interacting state's. */
  initialDensity?: Float64Array;
  /** Called after every iteration (progress reporting). */
  onIteration?: (info: SteadyStateIteration) => void;
}

/** Progress of one fixed-point iteration. */
export interface SteadyStateIteration {
  /** 1-based iteration number. */
  readonly iteration: number;
  /** ||rho_out - rho_in||_L1 of this iteration. */
  readonly residual: number;
  /** mu of this iteration. */
  readonly chemicalPotential: number;
}

/** A self-consistent Vlasov steady state f = (2 pi)^-d phi(H) and its diagnostics. */
export interface VlasovSteadyState {
  /** f(x, v) on the phase-space grid (index ix * velocity.size + iv). */
  readonly W: Float64Array;
  /** rho_f = int f dv (Riemann sum over the velocity grid, as the VlasovSolver's). */
  readonly density: Float64Array;
  /** U = V_ext + V * rho_in in H (rho_in the last input density; equals rho_f to `residual`). */
  readonly potential: Float64Array;
  /** mu with int int f = 1. */
  readonly chemicalPotential: number;
  /** The requested T. */
  readonly temperature: number;
  /** The width used in phi: T, or for T = 0 the smoothing width delta. */
  readonly width: number;
  /** Fixed-point iterations performed (0 without interaction). */
  readonly iterations: number;
  /** Final self-consistency residual ||rho_f - rho_in||_L1. */
  readonly residual: number;
  /** Residual of every iteration. */
  readonly residualHistory: readonly number[];
  /** sum f dx^d dv^d (1 to bisection accuracy). */
  readonly mass: number;
  /** max f; the classical Pauli bound is max f <= (2 pi)^-d. */
  readonly maxValue: number;
  /** (2 pi)^-d. */
  readonly pauliBound: number;
  /** Largest phi on the position edges of the box. */
  readonly positionEdgeValue: number;
  /** Largest phi on the velocity edges of the box. */
  readonly velocityEdgeValue: number;
}

/** Indices of the grid points on the boundary of the box (some index 0 or n_a - 1). */
function isEdge(shape: readonly number[], strides: readonly number[], index: number): boolean {
  let rest = index;
  for (let a = 0; a < shape.length; a++) {
    const i = Math.floor(rest / strides[a]);
    rest -= i * strides[a];
    if (i === 0 || i === shape[a] - 1) return true;
  }
  return false;
}

/** Largest phi on the position edges and on the velocity edges. Cost O(size). */
function edgeValues(problem: Problem, U: Float64Array, mu: number, w: number): [number, number] {
  const { grid, kinetic } = problem;
  let minK = Number.POSITIVE_INFINITY;
  let edgeK = Number.POSITIVE_INFINITY;
  for (let iv = 0; iv < kinetic.length; iv++) {
    minK = Math.min(minK, kinetic[iv]);
    if (isEdge(grid.velocity.shape, grid.velocity.strides, iv))
      edgeK = Math.min(edgeK, kinetic[iv]);
  }
  let minU = Number.POSITIVE_INFINITY;
  let edgeU = Number.POSITIVE_INFINITY;
  for (let ix = 0; ix < U.length; ix++) {
    minU = Math.min(minU, U[ix]);
    if (isEdge(grid.position.shape, grid.position.strides, ix)) edgeU = Math.min(edgeU, U[ix]);
  }
  return [fermi((minK + edgeU - mu) / w), fermi((edgeK + minU - mu) / w)];
}

/** Throws a ParameterError naming the axis whose box cuts the state. */
function requireInsideBox(
  problem: Problem,
  U: Float64Array,
  mu: number,
  w: number,
  tolerance: number,
): [number, number] {
  const [positionEdge, velocityEdge] = edgeValues(problem, U, mu, w);
  if (velocityEdge > tolerance) {
    throw new ParameterError(
      "grid.velocity",
      `the velocity box cuts the steady state: phi = ${velocityEdge.toPrecision(3)} at the ` +
        `velocity edge (edgeTolerance ${tolerance}); enlarge the velocity box (the state ` +
        `reaches kappa |v|^2 ~ mu - min U + 25 T), or raise edgeTolerance`,
    );
  }
  if (positionEdge > tolerance) {
    throw new ParameterError(
      "grid.position",
      `the position box cuts the steady state: phi = ${positionEdge.toPrecision(3)} at the ` +
        `position edge (edgeTolerance ${tolerance}); enlarge the position box or use a ` +
        "confining V_ext (e.g. a harmonic trap), or raise edgeTolerance",
    );
  }
  return [positionEdge, velocityEdge];
}

/**
 * T = 0 smoothing width delta = cells * dH_cell, dH_cell = max_a max(2 kappa v_F dv_a,
 * G_a dx_a): the change of H across one cell at the Fermi surface, in velocity (|d_v H| =
 * 2 kappa |v| <= 2 kappa v_F) and position (G_a = max |d_a V_ext| over {V_ext <= mu_0}); mu_0 is
 * the sharp (step) Fermi level of H_0 = kappa |v|^2 + V_ext counted on the grid, v_F =
 * sqrt((mu_0 - min V_ext)/kappa). Cost O(size log) (bisection on the count).
 */
function zeroTemperatureWidth(
  problem: Problem,
  U: Float64Array,
  gradient: Float64Array[],
  kappa: number,
  cells: number,
): number {
  const { grid, kinetic } = problem;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < U.length; i++) {
    lo = Math.min(lo, U[i]);
    hi = Math.max(hi, U[i]);
  }
  const minU = lo;
  let maxK = 0;
  for (let i = 0; i < kinetic.length; i++) maxK = Math.max(maxK, kinetic[i]);
  hi += maxK;
  const count = (mu: number) => {
    let c = 0;
    for (let ix = 0; ix < U.length; ix++) {
      for (let iv = 0; iv < kinetic.length; iv++) if (kinetic[iv] + U[ix] < mu) c++;
    }
    return c * problem.weight;
  };
  for (let k = 0; k < 60; k++) {
    const mid = 0.5 * (lo + hi);
    if (count(mid) < 1) lo = mid;
    else hi = mid;
  }
  const mu0 = hi;
  const vF = Math.sqrt(Math.max(mu0 - minU, 0) / kappa);
  let dH = 0;
  for (let a = 0; a < grid.position.dimension; a++) {
    dH = Math.max(dH, 2 * kappa * vF * grid.velocity.spacing[a]);
    let g = 0;
    for (let ix = 0; ix < U.length; ix++) {
      if (U[ix] <= mu0) g = Math.max(g, Math.abs(gradient[a][ix]));
    }
    dH = Math.max(dH, g * grid.position.spacing[a]);
  }
  return cells * dH;
}

/**
 * Self-consistent Vlasov steady state (THEORY.md sections 1 and 6):
 *   f(x, v) = (2 pi)^-d phi(H(x, v)),  H = kappa |v|^2 + V_ext(x) + (V * rho_f)(x),
 *   phi(H) = 1/(1 + e^((H - mu)/T)),  mu such that int int f = 1,
 * so 0 <= f <= (2 pi)^-d (the classical Pauli bound) and {f, H} = 0: f is stationary under the
 * Vlasov flow. All integrals are the Riemann sums of the phase-space grid, as the VlasovSolver
 * computes them, so f is normalized and self-consistent for the discrete density.
 *
 * T = 0 (the classical Fermi sea phi = 1_{H < mu}) cannot be sampled smoothly; it is replaced by
 * the Fermi-Dirac profile of width delta = zeroTemperatureCells * dH_cell (see the option), i.e.
 * the step smoothed over about two phase-space cells in H; `width` reports delta. As the grid is
 * refined delta -> 0 and f tends to the Fermi sea.
 *
 * Algorithm: rho_in = the non-interacting state's density (or `initialDensity`); repeat:
 * U = V_ext + V * rho_in (the mean field's `potential`), mu by safeguarded Newton on the mass,
 * rho_out = int f dv, residual r = ||rho_out - rho_in||_L1; stop when r <= tolerance, else
 * rho_in <- mix(rho_in, rho_out) (Anderson or linear). Throws a ParameterError if the box cuts
 * the state (phi > edgeTolerance on an edge; checked on the non-interacting state before the
 * loop and on the result), if the phase-space box is too small to hold mass 1, or if the loop
 * does not converge within maxIterations (naming the residual).
 *
 * Cost per iteration: one mean-field potential O(M log M) plus ~10-60 mass evaluations of
 * O(size) exponentials each (Newton on mu); memory O(size) for f plus O(history M) for the
 * mixer.
 */
export function vlasovSteadyState(options: SteadyStateOptions): VlasovSteadyState {
  const grid = options.grid;
  if (grid === undefined || grid.position === undefined || grid.velocity === undefined) {
    throw new ParameterError("grid", "must be a PhaseSpaceGrid (createPhaseSpaceGrid)");
  }
  const d = grid.position.dimension;
  const kappa = options.kappa ?? 1;
  requirePositive("kappa", kappa);
  const T = options.temperature;
  requireFinite("temperature", T);
  if (T < 0) throw new ParameterError("temperature", `must be >= 0, got ${T}`);
  const tolerance = options.tolerance ?? 1e-12;
  requirePositive("tolerance", tolerance);
  const maxIterations = options.maxIterations ?? 200;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new ParameterError("maxIterations", `must be an integer >= 1, got ${maxIterations}`);
  }
  const edgeTolerance = options.edgeTolerance ?? 1e-10;
  requirePositive("edgeTolerance", edgeTolerance);
  const cells = options.zeroTemperatureCells ?? 2;
  requirePositive("zeroTemperatureCells", cells);
  if (options.meanField !== undefined) {
    requireSameGrid("meanField", grid.position, options.meanField.grid);
  }
  const mixer = new Mixer(options.mixing);
  const nx = grid.position.size;
  if (options.initialDensity !== undefined) {
    if (!(options.initialDensity instanceof Float64Array) || options.initialDensity.length !== nx) {
      throw new ParameterError(
        "initialDensity",
        `must be a Float64Array of position.size = ${nx} values`,
      );
    }
  }
  const boxVolume = grid.size * grid.cellVolume;
  if (boxVolume < (2 * Math.PI) ** d * (1 + 1e-9)) {
    throw new ParameterError(
      "grid",
      `the phase-space box has volume ${boxVolume.toPrecision(4)} < (2 pi)^d = ` +
        `${((2 * Math.PI) ** d).toPrecision(4)}, too small to hold int int f = 1 with ` +
        "f <= (2 pi)^-d; enlarge the position and velocity boxes",
    );
  }

  const external = options.externalPotential ?? noExternalPotential;
  const Vext = samplePotential(grid.position, external, 0);
  const velocities = meshCoordinates(grid.velocity);
  const kinetic = new Float64Array(grid.velocity.size);
  for (let iv = 0; iv < kinetic.length; iv++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += velocities[a][iv] ** 2;
    kinetic[iv] = kappa * s;
  }
  const problem: Problem = { grid, kinetic, weight: grid.cellVolume / (2 * Math.PI) ** d };
  const width =
    T > 0
      ? T
      : zeroTemperatureWidth(
          problem,
          Vext,
          samplePotentialGradient(grid.position, external, 0),
          kappa,
          cells,
        );

  const f = new Float64Array(grid.size);
  const rhoOut = new Float64Array(nx);
  // the non-interacting state: checks the box before the loop and gives the default rho_in
  let mu = solveChemicalPotential(problem, Vext, width);
  requireInsideBox(problem, Vext, mu, width, edgeTolerance);
  fillState(problem, Vext, mu, width, f);
  velocityIntegral(f, grid, rhoOut);
  let U = Vext;
  const history: number[] = [];
  let residual = 0;
  let iterations = 0;
  if (options.meanField !== undefined) {
    const meanField = options.meanField;
    let rhoIn: Float64Array = options.initialDensity?.slice() ?? rhoOut.slice();
    const interaction = new Float64Array(nx);
    U = new Float64Array(nx);
    for (;;) {
      iterations++;
      meanField.potential(rhoIn, interaction);
      for (let i = 0; i < nx; i++) U[i] = Vext[i] + interaction[i];
      mu = solveChemicalPotential(problem, U, width);
      fillState(problem, U, mu, width, f);
      velocityIntegral(f, grid, rhoOut);
      residual = 0;
      for (let i = 0; i < nx; i++) residual += Math.abs(rhoOut[i] - rhoIn[i]);
      residual *= grid.position.cellVolume;
      history.push(residual);
      options.onIteration?.({ iteration: iterations, residual, chemicalPotential: mu });
      if (!Number.isFinite(residual)) {
        throw new ParameterError(
          "mixing.weight",
          `the steady-state iteration diverged (residual ${residual} at iteration ` +
            `${iterations}); use a smaller mixing.weight or a weaker interaction`,
        );
      }
      if (residual <= tolerance) break;
      if (iterations >= maxIterations) {
        throw new ParameterError(
          "maxIterations",
          `no self-consistent steady state within ${maxIterations} iterations: residual ` +
            `||rho_out - rho_in||_L1 = ${residual.toPrecision(3)} > tolerance ${tolerance} ` +
            `(first ${history[0].toPrecision(3)}); raise maxIterations, mix more (mixing.method ` +
            '"anderson", a smaller mixing.weight), raise the temperature or weaken the interaction',
        );
      }
      rhoIn = mixer.next(rhoIn, rhoOut);
    }
  }
  const [positionEdgeValue, velocityEdgeValue] = requireInsideBox(
    problem,
    U,
    mu,
    width,
    edgeTolerance,
  );
  let mass = 0;
  let maxValue = 0;
  for (let p = 0; p < f.length; p++) {
    mass += f[p];
    maxValue = Math.max(maxValue, f[p]);
  }
  return Object.freeze({
    W: f,
    density: rhoOut,
    potential: U === Vext ? Vext.slice() : U,
    chemicalPotential: mu,
    temperature: T,
    width,
    iterations,
    residual,
    residualHistory: history,
    mass: mass * grid.cellVolume,
    maxValue,
    pauliBound: (2 * Math.PI) ** -d,
    positionEdgeValue,
    velocityEdgeValue,
  });
}
