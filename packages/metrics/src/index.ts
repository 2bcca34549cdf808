export {
  commutatorDensity,
  commutatorTraceNorm,
  lpNorm,
  positionCommutator,
  rhoCommutatorLp,
  rhoCommutatorLpNorm,
  rhoCommutatorLpNorms,
} from "./commutator.js";
export {
  type CompareOptions,
  compareDensityMatrices,
  type DensityMatrixComparison,
} from "./compare.js";
export {
  type DensityBoundCheck,
  densityBoundCheck,
  densityL1Distance,
  diagonalDensity,
} from "./density.js";
export {
  hilbertSchmidtDistance,
  hilbertSchmidtNorm,
  traceDistance,
  traceNorm,
  traceNormOfSpectrum,
} from "./norms.js";
export { type DenseOperator, hermitianDifference } from "./operator.js";
export {
  hilbertSchmidtNormFromWigner,
  type PhaseSpaceSamples,
  plancherelFactor,
  wignerL2Distance,
  wignerL2Norm,
} from "./phase-space.js";
export {
  type FitRateOptions,
  fitRate,
  type RateFit,
  studentTCdf,
  studentTQuantile,
  type TheoremExponents,
  theoremExponents,
} from "./rates.js";
export * from "./study/config.js";
export {
  createStudyEvolution,
  type GridDensity,
  type StudyCase,
  type StudyEvolution,
  type StudyEvolutionOptions,
  type StudySnapshot,
  studySnapshot,
} from "./study/evolution.js";
export { interactionKernel, prepareInitialState } from "./study/initial-state.js";
export * from "./study/presets.js";
export { resamplePhaseSpace } from "./study/resample.js";
export {
  refinementChange,
  runStudy,
  studyErrorFloor,
  studyFits,
  studyMetricValue,
  studyTheory,
} from "./study/run.js";
export type * from "./study/types.js";
