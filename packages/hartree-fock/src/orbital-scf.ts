import type { Grid, Mixer } from "@semiclassical/grid";
import { ParameterError } from "@semiclassical/grid";
import {
  Hamiltonian,
  lowestEigenstates,
  seededRandom,
  subspaceIteration,
} from "@semiclassical/quantum";
import type { ComplexConvolution } from "./exchange.js";
import { OrbitalExchange } from "./exchange.js";
import { FockOperator, RealCompressedExchange } from "./fock-operator.js";
import { fillLevels } from "./occupations.js";
import type { MeanField } from "./validation.js";

/** Validated inputs of the orbital (iterative) self-consistent field, see ground-state.ts. */
export interface OrbitalScfInputs {
  readonly grid: Grid;
  readonly epsilon: number;
  readonly kappa: number;
  readonly temperature: number;
  readonly particleNumber: number;
  /** Orbitals K kept per iteration (>= N). */
  readonly count: number;
  /** V_ext on the grid. */
  readonly external: Float64Array;
  readonly meanField: MeanField | undefined;
  /** Keep X (needs `convolveComplex`). */
  readonly exchange: boolean;
  readonly mixer: Mixer;
  readonly densityTolerance: number;
  readonly energyTolerance: number;
  readonly maxIterations: number;
  /** Final residual tolerance of the eigensolver (unit vectors); default 1e-11 max(1, ||h||). */
  readonly eigenTolerance: number | undefined;
  readonly onIteration:
    | ((p: {
        iteration: number;
        densityChange: number;
        energy: number;
        energyChange: number;
      }) => void)
    | undefined;
}

/** Output of {@link orbitalSelfConsistentState} (the fields of `SelfConsistentResult`). */
export interface OrbitalScfOutput {
  /** Real orbitals, interleaved complex (imaginary parts 0), K x M, grid-normalized. */
  readonly orbitals: Float64Array;
  readonly energies: Float64Array;
  readonly occupations: Float64Array;
  readonly chemicalPotential: number;
  readonly energy: number;
  readonly iterations: number;
  readonly densityChange: number;
  readonly converged: boolean;
  /** sqrt(sum_k f_k^2 ||h[omega] phi_k - E_k phi_k||^2), exact X; ||[h, omega]||_HS <= 2 x this. */
  readonly residual: number;
}

/**
 * Self-consistent Hartree(-Fock) state in orbital form on a grid of any dimension, with no
 * n^d x n^d operator (THEORY.md section 4). Each iteration:
 *   U = V_ext + V * rho_in (rho_in mixed by grid's Mixer, Anderson by default),
 *   A = ACE of X[omega_prev] on span(Phi_prev) (the previous output orbitals; see
 *       {@link RealCompressedExchange}; equal to X there, so the fixed point is that of h[omega]),
 *   the K lowest eigenpairs of h = -kappa eps^2 Laplacian + U - A by quantum's Chebyshev-filtered
 *   subspace iteration (warm-started from the previous Ritz block of B = K + max(10, K/8)
 *   vectors; tolerance tightened with the density change down to the final one),
 *   f_j Fermi-Dirac at T (quantum's chemicalPotential), rho_out, and W = X[omega_out] Phi_out
 *   (ceil(K(K+1)/4) convolutions: real orbitals, two pair products per complex FFT), which
 *   gives both the exchange energy and the next ACE.
 * The first Ritz block comes from quantum's lowestEigenstates for h_0 = -kappa eps^2 Laplacian
 * + V_ext (multilevel). Cost per iteration: the exchange (above, once), sweeps x (degree x B/2
 * FFT pairs + 4 R B M for A + the Rayleigh-Ritz O(B^2 M)); memory ~6 B M doubles + the
 * convolution's. Orbitals are real (a real potential and real start; X of real orbitals is real).
 */
