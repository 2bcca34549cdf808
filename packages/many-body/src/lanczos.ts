import { ParameterError, requirePositive } from "@semiclassical/grid";
import { symmetricTridiagonalEigen } from "@semiclassical/quantum";

/**
 * A Hermitian linear operator on C^n (complex vectors interleaved, 2n doubles): y = H x. `apply`
 * must not keep references to x or y.
 */
export interface HermitianOperator {
  /** n, the number of complex unknowns. */
  readonly dimension: number;
  apply(x: Float64Array, y: Float64Array): void;
}

/** Euclidean <x, y> = sum conj(x_k) y_k, real part only (all this module needs of it). */
function dotReal(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let q = 0; q < x.length; q++) s += x[q] * y[q];
  return s;
}

/** w <- w - sum_k <v_k, w> v_k, twice (classical Gram-Schmidt with reorthogonalization). */
function orthogonalize(w: Float64Array, basis: Float64Array[], count: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < count; k++) {
      const v = basis[k];
      let re = 0;
      let im = 0;
      for (let q = 0; q < w.length; q += 2) {
        re += v[q] * w[q] + v[q + 1] * w[q + 1];
        im += v[q] * w[q + 1] - v[q + 1] * w[q];
      }
      for (let q = 0; q < w.length; q += 2) {
        w[q] -= re * v[q] - im * v[q + 1];
        w[q + 1] -= re * v[q + 1] + im * v[q];
      }
    }
  }
}

/** Options of {@link lanczosGroundState}. */
export interface LanczosOptions {
  /** Lanczos vectors per cycle m (default 40); the cycle restarts from the Ritz vector. */
  krylovDimension?: number;
  /** Stop when ||H x - E x|| <= tolerance for the unit Ritz vector x (default 1e-9). */
  tolerance?: number;
  /** Maximal number of restarted cycles (default 200). */
  maxRestarts?: number;
  /**
   * A projector commuting with H applied to every new Lanczos vector (the antisymmetrizer of the
   * grid method keeps round-off from drifting into the lower bosonic sector).
   */
  project?: (x: Float64Array) => void;
  /** Called after every cycle with its Ritz value and residual estimate (progress, never prints). */
  onCycle?: (cycle: { restart: number; energy: number; residual: number }) => void;
}

/** Result of {@link lanczosGroundState}. */
export interface LanczosResult {
  /** Lowest Ritz value E_0 (eigenvalue of H in the start vector's invariant subspace). */
  readonly energy: number;
  /** The Ritz vector (unit Euclidean norm, 2n doubles). */
  readonly vector: Float64Array;
  /** ||H x - E_0 x||, computed explicitly at the end. */
  readonly residual: number;
  readonly restarts: number;
  readonly matvecs: number;
}

/**
 * Lowest eigenpair of a Hermitian H in the Krylov space of `start` by restarted Lanczos with full
 * reorthogonalization: cycles of m steps H v_j = beta_{j-1} v_{j-1} + alpha_j v_j + beta_j v_{j+1},
 * Rayleigh-Ritz on the tridiagonal T_m (symmetricTridiagonalEigen), restart from the lowest Ritz
 * vector until the residual estimate beta_m |y_m| and then the explicit residual are below the
 * tolerance. Cost per cycle: m applications of H plus O(m^2 n) for reorthogonalization;
 * allocates (m + 2) 2n doubles. The start vector is not modified.
 */
