/**
 * Thrown when W stops being finite during a run (NaN or Infinity, e.g. from a too large dt or an
 * under-resolved grid). Names the step (1-based, counted from the solver's construction) and the
 * time at which the non-finite values were detected; the solver's state is then unusable.
 */
export class NonFiniteStateError extends Error {
  /** The step during which the non-finite values appeared. */
  readonly step: number;
  /** The time t at which they were detected. */
  readonly time: number;

  constructor(step: number, time: number, detail: string) {
    super(
      `W became non-finite (${detail}) in step ${step} at t = ${time}; ` +
        "reduce dt, refine the phase-space grid or check the initial data and the potentials",
    );
    this.name = "NonFiniteStateError";
    this.step = step;
    this.time = time;
  }
}
