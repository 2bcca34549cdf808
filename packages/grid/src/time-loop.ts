import { ParameterError } from "./errors.js";

/**
 * Something that evolves in time by whole steps: both propagators (Hartree-Fock and Vlasov) and
 * anything composed of them. `advance(k)` takes k steps of its dt from `time`, merging what can be
 * merged between steps (the free flows of adjacent split steps); `advance(a); advance(b)` equals
 * `advance(a + b)` up to round-off.
 */
export interface SteppedModel {
  /** The current time t. */
  readonly time: number;
  /** Takes `steps` >= 0 whole steps. */
  advance(steps: number): void;
}

/** When a {@link ScheduledCallback} runs, counted in steps from the start of the loop. */
export type StepSchedule =
  /** Every k-th step (k, 2k, ... up to the loop's last step), and at step 0 when `atStart`. */
  | { readonly every: number; readonly atStart?: boolean }
  /** At these step counts (0 = before the first step), each in [0, steps]. */
  | { readonly steps: readonly number[] };

/** A callback of {@link runTimeLoop}, called at the steps of its schedule, in order. */
export interface ScheduledCallback {
  readonly schedule: StepSchedule;
  /** `step`: steps taken by the loop so far; the models are then at t_0 + step dt. */
  readonly call: (step: number) => void | Promise<void>;
}

/** Options of {@link runTimeLoop}. */
export interface TimeLoopOptions {
  /** The number of steps to take (an integer >= 0). */
  readonly steps: number;
  /** Callbacks on step schedules (called after the models have reached the step). */
  readonly callbacks?: readonly ScheduledCallback[];
  /**
   * At most this many steps between two returns to the loop (progress, cancellation, event
   * loop), default 8: long enough to merge the free flows of adjacent steps, short enough to
   * answer an abort within a fraction of a second.
   */
  readonly chunk?: number;
  /** Checked between chunks; the loop rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after every chunk with the steps taken and the total. */
  readonly onProgress?: (step: number, steps: number) => void;
  /**
   * Give the event loop a turn (a macrotask) when this many milliseconds have passed since the
   * last one (default 50), so messages such as an abort reach a Web Worker. 0: after every chunk.
   */
  readonly yieldEveryMs?: number;
}

/** The default number of steps between two returns to the loop (see {@link TimeLoopOptions}). */
export const DEFAULT_CHUNK = 8;

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Gives the event loop a macrotask turn at most every `ms` milliseconds (see {@link runTimeLoop}). */
export class EventLoopYielder {
  private last = now();
  constructor(private readonly ms = 50) {}

  /** Throws the signal's reason if aborted; yields if `ms` have passed since the last yield. */
  async pause(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (now() - this.last < this.ms) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.last = now();
    signal?.throwIfAborted();
  }
}

function requireSteps(parameter: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ParameterError(parameter, `must be an integer >= 0, got ${String(value)}`);
  }
}

/**
 * The steps at which one callback fires, in increasing order, one at a time: `current` is the
 * next due step (Infinity when none is left), `pass()` moves past it. An `every` schedule is
 * arithmetic (O(1) memory however many steps the loop takes), a `steps` list is sorted and
 * deduplicated once.
 */
interface DueSteps {
  current: number;
  pass(): void;
}

/** The {@link DueSteps} of each callback, validated. Cost O(|steps| log |steps|) per list. */
function callbackSteps(callbacks: readonly ScheduledCallback[], steps: number): DueSteps[] {
  return callbacks.map(({ schedule }, c) => {
    if ("every" in schedule) {
      const k = schedule.every;
      if (!Number.isInteger(k) || k < 1) {
        throw new ParameterError(
          `callbacks[${c}].schedule.every`,
          `must be an integer >= 1, got ${String(k)}`,
        );
      }
      const at = (s: number) => (s <= steps ? s : Number.POSITIVE_INFINITY);
      const due = {
        current: at(schedule.atStart ? 0 : k),
        pass: () => {
          due.current = at(due.current + k);
        },
      };
      return due;
    }
    schedule.steps.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 0 || s > steps) {
        throw new ParameterError(
          `callbacks[${c}].schedule.steps[${i}]`,
          `must be an integer in [0, ${steps}], got ${String(s)}`,
        );
      }
    });
    const list = [...new Set(schedule.steps)].sort((a, b) => a - b);
    let index = 0;
    const due = {
      current: list.length > 0 ? list[0] : Number.POSITIVE_INFINITY,
      pass: () => {
        index++;
        due.current = index < list.length ? list[index] : Number.POSITIVE_INFINITY;
      },
    };
    return due;
  });
}

/**
 * The one time loop of the project: advances every model by `steps` steps together, in chunks of
 * at most `chunk` steps that end exactly on every scheduled step, calls the callbacks due at each
 * such step (in the order given; a callback's promise is awaited), reports progress after each
 * chunk, checks `signal` and yields to the event loop (see {@link EventLoopYielder}). Used by
 * both propagators' `run`, by the study and by the apps, so chunking, cancellation and yielding
 * are written once. Validates the schedules before the first step. Cost: the models' steps plus
 * O(steps / chunk) bookkeeping; allocates only the `steps` lists of the schedules (an `every`
 * schedule is O(1) memory).
 */
export async function runTimeLoop(
  models: readonly SteppedModel[],
  options: TimeLoopOptions,
): Promise<void> {
  const { steps, signal } = options;
  requireSteps("steps", steps);
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new ParameterError("chunk", `must be an integer >= 1, got ${String(chunk)}`);
  }
  const callbacks = options.callbacks ?? [];
  const due = callbackSteps(callbacks, steps);
  const yielder = new EventLoopYielder(options.yieldEveryMs ?? 50);
  signal?.throwIfAborted();
  const fire = async (step: number) => {
    for (let c = 0; c < callbacks.length; c++) {
      while (due[c].current === step) {
        due[c].pass();
        await callbacks[c].call(step);
      }
    }
  };
  let step = 0;
  await fire(0);
  while (step < steps) {
    let target = Math.min(steps, step + chunk);
    for (const d of due) target = Math.min(target, d.current);
    for (const model of models) model.advance(target - step);
    step = target;
    options.onProgress?.(step, steps);
    await fire(step);
    await yielder.pause(signal);
  }
}
