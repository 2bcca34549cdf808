import type { ExternalPotential, Grid } from "@semiclassical/grid";
import {
  isSingularKernel,
  kernelValue,
  noExternalPotential,
  ParameterError,
} from "@semiclassical/grid";
import {
  checkFermionic,
  describeFermionicReport,
  hermitianEigen,
  spectrum,
} from "@semiclassical/quantum";
import { denseCommutatorTraceNorm, orbitalCommutatorTraceNorm } from "./commutator.js";
import {
  type ComplexConvolution,
  denseExchangeEnergy,
  OrbitalExchange,
  orbitalExchangeEnergy,
} from "./exchange.js";
import {
  DenseExchangeFlow,
  type ExchangeFlowOptions,
  OrbitalExchangeFlow,
} from "./exchange-flow.js";
import { KineticPropagator } from "./kinetic.js";
import {
  centerOfMass,
  denseDensity,
  densePurity,
  denseTrace,
  orbitalDensity,
  orbitalTrace,
  orthonormalityDefect,
} from "./observables.js";
import type { DenseState, HartreeFockModel, OrbitalState, Splitting, State } from "./types.js";
import {
  ExternalSampler,
  hasComplexConvolution,
  type MeanField,
  requireKappa,
  requireSameGrid,
  requireStateLayout,
} from "./validation.js";

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
  /** "strang" (default) or "order4" (Yoshida triple jump). */
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
  /** Called after every `diagnosticsEvery`-th step with the diagnostics (never prints). */
  onStep?: (diagnostics: HartreeFockDiagnostics) => void;
  /** Diagnostics schedule in steps (default 1). */
  diagnosticsEvery?: number;
  /**
   * Also compute tr|[x, omega]| (and, dense, the eigenvalue drift) every this many steps (must be
   * a multiple of `diagnosticsEvery`; default 0 = never). Orbital form O(K^2 M + K^3); dense
   * O(n^3).
   */
  commutatorEvery?: number;
}

const YOSHIDA_W1 = 1 / (2 - 2 ** (1 / 3));
const YOSHIDA_W0 = 1 - 2 * YOSHIDA_W1;

/**
 * Time evolution of the Hartree(-Fock) equation (THEORY.md sections 1-3)
 *   i eps d_t omega = [h, omega],  h = -kappa eps^2 Laplacian + V_ext(t) + V*rho - X,
 * for a state in orbital form (any d) or dense form (1D).
 *
 * One Strang step of size tau from t: kinetic half step (e^{-i (tau/2) kappa eps |k|^2} in
 * Fourier space), potential full step, kinetic half step. The potential step takes
 * U = V_ext(t + tau/2) + V*rho from the current density (which the step does not change) and
 * applies phi <- e^{-i tau U/eps} phi (orbitals) or A_ij <- e^{-i tau (U_i - U_j)/eps} A_ij
 * (dense); for "hartree-fock" it then applies the exchange flow E(tau) (see
 * {@link OrbitalExchangeFlow}: the local phase factors out of U - X exactly, so with X = 0 the
 * potential step is exact and the scheme is the quantum twin of the Vlasov splitting).
 * "order4" composes three Strang steps of sizes w1 dt, w0 dt, w1 dt (adjacent kinetic half
 * steps merged).
 *
 * The last kinetic half step of a step is kept pending and merged with the first one of the
 * next step (they commute), and applied only when the state is observed (diagnostics, state(),
 * currentDensity()); this is exact and halves the FFT work of long runs.
 *
 * Costs per Strang step (M = grid points, K = orbitals): orbital Hartree O(K M log M) (2 FFTs
 * per orbital, 4 when the state is observed every step, + one convolution); orbital
 * Hartree-Fock + (fixed-point iterations) x K(K+1)/2 convolutions; dense Hartree O(n^2 log n) (4n row FFTs and a transpose per kinetic step); dense
 * Hartree-Fock + O(iterations n^3). Order 4: three times that. All buffers (FFT plans, phases,
 * scratch) are allocated in the constructor; a step allocates nothing.
 */
