import type {
  ExternalPotential,
  Grid,
  MeanFieldPotential,
  PhaseSpaceGrid,
  ShiftMethod,
} from "@semiclassical/grid";
import {
  LineShifter,
  meshCoordinates,
  noExternalPotential,
  ParameterError,
  requireFinite,
  requirePositive,
} from "@semiclassical/grid";
import type { VlasovDiagnostics } from "./diagnostics.js";
import { NonFiniteStateError } from "./errors.js";
import type { Splitting, Substep } from "./splitting.js";
import { splittingSubsteps } from "./splitting.js";

/** Options of {@link VlasovSolver}. */
export interface VlasovOptions {
  /** Phase-space grid; W index = ix * velocity.size + iv (position axes, then velocity axes). */
  grid: PhaseSpaceGrid;
  /** Time step dt > 0. */
  dt: number;
  /** kappa > 0 in H = kappa |v|^2 + V_ext + V * rho (default 1, the seed's convention). */
  kappa?: number;
  /**
   * U = V * rho and its gradient (e.g. `FreeSpaceConvolution`, `PeriodicPoisson` of
   * @semiclassical/grid), on the position grid. Omitted: no interaction.
   */
  meanField?: MeanFieldPotential;
  /** V_ext(x, t) with its analytic gradient (default none). */
  externalPotential?: ExternalPotential;
  /** "strang" (default) or "order4" (Yoshida triple jump). */
  splitting?: Splitting;
  /** How lines are shifted: "spectral" (default), "cubic-spline" or "quintic-spline". */
  shiftMethod?: ShiftMethod;
}

/** What {@link VlasovSolver.evolve}'s `onStep` receives after every step (and once at the start, step 0). */
export interface VlasovStepInfo {
  /** Steps taken since the start of the run. */
  readonly step: number;
  readonly t: number;
  /** The solver's working copy of W: valid during the callback only, do not modify. */
  readonly W: Float64Array;
  readonly diagnostics: VlasovDiagnostics;
}

/** A snapshot at a requested time. */
export interface VlasovSample {
  readonly t: number;
  /** A copy of W at time t. */
  readonly W: Float64Array;
  readonly diagnostics: VlasovDiagnostics;
}

/** Options of {@link VlasovSolver.evolve}. */
export interface EvolveOptions {
  /** Final time (> t0). */
  tFinal: number;
  /** Initial time (default 0). */
  t0?: number;
  /** Times in [t0, tFinal] at which to take snapshots (steps are shortened to hit them). */
  times?: readonly number[];
  /** Called with diagnostics at the start (step 0) and after every step. */
  onStep?: (info: VlasovStepInfo) => void;
  /** Called with each snapshot as soon as it is taken. */
  onSample?: (sample: VlasovSample) => void;
  /** Keep the snapshots in the result (default true; false when streaming big grids). */
  retainSamples?: boolean;
  /** Aborts the run between steps (throws the signal's reason). */
  signal?: AbortSignal;
}

/** Result of {@link VlasovSolver.evolve}. */
export interface VlasovEvolution {
  /** W at tFinal (a new array; the input is not modified). */
  readonly W: Float64Array;
  readonly t: number;
  /** Steps taken. */
  readonly steps: number;
  /** Snapshots at the requested times, in increasing time (empty if retainSamples is false). */
  readonly samples: VlasovSample[];
}

/** Steps fused between two abort checks when no per-step callback is needed. */
const FUSED_STEPS = 8;

function sameGrid(a: Grid, b: Grid): boolean {
  if (a.dimension !== b.dimension) return false;
  for (let axis = 0; axis < a.dimension; axis++) {
    if (a.shape[axis] !== b.shape[axis]) return false;
    if (Math.abs(a.spacing[axis] - b.spacing[axis]) > 1e-12 * Math.abs(a.spacing[axis]))
      return false;
  }
  return true;
}

