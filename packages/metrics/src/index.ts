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
export { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from "./metric-names.js";
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