export function lanczosGroundState(
  operator: HermitianOperator,
  start: Float64Array,
  options: LanczosOptions = {},
): LanczosResult {
  const n = operator.dimension;
  if (start.length !== 2 * n) {
    throw new ParameterError("start", `must hold 2 n = ${2 * n} doubles, got ${start.length}`);
  }
  const m = Math.min(options.krylovDimension ?? 40, n);
  if (!Number.isInteger(m) || m < 2) {
    throw new ParameterError("krylovDimension", `must be an integer >= 2, got ${String(m)}`);
  }
  const tolerance = options.tolerance ?? 1e-9;
  requirePositive("tolerance", tolerance);
  const maxRestarts = options.maxRestarts ?? 200;
  const basis = Array.from({ length: m + 1 }, () => new Float64Array(2 * n));
  const w = new Float64Array(2 * n);
  const x = Float64Array.from(start);
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  let matvecs = 0;
  let energy = Number.NaN;
  for (let restart = 0; ; restart++) {
    options.project?.(x);
    const norm = Math.sqrt(dotReal(x, x));
    if (!(norm > 0))
      throw new ParameterError("start", "must be a nonzero vector (after projection)");
    for (let q = 0; q < x.length; q++) basis[0][q] = x[q] / norm;
    let size = 0;
    for (let j = 0; j < m; j++) {
      operator.apply(basis[j], w);
      matvecs++;
      alpha[j] = dotReal(basis[j], w);
      orthogonalize(w, basis, j + 1);
      options.project?.(w);
      size = j + 1;
      beta[j] = Math.sqrt(dotReal(w, w));
      if (beta[j] <= 1e-14 * Math.max(1, Math.abs(alpha[j]))) {
        beta[j] = 0;
        break;
      }
      if (j + 1 < m) for (let q = 0; q < w.length; q++) basis[j + 1][q] = w[q] / beta[j];
    }
    const eig = symmetricTridiagonalEigen(alpha.subarray(0, size), beta.subarray(0, size - 1), {
      vectors: true,
    });
    energy = eig.values[0];
    const last = eig.vectors[(size - 1) * size];
    const estimate = Math.abs(beta[size - 1] * last);
    x.fill(0);
    for (let k = 0; k < size; k++) {
      const y = eig.vectors[k * size];
      const v = basis[k];
      for (let q = 0; q < x.length; q++) x[q] += y * v[q];
    }
    options.onCycle?.({ restart, energy, residual: estimate });
    if (estimate <= tolerance || restart >= maxRestarts) {
      options.project?.(x);
      const s = 1 / Math.sqrt(dotReal(x, x));
      for (let q = 0; q < x.length; q++) x[q] *= s;
      operator.apply(x, w);
      matvecs++;
      const e = dotReal(x, w);
      let r = 0;
      for (let q = 0; q < w.length; q++) r += (w[q] - e * x[q]) ** 2;
      const residual = Math.sqrt(r);
      if (residual <= 10 * tolerance || restart >= maxRestarts) {
        if (residual > 10 * tolerance) {
          throw new ParameterError(
            "maxRestarts",
            `Lanczos did not converge in ${maxRestarts} cycles (residual ${residual.toExponential(3)} > ` +
              `tolerance ${tolerance}); raise maxRestarts or krylovDimension, or loosen the tolerance`,
          );
        }
        return Object.freeze({ energy: e, vector: x, residual, restarts: restart, matvecs });
      }
    }
  }
}

/** Options of {@link KrylovPropagator}. */
export interface KrylovOptions {
  /** Largest Krylov dimension m (default 40). */
  maxDimension?: number;
  /**
   * Error tolerance per call of {@link KrylovPropagator.propagate}: the sum over its substeps of
   * the a-posteriori estimates ||x|| beta_m |e_m^T e^{-i s T_m} e_1| stays below it (default 1e-10).
   */
  tolerance?: number;
}

/** What one {@link KrylovPropagator.propagate} call did. */
export interface KrylovStepReport {
  /** Sum of the a-posteriori error estimates of its substeps (<= tolerance). */
  readonly errorEstimate: number;
  /** Largest Krylov dimension used. */
  readonly dimension: number;
  /** Number of substeps (1 unless m = maxDimension did not reach the tolerance). */
  readonly substeps: number;
  readonly matvecs: number;
}

/**
 * x <- e^{-i theta H} x for a Hermitian H by the Lanczos approximation (Park and Light 1986;
 * Saad, SIAM J. Numer. Anal. 29, 1992; Hochbruck and Lubich 1997):
 * e^{-i s H} x ~ ||x|| V_m e^{-i s T_m} e_1, with the a-posteriori error estimate
 * err(s) = ||x|| beta_m |e_m^T e^{-i s T_m} e_1| (the next term of the Lanczos recursion). The
 * dimension grows until err(theta) <= tolerance; if m = maxDimension does not suffice, the largest
 * s = theta / 2^k with err(s) <= tolerance s/theta is taken from the same Krylov space and the rest
 * is propagated anew. The flow is unitary to round-off within the Krylov space. Cost per substep:
 * m applications of H, O(m^2 n) reorthogonalization and O(m^3) per dimension for the small
 * exponential; buffers ((m + 2) 2n doubles) are allocated once in the constructor.
 */
export class KrylovPropagator {
  readonly operator: HermitianOperator;
  readonly maxDimension: number;
  readonly tolerance: number;
  private readonly basis: Float64Array[];
  private readonly w: Float64Array;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;

