import type {
  ExternalPotential,
  MeanFieldPotential,
  PhaseSpaceGrid,
  ShiftMethod,
  Splitting,
  SteppedModel,
  ThreadTeam,
} from "@semiclassical/grid";
import { inSharedMemory, meshCoordinates, ParameterError } from "@semiclassical/grid";
import { velocityIntegral } from "./density.js";
import { DiagnosticsEvaluator, type VlasovDiagnostics } from "./diagnostics.js";
import { type EvolveOptions, evolveToTimes, type VlasovEvolution } from "./evolve.js";
import { requirePhaseSpaceState, resolveVlasovOptions, type VlasovOptions } from "./options.js";
import { SplitStepPropagator } from "./split-step.js";

/**
 * Semi-Lagrangian split solver (Cheng and Knorr 1976) of the Vlasov equation (THEORY.md
 * section 1)
 *   d_t W + 2 kappa v . grad_x W - grad_x(V_ext + V * rho) . grad_v W = 0,  rho = int W dv,
 * on a d-D x d-V phase-space grid (d = 1, 2, 3), periodic in every axis (W must vanish at the
 * velocity edges, and at the position edges unless the problem is periodic). The solver owns
 * its state W~_t (a copy of W0) and its time t = t_0 + steps dt, and is a `SteppedModel` of
 * grid's `runTimeLoop`.
 *
 * Substeps (THEORY.md section 3, grid's `splittingSubsteps`): x-advection
 * W(x, v) <- W(x - 2 kappa v tau, v) for the free flow; kick W(x, v) <- W(x, v + grad U(x) tau),
 * U = V_ext(., t) + V * rho with rho from the current W, for the potential step. Strang: advect
 * dt/2, kick dt, advect dt/2; "order4": Yoshida triple jump of Strang steps. Forces:
 * grad(V * rho) from the mean field's Fourier gradient, grad V_ext analytic.
 *
 * Cost per Strang step: 3d line-shift sweeps for a lone {@link step} (O(size log n) each,
 * spectral), 2d when {@link advance} or {@link evolve} fuse adjacent half advections, plus one
 * mean-field gradient O(M log M). Memory: W, the shifters' line buffers, 2d shift tables of
 * size/n doubles and O(d M) for densities and forces, all allocated in the constructor.
 */
export class VlasovSolver implements SteppedModel {
  readonly grid: PhaseSpaceGrid;
  readonly dt: number;
  readonly kappa: number;
  readonly splitting: Splitting;
  readonly shiftMethod: ShiftMethod;
  readonly meanField: MeanFieldPotential | undefined;
  readonly externalPotential: ExternalPotential;

  private W: Float64Array;
  private readonly propagator: SplitStepPropagator;
  private readonly evaluator: DiagnosticsEvaluator;
  /** time = anchorTime + stepsSinceAnchor dt (re-anchored by evolve's shortened steps). */
  private anchorTime: number;
  private stepsSinceAnchor = 0;
  private stepCount = 0;

  /**
   * Validates the options (ParameterError naming the option) and W0 (grid.size values), copies
   * W0 (unless options.adoptInitialState) and allocates the buffers. Cost O(size).
   */
  constructor(W0: Float64Array, options: VlasovOptions) {
    const resolved = resolveVlasovOptions(options);
    requirePhaseSpaceState("W0", W0, resolved.grid);
    this.grid = resolved.grid;
    this.dt = resolved.dt;
    this.kappa = resolved.kappa;
    this.splitting = resolved.splitting;
    this.shiftMethod = resolved.shiftMethod;
    this.meanField = resolved.meanField;
    this.externalPotential = resolved.externalPotential;
    this.anchorTime = resolved.time;
    this.W = options.adoptInitialState === true ? W0 : W0.slice();
    const coordinates = {
      position: meshCoordinates(this.grid.position),
      velocity: meshCoordinates(this.grid.velocity),
    };
    this.propagator = new SplitStepPropagator(resolved, coordinates);
    this.evaluator = new DiagnosticsEvaluator(resolved, coordinates);
  }

