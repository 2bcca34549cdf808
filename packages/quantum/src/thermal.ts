import type { ExternalPotential, Grid } from "@semiclassical/grid";
import {
  assertResolves,
  ParameterError,
  requireFinite,
  requirePositive,
  samplePotential,
} from "@semiclassical/grid";
import { DEFAULT_OCCUPATION_CUTOFF } from "./conversions.js";
import { type Eigenstates, lowestEigenstates } from "./eigenstates.js";
import { chemicalPotential, fermiDiracOccupations } from "./fermi-dirac.js";
import type { OrbitalDensityMatrix } from "./states.js";
import { estimateLevelCount } from "./weyl-law.js";

/** Options of {@link thermalState} and {@link slaterState}. */
export interface ThermalOptions {
  /** Semiclassical parameter eps. */
  epsilon: number;
  /** Kinetic prefactor kappa (default 1, the seed's convention). */
  kappa?: number;
  /** V_ext: sampled on the grid (grid.size values) or an ExternalPotential (sampled at t = 0). */
  potential: Float64Array | ExternalPotential;
  /** Particle number N = tr omega (default eps^-d, THEORY.md section 1). */
  particles?: number;
  /** Temperature T >= 0 (T = 0: Slater determinant of the N lowest orbitals). */
  temperature: number;
  /**
   * Occupation cutoff (default 1e-12): orbitals are added until the estimated occupation of all
   * neglected ones is below it, and computed orbitals with occupation below it are dropped.
   */
  cutoff?: number;
  /** Residual tolerance passed to {@link lowestEigenstates}. */
  tolerance?: number;
  /**
   * Check that the grid resolves the state (default true): dx <= pi eps / (2 v_max) with
   * v_max = sqrt((E_max - min V)/kappa) the largest classical velocity of the kept orbitals.
   */
  checkResolution?: boolean;
}

/** A thermal (Fermi-Dirac) or zero-temperature state of h_0, with its diagnostics. */
export interface ThermalState extends OrbitalDensityMatrix {
  /** Eigenvalues E_j of the kept orbitals (ascending, same order as occupations). */
  readonly energies: Float64Array;
  /** Chemical potential mu (T > 0: sum_j f_j = N; T = 0: (E_{N-1} + E_N)/2). */
  readonly chemicalPotential: number;
  readonly temperature: number;
  /** Occupation dropped: computed orbitals below the cutoff plus the estimated tail beyond them. */
  readonly droppedWeight: number;
  /** Number of eigenpairs computed. */
  readonly computedOrbitals: number;
  /**
   * T = 0 only: E_N - E_{N-1}, above {@link FERMI_SHELL_TOLERANCE} max(|E_F|, eps) (a degenerate
   * Fermi level is refused by {@link slaterState}). NaN for T > 0.
   */
  readonly fermiGap: number;
  /** Largest eigen-residual ||h u - E u|| of the kept orbitals. */
  readonly maxResidual: number;
}

/** V_ext sampled on the grid: the given samples, or samplePotential(grid, V) at t = 0. Cost O(n). */
function sampled(grid: Grid, potential: Float64Array | ExternalPotential): Float64Array {
  if (potential instanceof Float64Array) return potential;
  if (potential && typeof potential.value === "function") return samplePotential(grid, potential);
  throw new ParameterError(
    "potential",
    "must be a Float64Array of samples or an ExternalPotential",
  );
}

/**
 * The orbital {@link ThermalState} of the first K = energies.length eigenstates of h_0, after
 * the resolution check of its highest kept level (unless options.checkResolution is false).
 */
function orbitalThermalState(
  grid: Grid,
  epsilon: number,
  kappa: number,
  potential: Float64Array,
  eig: Eigenstates,
  energies: Float64Array,
  options: Pick<ThermalOptions, "checkResolution">,
  rest: Pick<
    ThermalState,
    | "occupations"
    | "chemicalPotential"
    | "temperature"
    | "droppedWeight"
    | "computedOrbitals"
    | "fermiGap"
  >,
): ThermalState {
  const kept = energies.length;
  if (options.checkResolution ?? true) {
    checkResolved(grid, epsilon, kappa, potential, energies[kept - 1]);
  }
  let maxResidual = 0;
  for (let j = 0; j < kept; j++) maxResidual = Math.max(maxResidual, eig.residuals[j]);
  return Object.freeze({
    form: "orbital",
    grid,
    epsilon,
    occupations: rest.occupations,
    orbitals: eig.orbitals.slice(0, 2 * kept * grid.size),
    energies,
    chemicalPotential: rest.chemicalPotential,
    temperature: rest.temperature,
    droppedWeight: rest.droppedWeight,
    computedOrbitals: rest.computedOrbitals,
    fermiGap: rest.fermiGap,
    maxResidual,
  });
}

