import { ParameterError, requirePositive } from "@semiclassical/grid";
import type { DensityMatrix, OrbitalDensityMatrix } from "@semiclassical/quantum";
import { hermitianEigen, toDense } from "@semiclassical/quantum";
import type { OrbitalBasis } from "./basis.js";
import type { BasisHamiltonian } from "./basis-hamiltonian.js";
import { type DeterminantSpace, fermionSign } from "./determinants.js";
import {
  type KrylovOptions,
  KrylovPropagator,
  type KrylovStepReport,
  type LanczosOptions,
  type LanczosResult,
  lanczosGroundState,
} from "./lanczos.js";

function norm2(x: Float64Array): number {
  let s = 0;
  for (let q = 0; q < x.length; q++) s += x[q] * x[q];
  return s;
}

/** Throws a ParameterError unless c is a unit coefficient vector of the space. Cost O(C(M,N)). */
export function checkCoefficients(
  space: DeterminantSpace,
  c: Float64Array,
  tolerance = 1e-8,
): void {
  if (!(c instanceof Float64Array) || c.length !== 2 * space.dimension) {
    throw new ParameterError(
      "coefficients",
      `must hold 2 C(M, N) = ${2 * space.dimension} doubles, got length ${c?.length}`,
    );
  }
  const n = norm2(c);
  if (!(Math.abs(n - 1) <= tolerance)) {
    throw new ParameterError(
      "coefficients",
      `are not normalized: sum |c_D|^2 = ${n.toPrecision(12)}; divide by the square root of it`,
    );
  }
}

/** Options of {@link BasisManyBodySolver}. */
export interface BasisSolverOptions extends KrylovOptions {
  /** Time step dt > 0. */
  dt: number;
  /** Semiclassical parameter eps of i eps d_t psi = H_N psi. */
  epsilon: number;
  /** Initial time (default 0). */
  time?: number;
}

/**
 * Dynamics i eps d_t c = H_N c in the determinant basis (THEORY.md section 6): every step is
 * c <- e^{-i dt H_N/eps} c by the Lanczos propagator with a-posteriori error control
 * ({@link KrylovPropagator}: the Krylov dimension grows until the estimate is below `tolerance`
 * per step, with substeps if maxDimension does not suffice). Norm and energy are conserved to the
 * tolerance (the Krylov flow is unitary in its space); there is no time-discretization order:
 * the error per step is the reported estimate. H_N is time independent (a release is a
 * Hamiltonian with another V_ext). Cost per step: m sparse products O(m nnz) + O(m^2 C(M,N)).
 */
export class BasisManyBodySolver {
  readonly hamiltonian: BasisHamiltonian;
  readonly dt: number;
  readonly epsilon: number;
  private readonly propagator: KrylovPropagator;
  private readonly c: Float64Array;
  private readonly initialTime: number;
  private stepCount = 0;
  /** Sum of the per-step error estimates so far. */
  accumulatedError = 0;
  /** Report of the last step. */
  lastStep: KrylovStepReport | undefined;

  constructor(
    hamiltonian: BasisHamiltonian,
    coefficients: Float64Array,
    options: BasisSolverOptions,
  ) {
    requirePositive("dt", options.dt);
    requirePositive("epsilon", options.epsilon);
    checkCoefficients(hamiltonian.space, coefficients);
    this.hamiltonian = hamiltonian;
    this.dt = options.dt;
    this.epsilon = options.epsilon;
    this.initialTime = options.time ?? 0;
    this.propagator = new KrylovPropagator(hamiltonian, options);
    this.c = Float64Array.from(coefficients);
  }

  get time(): number {
    return this.initialTime + this.stepCount * this.dt;
  }

  get step(): number {
    return this.stepCount;
  }

  /** One step c <- e^{-i dt H_N/eps} c. */
  advance(): KrylovStepReport {
    const report = this.propagator.propagate(this.c, this.dt / this.epsilon);
    this.lastStep = report;
    this.accumulatedError += report.errorEstimate;
    this.stepCount++;
    return report;
  }

  /** `steps` steps, `onStep` after each (progress callback, never prints). */
  run(steps: number, onStep?: (step: number, report: KrylovStepReport) => void): void {
    if (!Number.isInteger(steps) || steps < 0) {
      throw new ParameterError("steps", `must be an integer >= 0, got ${String(steps)}`);
    }
    for (let s = 0; s < steps; s++) {
      const report = this.advance();
      onStep?.(this.stepCount, report);
    }
  }

  /** A copy of the coefficients c_D. */
  coefficients(): Float64Array {
    return Float64Array.from(this.c);
  }

  /** sum |c_D|^2 (conserved: 1). */
  norm(): number {
    return norm2(this.c);
  }

  /** <H_N>/N per particle (like E_HF). Cost O(nnz). */
  energy(): number {
    return this.hamiltonian.expectation(this.c) / this.norm() / this.hamiltonian.space.particles;
  }
}

