import type { ExternalPotential, Grid } from "@semiclassical/grid";
import {
  fftPlan,
  Mixer,
  type MixingOptions,
  noExternalPotential,
  ParameterError,
  requireSameGrid,
  samplePotential,
} from "@semiclassical/grid";
import { hermitianEigen, lowestEigenstates } from "@semiclassical/quantum";
import { squaredWaveNumbers } from "./kinetic.js";
import { orbitalDensity } from "./observables.js";
import { fillLevels } from "./occupations.js";
import { orbitalSelfConsistentState } from "./orbital-scf.js";
import { HartreeFockSolver } from "./solver.js";
import type { HartreeFockModel, OrbitalState } from "./types.js";
import { hasComplexConvolution, type MeanField, requireKappa } from "./validation.js";

/** Progress of one self-consistent iteration (passed to `onIteration`). */
export interface SelfConsistentIteration {
  readonly iteration: number;
  /** ||rho_out - rho_in||_L1 = sum_i |rho_out - rho_in| dx^d. */
  readonly densityChange: number;
  /** E_HF of the output state (per particle, THEORY.md section 1). */
  readonly energy: number;
  /** |E_k - E_{k-1}| (Infinity at the first iteration). */
  readonly energyChange: number;
}

/** Options of {@link selfConsistentState}. */
export interface SelfConsistentOptions {
  epsilon: number;
  /** N = tr omega (an integer at T = 0). */
  particleNumber: number;
  kappa?: number;
  /** T >= 0 (default 0: the Slater determinant of the N lowest orbitals of h[omega]). */
  temperature?: number;
  /** "hartree" (default) or "hartree-fock" (any d; d >= 2 uses the "iterative" eigensolver). */
  model?: HartreeFockModel;
  /**
   * How h[omega] is diagonalized each iteration:
   * - "direct" (default in 1D and for "hartree"): Hartree: quantum's `lowestEigenstates` from
   *   scratch; Hartree-Fock (1D only): the dense n x n h, O(n^3) per iteration.
   * - "iterative" (default for "hartree-fock" in d >= 2): orbital form, no n^d x n^d operator:
   *   the exchange as the adaptively compressed operator (ACE) of X[omega_prev], the K lowest
   *   states by quantum's Chebyshev-filtered subspace iteration warm-started from the previous
   *   iteration (see orbital-scf.ts for the cost); the density is mixed.
   */
  eigensolver?: "direct" | "iterative";
  /**
   * "iterative" only: final residual tolerance ||h u - E u|| of the eigensolver for unit vectors
   * u (default 1e-11 max(1, ||h||)); looser tolerances are used while the density still moves.
   */
  eigenTolerance?: number;
  /** U = V * rho on the grid (omitted: V = 0). "hartree-fock" needs `convolveComplex`. */
  meanField?: MeanField;
  /** The trap V_ext (sampled at `time`). */
  externalPotential?: ExternalPotential;
  /** Time at which V_ext is sampled (default 0; use t < t0 for a potential switched at t0). */
  time?: number;
  /** Orbitals computed per iteration (default N at T = 0, N + 8 at T > 0, doubled as needed). */
  orbitalCount?: number;
  /** Density (Hartree) or density-matrix (Hartree-Fock) mixing; default Anderson, beta = 0.5. */
  mixing?: MixingOptions;
  /** Stop when ||rho_out - rho_in||_L1 < this (default 1e-9) ... */
  densityTolerance?: number;
  /** ... and |E_k - E_{k-1}| < this (default 1e-10). */
  energyTolerance?: number;
  /** Give up after this many iterations (default 200); the result then has converged = false. */
  maxIterations?: number;
  onIteration?: (progress: SelfConsistentIteration) => void;
}