/**
 * Throws (via assertResolves) unless dx <= pi eps/(2 v_max), v_max = sqrt((E_max - min V)/kappa)
 * the largest classical velocity at energy E_max. Cost O(n).
 */
function checkResolved(
  grid: Grid,
  epsilon: number,
  kappa: number,
  potential: Float64Array,
  maxEnergy: number,
): void {
  let vMin = Number.POSITIVE_INFINITY;
  for (const v of potential) vMin = Math.min(vMin, v);
  const vMax = Math.sqrt(Math.max(maxEnergy - vMin, 0) / kappa);
  if (vMax > 0) assertResolves(grid, epsilon, vMax);
}

/**
 * Thermal Fermi-Dirac state of h_0 = -kappa eps^2 Laplacian + V_ext (THEORY.md section 4):
 * omega = sum_j f_j |phi_j><phi_j| with f_j = 1/(1 + e^{(E_j - mu)/T}) and mu by bisection so that
 * tr omega = N (to round-off, ~1e-14 N). Orbitals from {@link lowestEigenstates}; their number K
 * grows (x 1.5) until the estimated neglected occupation f(E_{K-1}) (1 + T / dE), dE the mean
 * level spacing of the last 8 levels (a geometric-tail bound for locally even spacing), is below
 * the cutoff; computed orbitals with f_j < cutoff are dropped and mu re-solved on the kept ones.
 * The dropped weight (computed + estimated tail) is reported. T = 0 gives {@link slaterState}.
 * Cost: that of lowestEigenstates for K ~ N + T/dE ln(T/(dE cutoff)) orbitals.
 */
export function thermalState(grid: Grid, options: ThermalOptions): ThermalState {
  const temperature = options.temperature;
  requireFinite("temperature", temperature);
  if (temperature < 0) throw new ParameterError("temperature", `must be >= 0, got ${temperature}`);
  if (temperature === 0) return slaterState(grid, options);
  const { epsilon } = options;
  requirePositive("epsilon", epsilon);
  const kappa = options.kappa ?? 1;
  requirePositive("kappa", kappa);
  const particles = options.particles ?? epsilon ** -grid.dimension;
  requirePositive("particles", particles);
  const cutoff = options.cutoff ?? DEFAULT_OCCUPATION_CUTOFF;
  requirePositive("cutoff", cutoff);
  const potential = sampled(grid, options.potential);
  const n = grid.size;
  if (particles >= n) {
    throw new ParameterError("particles", `N = ${particles} must be below grid.size = ${n}`);
  }
  let count = Math.min(
    n - 1,
    Math.max(
      Math.ceil(particles) + 16,
      estimateLevelCount(grid, epsilon, kappa, potential, particles, temperature, cutoff),
    ),
  );
  for (;;) {
    const eig = lowestEigenstates(grid, {
      epsilon,
      kappa,
      potential,
      count,
      tolerance: options.tolerance,
    });
    const e = eig.energies;
    const mu = chemicalPotential(e, particles, temperature);
    const last = e[count - 1];
    const m = Math.min(8, count - 1);
    const spacing = Math.max((e[count - 1] - e[count - 1 - m]) / m, 1e-300);
    const fLast = fermiDiracOccupations([last], mu, temperature)[0];
    const tail = fLast * (1 + temperature / spacing);
    if (tail > cutoff && count < n - 1) {
      count = Math.min(n - 1, Math.ceil(1.5 * count) + 8);
      continue;
    }
    const f = fermiDiracOccupations(e, mu, temperature);
    // at least floor(N) + 1 levels: mu is re-solved on the kept ones, which needs N < K (at low T
    // every level above the N-th may fall below the cutoff)
    let kept = 0;
    while (kept < count && f[kept] >= cutoff) kept++;
    kept = Math.max(kept, Math.min(count, Math.floor(particles) + 1));
    let droppedComputed = 0;
    for (let j = kept; j < count; j++) droppedComputed += f[j];
    const energies = e.slice(0, kept);
    const muKept = kept < count ? chemicalPotential(energies, particles, temperature) : mu;
    const occupations = fermiDiracOccupations(energies, muKept, temperature);
    return orbitalThermalState(grid, epsilon, kappa, potential, eig, energies, options, {
      occupations,
      chemicalPotential: muKept,
      temperature,
      droppedWeight: droppedComputed + tail,
      computedOrbitals: count,
      fermiGap: Number.NaN,
    });
  }
}

/**
 * Levels within this fraction of max(|E_F|, eps) of the Fermi level E_F = E_{N-1} are one
 * degenerate shell ({@link slaterState}). Exactly degenerate levels (a symmetric trap's shells)
 * come out of the eigensolver equal to ~1e-13; levels split by less than 1e-8 of the energy scale
 * keep their relative phase to 1e-8 t/eps, so for the dynamics they are one level too.
 */
