import type { ExchangeFlowOptions } from "./exchange-flow.js";
import type { HartreeFockModel, State } from "./types.js";
import type { MeanField } from "./validation.js";

/**
 * What a propagator needs besides the state: the model, kappa, U = V * rho and the exchange
 * controls (validated by {@link HartreeFockSolver} before a propagator is built).
 */
export interface PropagatorOptions {
  readonly kappa: number;
  readonly model: HartreeFockModel;
  readonly meanField: MeanField | undefined;
  readonly exchange: ExchangeFlowOptions | undefined;
  /** Check the initial state (orthonormality / fermionic spectrum). */
  readonly checkState: boolean;
  /** Take the initial state's array as the state (no copy; see HartreeFockOptions). */
  readonly adoptInitialState: boolean;
}

/** The form-specific terms of {@link HartreeFockDiagnostics} (THEORY.md section 1 notation). */
export interface DiagnosticTerms {
  /** kappa eps^2 tr(-Laplacian omega)/N. */
  readonly kineticEnergy: number;
  /** (1/(2N^2)) int int V |omega|^2 ("hartree-fock" model; 0 otherwise). */
  readonly exchangeEnergy: number;
  /** tr omega of the current state. */
  readonly particleNumber: number;
  /** Orbital form: max_kl |<phi_k, phi_l> - delta_kl|; dense form: |tr A^2 - tr A_0^2| / tr A_0^2. */
  readonly spectrumDrift: number;
  /** Dense form, with the commutator: max_j |eig_j(A) - eig_j(A_0)|. */
  readonly eigenvalueDrift?: number;
  /** With the commutator: tr|[x_a, omega]| per axis a. */
  readonly commutatorTraceNorm?: number[];
}

/**
 * The form-specific half of the split-step scheme of THEORY.md section 3, behind which
 * {@link HartreeFockSolver} keeps its state: the orbital form omega = sum_k lambda_k |phi_k><phi_k|
 * (any d, {@link OrbitalPropagator}) or the dense n x n matrix A_ij = omega(x_i; x_j) dx (1D,
 * {@link DensePropagator}). The solver owns the schedule, the time and the potential U; a
 * propagator owns the state, its FFT plans and its exchange flow. Internal (not exported).
 */
export interface Propagator {
  readonly form: "orbital" | "dense";
  /** N = tr omega of the initial state (the N of h and E_HF). */
  readonly particleNumber: number;
  /** Fixed-point iterations of the last exchange substep (0 without exchange). */
  readonly exchangeIterations: number;
  /** Computes and caches the kinetic phase e^{-i tau kappa eps |k|^2} of a step size used later. */
  prepareKineticStep(tau: number): void;
  /** omega <- e^{-i tau h_0/eps} omega e^{i tau h_0/eps}, h_0 = -kappa eps^2 Laplacian. */
  kineticStep(tau: number): void;
  /** rho(x_i) = omega(x_i; x_i)/N of the current state, written into `out` (returned). */
  density(out: Float64Array): Float64Array;
  /**
   * The potential substep over tau given the local phase p_i = e^{-i tau U_i/eps} (interleaved
   * complex, one per grid point, U from the density before the substep): phi <- p phi or
   * A_ij <- p_i conj(p_j) A_ij, then for "hartree-fock" the exchange flow E(tau).
   */
  potentialStep(phase: Float64Array, tau: number): void;
  /** tr omega of the current state (the solver's finiteness check after every step). */
  trace(): number;
  /** The form-specific diagnostics of the current state; `mesh`: coordinates per axis. */
  diagnosticTerms(mesh: readonly Float64Array[], commutator: boolean): DiagnosticTerms;
  /** A copy of the current state. */
  state(): State;
  /** The current state over the propagator's own arrays (no copy), valid until the next step. */
  stateView(): State;
}
