import type { ExternalPotential, MeanFieldPotential, PhaseSpaceGrid } from "@semiclassical/grid";
import {
  LineShifter,
  noExternalPotential,
  type Substep,
  sharedFloat64Array,
  splittingSubsteps,
  type ThreadContext,
  type ThreadTeam,
} from "@semiclassical/grid";
import { velocityIntegral } from "./density.js";
import { NonFiniteStateError } from "./errors.js";
import { lineShiftJob, lineShiftKernel } from "./line-shift-kernel.js";
import type { ResolvedVlasovOptions } from "./options.js";

/** Coordinates of the grid points, one array per axis (`meshCoordinates` of grid). */
export interface PhaseSpaceCoordinates {
  /** x_a of position index ix: position[a][ix]. */
  readonly position: readonly Float64Array[];
  /** v_a of velocity index iv: velocity[a][iv]. */
  readonly velocity: readonly Float64Array[];
}

/**
 * The split-step core of the Vlasov solver (THEORY.md section 3), acting in place on a W it is
 * handed: x-advection W(x, v) <- W(x - 2 kappa v tau, v), one `LineShifter` pass per position
 * axis with a shift depending on v; kick W(x, v) <- W(x, v + grad U(x) tau),
 * U = V_ext(., t) + V * rho with rho from the current W (the kick does not change rho), one pass
 * per velocity axis with a shift depending on x. The substeps are grid's `splittingSubsteps`
 * ("free" = x-advection, "potential" = kick with V_ext sampled at t + at h). Forces:
 * grad(V * rho) from the mean field's Fourier gradient, grad V_ext analytic. Buffers (shifters,
 * shift tables, density and force arrays) are allocated once in the constructor.
 */
export class SplitStepPropagator {
  private readonly grid: PhaseSpaceGrid;
  private readonly kappa: number;
  private readonly meanField: MeanFieldPotential | undefined;
  private readonly externalPotential: ExternalPotential;
  private readonly hasExternal: boolean;
  private readonly dimension: number;
  private readonly substeps: readonly Substep[];
  private readonly coordinates: PhaseSpaceCoordinates;
  private readonly positionShifters: LineShifter[] = [];
  private readonly velocityShifters: LineShifter[] = [];
  private readonly positionShifts: Float64Array[] = [];
  private readonly velocityShifts: Float64Array[] = [];
  private readonly rho: Float64Array;
  private readonly force: Float64Array[];
  private readonly meanFieldGradient: Float64Array[];
  private readonly externalGradient: Float64Array[];
  private readonly point: number[];
  private readonly gradientPoint: number[];
  private externalGradientTime = Number.NaN;
  private readonly shape: readonly number[];
  private threads: { team: ThreadTeam; context: ThreadContext; W: Float64Array } | undefined;

  /** Allocates 2d shifters, 2d shift tables of size/n doubles and O(d M) density/force arrays. */
  constructor(options: ResolvedVlasovOptions, coordinates: PhaseSpaceCoordinates) {
    const { grid, shiftMethod } = options;
    const { position, velocity } = grid;
    const d = position.dimension;
    this.grid = grid;
    this.kappa = options.kappa;
    this.meanField = options.meanField;
    this.externalPotential = options.externalPotential;
    this.hasExternal = this.externalPotential !== noExternalPotential;
    this.dimension = d;
    this.substeps = splittingSubsteps(options.splitting);
    this.coordinates = coordinates;
    const shape = [...position.shape, ...velocity.shape];
    this.shape = shape;
    for (let a = 0; a < d; a++) {
      this.positionShifters.push(new LineShifter(shape, a, position.spacing[a], shiftMethod));
      this.positionShifts.push(new Float64Array(grid.size / position.shape[a]));
      this.velocityShifters.push(new LineShifter(shape, d + a, velocity.spacing[a], shiftMethod));
      this.velocityShifts.push(new Float64Array(grid.size / velocity.shape[a]));
    }
    this.rho = new Float64Array(position.size);
    this.force = position.shape.map(() => new Float64Array(position.size));
    this.meanFieldGradient = position.shape.map(() => new Float64Array(position.size));
    this.externalGradient = position.shape.map(() => new Float64Array(position.size));
    this.point = new Array<number>(d).fill(0);
    this.gradientPoint = new Array<number>(d).fill(0);
  }

