import type {
  DenseDensityMatrix,
  DensityMatrix,
  OrbitalDensityMatrix,
} from "@semiclassical/quantum";

/**
 * Which mean-field model is evolved (THEORY.md section 1): `"hartree"` drops the exchange
 * operator X, `"hartree-fock"` keeps h = -kappa eps^2 Laplacian + V_ext + V*rho - X.
 */
export type HartreeFockModel = "hartree" | "hartree-fock";

/** A density matrix in orbital form (quantum's `OrbitalDensityMatrix`). */
export type OrbitalState = OrbitalDensityMatrix;

/** A density matrix in dense form, 1D (quantum's `DenseDensityMatrix`). */
export type DenseState = DenseDensityMatrix;

/** Either form of a density matrix (quantum's `DensityMatrix`). */
export type State = DensityMatrix;
