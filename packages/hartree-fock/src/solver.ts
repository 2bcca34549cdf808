import type {
  ExternalPotential,
  Grid,
  ScheduledCallback,
  Splitting,
  SteppedModel,
  Substep,
  ThreadTeam,
} from "@semiclassical/grid";
import {
  noExternalPotential,
  ParameterError,
  requireSameGrid,
  requireSplitting,
  runTimeLoop,
  splittingSubsteps,
} from "@semiclassical/grid";
import { DensePropagator } from "./dense-propagator.js";
import type { ExchangeFlowOptions } from "./exchange-flow.js";
import { centerOfMass } from "./observables.js";
import { OrbitalPropagator } from "./orbital-propagator.js";
import type { Propagator, PropagatorOptions } from "./propagator.js";
import { kineticStepSizes, multiplesOf, walkSchedule } from "./split-step.js";
import type { HartreeFockModel, State } from "./types.js";
import { ExternalSampler, type MeanField, requireKappa, requireStateLayout } from "./validation.js";

/** Options of {@link HartreeFockSolver}. */
export interface HartreeFockOptions {
  /** Time step dt > 0. */
  dt: number;
  /** kappa in h = -kappa eps^2 Laplacian + ... (default 1, the seed's convention). */
  kappa?: number;
  /** "hartree" (default) or "hartree-fock" (keeps the exchange operator X). */
  model?: HartreeFockModel;
  /**
   * U = V * rho (grid's `FreeSpaceConvolution` or `PeriodicPoisson`, on the state's grid).
   * Omitted: V = 0. The "hartree-fock" model needs `convolveComplex` (FreeSpaceConvolution);
   * on a dense state it also needs a regular `kernel`.
   */
  meanField?: MeanField;
  /** V_ext(x, t) (default none); sampled at the midpoint time of every potential substep. */
  externalPotential?: ExternalPotential;
  /**
   * The step schedule (grid's `Splitting`, shared with the Vlasov propagator): "strang"
   * (default) or "order4" (Yoshida triple jump); see grid's `splittingSubsteps`.
   */
  splitting?: Splitting;
  /** Initial time t_0 (default 0), e.g. negative to keep a trap on before t = 0. */
  time?: number;
  /** Fixed-point control of the exchange substep. */
  exchange?: ExchangeFlowOptions;
  /**
   * Check the initial state: orbitals orthonormal to 1e-8 and occupations in [0, 1]; dense: A
   * Hermitian with eigenvalues in [-1e-8, 1 + 1e-8] (an O(n^3) eigenvalue computation).
   * Default true.
   */
  checkState?: boolean;
  /**
   * true: the initial state's array (the orbitals, or the dense matrix) becomes the solver's state
   * instead of being copied, so K M complex values (or n^2) are held once, not twice; the caller
   * must not read or modify it afterwards (it holds the evolved state). Default false (a copy).
   */
  adoptInitialState?: boolean;
}

/** What {@link HartreeFockSolver.diagnostics} reports (THEORY.md section 1 notation). */
export interface HartreeFockDiagnostics {
  /** Steps taken since the start. */
  readonly step: number;
  /** t = t_0 + step dt. */
  readonly time: number;
  /** tr omega (conserved). */
  readonly particleNumber: number;
  /**
   * E_HF = kappa eps^2 tr(-Laplacian omega)/N + int V_ext(t) rho + (1/2) int int V rho rho
   * - (1/(2N^2)) int int V |omega|^2 (the last term only for the "hartree-fock" model), with N the
   * initial tr omega. Conserved when V_ext does not depend on time.
   */
  readonly energy: number;
  /** The four terms of `energy`: kinetic, external, Hartree (direct) and exchange (>= 0 for V >= 0). */
  readonly kineticEnergy: number;
  readonly externalEnergy: number;
  readonly hartreeEnergy: number;
  readonly exchangeEnergy: number;
  /** int x rho dx, one entry per axis. */
  readonly centerOfMass: number[];
  /**
   * Drift of the spectrum of omega (conserved by the unitary flow). Orbital form: the occupations
   * are constants, so the drift is max_kl |<phi_k, phi_l> - delta_kl|; dense form:
   * |tr A^2 - tr A_0^2| / tr A_0^2.
   */
  readonly spectrumDrift: number;
  /** Dense form, on the commutator schedule: max_j |eig_j(A) - eig_j(A_0)| (O(n^3)). */
  readonly eigenvalueDrift?: number;
  /** tr|[x_a, omega]| per axis a, on the commutator schedule (see {@link RunOptions}). */
  readonly commutatorTraceNorm?: number[];
}