  /**
   * Runs `count` steps of length h from time t on W in place, fusing the last x-advection of a
   * step with the first of the next. Not bit for bit the unfused steps: two half shifts equal one
   * whole shift only up to the Nyquist mode for spectral shifts (cos^2(k_N s/2) against
   * cos(k_N s)) and up to the interpolation error for spline shifts, so fused and unfused runs
   * differ by the scheme's spatial error (measured 1e-9 to 6e-7 spectral, 1e-3 cubic on 64 x 64
   * grids), not by round-off; the same scheme and order in time. `firstStep` numbers the
   * steps in error messages. Returns the final time t + count h. Throws NonFiniteStateError if
   * W stops being finite. Cost per Strang step: 2d sweeps when fused (3d for count = 1) of
   * O(size log n) each (spectral) plus one mean-field gradient O(M log M); no allocation.
   */
  run(W: Float64Array, t: number, count: number, h: number, firstStep: number): number {
    let pending = 0;
    for (let s = 0; s < count; s++) {
      const tStart = t + s * h;
      for (const sub of this.substeps) {
        if (sub.kind === "free") {
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

  /**
   * Splits every line-shift sweep on the shared array `W` (a SharedArrayBuffer-backed W handed to
   * {@link run} afterwards) over `team`'s threads (vlasov's `lineShiftKernel`); each line gets the
   * serial sweep's bits. Moves the shift tables to SharedArrayBuffers. Cost O(size / n) copies.
   */
  useThreads(team: ThreadTeam, W: Float64Array): void {
    const d = this.dimension;
    for (let a = 0; a < d; a++) {
      this.positionShifts[a] = sharedFloat64Array(this.positionShifts[a].length);
      this.velocityShifts[a] = sharedFloat64Array(this.velocityShifts[a].length);
    }
    const { position, velocity } = this.grid;
    const context = team.context(lineShiftKernel, {
      W,
      shape: this.shape,
      spacing: [...position.spacing, ...velocity.spacing],
      method: this.positionShifters[0].method,
      shifts: [...this.positionShifts, ...this.velocityShifts],
    });
    this.threads = { team, context, W };
  }

  /** Line l along `axis` of W <- shifted by shifts[l]: serially, or split over the team. */
  private shift(W: Float64Array, axis: number, shifts: Float64Array): void {
    const threads = this.threads;
    const d = this.dimension;
    if (threads === undefined || threads.W !== W) {
      const shifter = axis < d ? this.positionShifters[axis] : this.velocityShifters[axis - d];
      shifter.apply(W, shifts);
      return;
    }
    const { count, grain } = lineShiftJob(this.shape, axis);
    threads.team.run(threads.context, count, [axis], grain);
  }

  private sampleExternalGradient(t: number): void {
    const timeDependent = this.externalPotential.timeDependent;
    if (!timeDependent && !Number.isNaN(this.externalGradientTime)) return;
    if (timeDependent && t === this.externalGradientTime) return;
    const d = this.dimension;
    const x = this.point;
    const g = this.gradientPoint;
    const positions = this.coordinates.position;
    for (let ix = 0; ix < this.rho.length; ix++) {
      for (let a = 0; a < d; a++) x[a] = positions[a][ix];
      this.externalPotential.gradient(x, t, g);
      for (let a = 0; a < d; a++) this.externalGradient[a][ix] = g[a];
    }
    this.externalGradientTime = t;
  }

  /** x-advection W(x, v) <- W(x - 2 kappa v tau, v) along every position axis. */
  private advect(W: Float64Array, tau: number): void {
    if (tau === 0) return;
    const nv = this.grid.velocity.size;
    const factor = 2 * this.kappa * tau;
    for (let a = 0; a < this.dimension; a++) {
      const shifts = this.positionShifts[a];
      const v = this.coordinates.velocity[a];
      for (let offset = 0; offset < shifts.length; offset += nv) {
        for (let iv = 0; iv < nv; iv++) shifts[offset + iv] = factor * v[iv];
      }
      this.shift(W, a, shifts);
    }
  }

  /**
   * Kick W(x, v) <- W(x, v + grad U(x) tau), U = V_ext(., tForce) + V * rho[W], along every
   * velocity axis. Throws NonFiniteStateError if rho (hence W) is not finite.
   */
  private kick(W: Float64Array, tau: number, tForce: number, step: number, t: number): void {
    const rho = this.rho;
    velocityIntegral(W, this.grid, rho);
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
      this.shift(W, d + b, shifts);
    }
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
}
