export { FreeSpaceConvolution, type MeanFieldPotential } from "./convolution.js";
export { ParameterError } from "./errors.js";
export {
  type ComplexArray,
  type FftDirection,
  FftPlan,
  fftAxis,
  fftN,
  fftPlan,
  realPart,
  toComplex,
} from "./fft.js";
export { inverseRealFftAxis, realFftAxis } from "./fft-real.js";
export { type FftEngine, fftEngine, selectFftEngine } from "./fft-wasm.js";
export {
  assertResolves,
  axisPoints,
  axisWaveNumbers,
  createGrid,
  createPhaseSpaceGrid,
  type Dimension,
  type EpsilonGridOptions,
  type Grid,
  type GridOptions,
  gridForEpsilon,
  meshCoordinates,
  type PhaseSpaceGrid,
  requireSameGrid,
  resolvedVelocity,
  sameGrid,
  sampleOnGrid,
  waveNumbers,
} from "./grid.js";
export { besselJ0, truncatedKernelTransform } from "./kernel-transform.js";
export {
  type InteractionKernel,
  isSingularKernel,
  kernelValue,
  requireKernel,
} from "./kernels.js";
export { fitLine, type LineFit, type LineFitOptions } from "./least-squares.js";
export { LineShifter, type ShiftMethod } from "./line-shifter.js";
export { Mixer, type MixingOptions } from "./mixing.js";
export { PeriodicPoisson } from "./poisson.js";
export {
  coulombTrap,
  type ExternalPotential,
  harmonicTrap,
  noExternalPotential,
  samplePotential,
  samplePotentialGradient,
  switchedPotential,
} from "./potentials.js";
export { positionGather, resamplePhaseSpace } from "./resample-phase-space.js";
export {
  ResampleWorkspace,
  resampleArray,
  sameAxis,
  UniformResampler,
} from "./resample-uniform.js";
export { spectralDerivative } from "./spectral-derivative.js";
export {
  interpolateToHalfGrid,
  SpectralInterpolator,
  type UniformAxis,
} from "./spectral-interpolation.js";
export {
  requireSplitting,
  SPLITTINGS,
  type Splitting,
  type Substep,
  splittingSubsteps,
  yoshidaWeights,
} from "./splitting.js";
export {
  inSharedMemory,
  registeredThreadKernel,
  registerThreadKernels,
  serveThreadTeam,
  sharedFloat64Array,
  type ThreadContext,
  type ThreadKernel,
  ThreadTeam,
  type ThreadTeamOptions,
  type ThreadWorker,
} from "./thread-team.js";
export {
  DEFAULT_CHUNK,
  EventLoopYielder,
  runTimeLoop,
  type ScheduledCallback,
  type SteppedModel,
  type StepSchedule,
  type TimeLoopOptions,
} from "./time-loop.js";
export {
  isPowerOfTwo,
  nextPowerOfTwo,
  requireFinite,
  requirePositive,
  requirePowerOfTwo,
} from "./validation.js";
