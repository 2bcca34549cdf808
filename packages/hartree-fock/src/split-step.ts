import type { StepSchedule, Substep } from "@semiclassical/grid";

/**
 * Walks one step [t, t + dt] of the substeps: free flows accumulate into the pending kinetic
 * step size (starting from `pending`), which is flushed through `kinetic` before each potential
 * substep; a potential substep of weight w at a calls `potential(w dt, t + a dt)`. Returns the
 * kinetic step left pending at the end. Strang: kinetic(pending + dt/2), potential(dt, t + dt/2),
 * returns dt/2 (0.5 dt = dt/2 exactly in IEEE arithmetic). Cost O(substeps) plus the callbacks.
 */
export function walkSchedule(
  substeps: readonly Substep[],
  dt: number,
  t: number,
  pending: number,
  kinetic: (tau: number) => void,
  potential: (tau: number, time: number) => void,
): number {
  let tau = pending;
  for (const substep of substeps) {
    if (substep.kind === "free") {
      tau += substep.weight * dt;
      continue;
    }
    if (tau !== 0) kinetic(tau);
    tau = 0;
    potential(substep.weight * dt, t + substep.at * dt);
  }
  return tau;
}

/**
 * Every kinetic step size {@link walkSchedule} produces for a step size dt: those of a step
 * from no pending substep, those of a step from the pending one, and the pending one itself
 * (flushed when the state is observed). The same floating-point expressions as the walk, so a
 * phase cache keyed by tau is hit exactly (Strang: dt/2 and dt/2 + dt/2). Cost O(substeps).
 */
export function kineticStepSizes(substeps: readonly Substep[], dt: number): number[] {
  const sizes: number[] = [];
  const collect = (tau: number) => {
    if (!sizes.includes(tau)) sizes.push(tau);
  };
  const pending = walkSchedule(substeps, dt, 0, 0, collect, () => {});
  walkSchedule(substeps, dt, 0, pending, collect, () => {});
  if (pending !== 0) collect(pending);
  return sizes;
}

/**
 * The loop steps s in [1, steps] at which `start + s` is a multiple of `every` (the solver's
 * step count, as before the time loop existed): a plain every-k schedule when `start` is a
 * multiple, else an explicit list. Cost O(1) or O(steps / every).
 */
export function multiplesOf(every: number, start: number, steps: number): StepSchedule {
  const offset = start % every;
  if (offset === 0) return { every };
  const list: number[] = [];
  for (let s = every - offset; s <= steps; s += every) list.push(s);
  return { steps: list };
}
