import type { Grid } from "@semiclassical/grid";
import { isSingularKernel, kernelValue, ParameterError } from "@semiclassical/grid";
import {
  checkFermionic,
  describeFermionicReport,
  hermitianEigen,
  spectrum,
} from "@semiclassical/quantum";
import { denseCommutatorTraceNorm } from "./commutator.js";
import { denseExchangeEnergy } from "./exchange.js";
import { DenseExchangeFlow } from "./exchange-flow.js";
import { KineticPropagator } from "./kinetic.js";
import { denseDensity, densePurity, denseTrace } from "./observables.js";
import type { DiagnosticTerms, Propagator, PropagatorOptions } from "./propagator.js";
import type { DenseState } from "./types.js";
import type { MeanField } from "./validation.js";

/**
 * The dense form of a 1D density matrix, A_ij = omega(x_i; x_j) dx, n x n interleaved complex,
 * row-major (THEORY.md section 2). Kinetic step A <- U A U^dagger: 4n row FFTs and a blocked
 * transpose, O(n^2 log n). Potential step A_ij <- p_i conj(p_j) A_ij, O(n^2), then for
 * "hartree-fock" the elementwise exchange flow X_ij = V(x_i - x_j) A_ij / N (regular kernels only;
 * see {@link DenseExchangeFlow}, O(iterations n^3)). Allocates the copy of A and the n x n
 * scratch in the constructor; a step allocates nothing.
 */
export class DensePropagator implements Propagator {
  readonly form = "dense" as const;
  readonly particleNumber: number;
  private readonly grid: Grid;
  private readonly epsilon: number;
  private readonly data: Float64Array;
  private readonly kinetic: KineticPropagator;
  private readonly kernelTable: Float64Array | undefined;
  private readonly flow: DenseExchangeFlow | undefined;
  private readonly initialPurity: number;
  private readonly initialEigenvalues: Float64Array | undefined;

  /**
   * Copies A. Throws a ParameterError when the "hartree-fock" model has a mean field without a
   * regular `kernel`, or (with `checkState`) when A is not Hermitian with eigenvalues in
   * [-1e-8, 1 + 1e-8]. Cost O(n^2) (+ O(n^3) for the check).
   */
  constructor(state: DenseState, options: PropagatorOptions) {
    const grid = state.grid;
    if (options.model === "hartree-fock" && options.meanField !== undefined) {
      this.kernelTable = denseKernelTable(grid, options.meanField);
    }
    this.grid = grid;
    this.epsilon = state.epsilon;
    this.data = options.adoptInitialState ? state.data : state.data.slice();
    if (options.checkState) this.initialEigenvalues = requireFermionicDense(state);
    this.particleNumber = denseTrace(grid.size, this.data);
    this.initialPurity = densePurity(this.data);
    this.kinetic = new KineticPropagator(grid, this.epsilon, options.kappa, true);
    if (this.kernelTable !== undefined) {
      this.flow = new DenseExchangeFlow(grid, this.kernelTable, options.exchange);
    }
  }

  get exchangeIterations(): number {
    return this.flow?.lastIterations ?? 0;
  }

  /** Caches e^{-i tau kappa eps k^2}. Cost O(n) once per tau. */
  prepareKineticStep(tau: number): void {
    this.kinetic.phase(tau);
  }

  /** A <- U A U^dagger, U = e^{-i tau h_0/eps}. Cost O(n^2 log n). */
  kineticStep(tau: number): void {
    this.kinetic.propagateDense(this.data, tau);
  }

  /** rho_i = A_ii / (N dx). Cost O(n). */
  density(out: Float64Array): Float64Array {
    return denseDensity(this.grid, this.data, this.particleNumber, out);
  }

  /** A_ij <- p_i conj(p_j) A_ij, then the exchange flow E(tau). Cost O(n^2) + the exchange flow. */
  potentialStep(phase: Float64Array, tau: number): void {
    const m = this.grid.size;
    const p = phase;
    const a = this.data;
    for (let i = 0; i < m; i++) {
      const pr = p[2 * i];
      const pi = p[2 * i + 1];
      for (let j = 0, o = 2 * i * m; j < m; j++, o += 2) {
        // w = p_i conj(p_j)
        const qr = p[2 * j];
        const qi = -p[2 * j + 1];
        const wr = pr * qr - pi * qi;
        const wi = pr * qi + pi * qr;
        const re = a[o];
        const im = a[o + 1];
        a[o] = re * wr - im * wi;
        a[o + 1] = re * wi + im * wr;
      }
    }
    this.flow?.advance(a, this.particleNumber, tau, this.epsilon);
  }

  /** tr A. Cost O(n). */
  trace(): number {
    return denseTrace(this.grid.size, this.data);
  }

