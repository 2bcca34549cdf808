import { ParameterError, requireFinite, requirePositive } from "@semiclassical/grid";
import type { Complex } from "./complex.js";
import { abs, add, complex, divide, multiply, scale, subtract } from "./complex.js";
import { plasmaDispersionFunction } from "./faddeeva.js";

/**
 * A drifting Maxwellian electron population in Vlasov-Poisson units (kappa = 1/2, plasma
 * frequency of the unit density 1):
 * f_s(v) = n_s (2 pi sigma_s^2)^{-1/2} exp(-(v - u_s)^2 / (2 sigma_s^2)).
 */
export interface MaxwellianBeam {
  /** Density n_s (fraction of the mean density 1; the n_s of all beams add up to 1). */
  readonly density: number;
  /** Drift velocity u_s (along the wave vector in 1D-1V). */
  readonly drift: number;
  /** Thermal velocity sigma_s > 0. */
  readonly thermalVelocity: number;
}

function validateBeams(beams: readonly MaxwellianBeam[]): void {
  if (!Array.isArray(beams)) {
    throw new ParameterError("beams", `must be an array of Maxwellian beams, got ${typeof beams}`);
  }
  if (beams.length === 0) {
    throw new ParameterError("beams", "needs at least one Maxwellian beam, got none");
  }
  beams.forEach((b, s) => {
    requirePositive(`beams[${s}].density`, b.density);
    requireFinite(`beams[${s}].drift`, b.drift);
    requirePositive(`beams[${s}].thermalVelocity`, b.thermalVelocity);
  });
}

/**
 * The dielectric function of electron Vlasov-Poisson linearized about a sum of Maxwellian beams,
 * D(k, omega) = 1 + sum_s chi_s, chi_s = n_s / (k^2 sigma_s^2) [1 + zeta_s Z(zeta_s)],
 * zeta_s = (omega - k u_s) / (sqrt 2 k sigma_s), Z the plasma dispersion function (Landau
 * contour, so the roots with Im omega < 0 are the damped modes). Perturbations go like
 * e^{i (k x - omega t)}. Throws a ParameterError for k <= 0, a non-finite omega or bad beams.
 * Cost O(beams).
 */
export function dielectricFunction(
  k: number,
  omega: Complex,
  beams: readonly MaxwellianBeam[],
): Complex {
  requirePositive("k", k);
  validateBeams(beams);
  requireFinite("omega.re", omega.re);
  requireFinite("omega.im", omega.im);
  return dielectricAndDerivative(k, omega, beams).value;
}

function dielectricAndDerivative(
  k: number,
  omega: Complex,
  beams: readonly MaxwellianBeam[],
): { value: Complex; derivative: Complex } {
  let value = complex(1);
  let derivative = complex(0);
  for (const b of beams) {
    const width = Math.SQRT2 * k * b.thermalVelocity;
    const zeta = scale(subtract(omega, complex(k * b.drift)), 1 / width);
    const z = plasmaDispersionFunction(zeta);
    const bracket = add(complex(1), multiply(zeta, z)); // 1 + zeta Z
    const factor = b.density / (k * k * b.thermalVelocity * b.thermalVelocity);
    value = add(value, scale(bracket, factor));
    // d/dzeta (zeta Z) = Z + zeta Z', Z' = -2 (1 + zeta Z)
    const dBracket = subtract(z, scale(multiply(zeta, bracket), 2));
    derivative = add(derivative, scale(dBracket, factor / width));
  }
  return { value, derivative };
}

/** Options of {@link solveDispersionRelation}. */
export interface DispersionOptions {
  /** Stop when |delta omega| <= tolerance (1 + |omega|) (default 1e-13). */
  tolerance?: number;
  /** Newton iterations allowed (default 100). */
  maxIterations?: number;
}

/**
 * A root omega of D(k, omega) = 0 ({@link dielectricFunction}) by Newton's method from `guess`
 * (with the analytic derivative, Z' = -2 (1 + zeta Z)). Which mode is found depends on the
 * guess (it stops at |delta omega| <= tolerance (1 + |omega|), or at the round-off floor once
 * the steps stop shrinking below 1e-8 (1 + |omega|)). For Landau damping of a unit Maxwellian at k = 0.5 start near 1.4 - 0.15 i, for a
 * two-stream instability near i gamma. Throws if Newton does not converge. Cost O(iterations *
 * beams).
 */
export function solveDispersionRelation(
  k: number,
  beams: readonly MaxwellianBeam[],
  guess: Complex,
  options: DispersionOptions = {},
): Complex {
  requirePositive("k", k);
  validateBeams(beams);
  requireFinite("guess.re", guess.re);
  requireFinite("guess.im", guess.im);
  const tolerance = options.tolerance ?? 1e-13;
  const maxIterations = options.maxIterations ?? 100;
  let omega = guess;
  let previous = Number.POSITIVE_INFINITY;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { value, derivative } = dielectricAndDerivative(k, omega, beams);
    const delta = divide(value, derivative);
    omega = subtract(omega, delta);
    if (!Number.isFinite(omega.re) || !Number.isFinite(omega.im)) break;
    const step = abs(delta);
    if (step <= tolerance * (1 + abs(omega))) return omega;
    // Round-off floor: for cold beams D carries a factor 1/(k sigma)^2 that amplifies the
    // error of 1 + zeta Z, so Newton stalls above `tolerance`; accept once the steps stop
    // shrinking below 1e-8.
    if (step >= previous && step <= 1e-8 * (1 + abs(omega))) return omega;
    previous = step;
  }
  throw new ParameterError(
    "guess",
    `Newton's method for D(k = ${k}, omega) = 0 did not converge from ` +
      `${guess.re} + ${guess.im}i; start closer to the mode you want`,
  );
}