export class HartreeFockSolver {
  readonly grid: Grid;
  readonly epsilon: number;
  readonly kappa: number;
  readonly dt: number;
  readonly model: HartreeFockModel;
  readonly splitting: Splitting;
  readonly form: "orbital" | "dense";
  /** N = tr omega of the initial state (the N of h and E_HF). */
  readonly particleNumber: number;
  private readonly initialTime: number;
  private stepCount = 0;
  private readonly meanField: MeanField | undefined;
  private readonly external: ExternalSampler;
  private readonly kinetic: KineticPropagator;
  private readonly occupations: Float64Array;
  private readonly orbitals: Float64Array;
  private readonly data: Float64Array;
  private readonly density: Float64Array;
  private readonly meanFieldValues: Float64Array;
  private readonly phase: Float64Array;
  private readonly orbitalExchange: OrbitalExchange | undefined;
  private readonly orbitalFlow: OrbitalExchangeFlow | undefined;
  private readonly denseFlow: DenseExchangeFlow | undefined;
  private readonly kernelTable: Float64Array | undefined;
  private exchangeScratch: Float64Array | undefined;
  private readonly initialPurity: number;
  private readonly initialEigenvalues: Float64Array | undefined;
  private pendingKinetic = 0;

  /**
   * Copies the state (the caller's arrays are never modified). Validates every input with a
   * {@link ParameterError} before any long computation. Cost: the buffers, plus the state check
   * (orbital O(K^2 M); dense O(n^3)).
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
    if (splitting !== "strang" && splitting !== "order4") {
      throw new ParameterError(
        "splitting",
        `must be "strang" or "order4", got ${String(splitting)}`,
      );
    }
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
    // The exchange needs: orbital form, convolveComplex; dense form, a regular kernel.
    let exchangeConvolution: (MeanField & ComplexConvolution) | undefined;
    if (model === "hartree-fock" && meanField !== undefined) {
      if (state.form === "orbital") {
        if (!hasComplexConvolution(meanField)) {
          throw new ParameterError(
            "meanField",
            "the hartree-fock model applies the exchange through convolveComplex, which this mean " +
              "field lacks; use a FreeSpaceConvolution (or model: 'hartree')",
          );
        }
        exchangeConvolution = meanField;
      } else {
        this.kernelTable = denseKernelTable(grid, meanField);
      }
    }
    this.grid = grid;
    this.epsilon = state.epsilon;
    this.kappa = kappa;
    this.dt = dt;
    this.model = model;
    this.splitting = splitting;
    this.form = state.form;
    this.initialTime = time;
    this.meanField = meanField;
    this.external = new ExternalSampler(grid, options.externalPotential ?? noExternalPotential);
    const m = grid.size;
    this.density = new Float64Array(m);
    this.meanFieldValues = new Float64Array(m);
    this.phase = new Float64Array(2 * m);
    const checkState = options.checkState ?? true;

    if (state.form === "orbital") {
      this.occupations = Float64Array.from(state.occupations, (l) => Math.min(1, Math.max(0, l)));
      this.orbitals = state.orbitals.slice();
      this.data = new Float64Array(0);
      if (checkState) {
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
      this.initialPurity = 0;
    } else {
      this.occupations = new Float64Array(0);
      this.orbitals = new Float64Array(0);
      this.data = state.data.slice();
      if (checkState) this.initialEigenvalues = requireFermionicDense(state);
      this.particleNumber = denseTrace(m, this.data);
      this.initialPurity = densePurity(this.data);
    }
    if (!(this.particleNumber > 0)) {
      throw new ParameterError(
        "state",
        `tr omega must be > 0, got ${this.particleNumber}; the state is empty`,
      );
    }
    this.kinetic = new KineticPropagator(grid, this.epsilon, kappa, state.form === "dense");
    for (const tau of this.kineticStepSizes()) this.kinetic.phase(tau);

    if (exchangeConvolution !== undefined) {
      this.orbitalExchange = new OrbitalExchange(exchangeConvolution);
      this.orbitalFlow = new OrbitalExchangeFlow(
        this.orbitalExchange,
        this.occupations.length,
        options.exchange,
      );
    }
    if (this.kernelTable !== undefined) {
      this.denseFlow = new DenseExchangeFlow(grid, this.kernelTable, options.exchange);
    }
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
    return this.orbitalFlow?.lastIterations ?? this.denseFlow?.lastIterations ?? 0;
  }

  private kineticStepSizes(): number[] {
    const dt = this.dt;
    if (this.splitting === "strang") return [dt / 2, dt / 2 + dt / 2];
    // the same floating-point expressions as in step(), so the cached phases are hit exactly
    const w1 = YOSHIDA_W1 * dt;
    const w0 = YOSHIDA_W0 * dt;
    return [w1 / 2, w1 / 2 + w1 / 2, (w1 + w0) / 2, (w0 + w1) / 2];
  }

  /**
   * Advances by one step dt (Strang or the order-4 composition). Throws an Error naming the
   * step and time if the state stops being finite. No allocation.
   */
  step(): void {
    const dt = this.dt;
    const t = this.time;
    // The last kinetic half step of a step and the first of the next are merged (they commute):
    // the final half step stays pending until the state is observed (see synchronize).
    if (this.splitting === "strang") {
      this.kineticStep(this.pendingKinetic + dt / 2);
      this.potentialStep(dt, t + dt / 2);
      this.pendingKinetic = dt / 2;
    } else {
      const w1 = YOSHIDA_W1 * dt;
      const w0 = YOSHIDA_W0 * dt;
      this.kineticStep(this.pendingKinetic + w1 / 2);
      this.potentialStep(w1, t + w1 / 2);
      this.kineticStep((w1 + w0) / 2);
      this.potentialStep(w0, t + w1 + w0 / 2);
      this.kineticStep((w0 + w1) / 2);
      this.potentialStep(w1, t + w1 + w0 + w1 / 2);
      this.pendingKinetic = w1 / 2;
    }
    this.stepCount++;
    const trace =
      this.form === "orbital"
        ? orbitalTrace(this.grid, this.orbitals, this.occupations)
        : denseTrace(this.grid.size, this.data);
    if (!Number.isFinite(trace)) {
      throw new Error(
        `HartreeFockSolver: the state became non-finite (NaN/Infinity) at step ${this.stepCount}, ` +
          `t = ${this.time}; reduce dt or check the potentials`,
      );
    }
  }