/** Options of {@link HartreeFockSolver.run}. */
export interface RunOptions {
  /**
   * Called with the diagnostics whenever the solver's step count is a multiple of
   * `diagnosticsEvery` (never prints; nothing is computed on the schedule without it).
   */
  onStep?: (diagnostics: HartreeFockDiagnostics) => void;
  /** Diagnostics schedule in steps (default 1), counted by {@link HartreeFockSolver.steps}. */
  diagnosticsEvery?: number;
  /**
   * Also compute tr|[x, omega]| (and, dense, the eigenvalue drift) every this many steps (must be
   * a multiple of `diagnosticsEvery`; default 0 = never). Orbital form O(K^2 M + K^3); dense
   * O(n^3).
   */
  commutatorEvery?: number;
  /** Checked between chunks of steps; `run` rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Time evolution of the Hartree(-Fock) equation (THEORY.md sections 1-3)
 *   i eps d_t omega = [h, omega],  h = -kappa eps^2 Laplacian + V_ext(t) + V*rho - X,
 * for a state in orbital form (any d) or dense form (1D); a grid `SteppedModel`.
 *
 * One step of size dt follows grid's `splittingSubsteps(splitting)`: a "free" substep of weight
 * w is the kinetic step e^{-i w dt kappa eps |k|^2} in Fourier space; a "potential" substep of
 * weight w at a takes U = V_ext(t + a dt) + V*rho from the current density (which the substep
 * does not change) and applies phi <- e^{-i w dt U/eps} phi (orbitals) or
 * A_ij <- e^{-i w dt (U_i - U_j)/eps} A_ij (dense); for "hartree-fock" it then applies the
 * exchange flow E(w dt) (see `OrbitalExchangeFlow`: the local phase factors out of U - X
 * exactly, so with X = 0 the potential step is exact and the scheme is the quantum twin of the
 * Vlasov splitting). "strang": F(1/2) P(1) F(1/2); "order4": Yoshida's triple jump.
 *
 * The last kinetic substep of a step is kept pending and merged with the first one of the next
 * step (they commute), and applied only when the state is observed (diagnostics, state(),
 * currentDensity()); this is exact and halves the FFT work of long runs.
 *
 * The form-specific work is delegated to an internal propagator (orbital or dense); this class
 * validates the options and owns the schedule, the time, U and the diagnostics.
 *
 * Costs per Strang step (M = grid points, K = orbitals): orbital Hartree O(K M log M) (2 FFTs
 * per orbital, 4 when the state is observed every step, + one convolution); orbital
 * Hartree-Fock + (fixed-point iterations) x K(K+1)/2 convolutions; dense Hartree O(n^2 log n)
 * (4n row FFTs and a transpose per kinetic step); dense Hartree-Fock + O(iterations n^3).
 * Order 4: three times that. All buffers (FFT plans, phases, scratch) are allocated in the
 * constructor; a step allocates nothing.
 */
export class HartreeFockSolver implements SteppedModel {
  /** The position grid of the state (and of the mean field). */
  readonly grid: Grid;
  /** eps = N^(-1/d) of the state (the "hbar" of i eps d_t omega = [h, omega]). */
  readonly epsilon: number;
  /** kappa in h = -kappa eps^2 Laplacian + ... */
  readonly kappa: number;
  /** The time step dt of {@link HartreeFockSolver.step}. */
  readonly dt: number;
  /** "hartree" (X dropped) or "hartree-fock". */
  readonly model: HartreeFockModel;
  /** The step schedule (grid's `splittingSubsteps`). */
  readonly splitting: Splitting;
  /** Orbital form (any d) or dense form (1D) of the state, kept as given. */
  readonly form: "orbital" | "dense";
  /** N = tr omega of the initial state (the N of h and E_HF). */
  readonly particleNumber: number;
  private readonly initialTime: number;
  private stepCount = 0;
  private readonly substeps: readonly Substep[];
  private readonly propagator: Propagator;
  private readonly meanField: MeanField | undefined;
  private readonly external: ExternalSampler;
  private readonly density: Float64Array;
  private readonly meanFieldValues: Float64Array;
  private readonly phase: Float64Array;
  private pendingKinetic = 0;