/**
 * Semi-Lagrangian split solver (Cheng and Knorr 1976) of the Vlasov equation (THEORY.md
 * section 1)
 *   d_t W + 2 kappa v . grad_x W - grad_x(V_ext + V * rho) . grad_v W = 0,  rho = int W dv,
 * on a d-D x d-V phase-space grid (d = 1, 2, 3), periodic in every axis (W must vanish at the
 * velocity edges, and at the position edges unless the problem is periodic).
 *
 * Substeps (THEORY.md section 3): x-advection W(x, v) <- W(x - 2 kappa v tau, v), one
 * `LineShifter` pass per position axis with a shift depending on v; kick
 * W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., t) + V * rho with rho from the current W
 * (the kick does not change rho), one pass per velocity axis with a shift depending on x.
 * Strang: advect dt/2, kick dt, advect dt/2; "order4": Yoshida triple jump of Strang steps.
 * Forces: grad(V * rho) from the mean field's Fourier gradient, grad V_ext analytic.
 *
 * Cost per Strang step: 2d + d line-shift sweeps (O(size log n) each, spectral) plus one
 * mean-field gradient O(M log M); fused steps in {@link advance} and {@link evolve} share
 * adjacent half advections, so a run costs about 2d sweeps per step. Buffers (shifters, shift
 * tables, density and force arrays) are allocated once in the constructor.
 */
export class VlasovSolver {
  readonly grid: PhaseSpaceGrid;
  readonly dt: number;
  readonly kappa: number;
  readonly splitting: Splitting;
  readonly shiftMethod: ShiftMethod;
  readonly meanField: MeanFieldPotential | undefined;
  readonly externalPotential: ExternalPotential;

  private readonly dimension: number;
  private readonly substeps: readonly Substep[];
  private readonly positionShifters: LineShifter[];
  private readonly velocityShifters: LineShifter[];
  private readonly positionShifts: Float64Array[];
  private readonly velocityShifts: Float64Array[];
  /** Velocity coordinate a of velocity index iv: velocityCoordinates[a][iv]. */
  private readonly velocityCoordinates: Float64Array[];
  /** |v|^2 per velocity index. */
  private readonly speedSquared: Float64Array;
  private readonly positionCoordinates: Float64Array[];
  private readonly rho: Float64Array;
  private readonly force: Float64Array[];
  private readonly meanFieldGradient: Float64Array[];
  private readonly externalGradient: Float64Array[];
  private readonly externalValues: Float64Array;
  private readonly meanFieldValues: Float64Array;
  private readonly point: number[];
  private readonly gradientPoint: number[];
  private externalGradientTime = Number.NaN;
  private externalValuesTime = Number.NaN;
  private readonly hasExternal: boolean;

  constructor(options: VlasovOptions) {
    const grid = options.grid;
    if (
      grid === undefined ||
      grid.position === undefined ||
      grid.velocity === undefined ||
      grid.position.dimension !== grid.velocity.dimension
    ) {
      throw new ParameterError(
        "grid",
        "must be a PhaseSpaceGrid with position and velocity grids of one dimension (createPhaseSpaceGrid)",
      );
    }
    requirePositive("dt", options.dt);
    const kappa = options.kappa ?? 1;
    requirePositive("kappa", kappa);
    const splitting = options.splitting ?? "strang";
    this.substeps = splittingSubsteps(splitting);
    const shiftMethod = options.shiftMethod ?? "spectral";
    if (
      shiftMethod !== "spectral" &&
      shiftMethod !== "cubic-spline" &&
      shiftMethod !== "quintic-spline"
    ) {
      throw new ParameterError(
        "shiftMethod",
        `must be "spectral", "cubic-spline" or "quintic-spline", got ${JSON.stringify(shiftMethod)}`,
      );
    }
    const position = grid.position;
    const velocity = grid.velocity;
    const d = position.dimension;
    if (options.meanField !== undefined && !sameGrid(options.meanField.grid, position)) {
      throw new ParameterError(
        "meanField",
        `must live on the position grid (shape [${position.shape.join(", ")}], spacing ` +
          `[${position.spacing.join(", ")}]), got shape [${options.meanField.grid.shape.join(", ")}]; ` +
          "build it with grid.position",
      );
    }
    this.grid = grid;
    this.dt = options.dt;
    this.kappa = kappa;
    this.splitting = splitting;
    this.shiftMethod = shiftMethod;
    this.meanField = options.meanField;
    this.externalPotential = options.externalPotential ?? noExternalPotential;
    this.hasExternal = this.externalPotential !== noExternalPotential;
    this.dimension = d;

    const shape = [...position.shape, ...velocity.shape];
    this.positionShifters = [];
    this.velocityShifters = [];
    this.positionShifts = [];
    this.velocityShifts = [];
    for (let a = 0; a < d; a++) {
      this.positionShifters.push(new LineShifter(shape, a, position.spacing[a], shiftMethod));
      this.positionShifts.push(new Float64Array(grid.size / position.shape[a]));
      this.velocityShifters.push(new LineShifter(shape, d + a, velocity.spacing[a], shiftMethod));
      this.velocityShifts.push(new Float64Array(grid.size / velocity.shape[a]));
    }
    this.velocityCoordinates = meshCoordinates(velocity);
    this.speedSquared = new Float64Array(velocity.size);
    for (const coordinate of this.velocityCoordinates) {
      for (let iv = 0; iv < velocity.size; iv++) this.speedSquared[iv] += coordinate[iv] ** 2;
    }
    this.positionCoordinates = meshCoordinates(position);
    this.rho = new Float64Array(position.size);
    this.force = position.shape.map(() => new Float64Array(position.size));
    this.meanFieldGradient = position.shape.map(() => new Float64Array(position.size));
    this.externalGradient = position.shape.map(() => new Float64Array(position.size));
    this.externalValues = new Float64Array(position.size);
    this.meanFieldValues = new Float64Array(position.size);
    this.point = new Array<number>(d).fill(0);
    this.gradientPoint = new Array<number>(d).fill(0);
  }