export const FERMI_SHELL_TOLERANCE = 1e-8;

/**
 * The Fermi shell of N particles on ascending levels: a = the first level within `delta` of
 * E_{N-1}, b = the first level above E_{N-1} + delta (b = energies.length when the computed levels
 * end inside the shell: `complete` false). Cost O(N + shell).
 */
function fermiShell(
  energies: Float64Array,
  particles: number,
  delta: number,
): { first: number; end: number; complete: boolean } {
  const fermi = energies[particles - 1];
  let first = particles - 1;
  while (first > 0 && fermi - energies[first - 1] <= delta) first--;
  let end = particles;
  while (end < energies.length && energies[end] - fermi <= delta) end++;
  return { first, end, complete: end < energies.length };
}

/**
 * Zero-temperature state: the Slater determinant of the N lowest orbitals of h_0 (occupations 1;
 * N must be an integer; THEORY.md section 4). It exists only when the Fermi level E_F = E_{N-1} is
 * not degenerate: when E_N is within {@link FERMI_SHELL_TOLERANCE} max(|E_F|, eps) of E_F (an open
 * shell, e.g. N = 4 in a 2D or N = 8 in a 3D harmonic trap), "the N lowest orbitals" are any N - a
 * of the shell's b - a, the eigensolver's pick depends on the grid, and so would every distance:
 * such an N is refused (ParameterError "particles", naming the closed-shell counts a and b and the
 * thermal state, whose occupations depend on the energies only and so share the shell equally).
 * The gap E_N - E_{N-1} is reported. Cost: lowestEigenstates for N + 1 orbitals (more, doubling,
 * only to find the end of a degenerate shell for the message).
 */
export function slaterState(
  grid: Grid,
  options: Omit<ThermalOptions, "temperature"> & { temperature?: number },
): ThermalState {
  const { epsilon } = options;
  requirePositive("epsilon", epsilon);
  const kappa = options.kappa ?? 1;
  requirePositive("kappa", kappa);
  // the default N = eps^-d, rounded only when it is an integer to rounding (eps = N^(-1/d) in
  // floating point); otherwise refused below rather than rounded to another N
  const nominal = epsilon ** -grid.dimension;
  const particles =
    options.particles ??
    (Math.abs(nominal - Math.round(nominal)) <= 1e-9 * nominal ? Math.round(nominal) : nominal);
  if (!Number.isInteger(particles) || particles < 1) {
    throw new ParameterError(
      "particles",
      `a Slater determinant needs an integer N >= 1, got ${particles} (eps^-d = ${nominal}); pass particles, or eps = N^(-1/d)`,
    );
  }
  const n = grid.size;
  if (particles >= n) {
    throw new ParameterError("particles", `N = ${particles} must be below grid.size = ${n}`);
  }
  const potential = sampled(grid, options.potential);
  const levels = (count: number) =>
    lowestEigenstates(grid, { epsilon, kappa, potential, count, tolerance: options.tolerance });
  let extra = 1;
  let eig = levels(particles + extra);
  const delta = FERMI_SHELL_TOLERANCE * Math.max(Math.abs(eig.energies[particles - 1]), epsilon);
  let shell = fermiShell(eig.energies, particles, delta);
  if (shell.end > particles) {
    while (!shell.complete && particles + extra < n) {
      extra = Math.min(2 * extra + 8, n - particles);
      eig = levels(particles + extra);
      shell = fermiShell(eig.energies, particles, delta);
    }
    const { first, end } = shell;
    const fermi = eig.energies[particles - 1];
    throw new ParameterError(
      "particles",
      `N = ${particles} leaves the Fermi level E_F = ${fermi.toPrecision(6)} open: ` +
        `${particles - first} particle(s) for its ${end - first}${shell.complete ? "" : "+"} degenerate ` +
        `levels (E_${first} .. E_${end - 1} within ${delta.toExponential(1)}), so the Slater ` +
        "determinant of the N lowest orbitals is not unique (which ones the eigensolver returns " +
        `depends on the grid); use a closed-shell N (${first > 0 ? `${first} or ` : ""}${end} here) or a thermal state ` +
        "(T > 0: its occupations share the shell equally)",
    );
  }
  const energies = eig.energies.slice(0, particles);
  return orbitalThermalState(grid, epsilon, kappa, potential, eig, energies, options, {
    occupations: new Float64Array(particles).fill(1),
    chemicalPotential: 0.5 * (eig.energies[particles - 1] + eig.energies[particles]),
    temperature: 0,
    droppedWeight: 0,
    computedOrbitals: particles + 1,
    fermiGap: eig.energies[particles] - eig.energies[particles - 1],
  });
}