  /**
   * Takes `steps` steps, calling `onStep` on the diagnostics schedule (nothing is computed on
   * the schedule without `onStep`). Returns the diagnostics of the final state (computed once
   * more only if the schedule missed it; with the commutator if `commutatorEvery` > 0).
   */
  run(steps: number, options: RunOptions = {}): HartreeFockDiagnostics {
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
    let last: HartreeFockDiagnostics | undefined;
    for (let s = 0; s < steps; s++) {
      this.step();
      if (options.onStep !== undefined && this.stepCount % every === 0) {
        const commutator = commutatorEvery > 0 && this.stepCount % commutatorEvery === 0;
        last = this.diagnostics({ commutator });
        options.onStep?.(last);
      } else {
        last = undefined;
      }
    }
    return last ?? this.diagnostics({ commutator: commutatorEvery > 0 });
  }

  /** Applies the pending kinetic half step, so the stored state is the state at `time`. */
  private synchronize(): void {
    if (this.pendingKinetic !== 0) {
      this.kineticStep(this.pendingKinetic);
      this.pendingKinetic = 0;
    }
  }

  private kineticStep(tau: number): void {
    if (this.form === "orbital") this.kinetic.propagateOrbitals(this.orbitals, tau);
    else this.kinetic.propagateDense(this.data, tau);
  }

  /** rho of the current state into this.density. */
  private computeDensity(): Float64Array {
    if (this.form === "orbital") {
      return orbitalDensity(
        this.grid,
        this.orbitals,
        this.occupations,
        this.particleNumber,
        this.density,
      );
    }
    return denseDensity(this.grid, this.data, this.particleNumber, this.density);
  }

