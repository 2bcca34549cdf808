import type { Grid, ThreadContext, ThreadTeam } from "@semiclassical/grid";
import { inSharedMemory, ParameterError, sharedFloat64Array } from "@semiclassical/grid";
import { orbitalCommutatorTraceNorm } from "./commutator.js";
import { type ComplexConvolution, OrbitalExchange, orbitalExchangeEnergy } from "./exchange.js";
import { OrbitalExchangeFlow } from "./exchange-flow.js";
import { KineticPropagator } from "./kinetic.js";
import { orbitalDensity, orbitalTrace, orthonormalityDefect } from "./observables.js";
import {
  applyOrbitalPhase,
  ORBITAL_JOB,
  type OrbitalThreadSetup,
  orbitalKernel,
} from "./orbital-kernels.js";
import type { DiagnosticTerms, Propagator, PropagatorOptions } from "./propagator.js";
import type { OrbitalState } from "./types.js";
import { hasComplexConvolution } from "./validation.js";

/**
 * The orbital form omega = sum_k lambda_k |phi_k><phi_k| on a grid of any dimension d, K orbitals
 * of M = n^d points (THEORY.md section 2). Kinetic step: two d-dimensional FFTs per orbital,
 * O(K M log M). Potential step: phi_k <- e^{-i tau U/eps} phi_k, O(K M), then for
 * "hartree-fock" the exchange flow (see {@link OrbitalExchangeFlow}: iterations x K(K+1)/2
 * convolutions). The occupations lambda_k are constants of the unitary flow. Allocates the
 * orbitals' copy and the FFT scratch in the constructor; a step allocates nothing.
 */
export class OrbitalPropagator implements Propagator {
  readonly form = "orbital" as const;
  readonly particleNumber: number;
  private readonly grid: Grid;
  private readonly epsilon: number;
  private readonly occupations: Float64Array;
  private orbitals: Float64Array;
  private readonly kinetic: KineticPropagator;
  private readonly kappa: number;
  private threads:
    | { team: ThreadTeam; context: ThreadContext; setup: OrbitalThreadSetup }
    | undefined;
  private readonly exchange: OrbitalExchange | undefined;
  private readonly flow: OrbitalExchangeFlow | undefined;
  private exchangeScratch: Float64Array | undefined;

  /**
   * Copies the state (occupations clamped to [0, 1]; the orbitals are taken as they are with
   * `adoptInitialState`). Throws a ParameterError when the
   * "hartree-fock" model has a mean field without `convolveComplex`, or (with `checkState`)
   * when the orbitals are not orthonormal to 1e-8. Cost O(K M) (+ O(K^2 M) for the check).
   */
  constructor(state: OrbitalState, options: PropagatorOptions) {
    const { meanField } = options;
    let convolution: ComplexConvolution | undefined;
    if (options.model === "hartree-fock" && meanField !== undefined) {
      if (!hasComplexConvolution(meanField)) {
        throw new ParameterError(
          "meanField",
          "the hartree-fock model applies the exchange through convolveComplex, which this mean " +
            "field lacks; use a FreeSpaceConvolution (or model: 'hartree')",
        );
      }
      convolution = meanField;
    }
    const grid = state.grid;
    this.grid = grid;
    this.epsilon = state.epsilon;
    this.occupations = Float64Array.from(state.occupations, (l) => Math.min(1, Math.max(0, l)));
    this.orbitals = options.adoptInitialState ? state.orbitals : state.orbitals.slice();
    if (options.checkState) {
      const defect = orthonormalityDefect(grid, this.orbitals, this.occupations.length);
      if (!(defect < 1e-8)) {
        throw new ParameterError(
          "state.orbitals",
          `must be orthonormal on the grid (sum_i conj(phi_k) phi_l dx^d = delta_kl), but the Gram ` +
            `matrix is off by ${defect.toExponential(2)}; orthonormalize them first`,
        );
      }
    }
    this.particleNumber = orbitalTrace(grid, this.orbitals, this.occupations);
    this.kappa = options.kappa;
    this.kinetic = new KineticPropagator(grid, this.epsilon, options.kappa, false);
    if (convolution !== undefined) {
      this.exchange = new OrbitalExchange(convolution);
      this.flow = new OrbitalExchangeFlow(this.exchange, this.occupations.length, options.exchange);
    }
  }

