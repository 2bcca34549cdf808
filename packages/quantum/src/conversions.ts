import { ParameterError, requireFinite } from "@semiclassical/grid";
import { hermitianEigen } from "./linalg/index.js";
import { particleNumber } from "./observables.js";
import type { DenseDensityMatrix, DensityMatrix, OrbitalDensityMatrix } from "./states.js";

/** Default cutoff of {@link toOrbital}: eigenvalues with |lambda| <= 1e-12 are dropped. */
export const DEFAULT_OCCUPATION_CUTOFF = 1e-12;

/**
 * Dense form A_ij = sum_k lambda_k phi_k(x_i) conj(phi_k(x_j)) dx^d of any state (a dense state
 * is returned as is). Cost O(K n^2), allocates 2 n^2 doubles.
 */
export function toDense(state: DensityMatrix): DenseDensityMatrix {
  if (state.form === "dense") return state;
  const n = state.grid.size;
  const dv = state.grid.cellVolume;
  const { occupations, orbitals } = state;
  const data = new Float64Array(2 * n * n);
  for (let k = 0; k < occupations.length; k++) {
    const w = occupations[k] * dv;
    if (w === 0) continue;
    const o = 2 * k * n;
    for (let i = 0; i < n; i++) {
      const ar = w * orbitals[o + 2 * i];
      const ai = w * orbitals[o + 2 * i + 1];
      if (ar === 0 && ai === 0) continue;
      const row = 2 * i * n;
      // lower triangle j <= i: A_ij += w phi_i conj(phi_j)
      for (let j = 0; j <= i; j++) {
        const br = orbitals[o + 2 * j];
        const bi = orbitals[o + 2 * j + 1];
        data[row + 2 * j] += ar * br + ai * bi;
        data[row + 2 * j + 1] += ai * br - ar * bi;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    data[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      data[2 * (j * n + i)] = data[2 * (i * n + j)];
      data[2 * (j * n + i) + 1] = -data[2 * (i * n + j) + 1];
    }
  }
  return Object.freeze({ form: "dense", grid: state.grid, epsilon: state.epsilon, data });
}

/** An orbital state produced by {@link toOrbital}, with what the cutoff dropped. */
export interface OrbitalConversion extends OrbitalDensityMatrix {
  /** The cutoff used: eigenvalues with |lambda| <= cutoff were dropped. */
  readonly cutoff: number;
  /** Number of dropped eigenvalues. */
  readonly droppedCount: number;
  /** sum |lambda| over the dropped eigenvalues (the trace-norm error of the conversion). */
  readonly droppedWeight: number;
}

/**
 * Orbital form of a state by eigendecomposition of A (hermitianEigen): omega = sum_k lambda_k
 * |phi_k><phi_k| with phi_k = u_k / sqrt(dx^d) (u_k unit eigenvectors). Eigenvalues with
 * |lambda| <= cutoff (default {@link DEFAULT_OCCUPATION_CUTOFF} = 1e-12) are dropped and their
 * total |lambda| reported; eigenvalues outside [0, 1] beyond the cutoff are kept (see
 * {@link checkFermionic}). Orbitals are ordered by decreasing occupation. An orbital input is
 * filtered by the same cutoff without re-diagonalization.
 * Cost O(n^3) (dense: ~16 n^3 flops), allocates ~6 n^2 doubles.
 */
export function toOrbital(
  state: DensityMatrix,
  cutoff = DEFAULT_OCCUPATION_CUTOFF,
): OrbitalConversion {
  requireFinite("cutoff", cutoff);
  if (cutoff < 0) throw new ParameterError("cutoff", `must be >= 0, got ${cutoff}`);
  const n = state.grid.size;
  let values: Float64Array;
  let vectors: Float64Array;
  let scale: number;
  let columnMajor: boolean;
  if (state.form === "dense") {
    const eig = hermitianEigen(n, state.data, { vectors: true });
    values = eig.values;
    vectors = eig.vectors;
    scale = 1 / Math.sqrt(state.grid.cellVolume);
    columnMajor = true;
  } else {
    values = state.occupations;
    vectors = state.orbitals;
    scale = 1;
    columnMajor = false;
  }
  const keep: number[] = [];
  let droppedWeight = 0;
  for (let k = 0; k < values.length; k++) {
    if (Math.abs(values[k]) > cutoff) keep.push(k);
    else droppedWeight += Math.abs(values[k]);
  }
  keep.sort((a, b) => values[b] - values[a]);
  const occupations = new Float64Array(keep.length);
  const orbitals = new Float64Array(2 * n * keep.length);
  keep.forEach((k, slot) => {
    occupations[slot] = values[k];
    const o = 2 * slot * n;
    if (columnMajor) {
      for (let i = 0; i < n; i++) {
        orbitals[o + 2 * i] = scale * vectors[2 * (i * n + k)];
        orbitals[o + 2 * i + 1] = scale * vectors[2 * (i * n + k) + 1];
      }
    } else {
      orbitals.set(vectors.subarray(2 * k * n, 2 * (k + 1) * n), o);
    }
  });
  return Object.freeze({
    form: "orbital",
    grid: state.grid,
    epsilon: state.epsilon,
    occupations,
    orbitals,
    cutoff,
    droppedCount: values.length - keep.length,
    droppedWeight,
  });
}

/**
 * Spectrum of omega, ascending. Dense: all n eigenvalues of A (hermitianEigen, values only,
 * ~5 n^3 flops). Orbital: the K occupations sorted (the other n - K eigenvalues are 0).
 * Allocates n (or K) doubles.
 */
export function spectrum(state: DensityMatrix): Float64Array {
  if (state.form === "orbital") return Float64Array.from(state.occupations).sort();
  return hermitianEigen(state.grid.size, state.data).values;
}

/** Result of {@link checkFermionic}. */
export interface FermionicReport {
  /** True when -tol <= lambda <= 1 + tol for every eigenvalue and |tr omega - N| <= tol max(1, N). */
  readonly fermionic: boolean;
  readonly tolerance: number;
  readonly minEigenvalue: number;
  readonly maxEigenvalue: number;
  /** The eigenvalues below -tol or above 1 + tol, ascending. */
  readonly offending: Float64Array;
  /** sum of (-lambda) over lambda < 0 plus (lambda - 1) over lambda > 1: distance to [0, 1]. */
  readonly violation: number;
  /** tr omega. */
  readonly trace: number;
  /** Expected particle number N (default eps^-d). */
  readonly particles: number;
  readonly traceError: number;
}

/** Options of {@link checkFermionic}. */
export interface FermionicCheckOptions {
  /** Expected N = tr omega (default eps^-d, THEORY.md section 1). */
  particles?: number;
  /** Precomputed spectrum (ascending or not), to avoid a second diagonalization. */
  eigenvalues?: Float64Array;
}

/**
 * Fermionic check 0 <= omega <= 1 (within `tolerance`) and tr omega = N (within tolerance
 * max(1, N)). Reports min/max eigenvalues and every offending one. For an orbital state the
 * implicit zero eigenvalues count as 0. Cost: one {@link spectrum}.
 */
export function checkFermionic(
  state: DensityMatrix,
  tolerance = 1e-10,
  options: FermionicCheckOptions = {},
): FermionicReport {
  requireFinite("tolerance", tolerance);
  const particles = options.particles ?? state.epsilon ** -state.grid.dimension;
  requireFinite("particles", particles);
  const values = options.eigenvalues ?? spectrum(state);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let trace = 0;
  let violation = 0;
  const offending: number[] = [];
  for (const l of values) {
    min = Math.min(min, l);
    max = Math.max(max, l);
    trace += l;
    if (l < -tolerance || l > 1 + tolerance) offending.push(l);
    if (l < 0) violation -= l;
    if (l > 1) violation += l - 1;
  }
  if (state.form === "orbital" && values.length < state.grid.size) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  if (options.eigenvalues === undefined) trace = particleNumber(state);
  const traceError = Math.abs(trace - particles);
  return Object.freeze({
    fermionic: offending.length === 0 && traceError <= tolerance * Math.max(1, particles),
    tolerance,
    minEigenvalue: min,
    maxEigenvalue: max,
    offending: Float64Array.from(offending).sort(),
    violation,
    trace,
    particles,
    traceError,
  });
}

/** A one-line description of a fermionic report, naming the numbers. */
export function describeFermionicReport(report: FermionicReport): string {
  const shown = Array.from(report.offending.slice(0, 4))
    .concat(Array.from(report.offending.slice(Math.max(4, report.offending.length - 4))))
    .map((x) => x.toPrecision(6));
  return (
    `eigenvalues in [${report.minEigenvalue.toPrecision(6)}, ${report.maxEigenvalue.toPrecision(6)}], ` +
    `${report.offending.length} outside [-${report.tolerance}, 1 + ${report.tolerance}]` +
    (report.offending.length > 0 ? ` (${shown.join(", ")})` : "") +
    `, distance to [0, 1] = ${report.violation.toPrecision(4)}; ` +
    `tr omega = ${report.trace.toPrecision(15)} vs N = ${report.particles} (error ${report.traceError.toExponential(2)})`
  );
}

/**
 * Throws a ParameterError naming the numbers (extreme and offending eigenvalues, trace vs N)
 * unless {@link checkFermionic} passes. Returns the report otherwise.
 */
export function assertFermionic(
  state: DensityMatrix,
  tolerance = 1e-10,
  options: FermionicCheckOptions = {},
): FermionicReport {
  const report = checkFermionic(state, tolerance, options);
  if (!report.fermionic) {
    throw new ParameterError(
      "state",
      `is not fermionic (0 <= omega <= 1, tr omega = N): ${describeFermionicReport(report)}`,
    );
  }
  return report;
}
