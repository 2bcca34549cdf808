import type {
  Grid,
  InteractionKernel,
  MeanFieldPotential,
  PhaseSpaceGrid,
} from "@semiclassical/grid";
import { ParameterError } from "@semiclassical/grid";
import { selfConsistentState } from "@semiclassical/hartree-fock";
import {
  coherentStateSuperposition,
  type DensityMatrix,
  type PhaseSpaceFunction,
  thermalState,
} from "@semiclassical/quantum";
import type { InteractionConfig, StudyConfig } from "./config-types.js";
import { vlasovSteadyInitialState } from "./steady-state.js";
import { trapPotential } from "./trap.js";

/** The grid package's kernel for an interaction config (undefined for "none"). */
export function interactionKernel(interaction: InteractionConfig): InteractionKernel | undefined {
  return interaction.kind === "none" ? undefined : (interaction as InteractionKernel);
}

/**
 * omega_0 of the study for one N (THEORY.md section 4), in orbital form on `grid`:
 * "thermal"/"slater": Fermi-Dirac (T = 0: Slater) state of h_0 = -kappa eps^2 Laplacian + V_ext
 * (V_ext the trap: s|x|^2 or the softened nucleus -Z/sqrt(|x|^2 + a^2), trap.ts)
 * (quantum's `thermalState`); "ground": the self-consistent Hartree(-Fock) state with the
 * interaction on, at the configured temperature (hartree-fock's `selfConsistentState`);
 * "coherent": the superposition (2 pi eps)^-d int M |f_rp><f_rp| dr dp of quantum's
 * `coherentStateSuperposition` with M the Fermi-Dirac function of h_0(r, p) = kappa p^2 + V_ext(r) at
 * the temperature (T = 0: the indicator of {h_0 < mu}) on `profileGrid`, mu chosen by bisection so
 * that (2 pi eps)^-d sum M dr dp = N (dense form, 1D HF); "vlasov-steady": omega_0 = Weyl(f) of
 * the self-consistent Vlasov steady state f = (2 pi)^-d phi(H) on `profileGrid`, its spectrum
 * clipped to [0, 1] (steady-state.ts; its report, with the clipped trace and ||W_0 - f||, goes
 * to the t = 0 rows). tr omega_0 = N (for "vlasov-steady" up to the reported clipping).
 */
export function prepareInitialState(
  config: StudyConfig,
  grid: Grid,
  epsilon: number,
  N: number,
  meanField: MeanFieldPotential | undefined,
  profileGrid: PhaseSpaceGrid,
): DensityMatrix {
  const trap = trapPotential(config.state.trap);
  const { kappa } = config;
  const { kind, temperature } = config.state;
  switch (kind) {
    case "thermal":
    case "slater":
      // planStudy's grid resolves the energy cutoff of the config (stateEnergyCutoff), which
      // lies above every orbital thermalState keeps (occupation >= state.occupationCutoff,
      // default 1e-12), so its resolution check passes.
      return thermalState(grid, {
        epsilon,
        kappa,
        potential: trap,
        particles: N,
        temperature,
        cutoff: config.state.occupationCutoff,
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
    case "coherent":
      return coherentStateSuperposition(
        fermiDiracProfile(config, profileGrid, epsilon, N),
        grid,
        epsilon,
        { particles: N },
      );
    case "vlasov-steady":
      return vlasovSteadyInitialState(config, grid, epsilon, N, profileGrid).state;
  }
}

/**
 * M(r, p) = 1 / (1 + e^{(h_0(r, p) - mu)/T}) (T = 0: 1 where h_0 < mu) on a phase-space grid,
 * h_0 = kappa |p|^2 + V_ext(r), with mu by bisection on (2 pi eps)^-d sum M dr dp = N.
 * Cost O(size x 200).
 */
function fermiDiracProfile(
  config: StudyConfig,
  grid: PhaseSpaceGrid,
  epsilon: number,
  N: number,
): PhaseSpaceFunction {
  const { kappa } = config;
  const trap = trapPotential(config.state.trap);
  const temperature = config.state.temperature;
  const { position, velocity } = grid;
  const d = position.dimension;
  const energy = new Float64Array(grid.size);
  const r = new Array<number>(d).fill(0);
  const coordinate = (g: Grid, index: number, a: number) =>
    g.origin[a] + (Math.floor(index / g.strides[a]) % g.shape[a]) * g.spacing[a];
  for (let ix = 0; ix < position.size; ix++) {
    for (let a = 0; a < d; a++) r[a] = coordinate(position, ix, a);
    const potential = trap.value(r, 0);
    for (let iv = 0; iv < velocity.size; iv++) {
      let p2 = 0;
      for (let a = 0; a < d; a++) p2 += coordinate(velocity, iv, a) ** 2;
      energy[ix * velocity.size + iv] = kappa * p2 + potential;
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