  /**
   * Splits the kinetic step (per orbital), the potential phase (per orbital) and the density
   * (per grid point) over `team` (grid's ThreadTeam, whose workers register hartree-fock's
   * `orbitalKernel`): the orbitals move to a SharedArrayBuffer. Every value is computed by one
   * thread with the serial arithmetic, so the numbers equal the serial ones bit for bit; the
   * exact exchange's pair loop is split too on 1D grids (`OrbitalExchange.useThreads`, workers
   * register `pairExchangeKernel`), and the ACE loops of the flow (`compressedExchangeKernel`);
   * the rest of the flow and of the diagnostics stays serial. threads = 1: no change. Cost
   * O(K M) once.
   */
  useThreads(team: ThreadTeam): void {
    if (team.threads === 1) return;
    this.exchange?.useThreads(team);
    // orbitals already in shared memory (an adopted state made there) are not copied
    const orbitals = inSharedMemory(this.orbitals);
    this.orbitals = orbitals;
    const m = this.grid.size;
    const setup: OrbitalThreadSetup = {
      grid: this.grid,
      epsilon: this.epsilon,
      kappa: this.kappa,
      orbitals,
      occupations: this.occupations,
      particleNumber: this.particleNumber,
      phase: sharedFloat64Array(2 * m),
      density: sharedFloat64Array(m),
    };
    this.threads = { team, context: team.context(orbitalKernel, setup), setup };
  }

  get exchangeIterations(): number {
    return this.flow?.lastIterations ?? 0;
  }

  /** Caches e^{-i tau kappa eps |k|^2}. Cost O(M) once per tau. */
  prepareKineticStep(tau: number): void {
    this.kinetic.phase(tau);
  }

  /** phi_k <- e^{-i tau h_0/eps} phi_k. Cost O(K M log M). */
  kineticStep(tau: number): void {
    const threads = this.threads;
    if (threads === undefined) {
      this.kinetic.propagateOrbitals(this.orbitals, tau);
      return;
    }
    const count = this.occupations.length;
    threads.team.run(threads.context, count, [ORBITAL_JOB.kinetic, tau]);
  }

  /** rho = (1/N) sum_k lambda_k |phi_k|^2. Cost O(K M). */
  density(out: Float64Array): Float64Array {
    const threads = this.threads;
    if (threads === undefined) {
      return orbitalDensity(this.grid, this.orbitals, this.occupations, this.particleNumber, out);
    }
    threads.team.run(threads.context, this.grid.size, [ORBITAL_JOB.density]);
    out.set(threads.setup.density);
    return out;
  }

  /** phi_k <- p phi_k, then the exchange flow E(tau). Cost O(K M) + the exchange flow. */
  potentialStep(phase: Float64Array, tau: number): void {
    const orbitals = this.orbitals;
    const count = this.occupations.length;
    const threads = this.threads;
    if (threads === undefined) {
      applyOrbitalPhase(orbitals, phase, this.grid.size, 0, count);
    } else {
      threads.setup.phase.set(phase);
      threads.team.run(threads.context, count, [ORBITAL_JOB.phase]);
    }
    this.flow?.advance(orbitals, this.occupations, this.particleNumber, tau, this.epsilon);
  }

  /** tr omega = sum_k lambda_k ||phi_k||^2. Cost O(K M). */
  trace(): number {
    return orbitalTrace(this.grid, this.orbitals, this.occupations);
  }

  /**
   * Kinetic energy (Parseval, O(K M log M)), tr omega, the Gram defect (O(K^2 M)), the exchange
   * energy (K(K+1)/2 convolutions, "hartree-fock") and, with `commutator`, tr|[x_a, omega]| per
   * axis (O(K^2 M + K^3) each). Allocates the exchange scratch on the first call.
   */
  diagnosticTerms(mesh: readonly Float64Array[], commutator: boolean): DiagnosticTerms {
    const grid = this.grid;
    const n = this.particleNumber;
    const kineticEnergy = this.kinetic.orbitalKineticTrace(this.orbitals, this.occupations) / n;
    const particleNumber = orbitalTrace(grid, this.orbitals, this.occupations);
    const spectrumDrift = orthonormalityDefect(grid, this.orbitals, this.occupations.length);
    let exchangeEnergy = 0;
    if (this.exchange !== undefined) {
      this.exchangeScratch ??= new Float64Array(this.orbitals.length);
      this.exchange.applyToOrbitals(this.orbitals, this.occupations, n, this.exchangeScratch);
      exchangeEnergy = orbitalExchangeEnergy(
        grid,
        this.orbitals,
        this.occupations,
        this.exchangeScratch,
        n,
      );
    }
    if (!commutator) return { kineticEnergy, exchangeEnergy, particleNumber, spectrumDrift };
    const commutatorTraceNorm = mesh.map((x) =>
      orbitalCommutatorTraceNorm(grid, this.orbitals, this.occupations, x),
    );
    return { kineticEnergy, exchangeEnergy, particleNumber, spectrumDrift, commutatorTraceNorm };
  }

  /** A copy of the orbitals and occupations. Cost O(K M), allocates the copy. */
  state(): OrbitalState {
    return {
      form: "orbital",
      grid: this.grid,
      epsilon: this.epsilon,
      occupations: this.occupations.slice(),
      orbitals: this.orbitals.slice(),
    };
  }

  /** The current orbitals and occupations themselves (no copy). Cost O(1). */
  stateView(): OrbitalState {
    return {
      form: "orbital",
      grid: this.grid,
      epsilon: this.epsilon,
      occupations: this.occupations,
      orbitals: this.orbitals,
    };
  }
}
