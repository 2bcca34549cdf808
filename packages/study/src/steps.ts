/** Relative tolerance for "a whole number of steps dt". */
export const STEP_TOLERANCE = 1e-9;

/**
 * The number of steps k with k dt = t (to the relative tolerance {@link STEP_TOLERANCE}), or
 * undefined when t is not on the dt lattice. Cost O(1).
 */
export function wholeSteps(t: number, dt: number): number | undefined {
  const k = Math.round(t / dt);
  return Math.abs(k * dt - t) <= STEP_TOLERANCE * Math.max(1, Math.abs(t)) ? k : undefined;
}
