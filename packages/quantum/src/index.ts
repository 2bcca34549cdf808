export type {
  FermionicCheckOptions,
  FermionicReport,
  OrbitalConversion,
  PackedHermitian,
} from "./conversions.js";
export {
  assertFermionic,
  checkFermionic,
  DEFAULT_OCCUPATION_CUTOFF,
  describeFermionicReport,
  spectrum,
  subtractFromDense,
  subtractFromPacked,
  toDense,
  toOrbital,
} from "./conversions.js";
export type { EigenstateOptions, Eigenstates } from "./eigenstates.js";
export { lowestEigenstates } from "./eigenstates.js";
export { chemicalPotential, fermiDiracOccupations } from "./fermi-dirac.js";
export { MAX_PHASE_SPACE_SIZE, wignerPhaseSpace } from "./half-grid.js";
export { Hamiltonian } from "./hamiltonian.js";
export { husimiTransform } from "./husimi.js";
export type {
  CoherentOptions,
  CoherentSuperposition,
  WeylState,
  WeylStateOptions,
} from "./initial-states.js";
export { coherentStateSuperposition, weylState } from "./initial-states.js";
export type {
  EigenOptions,
  EigenResult,
  EigenResultWithVectors,
  GridSpectrum,
  GridSpectrumOptions,
} from "./linalg/index.js";
export {
  hermitianEigen,
  hermitianGridSpectrum,
  REFLECTION_SPECTRUM_TOLERANCE,
  symmetricEigen,
  symmetricTridiagonalEigen,
} from "./linalg/index.js";
export { seededRandom } from "./linalg/random.js";
export { density, kineticEnergy, particleNumber, purity } from "./observables.js";
export {
  type OrbitalWignerCost,
  type OrbitalWignerOptions,
  orbitalWigner,
  orbitalWignerCost,
} from "./orbital-wigner.js";
export type { PhaseSpaceFunction } from "./phase-space.js";
export {
  phaseSpaceCurrent,
  phaseSpaceDensity,
  phaseSpaceKineticEnergy,
  phaseSpaceMass,
} from "./phase-space.js";
export type {
  DenseDensityMatrix,
  DenseValidationOptions,
  DensityMatrix,
  OrbitalDensityMatrix,
  OrbitalValidationOptions,
} from "./states.js";
export {
  createDenseDensityMatrix,
  createOrbitalDensityMatrix,
  gramMatrix,
  requireHermitian,
} from "./states.js";
export { type BlockOperator, subspaceIteration } from "./subspace-iteration.js";
export type { ThermalOptions, ThermalState } from "./thermal.js";
export { FERMI_SHELL_TOLERANCE, slaterState, thermalState } from "./thermal.js";
export type { WeylDifference, WeylOptions } from "./weyl.js";
export { weylDifference, weylQuantize } from "./weyl.js";
export { wignerTransform, wignerTransformOnto } from "./wigner.js";