  /**
   * Copies the state (the caller's arrays are never modified), unless `adoptInitialState`.
   * Validates every input with a {@link ParameterError} before any long computation. Cost: the
   * buffers, plus the state check (orbital O(K^2 M); dense O(n^3)).
   */
  constructor(state: State, options: HartreeFockOptions) {
    requireStateLayout(state);
    const kappa = options.kappa ?? 1;
    requireKappa(kappa);
    const dt = options.dt;
    if (typeof dt !== "number" || !Number.isFinite(dt) || dt <= 0) {
      throw new ParameterError("dt", `must be a finite number > 0, got ${String(dt)}`);
    }
    const model = options.model ?? "hartree";
    if (model !== "hartree" && model !== "hartree-fock") {
      throw new ParameterError(
        "model",
        `must be "hartree" or "hartree-fock", got ${String(model)}`,
      );
    }
    const splitting = options.splitting ?? "strang";
    requireSplitting("splitting", splitting);
    const time = options.time ?? 0;
    if (typeof time !== "number" || !Number.isFinite(time)) {
      throw new ParameterError("time", `must be a finite number, got ${String(time)}`);
    }
    const grid = state.grid;
    const meanField = options.meanField;
    if (meanField !== undefined) {
      if (typeof meanField.potential !== "function") {
        throw new ParameterError(
          "meanField",
          "must be a MeanFieldPotential (e.g. FreeSpaceConvolution)",
        );
      }
      requireSameGrid("meanField.grid", grid, meanField.grid);
    }
    const propagatorOptions: PropagatorOptions = {
      kappa,
      model,
      meanField,
      exchange: options.exchange,
      checkState: options.checkState ?? true,
      adoptInitialState: options.adoptInitialState === true,
    };
    this.propagator =
      state.form === "orbital"
        ? new OrbitalPropagator(state, propagatorOptions)
        : new DensePropagator(state, propagatorOptions);
    this.particleNumber = this.propagator.particleNumber;
    if (!(this.particleNumber > 0)) {
      throw new ParameterError(
        "state",
        `tr omega must be > 0, got ${this.particleNumber}; the state is empty`,
      );
    }
    this.grid = grid;
    this.epsilon = state.epsilon;
    this.kappa = kappa;
    this.dt = dt;
    this.model = model;
    this.splitting = splitting;
    this.form = state.form;
    this.initialTime = time;
    this.substeps = splittingSubsteps(splitting);
    this.meanField = meanField;
    this.external = new ExternalSampler(grid, options.externalPotential ?? noExternalPotential);
    const m = grid.size;
    this.density = new Float64Array(m);
    this.meanFieldValues = new Float64Array(m);
    this.phase = new Float64Array(2 * m);
    for (const tau of kineticStepSizes(this.substeps, dt)) this.propagator.prepareKineticStep(tau);
  }

