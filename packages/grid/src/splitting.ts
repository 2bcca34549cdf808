import { ParameterError } from "./errors.js";

/**
 * The matched time splitting of THEORY.md section 3, shared by the quantum and the classical
 * propagators. "strang": free flow dt/2, potential dt, free flow dt/2 (second order);
 * "order4": Yoshida's triple jump S(w1 dt) S(w0 dt) S(w1 dt) of that Strang step (fourth order).
 * The free flow is the kinetic step e^{-i tau kappa eps |k|^2} on the quantum side and the
 * x-advection W(x - 2 kappa v tau, v) on the classical side; the potential step is
 * e^{-i tau (U - X)/eps} and the kick W(x, v + grad U tau).
 */
export type Splitting = "strang" | "order4";

/** The splittings {@link splittingSubsteps} knows. */
export const SPLITTINGS: readonly Splitting[] = Object.freeze(["strang", "order4"]);

/**
 * Yoshida (Phys. Lett. A 150, 262 (1990)) triple-jump weights: w1 = 1/(2 - 2^{1/3}),
 * w0 = 1 - 2 w1 (< 0).
 */
export const yoshidaWeights: Readonly<{ w1: number; w0: number }> = Object.freeze({
  w1: 1 / (2 - 2 ** (1 / 3)),
  w0: 1 - 2 / (2 - 2 ** (1 / 3)),
});

/**
 * One substep of a split step of length h: a free flow over `weight * h`, or a potential step
 * over `weight * h` with the potential sampled at time t + at * h (the midpoint of the Strang
 * step it belongs to, where a time-dependent V_ext is evaluated).
 */
export type Substep =
  | { readonly kind: "free"; readonly weight: number }
  | { readonly kind: "potential"; readonly weight: number; readonly at: number };

const STRANG: readonly Substep[] = Object.freeze([
  { kind: "free", weight: 0.5 },
  { kind: "potential", weight: 1, at: 0.5 },
  { kind: "free", weight: 0.5 },
]);

const ORDER4: readonly Substep[] = (() => {
  const { w1, w0 } = yoshidaWeights;
  return Object.freeze<Substep[]>([
    { kind: "free", weight: w1 / 2 },
    { kind: "potential", weight: w1, at: w1 / 2 },
    { kind: "free", weight: (w1 + w0) / 2 },
    { kind: "potential", weight: w0, at: w1 + w0 / 2 },
    { kind: "free", weight: (w0 + w1) / 2 },
    { kind: "potential", weight: w1, at: w1 + w0 + w1 / 2 },
    { kind: "free", weight: w1 / 2 },
  ]);
})();

/** Throws a {@link ParameterError} unless `splitting` is "strang" or "order4". */
export function requireSplitting(
  parameter: string,
  splitting: unknown,
): asserts splitting is Splitting {
  if (!SPLITTINGS.includes(splitting as Splitting)) {
    throw new ParameterError(
      parameter,
      `must be "strang" or "order4", got ${JSON.stringify(splitting)}`,
    );
  }
}

/**
 * The substeps of one step, adjacent free flows merged: Strang F(1/2) P(1) F(1/2); order 4
 * F(w1/2) P(w1) F((w1+w0)/2) P(w0) F((w0+w1)/2) P(w1) F(w1/2). A propagator that takes many
 * steps merges the last free flow of a step with the first of the next (they commute). The one
 * schedule of both the Hartree-Fock and the Vlasov propagators, so the two are matched by
 * construction. Cost O(1); the arrays are frozen and shared.
 */
export function splittingSubsteps(splitting: Splitting): readonly Substep[] {
  requireSplitting("splitting", splitting);
  return splitting === "strang" ? STRANG : ORDER4;
}
