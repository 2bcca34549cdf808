import type { ScheduledCallback, SteppedModel } from "@semiclassical/grid";
import { ParameterError, requireFinite, runTimeLoop } from "@semiclassical/grid";
import type { VlasovDiagnostics } from "./diagnostics.js";

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
  /** Final time (>= the solver's current time). */
  tFinal: number;
  /**
   * Times in [time, tFinal] (time: the solver's current time) at which to take snapshots (steps
   * are shortened to hit them).
   */
  times?: readonly number[];
  /** Called with diagnostics at the start (step 0) and after every step. */
  onStep?: (info: VlasovStepInfo) => void;
  /** Called with each snapshot as soon as it is taken. */
  onSample?: (sample: VlasovSample) => void;
  /** Keep the snapshots in the result (default true; false when streaming big grids). */
  retainSamples?: boolean;
  /** Aborts the run between steps (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Result of {@link VlasovSolver.evolve}. */
export interface VlasovEvolution {
  /** W at tFinal (a copy of the solver's state). */
  readonly W: Float64Array;
  readonly t: number;
  /** Steps taken by this run. */
  readonly steps: number;
  /** Snapshots at the requested times, in increasing time (empty if retainSamples is false). */
  readonly samples: VlasovSample[];
}

/**
 * What {@link evolveToTimes} needs of a solver: its step and time, a way to take `count` steps
 * of length h from the current time and then set the time (the steps shortened to land on a
 * requested time re-anchor it), its working state and its diagnostics.
 */
export interface EvolutionTarget {
  readonly dt: number;
  time(): number;
  /** Takes `count` steps of length h from time(); returns the end time time() + count h. */
  run(count: number, h: number): number;
  /** Sets time() (after {@link run}). */
  setTime(t: number): void;
  /** The working W (not a copy). */
  readonly W: Float64Array;
  diagnostics(): VlasovDiagnostics;
  state(): Float64Array;
}

/** The steps towards one target time: whole steps of dt, then one shortened step if needed. */
interface Segment {
  readonly target: number;
  readonly wholeSteps: number;
  readonly shortStep: boolean;
}

/**
 * The step schedule of a run from t0 to tFinal that lands on the sorted `times`: for each time
 * not yet reached (and tFinal), floor((target - t)/dt + 1e-9) whole steps of dt and, when more
 * than 1e-9 dt remains, one step of the remainder; times within 1e-9 dt of the current time are
 * sampled without a step. `sampleSteps[i]`: the step count at which times[i] is sampled.
 * Cost O(|times|).
 */
function planSteps(t0: number, dt: number, tFinal: number, times: readonly number[]) {
  const tolerance = 1e-9 * dt;
  const segments: Segment[] = [];
  const sampleSteps: number[] = [];
  let t = t0;
  let steps = 0;
  const sampleReached = () => {
    while (sampleSteps.length < times.length && times[sampleSteps.length] <= t + tolerance) {
      sampleSteps.push(steps);
    }
  };
  sampleReached();
  for (const target of [...times.slice(sampleSteps.length), tFinal]) {
    if (target - t > tolerance) {
      const wholeSteps = Math.floor((target - t) / dt + 1e-9);
      const shortStep = target - (t + wholeSteps * dt) > tolerance;
      segments.push({ target, wholeSteps, shortStep });
      steps += wholeSteps + (shortStep ? 1 : 0);
      t = target;
    }
    sampleReached();
  }
  return { segments, sampleSteps, steps, tolerance };
}

/**
 * Evolves the target's state from its time to tFinal with steps dt, shortened to land exactly on
 * the requested times and on tFinal, streaming diagnostics (`onStep`) and snapshots (`onSample`),
 * on grid's `runTimeLoop`: without `onStep` the whole steps run in fused chunks of up to 8
 * (ending on every requested time), with `onStep` one at a time (which changes W by the spatial
 * error of the fused shifts, not by round-off: see the solver's `advance`). Validates before the
 * first step.
 * Cost: steps x the step cost, plus O(size) and two mean-field evaluations per diagnostic;
 * allocates one copy of W per snapshot and one for the result.
 */
export async function evolveToTimes(
  target: EvolutionTarget,
  options: EvolveOptions,
): Promise<VlasovEvolution> {
  const t0 = target.time();
  requireFinite("tFinal", options.tFinal);
  const tFinal = options.tFinal;
  if (tFinal < t0) {
    throw new ParameterError("tFinal", `must be >= the solver's time t = ${t0}, got ${tFinal}`);
  }
  const times = [...(options.times ?? [])];
  times.forEach((time, i) => {
    requireFinite(`times[${i}]`, time);
    if (time < t0 || time > tFinal) {
      throw new ParameterError(
        `times[${i}]`,
        `must lie in [time, tFinal] = [${t0}, ${tFinal}], got ${time}`,
      );
    }
  });
  times.sort((a, b) => a - b);
  const retain = options.retainSamples ?? true;
  const { onStep, onSample, signal } = options;
  const plan = planSteps(t0, target.dt, tFinal, times);
  const samples: VlasovSample[] = [];
  let taken = 0;
  const takeSamples = (step: number) => {
    for (; taken < times.length && plan.sampleSteps[taken] === step; taken++) {
      if (!retain && onSample === undefined) continue;
      const sample = { t: target.time(), W: target.state(), diagnostics: target.diagnostics() };
      onSample?.(sample);
      if (retain) samples.push(sample);
    }
  };
  let segment = 0;
  let done = 0;
  // `advance(k)` follows the plan; the loop's chunks end on every sampled step, hence on every
  // segment's end, so a chunk is whole steps of one segment, possibly followed by its short step
  const model: SteppedModel = {
    get time() {
      return target.time();
    },
    advance(k: number) {
      while (k > 0) {
        const { target: end, wholeSteps, shortStep } = plan.segments[segment];
        const whole = Math.min(k, wholeSteps - done);
        const h = whole > 0 ? target.dt : end - target.time();
        const count = whole > 0 ? whole : 1;
        const tNext = target.run(count, h);
        done += count;
        k -= count;
        const finished = done === wholeSteps + (shortStep ? 1 : 0);
        target.setTime(finished || end - tNext <= plan.tolerance ? end : tNext);
        if (finished) {
          segment++;
          done = 0;
        }
      }
    },
  };
  const callbacks: ScheduledCallback[] = [];
  if (onStep !== undefined) {
    callbacks.push({
      schedule: { every: 1, atStart: true },
      call: (step) =>
        onStep({ step, t: target.time(), W: target.W, diagnostics: target.diagnostics() }),
    });
  }
  callbacks.push({ schedule: { steps: plan.sampleSteps }, call: takeSamples });
  await runTimeLoop([model], { steps: plan.steps, callbacks, signal });
  return { W: target.state(), t: target.time(), steps: plan.steps, samples };
}