/** Result of {@link selfConsistentState}. */
export interface SelfConsistentResult {
  /** The self-consistent omega = sum_k f_k |phi_k><phi_k| (the output of the last iteration). */
  readonly state: OrbitalState;
  /** Eigenvalues of h[omega] of the returned orbitals, ascending. */
  readonly orbitalEnergies: Float64Array;
  /** mu of the filling (T = 0 with orbitalCount = N: the last filled level, see fillLevels). */
  readonly chemicalPotential: number;
  /** E_HF per particle (THEORY.md section 1; the exchange term only for "hartree-fock"). */
  readonly energy: number;
  readonly iterations: number;
  readonly densityChange: number;
  /** False when maxIterations was reached before both tolerances were met. */
  readonly converged: boolean;
  /**
   * "iterative" eigensolver only: the self-consistency residual
   * sqrt(sum_k f_k^2 ||h[omega] phi_k - E_k phi_k||^2) of the returned state, with U from its own
   * density and the exact (uncompressed) X; ||[h[omega], omega]||_HS <= 2 x this.
   */
  readonly residual?: number;
}

interface Diagonalization {
  energies: Float64Array;
  orbitals: Float64Array;
  occupations: Float64Array;
  chemicalPotential: number;
}

/**
 * Self-consistent Hartree or Hartree-Fock ground (T = 0) or thermal (Fermi-Dirac, T > 0) state in
 * a trap (THEORY.md section 4, the seed's "low energy states"): iterate
 *   omega_out = sum_j f_j |phi_j><phi_j|,  h[omega_in] phi_j = E_j phi_j,
 *   f_j = 1/(1 + e^{(E_j - mu)/T}),  sum_j f_j = N,
 * with h[omega] = -kappa eps^2 Laplacian + V_ext + V*rho - X[omega], mixing the input (the
 * density for Hartree, the dense density matrix for Hartree-Fock) linearly or by Anderson
 * extrapolation, until ||rho_out - rho_in||_L1 and the change of E_HF are below their tolerances.
 * The first input is the non-interacting state of h_0 = -kappa eps^2 Laplacian + V_ext.
 *
 * Hartree: the lowest orbitals of the local h come from quantum's `lowestEigenstates`, any d;
 * cost per iteration = that + one convolution. With eigensolver "iterative" (the default for
 * Hartree-Fock in d >= 2) the orbital solver of orbital-scf.ts runs instead: ACE exchange,
 * warm-started Chebyshev-filtered subspace iteration, no n^d x n^d operator; its result also
 * carries the exact self-consistency `residual`. Hartree-Fock "direct" (1D): h is assembled as a dense
 * n x n Hermitian matrix (spectral kinetic matrix + diag(U) - X with X_ij = w_{i-j} A_ij / N, where
 * w is the discrete kernel of the free-space convolution, read off its impulse response, so the
 * exchange equals the orbital form's even for singular kernels) and diagonalized by quantum's
 * `hermitianEigen`: O(n^3) per iteration. Reports every iteration through `onIteration`.
 */
