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
  coherentStateSuperposition,
  type DensityMatrix,
  density,
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
  return config.interaction.kind === "none" ? undefined : (config.interaction as InteractionKernel);
}

/**
 * omega_0 for one N exactly as metrics' study prepares it (THEORY.md section 4; mirrors the
 * unexported `prepareInitialState` of packages/metrics/src/study/initial-state.ts): thermal/Slater
 * states of h_0 = -kappa eps^2 Laplacian + s|x|^2, the self-consistent "ground" state, or the
 * coherent-state superposition with the Fermi-Dirac profile M(r, p) of h_0(r, p) = kappa p^2 + s r^2
 * on the Vlasov grid.
 */
function initialState(
  config: StudyConfig,
  grid: ReturnType<typeof planStudy>["entries"][number]["grid"],
  epsilon: number,
  N: number,
  meanField: FreeSpaceConvolution | undefined,
  profileGrid: PhaseSpaceGrid,
): DensityMatrix {
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
  return coherentStateSuperposition(
    fermiDiracProfile(config, profileGrid, epsilon, N),
    grid,
    epsilon,
    {
      particles: N,
    },
  );
}

/**
 * M(r, p) = 1 / (1 + e^{(h_0(r, p) - mu)/T}) (T = 0: 1 where h_0 < mu) on a phase-space grid,
 * mu by bisection on (2 pi eps)^-d sum M dr dp = N (as the study's coherent initial state).
 */
function fermiDiracProfile(
  config: StudyConfig,
  grid: PhaseSpaceGrid,
  epsilon: number,
  N: number,
): PhaseSpaceArray {
  const { kappa } = config;
  const strength = config.state.trap.strength;
  const temperature = config.state.temperature;
  const { position, velocity } = grid;
  const d = position.dimension;
  const energy = new Float64Array(grid.size);
  const coordinate = (g: PhaseSpaceGrid["position"], index: number, a: number) =>
    g.origin[a] + (Math.floor(index / g.strides[a]) % g.shape[a]) * g.spacing[a];
  for (let ix = 0; ix < position.size; ix++) {
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += coordinate(position, ix, a) ** 2;
    for (let iv = 0; iv < velocity.size; iv++) {
      let p2 = 0;
      for (let a = 0; a < d; a++) p2 += coordinate(velocity, iv, a) ** 2;
      energy[ix * velocity.size + iv] = kappa * p2 + strength * r2;
    }
  }
  const values = new Float64Array(grid.size);
  const occupation = (x: number) => {
    if (temperature === 0) return x < 0 ? 1 : 0;
    const e = Math.exp(-Math.abs(x) / temperature);
    return x > 0 ? e / (1 + e) : 1 / (1 + e);
  };
  const fill = (mu: number) => {
    let sum = 0;
    for (let k = 0; k < values.length; k++) {
      values[k] = occupation(energy[k] - mu);
      sum += values[k];
    }
    return (sum * grid.cellVolume) / (2 * Math.PI * epsilon) ** d;
  };
  let low = -1;
  while (fill(low) > N && low > -1e12) low *= 2;
  let high = 1;
  while (fill(high) < N) {
    high *= 2;
    if (high > 1e12) {
      throw new ParameterError(
        "vlasov.vMax",
        `the phase-space box cannot hold N = ${N} coherent states; enlarge grid.box or vlasov.vMax`,
      );
    }
  }
  for (let k = 0; k < 200 && high - low > 1e-14 * high; k++) {
    const middle = 0.5 * (low + high);
    if (fill(middle) < N) low = middle;
    else high = middle;
  }
  fill(high);
  return { grid, values };
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
    config.dynamics.trap === "keep"
      ? harmonicTrap(config.state.trap.strength)
      : noExternalPotential;
  options.onProgress?.(0, steps, "prepare");
  const omega0 = initialState(config, grid, epsilon, N, quantumField, entry.vlasov);
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