  constructor(operator: HermitianOperator, options: KrylovOptions = {}) {
    this.operator = operator;
    const m = Math.min(options.maxDimension ?? 40, operator.dimension);
    if (!Number.isInteger(m) || m < 1) {
      throw new ParameterError("maxDimension", `must be an integer >= 1, got ${String(m)}`);
    }
    this.maxDimension = m;
    this.tolerance = options.tolerance ?? 1e-10;
    requirePositive("tolerance", this.tolerance);
    const n = operator.dimension;
    this.basis = Array.from({ length: m }, () => new Float64Array(2 * n));
    this.w = new Float64Array(2 * n);
    this.alpha = new Float64Array(m);
    this.beta = new Float64Array(m);
  }

  /** In place x <- e^{-i theta H} x (theta real, e.g. dt/eps); see the class comment. */
  propagate(x: Float64Array, theta: number): KrylovStepReport {
    const n = this.operator.dimension;
    if (x.length !== 2 * n) {
      throw new ParameterError("x", `must hold 2 n = ${2 * n} doubles, got ${x.length}`);
    }
    let remaining = theta;
    let errorEstimate = 0;
    let dimension = 0;
    let substeps = 0;
    let matvecs = 0;
    const { basis, w, alpha, beta } = this;
    while (remaining !== 0) {
      const norm = Math.sqrt(dotReal(x, x));
      if (norm === 0) break;
      for (let q = 0; q < x.length; q++) basis[0][q] = x[q] / norm;
      let size = 0;
      let step = remaining;
      let coefficients: { re: Float64Array; im: Float64Array } | undefined;
      let error = 0;
      for (let j = 0; j < this.maxDimension; j++) {
        this.operator.apply(basis[j], w);
        matvecs++;
        alpha[j] = dotReal(basis[j], w);
        orthogonalize(w, basis, j + 1);
        size = j + 1;
        beta[j] = Math.sqrt(dotReal(w, w));
        const breakdown = beta[j] <= 1e-14 * Math.max(1, Math.abs(alpha[j]));
        if (breakdown) beta[j] = 0;
        const trial = smallExponential(alpha, beta, size, remaining);
        error = norm * beta[j] * Math.hypot(trial.re[size - 1], trial.im[size - 1]);
        if (error <= (this.tolerance * Math.abs(remaining)) / Math.abs(theta) || breakdown) {
          coefficients = trial;
          break;
        }
        if (j + 1 < this.maxDimension) {
          for (let q = 0; q < w.length; q++) basis[j + 1][q] = w[q] / beta[j];
        }
      }
      if (coefficients === undefined) {
        // m = maxDimension is not enough for the whole remaining step: take a fraction of it
        for (let k = 1; k <= 60; k++) {
          step = remaining / 2 ** k;
          const trial = smallExponential(alpha, beta, size, step);
          error = norm * beta[size - 1] * Math.hypot(trial.re[size - 1], trial.im[size - 1]);
          if (error <= (this.tolerance * Math.abs(step)) / Math.abs(theta)) {
            coefficients = trial;
            break;
          }
        }
        if (coefficients === undefined) {
          throw new ParameterError(
            "maxDimension",
            `the Krylov propagator cannot reach tolerance ${this.tolerance} with ${size} vectors; ` +
              "raise maxDimension or the tolerance",
          );
        }
      }
      x.fill(0);
      for (let k = 0; k < size; k++) {
        const cr = norm * coefficients.re[k];
        const ci = norm * coefficients.im[k];
        const v = basis[k];
        for (let q = 0; q < x.length; q += 2) {
          x[q] += cr * v[q] - ci * v[q + 1];
          x[q + 1] += cr * v[q + 1] + ci * v[q];
        }
      }
      errorEstimate += error;
      dimension = Math.max(dimension, size);
      substeps++;
      remaining -= step;
      if (Math.abs(remaining) <= 1e-15 * Math.abs(theta)) remaining = 0;
    }
    return { errorEstimate, dimension, substeps, matvecs };
  }
}

/** e^{-i s T} e_1 for the size x size tridiagonal T = tridiag(beta, alpha, beta). Cost O(size^3). */
function smallExponential(
  alpha: Float64Array,
  beta: Float64Array,
  size: number,
  s: number,
): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  if (size === 1) {
    re[0] = Math.cos(s * alpha[0]);
    im[0] = -Math.sin(s * alpha[0]);
    return { re, im };
  }
  const eig = symmetricTridiagonalEigen(alpha.subarray(0, size), beta.subarray(0, size - 1), {
    vectors: true,
  });
  const q = eig.vectors;
  for (let k = 0; k < size; k++) {
    const c = q[k] * Math.cos(s * eig.values[k]);
    const d = -q[k] * Math.sin(s * eig.values[k]);
    for (let i = 0; i < size; i++) {
      re[i] += q[i * size + k] * c;
      im[i] += q[i * size + k] * d;
    }
  }
  return { re, im };
}
