import { ParameterError } from "@semiclassical/grid";
import { type DenseOperator, requireOperator } from "./operator.js";

/**
 * Density rho(x_i) = omega(x_i; x_i) / N = Re A_ii / (N dx^d) of a dense operator, with the
 * nominal particle number N (not tr A: the bound of {@link densityBoundCheck} needs the same N on
 * both sides). int rho = tr A / N. Cost O(n); allocates n doubles.
 */
export function diagonalDensity(operator: DenseOperator, particleNumber: number): Float64Array {
  const n = requireOperator("operator", operator);
  if (!(particleNumber > 0) || !Number.isFinite(particleNumber)) {
    throw new ParameterError(
      "particleNumber",
      `must be a finite number > 0, got ${particleNumber}`,
    );
  }
  const scale = 1 / (particleNumber * operator.grid.cellVolume);
  const rho = new Float64Array(n);
  for (let i = 0; i < n; i++) rho[i] = operator.data[2 * (i * n + i)] * scale;
  return rho;
}

/**
 * ||rho - rho~||_L1 = int |rho - rho~| dx, rectangle rule sum_i |rho_i - rho~_i| dx^d on one grid.
 * Cost O(n); allocates nothing.
 */
export function densityL1Distance(
  rho: ArrayLike<number>,
  rhoTilde: ArrayLike<number>,
  cellVolume: number,
): number {
  if (rho.length !== rhoTilde.length) {
    throw new ParameterError(
      "rhoTilde",
      `must have the length of rho (${rho.length}), got ${rhoTilde.length}`,
    );
  }
  if (!(cellVolume > 0)) {
    throw new ParameterError("cellVolume", `must be > 0 (dx^d), got ${cellVolume}`);
  }
  let sum = 0;
  for (let i = 0; i < rho.length; i++) sum += Math.abs(rho[i] - rhoTilde[i]);
  return sum * cellVolume;
}

/** Outcome of {@link densityBoundCheck}. */
export interface DensityBoundCheck {
  /** ||rho - rho~||_L1. */
  readonly densityL1: number;
  /** (1/N) tr|omega - omega~|. */
  readonly traceNormPerParticle: number;
  /** densityL1 / traceNormPerParticle (<= 1 when the bound holds; NaN when both are 0). */
  readonly ratio: number;
  /** Whether densityL1 <= traceNormPerParticle up to the round-off allowance. */
  readonly holds: boolean;
}

/**
 * The bound ||rho - rho~||_L1 <= (1/N) tr|omega - omega~| (THEORY.md section 1). It is exact for
 * the discrete operators: with D = A - A~ and rho = diag(A) / (N dx^d),
 * sum_i |D_ii| = sup_{|s_i| <= 1} tr(S D) <= ||S|| tr|D| = tr|D| (S = diag(s)), so a violation
 * means a bug (different N on the two sides, or densities not taken from the diagonals).
 * Allowance for round-off: the computed spectrum is exact for D + E with ||E||_F <~ n eps_mach ||D||
 * (backward stability), so the computed trace norm is within tr|E| <= sqrt(n) ||E||_F <~
 * n^(3/2) eps_mach tr|D| of the exact one (||D|| <= tr|D|); we accept
 * densityL1 <= traceNormPerParticle (1 + 16 n^(3/2) eps_mach) + 1e-300, n the matrix order.
 * Cost O(1).
 */
export function densityBoundCheck(
  densityL1: number,
  traceNormPerParticle: number,
  n = 1,
): DensityBoundCheck {
  const allowance = 16 * n ** 1.5 * 2 ** -52;
  return {
    densityL1,
    traceNormPerParticle,
    ratio: densityL1 / traceNormPerParticle,
    holds: densityL1 <= traceNormPerParticle * (1 + allowance) + 1e-300,
  };
}
