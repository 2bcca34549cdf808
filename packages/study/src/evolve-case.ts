/**
 * One Hartree(-Fock) or Vlasov evolution of a study config for one N, set up by
 * {@link createStudyEvolution} exactly as the study sets up each N: omega_0 from the config's state
 * on the grid that `planStudy` chooses, HF with the config's model, splitting and trap, and Vlasov
 * from W~_0 = Wigner(omega_0) on the config's Vlasov grid (the Wigner grid when there is no
 * interaction), same dt, with diagnostics over time (the CLI's `semiclassical run`).
 */
import {
  type PhaseSpaceGrid,
  runTimeLoop,
  type SteppedModel,
  type StepSchedule,
  type ThreadTeam,
} from "@semiclassical/grid";
import type { StudyConfig } from "./config-types.js";
import { createStudyEvolution, studySnapshot } from "./evolution.js";
import { planStudy } from "./plan.js";

/** A phase-space function with its grid (quantum's PhaseSpaceFunction shape). */
export interface PhaseSpaceArray {
  grid: PhaseSpaceGrid;
  values: Float64Array;
}

/** One diagnostics sample of an evolution. */
export interface DiagnosticsSample {
  step: number;
  t: number;
  /** E_HF or E_Vlasov (conserved when the trap is kept). */
  energy: number;
  /** tr omega / N (HF) or int int W (Vlasov): 1 up to round-off. */
  mass: number;
  /** HF: drift of the spectrum of omega (unitary flow); Vlasov: min W (a Casimir). */
  invariant: number;
  kineticEnergy: number;
  externalEnergy: number;
  interactionEnergy: number;
}

/** The diagnostics over time and the final state of one side. */
export interface SideResult {
  diagnostics: DiagnosticsSample[];
  wigner: PhaseSpaceArray;
  density: { grid: PhaseSpaceGrid["position"]; values: Float64Array };
}

/** What {@link evolveStudyCase} returns. */
export interface EvolutionResult {
  N: number;
  epsilon: number;
  hartreeFock?: SideResult;
  vlasov?: SideResult;
}

/** Options of {@link evolveStudyCase}. */
export interface EvolveStudyCaseOptions {
  /** Which sides to evolve. */
  solvers: { hartreeFock: boolean; vlasov: boolean };
  /** Diagnostics every this many steps (default: about 100 samples over the run). */
  every?: number;
  onProgress?: (step: number, steps: number, stage: string) => void;
  signal?: AbortSignal;
  /** Threads inside the evolution (see `StudyEvolutionOptions.threads`); same numbers. */
  threads?: ThreadTeam;
}

/**
 * Runs `model` for `steps` steps with grid's `runTimeLoop`, sampling at steps 0, every, 2 every,
 * ... and at the last step. Chunks end on the samples (at most `every` steps each), so the free
 * flows of adjacent steps are merged between two samples. Reports progress after each chunk as
 * `offset + step` of `total`.
 */
async function sampled(
  model: SteppedModel,
  steps: number,
  every: number,
  sample: (step: number) => void,
  progress: { offset: number; total: number; stage: string },
  options: EvolveStudyCaseOptions,
): Promise<void> {
  const schedules: StepSchedule[] = [{ every, atStart: true }];
  if (steps % every !== 0) schedules.push({ steps: [steps] });
  await runTimeLoop([model], {
    steps,
    chunk: every,
    callbacks: schedules.map((schedule) => ({ schedule, call: sample })),
    signal: options.signal,
    onProgress: (step) =>
      options.onProgress?.(progress.offset + step, progress.total, progress.stage),
  });
}

/**
 * Evolves omega_0 (HF) and/or W~_0 (Vlasov) of `config` for particle number N from 0 to
 * tFinal, sampling diagnostics every `every` steps, and returns the final Wigner functions and
 * densities: W_t = Wigner(omega_t) on the quantum half grid (on the orbital path of 2D/3D:
 * sampled on the Vlasov grid, see `studySnapshot`), W~_t on the Vlasov grid. Pure (runs
 * in a Web Worker); cancellable (`signal`). Cost: the time steps of the study for this N, plus
 * O(size) per diagnostics sample, without the metrics.
 */
export async function evolveStudyCase(
  config: StudyConfig,
  N: number,
  options: EvolveStudyCaseOptions,
): Promise<EvolutionResult> {
  const entry = planStudy({ ...config, N: [N] }).entries[0];
  const { epsilon, steps } = entry;
  const { dt } = config.dynamics;
  const every = options.every ?? Math.max(1, Math.round(steps / 100));
  options.onProgress?.(0, steps, "prepare");
  const evolution = createStudyEvolution(config, entry, {
    threads: options.threads,
    adoptInitialState: true,
  });
  const result: EvolutionResult = { N, epsilon };
  const total = (options.solvers.hartreeFock ? steps : 0) + (options.solvers.vlasov ? steps : 0);
  let offset = 0;

  if (options.solvers.hartreeFock) {
    const solver = evolution.hartreeFock;
    const diagnostics: DiagnosticsSample[] = [];
    const sample = (step: number) => {
      const d = solver.diagnostics();
      diagnostics.push({
        step,
        t: step * dt,
        energy: d.energy,
        mass: d.particleNumber / N,
        invariant: d.spectrumDrift,
        kineticEnergy: d.kineticEnergy,
        externalEnergy: d.externalEnergy,
        interactionEnergy: d.hartreeEnergy - d.exchangeEnergy,
      });
    };
    await sampled(solver, steps, every, sample, { offset, total, stage: "Hartree-Fock" }, options);
    offset += steps;
    // W_t = Wigner(omega_t) and rho_t from the study's own snapshot (its Vlasov half is unused).
    const snapshot = studySnapshot(evolution, steps * dt);
    result.hartreeFock = {
      diagnostics,
      wigner: snapshot.wignerHartreeFock,
      density: snapshot.densityHartreeFock,
    };
  }

  if (options.solvers.vlasov) {
    const solver = evolution.vlasov;
    const diagnostics: DiagnosticsSample[] = [];
    const sample = (step: number) => {
      const d = solver.diagnostics();
      diagnostics.push({
        step,
        t: step * dt,
        energy: d.energy,
        mass: d.mass,
        invariant: d.minW,
        kineticEnergy: d.kineticEnergy,
        externalEnergy: d.externalEnergy,
        interactionEnergy: d.interactionEnergy,
      });
    };
    await sampled(solver, steps, every, sample, { offset, total, stage: "Vlasov" }, options);
    result.vlasov = {
      diagnostics,
      wigner: { grid: solver.grid, values: solver.state() },
      density: { grid: solver.grid.position, values: solver.density() },
    };
  }
  return result;
}