  /** Throws a ParameterError unless W has grid.size entries. */
  private requireState(W: Float64Array, name = "W"): void {
    if (!(W instanceof Float64Array) || W.length !== this.grid.size) {
      throw new ParameterError(
        name,
        `must be a Float64Array of grid.size = ${this.grid.size} values ` +
          `(index ix * ${this.grid.velocity.size} + iv), got length ${(W as { length?: number })?.length}`,
      );
    }
  }

  /**
   * rho(x_i) = int W(x_i, v) dv (Riemann sum over the velocity grid), into `out`.
   * Cost O(size); allocates position.size doubles unless `out` is given.
   */
  density(W: Float64Array, out = new Float64Array(this.grid.position.size)): Float64Array {
    this.requireState(W);
    this.computeDensity(W, out);
    return out;
  }

  private computeDensity(W: Float64Array, out: Float64Array): void {
    const nv = this.grid.velocity.size;
    const dv = this.grid.velocity.cellVolume;
    for (let ix = 0, p = 0; ix < out.length; ix++) {
      let s = 0;
      for (let iv = 0; iv < nv; iv++, p++) s += W[p];
      out[ix] = s * dv;
    }
  }

  private sampleExternalGradient(t: number): void {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalGradientTime)) return;
    if (timeDependent && t === this.externalGradientTime) return;
    const d = this.dimension;
    const x = this.point;
    const g = this.gradientPoint;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = this.positionCoordinates[a][ix];
      this.externalPotential.gradient(x, t, g);
      for (let a = 0; a < d; a++) this.externalGradient[a][ix] = g[a];
    }
    this.externalGradientTime = t;
  }

  private sampleExternalValues(t: number): void {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalValuesTime)) return;
    if (timeDependent && t === this.externalValuesTime) return;
    const d = this.dimension;
    const x = this.point;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = this.positionCoordinates[a][ix];
      this.externalValues[ix] = this.externalPotential.value(x, t);
    }
    this.externalValuesTime = t;
  }

  /** x-advection W(x, v) <- W(x - 2 kappa v tau, v) along every position axis. */
  private advect(W: Float64Array, tau: number): void {
    if (tau === 0) return;
    const nv = this.grid.velocity.size;
    const factor = 2 * this.kappa * tau;
    for (let a = 0; a < this.dimension; a++) {
      const shifts = this.positionShifts[a];
      const v = this.velocityCoordinates[a];
      for (let offset = 0; offset < shifts.length; offset += nv) {
        for (let iv = 0; iv < nv; iv++) shifts[offset + iv] = factor * v[iv];
      }
      this.positionShifters[a].apply(W, shifts);
    }
  }

  /**
   * Kick W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., tForce) + V * rho[W], along every
   * velocity axis. Throws NonFiniteStateError if rho (hence W) is not finite.
   */
  private kick(W: Float64Array, tau: number, tForce: number, step: number, t: number): void {
    const rho = this.rho;
    this.computeDensity(W, rho);
    for (let ix = 0; ix < rho.length; ix++) {
      if (!Number.isFinite(rho[ix])) {
        throw new NonFiniteStateError(step, t, `rho = ${rho[ix]} at position index ${ix}`);
      }
    }
    if (this.meanField === undefined && !this.hasExternal) return;
    const d = this.dimension;
    const n = rho.length;
    for (let a = 0; a < d; a++) this.force[a].fill(0);
    if (this.meanField !== undefined) {
      const g = this.meanField.gradient(rho, this.meanFieldGradient);
      for (let a = 0; a < d; a++) {
        const f = this.force[a];
        const ga = g[a];
        for (let ix = 0; ix < n; ix++) f[ix] += ga[ix];
      }
    }
    if (this.hasExternal) {
      this.sampleExternalGradient(tForce);
      for (let a = 0; a < d; a++) {
        const f = this.force[a];
        const ga = this.externalGradient[a];
        for (let ix = 0; ix < n; ix++) f[ix] += ga[ix];
      }
    }
    const nv = this.grid.velocity.size;
    for (let b = 0; b < d; b++) {
      const shifts = this.velocityShifts[b];
      const perPoint = nv / this.grid.velocity.shape[b];
      const f = this.force[b];
      for (let ix = 0, l = 0; ix < n; ix++) {
        const s = -tau * f[ix];
        for (let j = 0; j < perPoint; j++, l++) shifts[l] = s;
      }
      this.velocityShifters[b].apply(W, shifts);
    }
  }

  /**
   * Runs `count` steps of length h from time t in place, fusing the last x-advection of a step
   * with the first of the next (exact for the commuting shifts). `firstStep` numbers the steps
   * in error messages. Returns the final time.
   */
  private run(W: Float64Array, t: number, count: number, h: number, firstStep: number): number {
    let pending = 0;
    for (let s = 0; s < count; s++) {
      const tStart = t + s * h;
      for (const sub of this.substeps) {
        if (sub.kind === "advect") {
          pending += sub.weight;
          continue;
        }
        this.advect(W, pending * h);
        pending = 0;
        this.kick(W, sub.weight * h, tStart + sub.at * h, firstStep + s, tStart + sub.at * h);
      }
    }
    this.advect(W, pending * h);
    const tEnd = t + count * h;
    this.checkFinite(W, firstStep + count - 1, tEnd);
    return tEnd;
  }

  private checkFinite(W: Float64Array, step: number, t: number): void {
    let s = 0;
    for (let i = 0; i < W.length; i++) s += W[i];
    if (!Number.isFinite(s)) {
      for (let i = 0; i < W.length; i++) {
        if (!Number.isFinite(W[i])) throw new NonFiniteStateError(step, t, `W[${i}] = ${W[i]}`);
      }
      throw new NonFiniteStateError(step, t, `sum of W overflowed to ${s}`);
    }
  }

  /**
   * One step of length h (default dt) from time t, in place: W <- S(h) W. Returns t + h.
   * Cost: see the class comment; no allocation.
   */
  step(W: Float64Array, t = 0, h = this.dt): number {
    this.requireState(W);
    requireFinite("t", t);
    requirePositive("h", h);
    return this.run(W, t, 1, h, 1);
  }

  /**
   * `steps` steps of length h (default dt) from time t, in place, with adjacent half
   * x-advections fused (2d instead of 3d sweeps per Strang step). Returns t + steps h.
   */
  advance(W: Float64Array, t: number, steps: number, h = this.dt): number {
    this.requireState(W);
    requireFinite("t", t);
    requirePositive("h", h);
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${steps}`);
    }
    if (steps === 0) return t;
    return this.run(W, t, steps, h, 1);
  }

  /**
   * Diagnostics of W at time t ({@link VlasovDiagnostics}): mass, momentum, energies, L2 norm,
   * min W, electric energy. Cost O(d size) plus two mean-field evaluations; no allocation
   * beyond the result.
   */
  diagnostics(W: Float64Array, t = 0): VlasovDiagnostics {
    this.requireState(W);
    requireFinite("t", t);
    const d = this.dimension;
    const position = this.grid.position;
    const nv = this.grid.velocity.size;
    const cell = this.grid.cellVolume;
    const rho = this.rho;
    this.computeDensity(W, rho);
    const momentum = new Array<number>(d).fill(0);
    let kinetic = 0;
    let squares = 0;
    let minW = Number.POSITIVE_INFINITY;
    let mass = 0;
    const v2 = this.speedSquared;
    for (let ix = 0, p = 0; ix < position.size; ix++) {
      for (let iv = 0; iv < nv; iv++, p++) {
        const w = W[p];
        kinetic += v2[iv] * w;
        squares += w * w;
        mass += w;
        if (w < minW) minW = w;
      }
    }
    for (let a = 0; a < d; a++) {
      const v = this.velocityCoordinates[a];
      let m = 0;
      for (let ix = 0, p = 0; ix < position.size; ix++) {
        for (let iv = 0; iv < nv; iv++, p++) m += v[iv] * W[p];
      }
      momentum[a] = m * cell;
    }
    const dx = position.cellVolume;
    let externalEnergy = 0;
    if (this.hasExternal) {
      this.sampleExternalValues(t);
      for (let ix = 0; ix < rho.length; ix++) externalEnergy += this.externalValues[ix] * rho[ix];
      externalEnergy *= dx;
    }
    let interactionEnergy = 0;
    let electricEnergy = 0;
    if (this.meanField !== undefined) {
      const u = this.meanField.potential(rho, this.meanFieldValues);
      for (let ix = 0; ix < rho.length; ix++) interactionEnergy += u[ix] * rho[ix];
      interactionEnergy *= 0.5 * dx;
      const g = this.meanField.gradient(rho, this.meanFieldGradient);
      for (let a = 0; a < d; a++) {
        for (let ix = 0; ix < rho.length; ix++) electricEnergy += g[a][ix] ** 2;
      }
      electricEnergy *= 0.5 * dx;
    }
    const kineticEnergy = this.kappa * kinetic * cell;
    return {
      t,
      mass: mass * cell,
      momentum,
      kineticEnergy,
      externalEnergy,
      interactionEnergy,
      energy: kineticEnergy + externalEnergy + interactionEnergy,
      l2Norm: Math.sqrt(squares * cell),
      minW,
      electricEnergy,
    };
  }

  /**
   * Evolves a copy of W0 from t0 to tFinal with steps dt (shortened to land on the requested
   * sample times and on tFinal), streaming diagnostics (`onStep`) and snapshots (`onSample`).
   * Without `onStep` the steps are fused in groups (see {@link advance}). Cost: steps x the
   * step cost, plus O(size) and two mean-field evaluations per diagnostic; allocates one copy
   * of W plus one per retained snapshot.
   */
  evolve(W0: Float64Array, options: EvolveOptions): VlasovEvolution {
    this.requireState(W0, "W0");
    const t0 = options.t0 ?? 0;
    requireFinite("t0", t0);
    requireFinite("tFinal", options.tFinal);
    const tFinal = options.tFinal;
    if (tFinal < t0) {
      throw new ParameterError("tFinal", `must be >= t0 = ${t0}, got ${tFinal}`);
    }
    const times = [...(options.times ?? [])];
    times.forEach((time, i) => {
      requireFinite(`times[${i}]`, time);
      if (time < t0 || time > tFinal) {
        throw new ParameterError(
          `times[${i}]`,
          `must lie in [t0, tFinal] = [${t0}, ${tFinal}], got ${time}`,
        );
      }
    });
    times.sort((a, b) => a - b);
    const retain = options.retainSamples ?? true;
    const { onStep, onSample, signal } = options;
    signal?.throwIfAborted();
    const W = W0.slice();
    const samples: VlasovSample[] = [];
    const tolerance = 1e-9 * this.dt;
    let t = t0;
    let steps = 0;
    const takeSample = () => {
      const sample = { t, W: W.slice(), diagnostics: this.diagnostics(W, t) };
      onSample?.(sample);
      if (retain) samples.push(sample);
    };
    onStep?.({ step: 0, t, W, diagnostics: this.diagnostics(W, t) });
    let next = 0;
    while (next < times.length && times[next] <= t + tolerance) {
      takeSample();
      next++;
    }
    const targets = [...times.slice(next), tFinal];
    for (const target of targets) {
      while (target - t > tolerance) {
        signal?.throwIfAborted();
        const full = Math.floor((target - t) / this.dt + 1e-9);
        if (full === 0 || onStep !== undefined) {
          const h = full === 0 ? target - t : this.dt;
          const tNext = this.run(W, t, 1, h, steps + 1);
          steps++;
          t = target - tNext <= tolerance ? target : tNext;
          onStep?.({ step: steps, t, W, diagnostics: this.diagnostics(W, t) });
          continue;
        }
        const count = Math.min(full, FUSED_STEPS);
        const tNext = this.run(W, t, count, this.dt, steps + 1);
        steps += count;
        t = target - tNext <= tolerance ? target : tNext;
      }
      while (next < times.length && times[next] <= t + tolerance) {
        takeSample();
        next++;
      }
    }
    return { W, t, steps, samples };
  }
}
