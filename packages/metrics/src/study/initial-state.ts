import type { Grid, InteractionKernel, MeanFieldPotential } from "@semiclassical/grid";
import { harmonicTrap, ParameterError } from "@semiclassical/grid";
import { selfConsistentState } from "@semiclassical/hartree-fock";
import { type OrbitalDensityMatrix, thermalState } from "@semiclassical/quantum";
import type { InteractionConfig, StudyConfig } from "./config.js";

/** The grid package's kernel for an interaction config (undefined for "none"). */
export function interactionKernel(interaction: InteractionConfig): InteractionKernel | undefined {
  return interaction.kind === "none" ? undefined : (interaction as InteractionKernel);
}

/**
 * omega_0 of the study for one N (THEORY.md section 4), in orbital form on `grid`:
 * "thermal"/"slater": Fermi-Dirac (T = 0: Slater) state of h_0 = -kappa eps^2 Laplacian + s|x|^2
 * (quantum's `thermalState`); "ground": the self-consistent Hartree(-Fock) state with the
 * interaction on, at the configured temperature (hartree-fock's `selfConsistentState`);
 * "coherent": see the quantum package. tr omega_0 = N.
 */
export function prepareInitialState(
  config: StudyConfig,
  grid: Grid,
  epsilon: number,
  N: number,
  meanField: MeanFieldPotential | undefined,
): OrbitalDensityMatrix {
  const trap = harmonicTrap(config.state.trap.strength);
  const { kappa } = config;
  const { kind, temperature } = config.state;
  switch (kind) {
    case "thermal":
    case "slater":
      // The grid comes from planStudy (resolving the energy cutoff of the config); orbitals
      // beyond it carry occupations < ~1e-5 and their effect is measured by the error floor
      // (interaction-off run), so the quantum package's stricter resolution check is skipped.
      return thermalState(grid, {
        epsilon,
        kappa,
        potential: trap,
        particles: N,
        temperature,
        checkResolution: false,
      });
    case "ground": {
      const result = selfConsistentState(grid, {
        epsilon,
        particleNumber: N,
        kappa,
        temperature,
        model: config.dynamics.model,
        meanField,
        externalPotential: trap,
      });
      if (!result.converged) {
        throw new ParameterError(
          "state.kind",
          `the self-consistent "ground" state for N = ${N} did not converge in ${result.iterations} ` +
            `iterations (density change ${result.densityChange}); lower the interaction or use "thermal"`,
        );
      }
      return result.state;
    }
    default:
      throw new ParameterError(
        "state.kind",
        `"${kind}" is not available in the study yet; use "thermal", "slater" or "ground"`,
      );
  }
}
