import type { Grid } from "@semiclassical/grid";
import { samplePotential } from "@semiclassical/grid";
import { lowestEigenstates } from "@semiclassical/quantum";
import { type LanczosOptions, lanczosGroundState } from "./lanczos.js";
import { TensorHamiltonian, type TensorHamiltonianOptions } from "./tensor-hamiltonian.js";
import {
  antisymmetrize,
  checkWavefunction,
  type ManyBodyWavefunction,
  slaterDeterminant,
} from "./wavefunction.js";

/** Options of {@link gridGroundState}. */
export interface GridGroundStateOptions extends TensorHamiltonianOptions {
  /** Start vector (default: the Slater determinant of the N lowest orbitals of h_0 at t = 0). */
  start?: ManyBodyWavefunction;
  /** Lanczos controls (default m = 30, tolerance 1e-9 on the unit-vector residual). */
  lanczos?: LanczosOptions;
}

/** Result of {@link gridGroundState}. */
export interface GridGroundState {
  readonly wavefunction: ManyBodyWavefunction;
  /** E_0, the lowest eigenvalue of H_N on antisymmetric tensors (total, not per particle). */
  readonly energy: number;
  /** ||H_N psi - E_0 psi|| for the unit Euclidean vector. */
  readonly residual: number;
  readonly restarts: number;
  readonly matvecs: number;
}

/**
 * The fermionic ground state of H_N (THEORY.md section 6; V_ext at t = 0, e.g. the trap) on the
 * tensor grid, by restarted Lanczos ({@link lanczosGroundState}) in the antisymmetric subspace:
 * the start is a Slater determinant and every Lanczos vector is re-antisymmetrized (H_N commutes
 * with exchanges, and the projection keeps round-off out of the lower bosonic states). Memory
 * (32 + 16 (m + 4)) M^N bytes, refused before any work beyond maxBytes. Cost per Lanczos step one
 * application of H_N (O(M^N log M^N)) plus the antisymmetrizer O(N! M^N) and O(m M^N).
 */
export function gridGroundState(grid: Grid, options: GridGroundStateOptions): GridGroundState {
  const m = options.lanczos?.krylovDimension ?? 30;
  const hamiltonian = new TensorHamiltonian(grid, {
    ...options,
    extraBytesPerPoint: 16 * (m + 4) + (options.extraBytesPerPoint ?? 0),
  });
  const N = hamiltonian.particles;
  const epsilon = hamiltonian.epsilon;
  let start = options.start;
  if (start === undefined) {
    const potential = samplePotential(grid, hamiltonian.externalPotential, 0);
    const eig = lowestEigenstates(grid, { epsilon, kappa: hamiltonian.kappa, potential, count: N });
    start = slaterDeterminant(grid, eig.orbitals, N, { epsilon, maxBytes: options.maxBytes });
  } else {
    checkWavefunction(start);
  }
  const M = grid.size;
  const result = lanczosGroundState(hamiltonian, start.data, {
    krylovDimension: m,
    ...options.lanczos,
    project: N > 1 ? (x) => antisymmetrize(x, M, N) : undefined,
  });
  const scale = grid.cellVolume ** (-N / 2);
  const data = result.vector;
  for (let q = 0; q < data.length; q++) data[q] *= scale;
  return Object.freeze({
    wavefunction: Object.freeze({ grid, particles: N, epsilon, data }),
    energy: result.energy,
    residual: result.residual,
    restarts: result.restarts,
    matvecs: result.matvecs,
  });
}
