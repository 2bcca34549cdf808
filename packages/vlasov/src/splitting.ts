import { ParameterError } from "@semiclassical/grid";

/**
 * Time splitting (THEORY.md section 3). "strang": x-advection dt/2, kick dt, x-advection dt/2
 * (second order, matched to the quantum kinetic half / potential full / kinetic half).
 * "order4": Yoshida's triple jump S(w1 dt) S(w0 dt) S(w1 dt) of that Strang step (fourth order).
 */
export type Splitting = "strang" | "order4";

/** Yoshida (1990) triple-jump weights: w1 = 1/(2 - 2^{1/3}), w0 = 1 - 2 w1 (< 0). */
export const yoshidaWeights: Readonly<{ w1: number; w0: number }> = Object.freeze({
  w1: 1 / (2 - 2 ** (1 / 3)),
  w0: 1 - 2 / (2 - 2 ** (1 / 3)),
});

/**
 * One substep of a split step of length h: an x-advection over `weight * h`, or a kick over
 * `weight * h` with the force evaluated at time t + at * h (the midpoint of the Strang step it
 * belongs to, where a time-dependent V_ext is sampled).
 */
export type Substep =
  | { readonly kind: "advect"; readonly weight: number }
  | { readonly kind: "kick"; readonly weight: number; readonly at: number };

/**
 * The substeps of one step, adjacent x-advections merged: Strang A(1/2) B(1) A(1/2); order 4
 * A(w1/2) B(w1) A((w1+w0)/2) B(w0) A((w0+w1)/2) B(w1) A(w1/2). Cost O(1).
 */
export function splittingSubsteps(splitting: Splitting): readonly Substep[] {
  if (splitting === "strang") {
    return [
      { kind: "advect", weight: 0.5 },
      { kind: "kick", weight: 1, at: 0.5 },
      { kind: "advect", weight: 0.5 },
    ];
  }
  if (splitting === "order4") {
    const { w1, w0 } = yoshidaWeights;
    return [
      { kind: "advect", weight: w1 / 2 },
      { kind: "kick", weight: w1, at: w1 / 2 },
      { kind: "advect", weight: (w1 + w0) / 2 },
      { kind: "kick", weight: w0, at: w1 + w0 / 2 },
      { kind: "advect", weight: (w0 + w1) / 2 },
      { kind: "kick", weight: w1, at: w1 + w0 + w1 / 2 },
      { kind: "advect", weight: w1 / 2 },
    ];
  }
  throw new ParameterError(
    "splitting",
    `must be "strang" or "order4", got ${JSON.stringify(splitting)}`,
  );
}
