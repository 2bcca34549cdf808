export { assembleStudyResult } from "./assemble.js";
export type {
  DynamicsConfig,
  GridConfig,
  InteractionConfig,
  InteractionKind,
  StateConfig,
  StateKind,
  StudyConfig,
  StudyConfigInput,
  TrapConfig,
  VlasovConfig,
} from "./config-types.js";
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
export { refinementChange, studyFits, studyMetricValue, studyRates } from "./fits.js";
export { canonicalJson, contentId, fnv1a64 } from "./hash.js";
export { interactionKernel, prepareInitialState } from "./initial-state.js";
export { planStudy, type StudyPlan, type StudyPlanEntry } from "./plan.js";
export {
  DEFAULT_PRESET,
  presetNames,
  STUDY_PRESETS,
  type StudyPreset,
  studyPreset,
} from "./presets.js";
export { resolveStudyConfig, stateEnergyCutoff } from "./resolve-config.js";
export { runStudy } from "./run.js";
export { runStudyTask } from "./run-task.js";
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
export { studyTasks } from "./tasks.js";
export { studyTheory } from "./theory.js";
export type {
  RunStudyOptions,
  RunStudyTaskOptions,
  StudyErrorFloor,
  StudyFit,
  StudyGridSummary,
  StudyPhase,
  StudyProgress,
  StudyRate,
  StudyResult,
  StudyRow,
  StudyTask,
  StudyTaskRow,
  StudyTasksOptions,
  StudyTheory,
  TheoremLine,
  VlasovGridChoice,
} from "./types.js";
