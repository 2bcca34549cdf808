export { denseCommutatorTraceNorm, orbitalCommutatorTraceNorm } from "./commutator.js";
export {
  COMPRESSED_JOB,
  CompressedExchange,
  type CompressedExchangeSetup,
  compressedExchangeKernel,
} from "./compressed-exchange.js";
export {
  type ComplexConvolution,
  denseExchangeEnergy,
  denseExchangeMatrix,
  OrbitalExchange,
  orbitalExchangeEnergy,
} from "./exchange.js";
export {
  DenseExchangeFlow,
  type ExchangeFlowOptions,
  OrbitalExchangeFlow,
} from "./exchange-flow.js";
export {
  PAIR_EXCHANGE_JOB,
  type PairExchangeSetup,
  pairExchangeKernel,
} from "./exchange-kernels.js";
export { FockOperator, RealCompressedExchange } from "./fock-operator.js";
export {
  type SelfConsistentIteration,
  type SelfConsistentOptions,
  type SelfConsistentResult,
  selfConsistentState,
} from "./ground-state.js";
export { KineticPropagator, squaredWaveNumbers } from "./kinetic.js";
export {
  centerOfMass,
  denseDensity,
  densePurity,
  denseTrace,
  gramMatrix,
  orbitalDensity,
  orbitalTrace,
  orthonormalityDefect,
} from "./observables.js";
export { type FermiDiracFilling, fillLevels } from "./occupations.js";
export { innerProducts } from "./orbital-block-algebra.js";
export {
  applyOrbitalPhase,
  ORBITAL_JOB,
  type OrbitalThreadSetup,
  orbitalKernel,
} from "./orbital-kernels.js";
export {
  type HartreeFockDiagnostics,
  type HartreeFockOptions,
  HartreeFockSolver,
  type RunOptions,
} from "./solver.js";
export type {
  DenseState,
  HartreeFockModel,
  OrbitalState,
  State,
} from "./types.js";
export type { MeanField } from "./validation.js";