  /** Current time t = t_0 + steps * dt. */
  get time(): number {
    return this.initialTime + this.stepCount * this.dt;
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Fixed-point iterations of the last exchange substep (0 for the Hartree model). */
  get lastExchangeIterations(): number {
    return this.propagator.exchangeIterations;
  }

  /**
   * Advances by one step dt along the splitting's substeps. Throws an Error naming the step and
   * time if the state stops being finite. Cost: see the class; no allocation.
   */
  step(): void {
    // The last kinetic substep of a step and the first of the next are merged (they commute):
    // the final one stays pending until the state is observed (see synchronize).
    this.pendingKinetic = walkSchedule(
      this.substeps,
      this.dt,
      this.time,
      this.pendingKinetic,
      this.kineticStep,
      this.potentialStep,
    );
    this.stepCount++;
    if (!Number.isFinite(this.propagator.trace())) {
      throw new Error(
        `HartreeFockSolver: the state became non-finite (NaN/Infinity) at step ${this.stepCount}, ` +
          `t = ${this.time}; reduce dt or check the potentials`,
      );
    }
  }

  /** Takes `steps` >= 0 steps (k calls of {@link HartreeFockSolver.step}); the grid `SteppedModel`. */
  advance(steps: number): void {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${String(steps)}`);
    }
    for (let s = 0; s < steps; s++) this.step();
  }

  /**
   * Takes `steps` steps through grid's `runTimeLoop`, calling `onStep` with the diagnostics when
   * the step count is a multiple of `diagnosticsEvery` (nothing is computed on the schedule
   * without `onStep`). Resolves to the diagnostics of the final state (computed once more only
   * if the schedule missed it; with the commutator if `commutatorEvery` > 0); rejects on a
   * non-finite state or when `signal` aborts. Cost: the steps plus the scheduled diagnostics.
   */
  async run(steps: number, options: RunOptions = {}): Promise<HartreeFockDiagnostics> {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${String(steps)}`);
    }
    const every = options.diagnosticsEvery ?? 1;
    const commutatorEvery = options.commutatorEvery ?? 0;
    if (!Number.isInteger(every) || every < 1) {
      throw new ParameterError("diagnosticsEvery", `must be an integer >= 1, got ${String(every)}`);
    }
    if (!Number.isInteger(commutatorEvery) || commutatorEvery < 0 || commutatorEvery % every) {
      throw new ParameterError(
        "commutatorEvery",
        `must be 0 (never) or a positive multiple of diagnosticsEvery = ${every}, got ${String(commutatorEvery)}`,
      );
    }
    const onStep = options.onStep;
    let last: HartreeFockDiagnostics | undefined;
    let lastStep = 0;
    const callbacks: ScheduledCallback[] = [];
    if (onStep !== undefined) {
      callbacks.push({
        schedule: multiplesOf(every, this.stepCount, steps),
        call: (step) => {
          const commutator = commutatorEvery > 0 && this.stepCount % commutatorEvery === 0;
          last = this.diagnostics({ commutator });
          lastStep = step;
          onStep(last);
        },
      });
    }
    await runTimeLoop([this], { steps, callbacks, signal: options.signal });
    if (last !== undefined && lastStep === steps) return last;
    return this.diagnostics({ commutator: commutatorEvery > 0 });
  }

  /** Applies the pending kinetic substep, so the stored state is the state at `time`. */
  private synchronize(): void {
    if (this.pendingKinetic !== 0) {
      this.propagator.kineticStep(this.pendingKinetic);
      this.pendingKinetic = 0;
    }
  }

  private readonly kineticStep = (tau: number): void => {
    this.propagator.kineticStep(tau);
  };

  /** The potential substep over tau with V_ext sampled at `midTime`. Cost O(M) + the propagator's. */
  private readonly potentialStep = (tau: number, midTime: number): void => {
    const m = this.grid.size;
    const rho = this.propagator.density(this.density);
    const external = this.external.sample(midTime);
    const u = this.meanFieldValues;
    if (this.meanField !== undefined) this.meanField.potential(rho, u);
    else u.fill(0);
    const p = this.phase;
    const c = -tau / this.epsilon;
    for (let i = 0; i < m; i++) {
      const theta = c * (external[i] + u[i]);
      p[2 * i] = Math.cos(theta);
      p[2 * i + 1] = Math.sin(theta);
    }
    this.propagator.potentialStep(p, tau);
  };