export function orbitalSelfConsistentState(inputs: OrbitalScfInputs): OrbitalScfOutput {
  const { grid, epsilon, kappa, temperature, external, meanField, mixer } = inputs;
  const n = inputs.particleNumber;
  const m = grid.size;
  const dv = grid.cellVolume;
  let count = inputs.count;
  const blockOf = (k: number) => Math.min(m, k + Math.max(10, Math.ceil(k / 8)));
  let block = blockOf(count);
  const exchange = inputs.exchange
    ? new OrbitalExchange(meanField as unknown as ComplexConvolution)
    : undefined;
  const kinetic = new Hamiltonian(grid, epsilon, kappa, new Float64Array(m));
  const random = seededRandom(12345);

  /** Fermi-Dirac filling of the K lowest Ritz values, or undefined when T > 0 needs more levels. */
  const fill = (theta: Float64Array) => {
    try {
      return fillLevels(theta.slice(0, count), n, temperature);
    } catch (error) {
      if (error instanceof ParameterError && error.parameter === "count" && count < m) {
        return undefined;
      }
      throw error;
    }
  };
  /** Doubles K (and B), keeping the Ritz block and adding seeded random vectors. */
  const grow = (q: Float64Array): Float64Array => {
    count = Math.min(m, 2 * count);
    block = blockOf(count);
    const bigger = new Float64Array(block * m);
    bigger.set(q);
    for (let o = q.length; o < bigger.length; o++) bigger[o] = random() - 0.5;
    return bigger;
  };

  // Start: the lowest block of h_0 = T + V_ext (unit vectors u = phi sqrt(dx^d)).
  let q: Float64Array = new Float64Array(0);
  let energies: Float64Array = new Float64Array(0);
  let filling: ReturnType<typeof fillLevels> | undefined;
  for (;;) {
    const start = lowestEigenstates(grid, { epsilon, kappa, potential: external, count: block });
    q = new Float64Array(block * m);
    for (let k = 0; k < block; k++) {
      for (let i = 0; i < m; i++) q[k * m + i] = start.orbitals[2 * (k * m + i)] * Math.sqrt(dv);
    }
    filling = fill(start.energies);
    energies = start.energies.slice(0, count);
    if (filling !== undefined) break;
    count = Math.min(m, 2 * count);
    block = blockOf(count);
  }
  let phi = new Float64Array(count * m);
  const takeOrbitals = () => {
    const s = 1 / Math.sqrt(dv);
    for (let o = 0; o < count * m; o++) phi[o] = q[o] * s;
  };
  takeOrbitals();
  const densityOf = (occupations: Float64Array): Float64Array => {
    const rho = new Float64Array(m);
    for (let k = 0; k < count; k++) {
      const f = occupations[k] / n;
      if (f === 0) continue;
      for (let i = 0; i < m; i++) rho[i] += f * phi[k * m + i] ** 2;
    }
    return rho;
  };
  let exchanged = exchange !== undefined ? new Float64Array(count * m) : undefined;
  const computeExchange = () => {
    if (exchange !== undefined && exchanged !== undefined && filling !== undefined) {
      exchange.applyToRealOrbitals(phi, filling.occupations, n, exchanged);
    }
  };
  const potentialOf = (rho: Float64Array): Float64Array => {
    const u = meanField !== undefined ? meanField.potential(rho) : new Float64Array(m);
    for (let i = 0; i < m; i++) u[i] += external[i];
    return u;
  };
  let tphi = new Float64Array(count * m);
  const energyOf = (rho: Float64Array, occupations: Float64Array): number => {
    kinetic.applyBlock(phi, tphi, 0, count);
    let kin = 0;
    let exc = 0;
    for (let k = 0; k < count; k++) {
      const f = occupations[k];
      if (f === 0) continue;
      let t = 0;
      let x = 0;
      for (let i = 0; i < m; i++) {
        t += phi[k * m + i] * tphi[k * m + i];
        if (exchanged !== undefined) x += phi[k * m + i] * exchanged[k * m + i];
      }
      kin += f * t;
      exc += f * x;
    }
    let ext = 0;
    for (let i = 0; i < m; i++) ext += external[i] * rho[i];
    let hartree = 0;
    if (meanField !== undefined) {
      const u = meanField.potential(rho);
      for (let i = 0; i < m; i++) hartree += rho[i] * u[i];
    }
    return ((kin - exc / 2) * dv) / n + ext * dv + 0.5 * hartree * dv;
  };

  let rhoIn = densityOf(filling.occupations);
  computeExchange();
  let previousEnergy = Number.POSITIVE_INFINITY;
  let densityChange = Number.POSITIVE_INFINITY;
  let energy = Number.NaN;
  let iterations = 0;
  let converged = false;
  let finalTolerance = inputs.eigenTolerance;
  while (iterations < inputs.maxIterations) {
    iterations++;
    const u = potentialOf(rhoIn);
    const ace =
      exchanged !== undefined ? new RealCompressedExchange(grid, phi, exchanged, count) : undefined;
    const h = new FockOperator(grid, epsilon, kappa, u, ace);
    const norm = Math.max(Math.abs(h.upper), Math.abs(h.local.lower));
    finalTolerance ??= 1e-11 * Math.max(1, norm);
    const tolerance = Math.max(finalTolerance, Math.min(1e-4 * norm, 1e-2 * densityChange));
    let run = subspaceIteration(h, q, block, count, tolerance, 200, 24, random);
    filling = fill(run.theta);
    while (filling === undefined) {
      // T > 0: the K-th level still holds particles; solve again with twice the levels.
      q = grow(q);
      run = subspaceIteration(h, q, block, count, tolerance, 200, 24, random);
      filling = fill(run.theta);
    }
    if (phi.length !== count * m) {
      phi = new Float64Array(count * m);
      tphi = new Float64Array(count * m);
      if (exchanged !== undefined) exchanged = new Float64Array(count * m);
    }
    energies = run.theta.slice(0, count);
    takeOrbitals();
    const rhoOut = densityOf(filling.occupations);
    densityChange = 0;
    for (let i = 0; i < m; i++) densityChange += Math.abs(rhoOut[i] - rhoIn[i]);
    densityChange *= dv;
    computeExchange();
    energy = energyOf(rhoOut, filling.occupations);
    const energyChange = Math.abs(energy - previousEnergy);
    previousEnergy = energy;
    inputs.onIteration?.({ iteration: iterations, densityChange, energy, energyChange });
    if (!Number.isFinite(energy) || !Number.isFinite(densityChange)) {
      throw new Error(
        `selfConsistentState: non-finite energy or density at iteration ${iterations}; try a smaller mixing weight`,
      );
    }
    if (
      densityChange < inputs.densityTolerance &&
      energyChange < inputs.energyTolerance &&
      tolerance === finalTolerance
    ) {
      converged = true;
      rhoIn = rhoOut;
      break;
    }
    rhoIn = mixer.next(rhoIn, rhoOut);
  }
  // The exact residual of h[omega_out] (U from rho_out, the exact X through W).
  const uOut = potentialOf(densityOf(filling.occupations));
  kinetic.applyBlock(phi, tphi, 0, count);
  let residual = 0;
  for (let k = 0; k < count; k++) {
    const f = filling.occupations[k];
    if (f === 0) continue;
    let e = 0;
    for (let i = 0; i < m; i++) {
      const o = k * m + i;
      tphi[o] += uOut[i] * phi[o] - (exchanged !== undefined ? exchanged[o] : 0);
      e += phi[o] * tphi[o];
    }
    e *= dv;
    let s = 0;
    for (let i = 0; i < m; i++) s += (tphi[k * m + i] - e * phi[k * m + i]) ** 2;
    residual += f * f * s * dv;
  }
  const orbitals = new Float64Array(2 * count * m);
  for (let o = 0; o < count * m; o++) orbitals[2 * o] = phi[o];
  return {
    orbitals,
    energies,
    occupations: filling.occupations,
    chemicalPotential: filling.chemicalPotential,
    energy,
    iterations,
    densityChange,
    converged,
    residual: Math.sqrt(residual),
  };
}