/**
 * Ground state of H_N in the determinant basis by restarted Lanczos ({@link lanczosGroundState};
 * default start: the determinant of the N lowest orbitals, i.e. of the trap when the basis is
 * trapBasis). Returns the unit coefficient vector and E_0 (total). Cost per Lanczos step O(nnz).
 */
export function basisGroundState(
  hamiltonian: BasisHamiltonian,
  options: LanczosOptions & { start?: Float64Array } = {},
): LanczosResult {
  const space = hamiltonian.space;
  const start = options.start ?? space.slater(Array.from({ length: space.particles }, (_, k) => k));
  return lanczosGroundState(hamiltonian, start, options);
}

/**
 * The one-body reduced density matrix in the orbital basis, G_pq = <Psi| a+_q a_p |Psi>, so that
 * gamma(x; y) = sum_pq G_pq phi_p(x) conj(phi_q(y)) (THEORY.md section 6): Hermitian, tr G = N,
 * 0 <= G <= 1. Interleaved complex M x M. Cost O(C(M, N) N M).
 */
export function basisOneBodyMatrix(space: DeterminantSpace, c: Float64Array): Float64Array {
  const M = space.orbitals;
  const g = new Float64Array(2 * M * M);
  for (let col = 0; col < space.dimension; col++) {
    const cr = c[2 * col];
    const ci = c[2 * col + 1];
    if (cr === 0 && ci === 0) continue;
    const d = space.masks[col];
    for (let p = 0; p < M; p++) {
      if (!(d & (1 << p))) continue;
      const sp = fermionSign(d, p);
      const d1 = d & ~(1 << p);
      for (let q = 0; q < M; q++) {
        if (d1 & (1 << q)) continue;
        // <D'| = a+_q a_p |D> with sign: <Psi| a+_q a_p |Psi> += conj(c_D') c_D s
        const s = sp * fermionSign(d1, q);
        const row = space.index(d1 | (1 << q));
        const ar = c[2 * row];
        const ai = c[2 * row + 1];
        g[2 * (p * M + q)] += s * (ar * cr + ai * ci);
        g[2 * (p * M + q) + 1] += s * (ar * ci - ai * cr);
      }
    }
  }
  return g;
}

/**
 * gamma in quantum's orbital form: natural orbitals chi_k = sum_p U_pk phi_p with occupations
 * lambda_k (the eigenpairs of G, hermitianEigen), orthonormal on the grid because the phi_p are.
 * Occupations below 1e-14 are kept (so tr = N exactly); ordered by decreasing occupation.
 * Cost O(M^3 + M^2 grid.size).
 */
export function basisReducedDensity(
  basis: OrbitalBasis,
  space: DeterminantSpace,
  c: Float64Array,
  epsilon: number,
): OrbitalDensityMatrix {
  const M = basis.size;
  if (space.orbitals !== M) {
    throw new ParameterError("space", `has M = ${space.orbitals} orbitals, the basis ${M}`);
  }
  const g = basisOneBodyMatrix(space, c);
  const eig = hermitianEigen(M, g, { vectors: true });
  const n = basis.grid.size;
  const occupations = new Float64Array(M);
  const orbitals = new Float64Array(2 * M * n);
  for (let k = 0; k < M; k++) {
    const col = M - 1 - k; // decreasing occupation
    occupations[k] = eig.values[col];
    for (let p = 0; p < M; p++) {
      const ur = eig.vectors[2 * (p * M + col)];
      const ui = eig.vectors[2 * (p * M + col) + 1];
      for (let i = 0; i < n; i++) {
        const fr = basis.orbitals[2 * (p * n + i)];
        const fi = basis.orbitals[2 * (p * n + i) + 1];
        orbitals[2 * (k * n + i)] += ur * fr - ui * fi;
        orbitals[2 * (k * n + i) + 1] += ur * fi + ui * fr;
      }
    }
  }
  return Object.freeze({ form: "orbital", grid: basis.grid, epsilon, occupations, orbitals });
}

/**
 * (1/N) tr|gamma_a - gamma_b| for two states on the same grid (N = tr gamma_a), through the dense
 * forms and hermitianEigen of the difference. The distance used for the basis-size floor
 * (gamma_M against gamma_M') and for grid-against-basis checks. Cost O(n^3), n = grid.size
 * (1D, or small 2D grids), allocates ~8 n^2 doubles.
 */
export function traceDistancePerParticle(a: DensityMatrix, b: DensityMatrix): number {
  const da = toDense(a).data;
  const db = toDense(b).data;
  const n = a.grid.size;
  const diff = new Float64Array(da.length);
  let trace = 0;
  for (let q = 0; q < diff.length; q++) diff[q] = da[q] - db[q];
  for (let i = 0; i < n; i++) trace += da[2 * (i * n + i)];
  const values = hermitianEigen(n, diff).values;
  let s = 0;
  for (const v of values) s += Math.abs(v);
  return s / trace;
}
