// The team of `RunStudyTaskOptions.threads`, for hosts that depend on this package only (the CLI).
export { ThreadTeam, type ThreadWorker } from "@semiclassical/grid";
export {
  type AdaptiveDiscretization,
  type AdaptiveEntry,
  type AdaptivePlan,
  type AdaptivePlanOptions,
  type AdaptiveTiming,
  adaptivePlan,
} from "./adaptive.js";
export { levelConfig, levelsText, NO_REFINEMENT } from "./adaptive-levels.js";
export { type AssembleOptions, assembleStudyResult, EXACTNESS_THRESHOLD } from "./assemble.js";
export { type InitialStateBudget, initialStateBudget } from "./budgets.js";
export {
  assembleChainResult,
  CHAIN_DISTANCES,
  type ChainDistanceName,
  type ChainFit,
  type ChainProgress,
  type ChainResult,
  type ChainRow,
  type ChainVerdict,
  chainFits,
  chainTimes,
  type RunChainOptions,
  runChain,
} from "./chain.js";
export {
  CHAIN_GRID_BYTES_PER_POINT,
  type ChainCase,
  type ChainConfig,
  type ChainConfigInput,
  type ChainPlan,
  chainBasisSize,
  type ManyBodyConfig,
  type ManyBodyConfigInput,
  planChain,
  resolveChainConfig,
  resolveManyBodyConfig,
} from "./chain-config.js";
export { CHAIN_PRESETS, type ChainPreset, chainPreset } from "./chain-presets.js";
export {
  MAX_OCCUPATION_CUTOFF,
  studyConfigJsonSchema,
  studyConfigSchema,
} from "./config-schema.js";
export {
  chainConfigJsonSchema,
  chainConfigSchema,
  manyBodyConfigSchema,
} from "./config-schema-chain.js";
export type { JsonSchemaDocument } from "./config-schema-fields.js";
export type {
  BudgetConfig,
  CoulombTrapConfig,
  DynamicsConfig,
  GridConfig,
  HarmonicTrapConfig,
  InteractionConfig,
  InteractionKind,
  StateConfig,
  StateKind,
  StudyConfig,
  StudyConfigInput,
  TraceNormConfig,
  TraceNormMethod,
  TrapConfig,
  VlasovConfig,
  VlasovGridKind,
} from "./config-types.js";
export { LOW_TEMPERATURE_LEVELS, SOFTENING_CELLS, TRAP_KINDS } from "./config-types.js";
export {
  createStudyEvolution,
  type GridDensity,
  type StudyCase,
  type StudyEvolution,
  type StudyEvolutionOptions,
  type StudySnapshot,
  studySnapshot,
} from "./evolution.js";
export {
  type DiagnosticsSample,
  type EvolutionResult,
  type EvolveStudyCaseOptions,
  evolveStudyCase,
  type PhaseSpaceArray,
  type SideResult,
} from "./evolve-case.js";
export {
  refinementChange,
  rowWeight,
  type StudyFitsOptions,
  studyFits,
  studyMetricValue,
  studyNoRates,
  studyRates,
} from "./fits.js";
export {
  STUDY_GUARD_THRESHOLDS,
  StudyGuardError,
  type StudyGuardQuantity,
} from "./guards.js";
export { canonicalJson, contentId, fnv1a64 } from "./hash.js";
export { interactionKernel, prepareInitialState } from "./initial-state.js";
export {
  allTasksSeconds,
  DEFAULT_MAX_MEMORY,
  formatBytes,
  largestTask,
  type MeasurementPath,
  type MemoryComponent,
  type MemoryPlanEntry,
  type MemoryRefusalOptions,
  memoryRefusal,
  type TaskMemoryPlan,
} from "./memory-plan.js";
export {
  ORBITAL_METRICS,
  type OrbitalRowMetrics,
  orbitalRowMetrics,
} from "./orbital-row.js";
export { type PlanStudyOptions, planStudy, type StudyPlan, type StudyPlanEntry } from "./plan.js";
export {
  DEFAULT_PRESET,
  presetNames,
  STUDY_PRESETS,
  type StudyPreset,
  studyPreset,
} from "./presets.js";
export {
  COMMUTATOR_SCALING_DIVISORS,
  type CommutatorScaling,
  createResearchMetrics,
  PROOF_TERM_EVERY,
  type ResearchMetrics,
  type ResearchQuantityVerdict,
  type ResearchRowFields,
} from "./research-metrics.js";
export { researchVerdicts } from "./research-verdicts.js";
export type {
  RefinedDiscretization,
  RefinementLevels,
  ResolutionMode,
  RowAdaptive,
  RowCertificate,
  RowGuards,
  RowResolution,
  RowVerdict,
} from "./resolution-types.js";
export {
  type ResolveStudyConfigOptions,
  resolveStudyConfig,
  stateEnergyCutoff,
} from "./resolve-config.js";
export { runStudy } from "./run.js";
export { runStudyTask } from "./run-task.js";
export {
  type SteadyStateReport,
  steadyStateReport,
  vlasovSteadyInitialState,
} from "./steady-state.js";
export {
  numericSweepAxes,
  type PlanSweepOptions,
  planSweep,
  type SweepAxis,
  type SweepInput,
  type SweepPlan,
  type SweepPoint,
  sweepValueText,
} from "./sweep.js";
export { checkStudyTask } from "./task-payload.js";
export { CHEAP_REFINEMENT_POINTS, studyTasks } from "./tasks.js";
export { studyTheory } from "./theory.js";
export { STUDY_THREAD_KERNELS, serveStudyThreads } from "./thread-worker.js";
export {
  COULOMB_EXTENT_LENGTHS,
  coulombExtent,
  thomasFermiLength,
  trapCurvature,
  trapPotential,
} from "./trap.js";
export type {
  RunStudyOptions,
  RunStudyTaskOptions,
  StudyErrorFloor,
  StudyFit,
  StudyGridSummary,
  StudyNoRate,
  StudyPhase,
  StudyProgress,
  StudyRate,
  StudyResult,
  StudyRow,
  StudyTask,
  StudyTaskRow,
  StudyTasksOptions,
  StudyTheory,
  StudyVerification,
  TheoremLine,
  VlasovGridChoice,
} from "./types.js";
export {
  DEFAULT_TOLERANCE,
  FLOOR_FRACTION,
  REFINED_DISCRETIZATIONS,
  resolutionSettings,
  studyVerdicts,
  type VerdictInputs,
} from "./verdicts.js";
