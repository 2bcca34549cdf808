export type { Complex } from "./complex.js";
export type { VlasovDiagnostics } from "./diagnostics.js";
export {
  type DispersionOptions,
  dielectricFunction,
  type MaxwellianBeam,
  solveDispersionRelation,
} from "./dispersion.js";
export { NonFiniteStateError } from "./errors.js";
export type {
  EvolveOptions,
  VlasovEvolution,
  VlasovSample,
  VlasovStepInfo,
} from "./evolve.js";
export { faddeeva, plasmaDispersionFunction } from "./faddeeva.js";
export { type FitWindow, fitExponentialRate, fitPeaks, type PeakFit } from "./fit.js";
export { type PlasmaInitialStateOptions, plasmaInitialState, samplePhaseSpace } from "./initial.js";
export { type LineShiftSetup, lineShiftJob, lineShiftKernel } from "./line-shift-kernel.js";
export type { VlasovOptions } from "./options.js";
export { VlasovSolver } from "./solver.js";
export {
  type SteadyStateIteration,
  type SteadyStateOptions,
  type VlasovSteadyState,
  vlasovSteadyState,
} from "./steady-state.js";
export { type VlasovPoissonOptions, vlasovPoissonSolver } from "./vlasov-poisson.js";