  /**
   * The diagnostics of the current state. Cost: orbital O(K M log M + K^2 M) (+ K(K+1)/2
   * convolutions for the exchange energy of "hartree-fock"); dense O(n^2 log n) (+ O(n^2)
   * exchange); `commutator: true` adds tr|[x, omega]| (orbital O(K^2 M + K^3), dense O(n^3)).
   */
  diagnostics(options: { commutator?: boolean } = {}): HartreeFockDiagnostics {
    this.synchronize();
    const grid = this.grid;
    const m = grid.size;
    const rho = this.propagator.density(this.density);
    const t = this.time;
    const external = this.external.sample(t);
    let externalEnergy = 0;
    for (let i = 0; i < m; i++) externalEnergy += external[i] * rho[i];
    externalEnergy *= grid.cellVolume;
    let hartreeEnergy = 0;
    if (this.meanField !== undefined) {
      const u = this.meanField.potential(rho, this.meanFieldValues);
      for (let i = 0; i < m; i++) hartreeEnergy += rho[i] * u[i];
      hartreeEnergy *= 0.5 * grid.cellVolume;
    }
    const centre = centerOfMass(grid, rho, this.external.mesh);
    const terms = this.propagator.diagnosticTerms(this.external.mesh, options.commutator === true);
    const { kineticEnergy, exchangeEnergy, eigenvalueDrift, commutatorTraceNorm } = terms;
    const energy = kineticEnergy + externalEnergy + hartreeEnergy - exchangeEnergy;
    if (!Number.isFinite(energy)) {
      throw new Error(
        `HartreeFockSolver: the energy is not finite at step ${this.stepCount}, t = ${t}`,
      );
    }
    return {
      step: this.stepCount,
      time: t,
      particleNumber: terms.particleNumber,
      energy,
      kineticEnergy,
      externalEnergy,
      hartreeEnergy,
      exchangeEnergy,
      centerOfMass: centre,
      spectrumDrift: terms.spectrumDrift,
      ...(eigenvalueDrift !== undefined ? { eigenvalueDrift } : {}),
      ...(commutatorTraceNorm !== undefined ? { commutatorTraceNorm } : {}),
    };
  }

  /**
   * A copy of the current state (same form as the initial one). Cost O(K M) or O(n^2), allocates
   * the copy.
   */
  state(): State {
    this.synchronize();
    return this.propagator.state();
  }

  /**
   * The current state over the solver's own arrays, without a copy (the occupations too): for
   * reading it in place (a row's metrics, guards) when K M complex values are large. It is valid
   * until the next step or advance, which overwrite it; it must not be modified. Cost O(1) (plus
   * the pending kinetic substep, as for {@link state}).
   */
  stateView(): State {
    this.synchronize();
    return this.propagator.stateView();
  }

  /**
   * Splits the orbital loops of every later step (kinetic step and potential phase per orbital,
   * density per point; see `OrbitalPropagator.useThreads`), and for "hartree-fock" the exact
   * exchange's pair loop (1D) and the ACE's O(M K^2) loops, over `team`, whose workers register
   * hartree-fock's `orbitalKernel`, `pairExchangeKernel` and `compressedExchangeKernel`. Same
   * numbers as the serial solver, bit for bit. The dense form and threads = 1 are left serial.
   * Cost O(K M) once.
   */
  useThreads(team: ThreadTeam): void {
    if (this.propagator instanceof OrbitalPropagator) this.propagator.useThreads(team);
  }

  /** A copy of rho(x_i) = omega(x_i; x_i)/N of the current state. Cost O(K M), allocates M doubles. */
  currentDensity(): Float64Array {
    this.synchronize();
    return this.propagator.density(this.density).slice();
  }
}