  private potentialStep(tau: number, midTime: number): void {
    const m = this.grid.size;
    const rho = this.computeDensity();
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
    if (this.form === "orbital") {
      const orbitals = this.orbitals;
      for (let k = 0; k < this.occupations.length; k++) {
        for (let i = 0, o = 2 * k * m; i < m; i++, o += 2) {
          const re = orbitals[o];
          const im = orbitals[o + 1];
          orbitals[o] = re * p[2 * i] - im * p[2 * i + 1];
          orbitals[o + 1] = re * p[2 * i + 1] + im * p[2 * i];
        }
      }
      this.orbitalFlow?.advance(orbitals, this.occupations, this.particleNumber, tau, this.epsilon);
    } else {
      const a = this.data;
      for (let i = 0; i < m; i++) {
        const pr = p[2 * i];
        const pi = p[2 * i + 1];
        for (let j = 0, o = 2 * i * m; j < m; j++, o += 2) {
          // w = p_i conj(p_j)
          const qr = p[2 * j];
          const qi = -p[2 * j + 1];
          const wr = pr * qr - pi * qi;
          const wi = pr * qi + pi * qr;
          const re = a[o];
          const im = a[o + 1];
          a[o] = re * wr - im * wi;
          a[o + 1] = re * wi + im * wr;
        }
      }
      this.denseFlow?.advance(a, this.particleNumber, tau, this.epsilon);
    }
  }

  /**
   * The diagnostics of the current state. Cost: orbital O(K M log M + K^2 M) (+ K(K+1)/2
   * convolutions for the exchange energy of "hartree-fock"); dense O(n^2 log n) (+ O(n^2)
   * exchange); `commutator: true` adds tr|[x, omega]| (orbital O(K^2 M + K^3), dense O(n^3)).
   */
  diagnostics(options: { commutator?: boolean } = {}): HartreeFockDiagnostics {
    this.synchronize();
    const grid = this.grid;
    const m = grid.size;
    const n = this.particleNumber;
    const rho = this.computeDensity();
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
    let kineticEnergy: number;
    let exchangeEnergy = 0;
    let particleNumber: number;
    let spectrumDrift: number;
    let eigenvalueDrift: number | undefined;
    let commutatorTraceNorm: number[] | undefined;
    if (this.form === "orbital") {
      kineticEnergy = this.kinetic.orbitalKineticTrace(this.orbitals, this.occupations) / n;
      particleNumber = orbitalTrace(grid, this.orbitals, this.occupations);
      spectrumDrift = orthonormalityDefect(grid, this.orbitals, this.occupations.length);
      if (this.orbitalExchange !== undefined) {
        this.exchangeScratch ??= new Float64Array(this.orbitals.length);
        this.orbitalExchange.applyToOrbitals(
          this.orbitals,
          this.occupations,
          n,
          this.exchangeScratch,
        );
        exchangeEnergy = orbitalExchangeEnergy(
          grid,
          this.orbitals,
          this.occupations,
          this.exchangeScratch,
          n,
        );
      }
      if (options.commutator) {
        commutatorTraceNorm = this.external.mesh.map((x) =>
          orbitalCommutatorTraceNorm(grid, this.orbitals, this.occupations, x),
        );
      }
    } else {
      kineticEnergy = this.kinetic.denseKineticTrace(this.data) / n;
      particleNumber = denseTrace(m, this.data);
      spectrumDrift = Math.abs(densePurity(this.data) - this.initialPurity) / this.initialPurity;
      if (this.kernelTable !== undefined) {
        exchangeEnergy = denseExchangeEnergy(m, this.kernelTable, this.data, n);
      }
      if (options.commutator) {
        commutatorTraceNorm = [denseCommutatorTraceNorm(m, this.data, this.external.mesh[0])];
        eigenvalueDrift = this.eigenvalueDrift();
      }
    }
    const energy = kineticEnergy + externalEnergy + hartreeEnergy - exchangeEnergy;
    if (!Number.isFinite(energy)) {
      throw new Error(
        `HartreeFockSolver: the energy is not finite at step ${this.stepCount}, t = ${t}`,
      );
    }
    return {
      step: this.stepCount,
      time: t,
      particleNumber,
      energy,
      kineticEnergy,
      externalEnergy,
      hartreeEnergy,
      exchangeEnergy,
      centerOfMass: centre,
      spectrumDrift,
      ...(eigenvalueDrift !== undefined ? { eigenvalueDrift } : {}),
      ...(commutatorTraceNorm !== undefined ? { commutatorTraceNorm } : {}),
    };
  }

