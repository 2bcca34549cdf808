export { ballCommutatorTraceNorm } from "./ball-commutator.js";
export {
  type CertifiedSchattenInterval,
  type CertifiedTraceNorm,
  type CertifiedTraceNormCost,
  type CertifiedTraceNormOptions,
  type CertifiedTraceNormStep,
  certifiedTraceNorm,
  certifiedTraceNormCost,
} from "./certified-trace-norm.js";
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
  compareWithWeyl,
  DEFAULT_SCHATTEN_EXPONENTS,
  type DensityMatrixComparison,
  REFLECTION_TOLERANCE,
  type SchattenDistance,
  type SchattenExponent,
  schattenExponentValue,
} from "./compare.js";
export {
  type DensityBoundCheck,
  densityBoundCheck,
  densityL1Distance,
  diagonalDensity,
} from "./density.js";
export {
  type DuhamelBound,
  type DuhamelTerms,
  duhamelBound,
} from "./duhamel.js";
export {
  feffermanDeLaLlaveConstant,
  feffermanDeLaLlaveGaussians,
  feffermanDeLaLlaveIntegral,
  type GaussianSum,
  type GaussianSumOptions,
} from "./fefferman-de-la-llave.js";
export { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from "./metric-names.js";
export {
  hilbertSchmidtDistance,
  hilbertSchmidtNorm,
  packedHilbertSchmidtNorm,
  traceDistance,
  traceNorm,
  traceNormOfSpectrum,
} from "./norms.js";
export { type DenseOperator, hermitianDifference } from "./operator.js";
export {
  type OrbitalWeylDistanceOptions,
  type OrbitalWeylDistances,
  operatorHilbertSchmidtDistance,
  orbitalHilbertSchmidtSquared,
  orbitalWeylDistances,
  weylCrossTerm,
} from "./orbital-distances.js";
export {
  hilbertSchmidtNormFromWigner,
  type PhaseSpaceSamples,
  plancherelFactor,
  wignerL2Distance,
  wignerL2Norm,
} from "./phase-space.js";
export {
  commutatorMatrix,
  denseExchangeOperator,
  errorTermOperator,
  errorTermTraceNorm,
  exchangeCommutatorTraceNorm,
  MidpointMeanField,
  type MidpointPotential,
  meanFieldCommutatorTraceNorm,
  midpointMeanField,
  potentialCommutator,
} from "./proof-terms.js";
export {
  type FitRateOptions,
  fitRate,
  type RateFit,
  type TheoremExponents,
  theoremExponents,
} from "./rates.js";
export {
  schattenDistancesPerParticle,
  schattenNorm,
  schattenNormOfSpectrum,
} from "./schatten.js";
export { weylBandKernel } from "./weyl-band.js";
export {
  WEYL_APPLY_CHUNK,
  type WeylOperator,
  type WeylOperatorCost,
  type WeylOperatorOptions,
  weylOperator,
  weylOperatorCost,
  weylOperatorMatrix,
} from "./weyl-operator.js";