export function selfConsistentState(
  grid: Grid,
  options: SelfConsistentOptions,
): SelfConsistentResult {
  const epsilon = options.epsilon;
  if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new ParameterError("epsilon", `must be a finite number > 0, got ${String(epsilon)}`);
  }
  const kappa = options.kappa ?? 1;
  requireKappa(kappa);
  const temperature = options.temperature ?? 0;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new ParameterError("temperature", `must be a finite number >= 0, got ${temperature}`);
  }
  const n = options.particleNumber;
  if (!(n > 0) || !Number.isFinite(n) || (temperature === 0 && !Number.isInteger(n))) {
    throw new ParameterError(
      "particleNumber",
      `must be ${temperature === 0 ? "a positive integer at T = 0" : "a finite number > 0"}, got ${n}`,
    );
  }
  const model = options.model ?? "hartree";
  if (model !== "hartree" && model !== "hartree-fock") {
    throw new ParameterError("model", `must be "hartree" or "hartree-fock", got ${String(model)}`);
  }
  const meanField = options.meanField;
  if (meanField !== undefined) requireSameGrid("meanField.grid", grid, meanField.grid);
  const exchange = model === "hartree-fock" && meanField !== undefined;
  const eigensolver =
    options.eigensolver ?? (exchange && grid.dimension > 1 ? "iterative" : "direct");
  if (eigensolver !== "direct" && eigensolver !== "iterative") {
    throw new ParameterError(
      "eigensolver",
      `must be "direct" or "iterative", got ${String(eigensolver)}`,
    );
  }
  const eigenTolerance = options.eigenTolerance;
  if (eigenTolerance !== undefined && !(eigenTolerance > 0 && Number.isFinite(eigenTolerance))) {
    throw new ParameterError(
      "eigenTolerance",
      `must be a finite number > 0, got ${eigenTolerance}`,
    );
  }
  if (exchange) {
    if (grid.dimension !== 1 && eigensolver === "direct") {
      throw new ParameterError(
        "eigensolver",
        `the "direct" (dense h) Hartree-Fock solver is 1D only, got d = ${grid.dimension}; ` +
          'use eigensolver: "iterative"',
      );
    }
    if (!hasComplexConvolution(meanField)) {
      throw new ParameterError(
        "meanField",
        "the hartree-fock model needs convolveComplex (a FreeSpaceConvolution)",
      );
    }
  }
  let count = options.orbitalCount ?? (temperature === 0 ? n : Math.ceil(n) + 8);
  if (!Number.isInteger(count) || count < Math.ceil(n) || count > grid.size) {
    throw new ParameterError(
      "orbitalCount",
      `must be an integer in [${Math.ceil(n)}, ${grid.size}] (>= N, <= grid points), got ${count}`,
    );
  }
  const densityTolerance = options.densityTolerance ?? 1e-9;
  const energyTolerance = options.energyTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 200;
  if (!(densityTolerance > 0)) {
    throw new ParameterError("densityTolerance", `must be > 0, got ${densityTolerance}`);
  }
  if (!(energyTolerance > 0)) {
    throw new ParameterError("energyTolerance", `must be > 0, got ${energyTolerance}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new ParameterError("maxIterations", `must be an integer >= 1, got ${maxIterations}`);
  }
  const mixer = new Mixer(options.mixing);
  const external = samplePotential(
    grid,
    options.externalPotential ?? noExternalPotential,
    options.time ?? 0,
  );
  const m = grid.size;

  if (eigensolver === "iterative") {
    const out = orbitalSelfConsistentState({
      grid,
      epsilon,
      kappa,
      temperature,
      particleNumber: n,
      count,
      external,
      meanField,
      exchange,
      mixer,
      densityTolerance,
      energyTolerance,
      maxIterations,
      eigenTolerance,
      onIteration: options.onIteration,
    });
    const keep = temperature === 0 ? n : out.occupations.length;
    return {
      state: {
        form: "orbital",
        grid,
        epsilon,
        occupations: out.occupations.slice(0, keep),
        orbitals: out.orbitals.slice(0, 2 * keep * m),
      },
      orbitalEnergies: out.energies.slice(0, keep),
      chemicalPotential: out.chemicalPotential,
      energy: out.energy,
      iterations: out.iterations,
      densityChange: out.densityChange,
      converged: out.converged,
      residual: out.residual,
    };
  }

  const fill = (energies: Float64Array) => fillLevels(energies, n, temperature);

  /** Lowest `count` orbitals of a local h (Hartree) with Fermi-Dirac filling, growing count if needed. */
  const diagonalizeLocal = (potential: Float64Array): Diagonalization => {
    for (;;) {
      const { energies, orbitals } = lowestEigenstates(grid, { epsilon, kappa, potential, count });
      try {
        const filling = fill(energies);
        normalizeOrbitals(grid, orbitals, count);
        return { energies, orbitals, ...filling };
      } catch (error) {
        if (!(error instanceof ParameterError) || error.parameter !== "count" || count >= m)
          throw error;
        count = Math.min(m, 2 * count);
      }
    }
  };

  const dense =
    exchange && hasComplexConvolution(meanField)
      ? new DenseHamiltonian(grid, epsilon, kappa, meanField)
      : undefined;
  const diagonalizeDense = (potential: Float64Array, matrix: Float64Array): Diagonalization => {
    if (dense === undefined) throw new Error("unreachable");
    const h = dense.assemble(potential, matrix, n);
    const { values, vectors } = hermitianEigen(m, h, { vectors: true });
    for (;;) {
      const energies = values.slice(0, count);
      try {
        const filling = fill(energies);
        const orbitals = new Float64Array(2 * count * m);
        const scale = 1 / Math.sqrt(grid.cellVolume);
        for (let k = 0; k < count; k++) {
          for (let i = 0; i < m; i++) {
            orbitals[2 * (k * m + i)] = vectors[2 * (i * m + k)] * scale;
            orbitals[2 * (k * m + i) + 1] = vectors[2 * (i * m + k) + 1] * scale;
          }
        }
        return { energies, orbitals, ...filling };
      } catch (error) {
        if (!(error instanceof ParameterError) || error.parameter !== "count" || count >= m)
          throw error;
        count = Math.min(m, 2 * count);
      }
    }
  };

  const potentialOf = (rho: Float64Array): Float64Array => {
    const u = meanField !== undefined ? meanField.potential(rho) : new Float64Array(m);
    for (let i = 0; i < m; i++) u[i] += external[i];
    return u;
  };

  const energyOf = (d: Diagonalization): number => {
    const solver = new HartreeFockSolver(orbitalState(grid, epsilon, d), {
      dt: 1,
      kappa,
      model,
      meanField,
      externalPotential: options.externalPotential,
      time: options.time ?? 0,
      checkState: false,
    });
    return solver.diagnostics().energy;
  };

  // First input: the non-interacting state of h_0 = -kappa eps^2 Laplacian + V_ext.
  let current = exchange
    ? diagonalizeDense(external, new Float64Array(2 * m * m))
    : diagonalizeLocal(external);
  let rhoIn = orbitalDensity(grid, current.orbitals, current.occupations, n, new Float64Array(m));
  let matrixIn = exchange ? denseMatrix(grid, current) : new Float64Array(0);
  let previousEnergy = Number.POSITIVE_INFINITY;
  let densityChange = Number.POSITIVE_INFINITY;
  let energy = Number.NaN;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const u = potentialOf(rhoIn);
    current = exchange ? diagonalizeDense(u, matrixIn) : diagonalizeLocal(u);
    const rhoOut = orbitalDensity(
      grid,
      current.orbitals,
      current.occupations,
      n,
      new Float64Array(m),
    );
    densityChange = 0;
    for (let i = 0; i < m; i++) densityChange += Math.abs(rhoOut[i] - rhoIn[i]);
    densityChange *= grid.cellVolume;
    energy = energyOf(current);
    const energyChange = Math.abs(energy - previousEnergy);
    previousEnergy = energy;
    options.onIteration?.({ iteration: iterations, densityChange, energy, energyChange });
    if (!Number.isFinite(energy) || !Number.isFinite(densityChange)) {
      throw new Error(
        `selfConsistentState: non-finite energy or density at iteration ${iterations}; try a smaller mixing weight`,
      );
    }
    if (densityChange < densityTolerance && energyChange < energyTolerance) {
      converged = true;
      break;
    }
    if (exchange) {
      matrixIn = mixer.next(matrixIn, denseMatrix(grid, current));
      rhoIn = diagonalDensity(grid, matrixIn, n);
    } else {
      rhoIn = mixer.next(rhoIn, rhoOut);
    }
  }
  const keep = temperature === 0 ? n : current.occupations.length;
  const trimmed: Diagonalization = {
    energies: current.energies.slice(0, keep),
    orbitals: current.orbitals.slice(0, 2 * keep * m),
    occupations: current.occupations.slice(0, keep),
    chemicalPotential: current.chemicalPotential,
  };
  return {
    state: orbitalState(grid, epsilon, trimmed),
    orbitalEnergies: trimmed.energies,
    chemicalPotential: current.chemicalPotential,
    energy,
    iterations,
    densityChange,
    converged,
  };
}

function orbitalState(grid: Grid, epsilon: number, d: Diagonalization): OrbitalState {
  return { form: "orbital", grid, epsilon, occupations: d.occupations, orbitals: d.orbitals };
}

/** Rescales each orbital to sum_i |phi_i|^2 dx^d = 1. */
function normalizeOrbitals(grid: Grid, orbitals: Float64Array, count: number): void {
  const m = grid.size;
  for (let k = 0; k < count; k++) {
    let s = 0;
    for (let o = 2 * k * m; o < 2 * (k + 1) * m; o++) s += orbitals[o] * orbitals[o];
    const scale = 1 / Math.sqrt(s * grid.cellVolume);
    for (let o = 2 * k * m; o < 2 * (k + 1) * m; o++) orbitals[o] *= scale;
  }
}

/** A_ij = sum_k f_k phi_k(x_i) conj(phi_k(x_j)) dx (1D). Cost O(K n^2). */
function denseMatrix(grid: Grid, d: Diagonalization): Float64Array {
  const m = grid.size;
  const a = new Float64Array(2 * m * m);
  for (let k = 0; k < d.occupations.length; k++) {
    const f = d.occupations[k] * grid.cellVolume;
    if (f === 0) continue;
    const o = 2 * k * m;
    for (let i = 0; i < m; i++) {
      const ar = f * d.orbitals[o + 2 * i];
      const ai = f * d.orbitals[o + 2 * i + 1];
      for (let j = 0; j < m; j++) {
        const br = d.orbitals[o + 2 * j];
        const bi = -d.orbitals[o + 2 * j + 1];
        a[2 * (i * m + j)] += ar * br - ai * bi;
        a[2 * (i * m + j) + 1] += ar * bi + ai * br;
      }
    }
  }
  return a;
}

function diagonalDensity(grid: Grid, a: Float64Array, particleNumber: number): Float64Array {
  const m = grid.size;
  const rho = new Float64Array(m);
  for (let i = 0; i < m; i++) rho[i] = a[2 * (i * m + i)] / (particleNumber * grid.cellVolume);
  return rho;
}

/**
 * The dense 1D Hartree-Fock Hamiltonian h = T + diag(U) - X[A]: T_ij = t_{(i-j) mod n} with
 * t_r = kappa eps^2 (1/n) sum_q k_q^2 e^{2 pi i q r/n} (the spectral -kappa eps^2 Laplacian), and
 * X_ij = w_{|i-j|} A_ij / N with w the discrete kernel of the convolution (its response to a unit
 * impulse at x_0, divided by dx).
 */
class DenseHamiltonian {
  private readonly kineticRow: Float64Array;
  private readonly kernel: Float64Array;

  constructor(
    readonly grid: Grid,
    epsilon: number,
    kappa: number,
    convolution: MeanField & { convolveComplex(f: Float64Array, out?: Float64Array): Float64Array },
  ) {
    const m = grid.size;
    const k2 = squaredWaveNumbers(grid);
    const spectrum = new Float64Array(2 * m);
    for (let q = 0; q < m; q++) spectrum[2 * q] = kappa * epsilon ** 2 * k2[q];
    const row = new Float64Array(2 * m);
    fftPlan(m).transform(spectrum, row, "inverse");
    this.kineticRow = new Float64Array(m);
    for (let r = 0; r < m; r++) this.kineticRow[r] = row[2 * r];
    const impulse = new Float64Array(2 * m);
    impulse[0] = 1;
    const response = convolution.convolveComplex(impulse);
    this.kernel = new Float64Array(m);
    for (let r = 0; r < m; r++) this.kernel[r] = response[2 * r] / grid.cellVolume;
  }

  assemble(potential: Float64Array, matrix: Float64Array, particleNumber: number): Float64Array {
    const m = this.grid.size;
    const h = new Float64Array(2 * m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const o = 2 * (i * m + j);
        const r = i >= j ? i - j : j - i;
        const w = this.kernel[r] / particleNumber;
        h[o] = this.kineticRow[(i - j + m) % m] - w * matrix[o];
        h[o + 1] = -w * matrix[o + 1];
      }
      h[2 * (i * m + i)] += potential[i];
    }
    return h;
  }
}