  private eigenvalueDrift(): number | undefined {
    const m = this.grid.size;
    if (this.initialEigenvalues === undefined) return undefined;
    const now = hermitianEigen(m, this.data).values;
    let worst = 0;
    for (let j = 0; j < m; j++) {
      worst = Math.max(worst, Math.abs(now[j] - this.initialEigenvalues[j]));
    }
    return worst;
  }

  /**
   * A copy of the current state (same form as the initial one). Cost O(K M) or O(n^2), allocates
   * the copy.
   */
  state(): State {
    this.synchronize();
    if (this.form === "orbital") {
      const out: OrbitalState = {
        form: "orbital",
        grid: this.grid,
        epsilon: this.epsilon,
        occupations: this.occupations.slice(),
        orbitals: this.orbitals.slice(),
      };
      return out;
    }
    const out: DenseState = {
      form: "dense",
      grid: this.grid,
      epsilon: this.epsilon,
      data: this.data.slice(),
    };
    return out;
  }

  /** A copy of rho(x_i) = omega(x_i; x_i)/N of the current state. Cost O(K M), allocates M doubles. */
  currentDensity(): Float64Array {
    this.synchronize();
    return this.computeDensity().slice();
  }
}

/** V(|i - j| dx) for i - j = 0..n-1 (dense exchange; regular kernels only). */
function denseKernelTable(grid: Grid, meanField: MeanField): Float64Array {
  const kernel = meanField.kernel;
  if (kernel === undefined) {
    throw new ParameterError(
      "meanField",
      "the dense hartree-fock exchange X_ij = V(x_i - x_j) A_ij / N needs the interaction kernel " +
        "(meanField.kernel, as on FreeSpaceConvolution)",
    );
  }
  if (isSingularKernel(kernel)) {
    throw new ParameterError(
      "meanField.kernel",
      `the dense elementwise exchange V(x_i - x_j) A_ij / N needs V(0) finite, but the "${kernel.kind}" ` +
        "kernel is singular; convert the state to orbital form (quantum's toOrbital), where the exchange " +
        "goes through the free-space convolution, or use a regular kernel (gaussian, soft-power)",
    );
  }
  const n = grid.size;
  const table = new Float64Array(n);
  for (let j = 0; j < n; j++) table[j] = kernelValue(kernel, j * grid.spacing[0]);
  return table;
}

/**
 * Dense fermionic check through quantum's `checkFermionic`: A Hermitian (to 1e-10 relative),
 * eigenvalues in [-1e-8, 1 + 1e-8]. Returns the spectrum. Cost O(n^3).
 */
function requireFermionicDense(state: DenseState): Float64Array {
  const n = state.grid.size;
  const data = state.data;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const o = 2 * (i * n + j);
      const t = 2 * (j * n + i);
      worst = Math.max(worst, Math.abs(data[o] - data[t]), Math.abs(data[o + 1] + data[t + 1]));
      scale = Math.max(scale, Math.abs(data[o]), Math.abs(data[o + 1]));
    }
  }
  if (!(worst <= 1e-10 * Math.max(scale, 1e-300))) {
    throw new ParameterError(
      "state.data",
      `must be Hermitian (A_ij = conj(A_ji)); the largest violation is ${worst.toExponential(2)}`,
    );
  }
  const eigenvalues = spectrum(state);
  const report = checkFermionic(state, 1e-8, {
    particles: eigenvalues.reduce((a, b) => a + b, 0),
    eigenvalues,
  });
  if (!report.fermionic) {
    throw new ParameterError("state", `is not fermionic: ${describeFermionicReport(report)}`);
  }
  return eigenvalues;
}
