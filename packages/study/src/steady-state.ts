/**
 * omega_0 = Weyl(f) of a self-consistent Vlasov steady state f (issue 15 item 1; THEORY.md
 * sections 4 and 6), with the report the rows carry.
 */
import {
  FreeSpaceConvolution,
  type Grid,
  type InteractionKernel,
  ParameterError,
  type PhaseSpaceGrid,
} from "@semiclassical/grid";
import { type DensityMatrix, weylState, wignerTransformOnto } from "@semiclassical/quantum";
import { vlasovSteadyState } from "@semiclassical/vlasov";
import type { StudyConfig } from "./config-types.js";
import { trapPotential } from "./trap.js";

/**
 * The report of an omega_0 prepared by {@link vlasovSteadyInitialState}, or undefined (any other
 * state). It is a field of the state, as thermalState's droppedWeight is, so a copy of the state
 * (e.g. its orbitals moved to shared memory) keeps it. Cost O(1).
 */
export function steadyStateReport(state: DensityMatrix): SteadyStateReport | undefined {
  return (state as { readonly steadyStateReport?: SteadyStateReport }).steadyStateReport;
}

/** How omega_0 of state.kind "vlasov-steady" was prepared (the t = 0 rows carry it). */
export interface SteadyStateReport {
  /** Self-consistency residual ||rho_out - rho_in||_L1 of the steady state (below 1e-10). */
  readonly residual: number;
  /** Fixed-point iterations (Anderson mixing; 0 without interaction). */
  readonly iterations: number;
  /** mu with int int f = 1. */
  readonly chemicalPotential: number;
  /** The width of phi: T, or for T = 0 the smoothing width delta of the Fermi step. */
  readonly width: number;
  /** max f against the classical Pauli bound (2 pi)^-d. */
  readonly maxValue: number;
  readonly pauliBound: number;
  /** tr Weyl(f) before clipping (N up to the quadrature of f). */
  readonly traceBefore: number;
  /** tr omega_0 after the spectrum is clipped to [0, 1]. */
  readonly traceAfter: number;
  /** sum |lambda - clip(lambda)|: the trace-norm change made by clipping (0 if none). */
  readonly clippedWeight: number;
  /** ||W_0 - f||_L2 on the Vlasov grid, W_0 = Wigner(omega_0) resampled spectrally onto it. */
  readonly wignerDistance: number;
  /** ||W_0 - f||_L2 / ||f||_L2. */
  readonly relativeWignerDistance: number;
}

/**
 * omega_0 for state.kind "vlasov-steady": f = (2 pi)^-d phi(H), H = kappa |v|^2 + V_ext + V * rho_f,
 * phi the Fermi-Dirac function at state.temperature (T = 0: the Fermi sea smoothed over two
 * phase-space cells, vlasov's `vlasovSteadyState`), solved self-consistently (Anderson mixing,
 * residual <= 1e-12) with the config's interaction (also for the interaction-off floor, which
 * starts from the same omega_0) on the case's Vlasov grid `profileGrid` in the trap (trap.ts: s|x|^2 or the softened nucleus); then
 * omega_0 = Weyl(f) on the quantum grid with its spectrum clipped to [0, 1] (quantum's
 * `weylState`, enforceBounds), and W_0 = Wigner(omega_0) compared with f on the Vlasov grid.
 * Throws a ParameterError on `state.kind` if the steady state does not converge or its box cuts
 * it (the message names the fix). Cost: the fixed point (one convolution and ~10-60 mass
 * evaluations of O(size) per iteration), one Weyl quantization, one eigen-decomposition with
 * vectors (~16 n^3) and one Wigner transform.
 */
export function vlasovSteadyInitialState(
  config: StudyConfig,
  grid: Grid,
  epsilon: number,
  N: number,
  profileGrid: PhaseSpaceGrid,
): { state: DensityMatrix; report: SteadyStateReport } {
  const kernel =
    config.interaction.kind === "none" ? undefined : (config.interaction as InteractionKernel);
  let steady: ReturnType<typeof vlasovSteadyState>;
  try {
    steady = vlasovSteadyState({
      grid: profileGrid,
      kappa: config.kappa,
      externalPotential: trapPotential(config.state.trap),
      meanField: kernel ? new FreeSpaceConvolution(profileGrid.position, kernel) : undefined,
      temperature: config.state.temperature,
    });
  } catch (error) {
    if (error instanceof ParameterError) {
      throw new ParameterError(
        "state.kind",
        `the "vlasov-steady" state for N = ${N} cannot be prepared (${error.parameter}: ${error.message}); ` +
          (config.state.trap.kind === "coulomb"
            ? 'a Coulomb trap does not confine the Fermi-Dirac tail of phi (T > 0, or at T = 0 the step smoothed over two phase-space cells, wider than the binding on these grids): use state.kind "ground" or "slater", or a harmonic trap'
            : "enlarge vlasov.vMax or grid.box, or raise state.temperature"),
      );
    }
    throw error;
  }
  const W = { grid: profileGrid, values: steady.W };
  const weyl = weylState(W, grid, epsilon, { enforceBounds: true, particles: N });
  const W0 = wignerTransformOnto(weyl.state, profileGrid).values;
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < W0.length; i++) {
    difference += (W0[i] - steady.W[i]) ** 2;
    norm += steady.W[i] ** 2;
  }
  const dV = profileGrid.cellVolume;
  const report: SteadyStateReport = {
    residual: steady.residual,
    iterations: steady.iterations,
    chemicalPotential: steady.chemicalPotential,
    width: steady.width,
    maxValue: steady.maxValue,
    pauliBound: steady.pauliBound,
    traceBefore: weyl.report.trace,
    traceAfter: weyl.traceAfter,
    clippedWeight: weyl.clippedWeight,
    wignerDistance: Math.sqrt(difference * dV),
    relativeWignerDistance: Math.sqrt(difference / norm),
  };
  return { state: Object.freeze({ ...weyl.state, steadyStateReport: report }), report };
}
