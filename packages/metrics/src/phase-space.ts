import { ParameterError, type PhaseSpaceGrid, requireSameGrid } from "@semiclassical/grid";
import { euclideanDistance, euclideanNorm } from "./norms.js";

/** A function on a phase-space grid (index ix * velocity.size + iv); the quantum package's
 * `PhaseSpaceFunction` and the Vlasov solver's distribution are such objects. */
export interface PhaseSpaceSamples {
  readonly grid: PhaseSpaceGrid;
  readonly values: Float64Array;
}

function requireSamples(parameter: string, f: PhaseSpaceSamples): void {
  if (f.values.length !== f.grid.size) {
    throw new ParameterError(
      `${parameter}.values`,
      `must hold grid.size = ${f.grid.size} samples, got ${f.values.length}`,
    );
  }
}

/**
 * L^2 norm on phase space ||W||_L2 = (int int W^2 dx dv)^(1/2), by the rectangle rule
 * (sum W_k^2 dx^d dv^d)^(1/2) (spectrally accurate for smooth W vanishing at the box edges).
 * Cost O(size); allocates nothing.
 */
export function wignerL2Norm(w: PhaseSpaceSamples): number {
  requireSamples("w", w);
  return euclideanNorm(w.values) * Math.sqrt(w.grid.cellVolume);
}

/**
 * ||W - W~||_L2 for two functions on the same phase-space grid (rectangle rule).
 * By Plancherel (see {@link hilbertSchmidtNormFromWigner}) this equals
 * (eps / 2 pi)^(d/2) ||omega - omega~||_HS when W, W~ are the Wigner functions of omega, omega~.
 * Cost O(size); allocates nothing.
 */
export function wignerL2Distance(w: PhaseSpaceSamples, wTilde: PhaseSpaceSamples): number {
  requireSamples("w", w);
  requireSamples("wTilde", wTilde);
  requireSameGrid("wTilde.grid.position", w.grid.position, wTilde.grid.position);
  requireSameGrid("wTilde.grid.velocity", w.grid.velocity, wTilde.grid.velocity);
  return euclideanDistance(w.values, wTilde.values) * Math.sqrt(w.grid.cellVolume);
}

/**
 * The Plancherel factor c_d(eps) = (2 pi / eps)^(d/2) with ||omega||_HS = c_d(eps) ||W||_L2.
 *
 * Derivation (THEORY.md section 1 normalization W(x,v) = (eps/2pi)^d int omega(x + eps y/2;
 * x - eps y/2) e^{-i v.y} dy): Plancherel in v gives int |W(x,v)|^2 dv =
 * (eps/2pi)^(2d) (2pi)^d int |omega(x + eps y/2; x - eps y/2)|^2 dy, and z = eps y, then
 * (a, b) = (x + z/2, x - z/2) (Jacobian 1) give int int |W|^2 dx dv = (eps/2pi)^d ||omega||_HS^2.
 * With N = eps^-d this reads (1/N) ||omega||_HS^2 = (2 pi)^d ||W||_L2^2.
 * The discrete transform of THEORY.md section 2 (half grid dx/2, one period pi eps/dx of v per
 * axis, at least n velocity points) satisfies the same identity exactly (discrete Parseval).
 */
export function plancherelFactor(epsilon: number, dimension: number): number {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new ParameterError("epsilon", `must be a finite number > 0, got ${epsilon}`);
  }
  return ((2 * Math.PI) / epsilon) ** (dimension / 2);
}

/**
 * ||omega||_HS from the Wigner function: (2 pi / eps)^(d/2) ||W||_L2 (Plancherel; see
 * {@link plancherelFactor}). Cost O(size); allocates nothing.
 */
export function hilbertSchmidtNormFromWigner(w: PhaseSpaceSamples, epsilon: number): number {
  return plancherelFactor(epsilon, w.grid.position.dimension) * wignerL2Norm(w);
}