  /**
   * Kinetic energy (O(n^2 log n)), tr A, the purity drift |tr A^2 - tr A_0^2| / tr A_0^2 (O(n^2)),
   * the exchange energy (O(n^2), "hartree-fock") and, with `commutator`, tr|[x, omega]| and the
   * eigenvalue drift (O(n^3) each; the latter only when the initial spectrum was computed).
   */
  diagnosticTerms(mesh: readonly Float64Array[], commutator: boolean): DiagnosticTerms {
    const m = this.grid.size;
    const n = this.particleNumber;
    const kineticEnergy = this.kinetic.denseKineticTrace(this.data) / n;
    const particleNumber = denseTrace(m, this.data);
    const spectrumDrift =
      Math.abs(densePurity(this.data) - this.initialPurity) / this.initialPurity;
    const exchangeEnergy =
      this.kernelTable !== undefined ? denseExchangeEnergy(m, this.kernelTable, this.data, n) : 0;
    if (!commutator) return { kineticEnergy, exchangeEnergy, particleNumber, spectrumDrift };
    const commutatorTraceNorm = [denseCommutatorTraceNorm(m, this.data, mesh[0])];
    const eigenvalueDrift = this.eigenvalueDrift();
    return {
      kineticEnergy,
      exchangeEnergy,
      particleNumber,
      spectrumDrift,
      commutatorTraceNorm,
      ...(eigenvalueDrift !== undefined ? { eigenvalueDrift } : {}),
    };
  }

  /** max_j |eig_j(A) - eig_j(A_0)| (undefined without the initial spectrum). Cost O(n^3). */
  private eigenvalueDrift(): number | undefined {
    const m = this.grid.size;
    if (this.initialEigenvalues === undefined) return undefined;
    const now = hermitianEigen(m, this.data).values;
    let worst = 0;
    for (let j = 0; j < m; j++) {
      worst = Math.max(worst, Math.abs(now[j] - this.initialEigenvalues[j]));
    }
    return worst;
  }

  /** A copy of A. Cost O(n^2), allocates the copy. */
  state(): DenseState {
    return { form: "dense", grid: this.grid, epsilon: this.epsilon, data: this.data.slice() };
  }

  /** The current matrix itself (no copy). Cost O(1). */
  stateView(): DenseState {
    return { form: "dense", grid: this.grid, epsilon: this.epsilon, data: this.data };
  }
}

/** V(|i - j| dx) for i - j = 0..n-1 (dense exchange; regular kernels only). Cost O(n). */
function denseKernelTable(grid: Grid, meanField: MeanField): Float64Array {
  const kernel = meanField.kernel;
  if (kernel === undefined) {
    throw new ParameterError(
      "meanField",
      "the dense hartree-fock exchange X_ij = V(x_i - x_j) A_ij / N needs the interaction kernel " +
        "(meanField.kernel, as on FreeSpaceConvolution)",
    );
  }
  if (isSingularKernel(kernel)) {
    throw new ParameterError(
      "meanField.kernel",
      `the dense elementwise exchange V(x_i - x_j) A_ij / N needs V(0) finite, but the "${kernel.kind}" ` +
        "kernel is singular; convert the state to orbital form (quantum's toOrbital), where the exchange " +
        "goes through the free-space convolution, or use a regular kernel (gaussian, soft-power)",
    );
  }
  const n = grid.size;
  const table = new Float64Array(n);
  for (let j = 0; j < n; j++) table[j] = kernelValue(kernel, j * grid.spacing[0]);
  return table;
}

/**
 * Dense fermionic check through quantum's `checkFermionic`: A Hermitian (to 1e-10 relative),
 * eigenvalues in [-1e-8, 1 + 1e-8]. Returns the spectrum. Cost O(n^3).
 */
function requireFermionicDense(state: DenseState): Float64Array {
  const n = state.grid.size;
  const data = state.data;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const o = 2 * (i * n + j);
      const t = 2 * (j * n + i);
      worst = Math.max(worst, Math.abs(data[o] - data[t]), Math.abs(data[o + 1] + data[t + 1]));
      scale = Math.max(scale, Math.abs(data[o]), Math.abs(data[o + 1]));
    }
  }
  if (!(worst <= 1e-10 * Math.max(scale, 1e-300))) {
    throw new ParameterError(
      "state.data",
      `must be Hermitian (A_ij = conj(A_ji)); the largest violation is ${worst.toExponential(2)}`,
    );
  }
  const eigenvalues = spectrum(state);
  const report = checkFermionic(state, 1e-8, {
    particles: eigenvalues.reduce((a, b) => a + b, 0),
    eigenvalues,
  });
  if (!report.fermionic) {
    throw new ParameterError("state", `is not fermionic: ${describeFermionicReport(report)}`);
  }
  return eigenvalues;
}
