/**
 * One Hartree(-Fock) and/or Vlasov evolution of a study config for one N, set up exactly as the
 * study sets up each N (metrics' `runStudy`): omega_0 from the config's state on the grid that
 * `planStudy` chooses, HF with the config's model, splitting and trap, and Vlasov from
 * W~_0 = Wigner(omega_0) resampled onto the config's Vlasov grid (or kept on the Wigner grid when
 * there is no interaction), same dt. Used by `semiclassical run` (diagnostics over time) and by
 * `semiclassical study --out` (the final Wigner functions and densities written as NPY and PNG).
 */
import {
  FreeSpaceConvolution,
  harmonicTrap,
  type InteractionKernel,
  noExternalPotential,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import { HartreeFockSolver, selfConsistentState } from "@semiclassical/hartree-fock";
import { planStudy, resamplePhaseSpace, type StudyConfig } from "@semiclassical/metrics";
import {
  density,
  type OrbitalDensityMatrix,
  thermalState,
  wignerTransform,
} from "@semiclassical/quantum";
import { VlasovSolver } from "@semiclassical/vlasov";

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

function kernelOf(config: StudyConfig): InteractionKernel | undefined {
  return config.interaction.kind === "none"
    ? undefined
    : (config.interaction as InteractionKernel);
}

/** omega_0 for one N, as the study prepares it (THEORY.md section 4). */
function initialState(
  config: StudyConfig,
  grid: ReturnType<typeof planStudy>["entries"][number]["grid"],
  epsilon: number,
  N: number,
  meanField: FreeSpaceConvolution | undefined,
): OrbitalDensityMatrix {
  const trap = harmonicTrap(config.state.trap.strength);
  const { kind, temperature } = config.state;
  if (kind === "thermal" || kind === "slater") {
    return thermalState(grid, {
      epsilon,
      kappa: config.kappa,
      potential: trap,
      particles: N,
      temperature,
      checkResolution: false,
    });
  }
  if (kind === "ground") {
    const result = selfConsistentState(grid, {
      epsilon,
      particleNumber: N,
      kappa: config.kappa,
      temperature,
      model: config.dynamics.model,
      meanField,
      externalPotential: trap,
    });
    if (!result.converged) {
      throw new ParameterError(
        "state.kind",
        `the self-consistent "ground" state for N = ${N} did not converge; lower the interaction or use "thermal"`,
      );
    }
    return result.state;
  }
  throw new ParameterError(
    "state.kind",
    `"${kind}" is not available for evolutions yet; use "thermal", "slater" or "ground"`,
  );
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
  const plan = planStudy({ ...config, N: [N] });
  const entry = plan.entries[0];
  const { epsilon, grid } = entry;
  const { dt, splitting, model } = config.dynamics;
  const steps = entry.steps;
  const every = options.every ?? Math.max(1, Math.round(steps / 100));
  const kernel = kernelOf(config);
  const quantumField = kernel ? new FreeSpaceConvolution(grid, kernel) : undefined;
  const external =
    config.dynamics.trap === "keep" ? harmonicTrap(config.state.trap.strength) : noExternalPotential;
  options.onProgress?.(0, steps, "prepare");
  const omega0 = initialState(config, grid, epsilon, N, quantumField);
  const result: EvolutionResult = { N, epsilon };
  const total = (options.solvers.hartreeFock ? steps : 0) + (options.solvers.vlasov ? steps : 0);
  let done = 0;

  if (options.solvers.hartreeFock) {
    const solver = new HartreeFockSolver(omega0, {
      dt,
      kappa: config.kappa,
      model,
      meanField: quantumField,
      externalPotential: external,
      splitting,
    });
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
    const stateForTransforms = state as unknown as Parameters<typeof wignerTransform>[0];
    result.hartreeFock = {
      diagnostics,
      wigner: wignerTransform(stateForTransforms),
      density: { grid, values: density(stateForTransforms) },
    };
  }

  if (options.solvers.vlasov) {
    const wigner0 = wignerTransform(omega0);
    const vlasovGrid = config.interaction.kind === "none" ? wigner0.grid : entry.vlasov;
    const W =
      vlasovGrid === wigner0.grid
        ? Float64Array.from(wigner0.values)
        : resamplePhaseSpace(wigner0, vlasovGrid);
    const solver = new VlasovSolver({
      grid: vlasovGrid,
      dt,
      kappa: config.kappa,
      meanField: kernel ? new FreeSpaceConvolution(vlasovGrid.position, kernel) : undefined,
      externalPotential: external,
      splitting,
    });
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
