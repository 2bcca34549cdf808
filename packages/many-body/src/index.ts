export {
  createOrbitalBasis,
  type OrbitalBasis,
  oneBodyIntegrals,
  type PairQuadrature,
  trapBasis,
  twoBodyIntegrals,
} from "./basis.js";
export {
  type BasisRun,
  type BasisRunOptions,
  basisDynamics,
  basisSizeFloor,
} from "./basis-floor.js";
export {
  BasisHamiltonian,
  basisHamiltonianBytes,
  maxRowEntries,
  requireBasisBudget,
} from "./basis-hamiltonian.js";
export {
  BasisManyBodySolver,
  type BasisSolverOptions,
  basisGroundState,
  basisOneBodyMatrix,
  basisReducedDensity,
  checkCoefficients,
  traceDistancePerParticle,
} from "./basis-solver.js";
export { DeterminantSpace, fermionSign, popcount } from "./determinants.js";
export {
  type GridGroundState,
  type GridGroundStateOptions,
  gridGroundState,
} from "./grid-ground-state.js";
export {
  GridManyBodySolver,
  type GridSolverOptions,
  type ManyBodyDiagnostics,
} from "./grid-solver.js";
export {
  type HermitianOperator,
  type KrylovOptions,
  KrylovPropagator,
  type KrylovStepReport,
  type LanczosOptions,
  type LanczosResult,
  lanczosGroundState,
} from "./lanczos.js";
export { binomial, DEFAULT_MAX_BYTES, formatBytes, requireMemory } from "./memory.js";
export { reducedDensityMatrix, restrictedReducedDensityMatrix } from "./reduced-density.js";
export {
  pairTable,
  TENSOR_HAMILTONIAN_BYTES_PER_POINT,
  TensorHamiltonian,
  type TensorHamiltonianOptions,
} from "./tensor-hamiltonian.js";
export {
  antisymmetrize,
  antisymmetryDefect,
  checkWavefunction,
  defaultEpsilon,
  describeTensorSize,
  type ManyBodyWavefunction,
  permuteParticles,
  requireTensorBudget,
  signedPermutations,
  slaterDeterminant,
  tensorPoints,
  type WavefunctionCheckOptions,
  wavefunctionNorm,
} from "./wavefunction.js";
