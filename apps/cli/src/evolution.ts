/**
 * One Hartree(-Fock) or Vlasov evolution of a study config for one N, set up by metrics'
 * `createStudyEvolution` exactly as the study sets up each N: omega_0 from the config's state on
 * the grid that `planStudy` chooses, HF with the config's model, splitting and trap, and Vlasov
 * from W~_0 = Wigner(omega_0) on the config's Vlasov grid (the Wigner grid when there is no
 * interaction), same dt. Used by `semiclassical run` (diagnostics over time); the study's final
 * arrays come from the study's own run (`onSnapshot` at tFinal).
 */
import type { PhaseSpaceGrid } from "@semiclassical/grid";
import { createStudyEvolution, planStudy, type StudyConfig } from "@semiclassical/metrics";
import { density, wignerTransform } from "@semiclassical/quantum";

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

/** What {@link evolve} returns. */
export interface EvolutionResult {
  N: number;
  epsilon: number;
  hartreeFock?: {
    diagnostics: DiagnosticsSample[];
    wigner: PhaseSpaceArray;
    density: { grid: PhaseSpaceGrid["position"]; values: Float64Array };
  };
  vlasov?: {
    diagnostics: DiagnosticsSample[];
    wigner: PhaseSpaceArray;
    density: { grid: PhaseSpaceGrid["position"]; values: Float64Array };
  };
}

/** Options of {@link evolve}. */
export interface EvolveOptions {
  /** Which sides to evolve. */
  solvers: { hartreeFock: boolean; vlasov: boolean };
  /** Diagnostics every this many steps (default: about 100 samples over the run). */
  every?: number;
  onProgress?: (step: number, steps: number, stage: string) => void;
  signal?: AbortSignal;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Evolves omega_0 (HF) and/or W~_0 (Vlasov) of `config` for particle number N from 0 to
 * tFinal, sampling diagnostics every `every` steps, and returns the final Wigner functions and
 * densities: W_t = Wigner(omega_t) on the quantum half grid, W~_t on the Vlasov grid. Cost: the
 * time steps of the study for this N, without the metrics.
 */
export async function evolve(
  config: StudyConfig,
  N: number,
  options: EvolveOptions,
): Promise<EvolutionResult> {
  const entry = planStudy({ ...config, N: [N] }).entries[0];
  const { epsilon, grid, steps } = entry;
  const { dt } = config.dynamics;
  const every = options.every ?? Math.max(1, Math.round(steps / 100));
  options.onProgress?.(0, steps, "prepare");
  const evolution = createStudyEvolution(config, entry);
  const result: EvolutionResult = { N, epsilon };
  const total = (options.solvers.hartreeFock ? steps : 0) + (options.solvers.vlasov ? steps : 0);
  let done = 0;

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
    sample(0);
    for (let step = 1; step <= steps; step++) {
      solver.step();
      if (step % every === 0 || step === steps) sample(step);
      done++;
      if (step % 8 === 0) {
        options.onProgress?.(done, total, "Hartree-Fock");
        await pause();
        options.signal?.throwIfAborted();
      }
    }
    const state = solver.state();
    result.hartreeFock = {
      diagnostics,
      wigner: wignerTransform(state),
      density: { grid, values: density(state) },
    };
  }

  if (options.solvers.vlasov) {
    const { vlasov: solver, W, vlasovGrid } = evolution;
    const diagnostics: DiagnosticsSample[] = [];
    const sample = (step: number) => {
      const d = solver.diagnostics(W, step * dt);
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
    sample(0);
    let step = 0;
    while (step < steps) {
      const chunk = Math.min(every - (step % every), steps - step);
      solver.advance(W, step * dt, chunk);
      step += chunk;
      done += chunk;
      if (step % every === 0 || step === steps) sample(step);
      options.onProgress?.(done, total, "Vlasov");
      await pause();
      options.signal?.throwIfAborted();
    }
    result.vlasov = {
      diagnostics,
      wigner: { grid: vlasovGrid, values: W },
      density: { grid: vlasovGrid.position, values: solver.density(W) },
    };
  }
  return result;
}