  /**
   * Splits the line-shift sweeps of every later step over `team` (grid's ThreadTeam, whose
   * workers register vlasov's `lineShiftKernel`): W~ moves to a SharedArrayBuffer. The numbers
   * are those of the serial solver, bit for bit (each line is shifted by one thread with the
   * serial arithmetic); the density, forces and checks stay serial. threads = 1: no change.
   * Cost O(size) once (no copy when W~ is already on a SharedArrayBuffer).
   */
  useThreads(team: ThreadTeam): void {
    if (team.threads === 1) return;
    // already shared (e.g. an adopted W0 made on a SharedArrayBuffer): no copy
    this.W = inSharedMemory(this.W);
    this.propagator.useThreads(team, this.W);
  }

  /** The current time t = t_0 + steps dt (exactly the requested times after {@link evolve}). */
  get time(): number {
    return this.anchorTime + this.stepsSinceAnchor * this.dt;
  }

  /** Steps taken since construction. */
  get steps(): number {
    return this.stepCount;
  }

  /**
   * `count` steps of length h from the current time, adjacent half advections fused; returns
   * the end time. The time bookkeeping is the caller's.
   */
  private run(count: number, h: number): number {
    const tEnd = this.propagator.run(this.W, this.time, count, h, this.stepCount + 1);
    this.stepCount += count;
    return tEnd;
  }

  /**
   * One step W~ <- S(dt) W~ (3d sweeps per Strang step). Throws NonFiniteStateError, naming the
   * step and time, if W~ stops being finite. No allocation.
   */
  step(): void {
    this.advance(1);
  }

  /**
   * `steps` steps of dt from the current time, adjacent half x-advections fused (2d instead of
   * 3d sweeps per Strang step; equal to `steps` calls of {@link step} up to the spatial error, not
   * bit for bit: see the split step's `run`): the kicks of step s sample V_ext at time + s dt + at dt.
   * Throws NonFiniteStateError, naming the step and time, if W~ stops being finite. No
   * allocation.
   */
  advance(steps: number): void {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${steps}`);
    }
    if (steps === 0) return;
    this.run(steps, this.dt);
    this.stepsSinceAnchor += steps;
  }

  /** A copy of W~_t (grid.size values, index ix * velocity.size + iv). Cost O(size). */
  state(): Float64Array {
    return this.W.slice();
  }

  /**
   * W~_t itself, not a copy (same layout as {@link state}): read it before the next step, which
   * overwrites it, and never write to it. For measurements of a large phase space without a
   * second copy. Cost O(1).
   */
  stateView(): Float64Array {
    return this.W;
  }

  /**
   * rho~_t(x_i) = int W~_t(x_i, v) dv (Riemann sum over the velocity grid), into `out`.
   * Cost O(size); allocates position.size doubles unless `out` is given.
   */
  density(out = new Float64Array(this.grid.position.size)): Float64Array {
    if (!(out instanceof Float64Array) || out.length !== this.grid.position.size) {
      throw new ParameterError(
        "out",
        `must be a Float64Array of position.size = ${this.grid.position.size} values`,
      );
    }
    velocityIntegral(this.W, this.grid, out);
    return out;
  }

  /**
   * Diagnostics of W~_t at the current time ({@link VlasovDiagnostics}): mass, momentum,
   * energies, L2 norm, min W, electric energy. Cost O(d size) plus two mean-field evaluations;
   * no allocation beyond the result.
   */
  diagnostics(): VlasovDiagnostics {
    return this.evaluator.evaluate(this.W, this.time);
  }

  /**
   * Evolves W~ from the current time to tFinal with steps dt (shortened to land on the
   * requested sample times and on tFinal), streaming diagnostics (`onStep`) and snapshots
   * (`onSample`), on grid's `runTimeLoop`. Without `onStep` the steps are fused in chunks of up
   * to 8 (see {@link advance}: so adding `onStep` changes W~ by the spatial error, not by
   * round-off). Afterwards the solver is at tFinal. Cost: steps x the step cost,
   * plus O(size) and two mean-field evaluations per diagnostic; allocates one copy of W per
   * snapshot and one for the result.
   */
  async evolve(options: EvolveOptions): Promise<VlasovEvolution> {
    return evolveToTimes(
      {
        dt: this.dt,
        W: this.W,
        time: () => this.time,
        run: (count, h) => this.run(count, h),
        setTime: (t) => {
          this.anchorTime = t;
          this.stepsSinceAnchor = 0;
        },
        diagnostics: () => this.diagnostics(),
        state: () => this.state(),
      },
      options,
    );
  }
}
