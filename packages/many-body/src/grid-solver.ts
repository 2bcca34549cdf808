import type { ExternalPotential, InteractionKernel, Splitting, Substep } from "@semiclassical/grid";
import { noExternalPotential, ParameterError, splittingSubsteps } from "@semiclassical/grid";
import type { DenseDensityMatrix } from "@semiclassical/quantum";
import { DEFAULT_MAX_BYTES } from "./memory.js";
import { reducedDensityMatrix } from "./reduced-density.js";
import { TensorHamiltonian } from "./tensor-hamiltonian.js";
import {
  antisymmetryDefect,
  checkWavefunction,
  type ManyBodyWavefunction,
  type WavefunctionCheckOptions,
  wavefunctionNorm,
} from "./wavefunction.js";

/** Options of {@link GridManyBodySolver}. */
export interface GridSolverOptions {
  /** Time step dt > 0. */
  dt: number;
  /** kappa (default 1). */
  kappa?: number;
  /** Pair interaction V (default none; regular kernels only on the tensor grid). */
  kernel?: InteractionKernel;
  /** V_ext(x, t) (default none), sampled at t + at h in every potential substep. */
  externalPotential?: ExternalPotential;
  /** "strang" (default) or "order4" (Yoshida triple jump), grid's splittingSubsteps. */
  splitting?: Splitting;
  /** Initial time t_0 (default 0). */
  time?: number;
  /** Memory budget (default 4 GiB): 48 M^N bytes are needed, checked before any work. */
  maxBytes?: number;
  /** Tolerances of the initial-state check (normalized and antisymmetric; default 1e-8 each). */
  check?: WavefunctionCheckOptions;
}

/** What {@link GridManyBodySolver.diagnostics} reports. */
export interface ManyBodyDiagnostics {
  readonly step: number;
  readonly time: number;
  /** sum |psi|^2 dx^(dN) (conserved: 1). */
  readonly norm: number;
  /**
   * <psi|H_N(t)|psi> / N, per particle like E_HF (for a Slater determinant it equals E_HF of
   * THEORY.md section 1 with the exchange term). Conserved when V_ext does not depend on time.
   */
  readonly energy: number;
  /** The three terms of `energy` (kinetic, external, interaction), each per particle. */
  readonly kineticEnergy: number;
  readonly externalEnergy: number;
  readonly interactionEnergy: number;
  /** max_j ||psi + P_(j,j+1) psi|| / ||psi|| (conserved: 0). */
  readonly antisymmetryDefect: number;
}

/**
 * Exact dynamics of N spinless fermions on the tensor grid (THEORY.md section 6),
 *   i eps d_t psi = H_N psi,  H_N = sum_j (-kappa eps^2 Laplacian_j + V_ext(x_j, t)) + (1/N) sum_{i<j} V(x_i - x_j),
 * by the matched splitting of THEORY.md section 3 with grid's `splittingSubsteps`: "free" substeps
 * multiply the d N-dimensional spectrum by e^{-i w h kappa eps |k|^2} (the Hartree-Fock kinetic
 * step, per particle), "potential" substeps multiply psi by e^{-i w h U(x_1..x_N, t + at h)/eps}
 * (exact: U is local). Both are unitary and commute with particle exchanges, so norm and
 * antisymmetry are conserved to round-off; Strang is order 2, "order4" order 4. Meant for N <= 4
 * in 1D and N = 2 in 2D (memory 48 M^N bytes: psi, the Hamiltonian's interaction table, symbol
 * and work tensor). Cost per step: (number of free substeps) d N-dimensional FFTs of M^N points,
 * O(M^N log M^N), plus O(N M^N) per potential substep; a step allocates nothing.
 */
export class GridManyBodySolver {
  readonly hamiltonian: TensorHamiltonian;
  readonly dt: number;
  readonly splitting: Splitting;
  private readonly substeps: readonly Substep[];
  private readonly data: Float64Array;
  private readonly initial: ManyBodyWavefunction;
  private readonly initialTime: number;
  private stepCount = 0;

  /** Validates psi (layout, norm, antisymmetry) and every option before allocating. Copies psi. */
  constructor(psi: ManyBodyWavefunction, options: GridSolverOptions) {
    const dt = options.dt;
    if (typeof dt !== "number" || !Number.isFinite(dt) || dt <= 0) {
      throw new ParameterError("dt", `must be a finite number > 0, got ${String(dt)}`);
    }
    this.splitting = options.splitting ?? "strang";
    this.substeps = splittingSubsteps(this.splitting);
    const time = options.time ?? 0;
    if (!Number.isFinite(time)) throw new ParameterError("time", `must be finite, got ${time}`);
    this.hamiltonian = new TensorHamiltonian(psi.grid, {
      particles: psi.particles,
      epsilon: psi.epsilon,
      kappa: options.kappa,
      kernel: options.kernel,
      externalPotential: options.externalPotential ?? noExternalPotential,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      extraBytesPerPoint: 16,
    });
    checkWavefunction(psi, options.check);
    this.dt = dt;
    this.initial = psi;
    this.initialTime = time;
    this.data = Float64Array.from(psi.data);
  }

  /** t = t_0 + step dt. */
  get time(): number {
    return this.initialTime + this.stepCount * this.dt;
  }

  /** Steps taken. */
  get step(): number {
    return this.stepCount;
  }

  /** One step of size dt (see the class comment). Cost O(M^N log M^N), no allocation. */
  advance(): void {
    const h = this.dt;
    const t = this.time;
    for (const sub of this.substeps) {
      if (sub.kind === "free") this.hamiltonian.kineticStep(this.data, sub.weight * h);
      else this.hamiltonian.potentialStep(this.data, sub.weight * h, t + sub.at * h);
    }
    this.stepCount++;
  }

  /** `steps` steps; `onStep` (progress, never prints) after each with the step count. */
  run(steps: number, onStep?: (step: number) => void): void {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${String(steps)}`);
    }
    for (let s = 0; s < steps; s++) {
      this.advance();
      onStep?.(this.stepCount);
    }
  }

  /** A copy of the current psi. Cost O(M^N), allocates 2 M^N doubles. */
  wavefunction(): ManyBodyWavefunction {
    return Object.freeze({ ...this.initial, data: Float64Array.from(this.data) });
  }

  /** The current psi itself (no copy; do not modify). */
  view(): ManyBodyWavefunction {
    return Object.freeze({ ...this.initial, data: this.data });
  }

  /** gamma_t in quantum's dense form ({@link reducedDensityMatrix}). Cost O(M^(N+1)). */
  reducedDensityMatrix(): DenseDensityMatrix {
    return reducedDensityMatrix(this.view());
  }

  /** Norm, energy and antisymmetry now (see {@link ManyBodyDiagnostics}). Cost O(M^N log M^N). */
  diagnostics(): ManyBodyDiagnostics {
    const N = this.hamiltonian.particles;
    const e = this.hamiltonian.expectation(this.data, this.time);
    const psi = this.view();
    return Object.freeze({
      step: this.stepCount,
      time: this.time,
      norm: wavefunctionNorm(psi),
      energy: (e.kinetic + e.external + e.interaction) / N,
      kineticEnergy: e.kinetic / N,
      externalEnergy: e.external / N,
      interactionEnergy: e.interaction / N,
      antisymmetryDefect: antisymmetryDefect(psi),
    });
  }
}
