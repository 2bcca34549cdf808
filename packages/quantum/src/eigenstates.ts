import type { Grid } from "@semiclassical/grid";
import { ParameterError, requireFinite, requirePositive } from "@semiclassical/grid";
import { denseSolve, reflectionSymmetry } from "./dense-eigenstates.js";
import { coarsen, prolongate, spectralTail, subsample } from "./grid-levels.js";
import { Hamiltonian } from "./hamiltonian.js";
import { seededRandom } from "./linalg/random.js";
import { checkInterpolated, residualNorms } from "./residuals.js";
import { subspaceIteration } from "./subspace-iteration.js";

/** Options of {@link lowestEigenstates}. */
export interface EigenstateOptions {
  /** Semiclassical parameter eps. */
  epsilon: number;
  /** Kinetic prefactor kappa (1 = the seed's convention, 1/2 = physics). */
  kappa: number;
  /** V_ext sampled on the grid (grid.size real values, row-major). */
  potential: Float64Array;
  /** Number K of lowest eigenpairs wanted. */
  count: number;
  /**
   * Residual tolerance: every returned pair has ||h u - E u|| <= tolerance (u unit Euclidean
   * vector). Default 1e-12 max(1, ||h||) with ||h|| <= max t(k) + max |V|, i.e. about 100 times the
   * round-off floor of applying h.
   */
  tolerance?: number;
  /**
   * Grids with at most this many points are diagonalized densely (default 512), and so are grids
   * of up to 2 denseLimit points when the block B (about 1.1 K) is at least an eighth of them: the
   * dense route (Householder, QL values, inverse iteration for the K wanted vectors) costs
   * ~ (4/3) n^3 + 2 n^2 K flops, the filtered subspace iteration ~ 3.5 B^2 n per sweep (measured
   * at n = 1024: K = 305 dense 4.5 s against 12 s; K = 100 even; K = 33 Chebyshev 5x faster).
   * When V_ext is symmetric about the box center the dense route works in the reflection's two
   * sectors (a quarter of the flops), and both limits apply to n/2 instead of n.
   */
  denseLimit?: number;
  /** Maximal number of filter sweeps per grid level (default 200). */
  maxSweeps?: number;
  /** Largest Chebyshev filter degree per sweep (default 24; capped so that cond(Y) < ~1e7). */
  degree?: number;
}

/** Result of {@link lowestEigenstates}. */
export interface Eigenstates {
  /** Eigenvalues E_0 <= ... <= E_{K-1}. */
  readonly energies: Float64Array;
  /** K orbitals, grid-normalized (sum_i |phi(x_i)|^2 dx^d = 1), interleaved complex (imaginary 0). */
  readonly orbitals: Float64Array;
  /** ||h u_k - E_k u_k|| for unit vectors u_k = phi_k sqrt(dx^d). */
  readonly residuals: Float64Array;
  /** The tolerance that every residual meets. */
  readonly tolerance: number;
  /** "dense" (symmetricEigen) or "chebyshev" (multilevel filtered subspace iteration). */
  readonly method: "dense" | "chebyshev";
  /** Filter sweeps per grid level, coarsest first (empty for "dense"). */
  readonly sweeps: readonly number[];
}

/**
 * The K lowest eigenpairs of h_0 = -kappa eps^2 Laplacian + V_ext on a grid (THEORY.md section
 * 4), with the spectral (FFT) Laplacian and V_ext sampled on the grid. h_0 is real symmetric, so
 * the orbitals are real.
 *
 * Method (the dense O(n^3) route is far too slow at n = 2048): grids with size <= denseLimit (or
 * <= 2 denseLimit when B >= n/8, see the option) are diagonalized densely: Householder + QL for
 * the values, inverse iteration and back-transformation for the K wanted vectors only (all
 * vectors by QL if their residuals miss the tolerance). Larger grids use a multilevel Chebyshev-filtered
 * subspace iteration (Zhou, Saad, Tiago, Chelikowsky, J. Comput. Phys. 219, 2006) on a block of
 * B = K + max(10, K/8) real vectors: h is applied with one complex FFT pair per two vectors, the
 * filter degree is capped so that the filtered block stays well conditioned (cond < ~1e7), the
 * block is orthonormalized by Cholesky QR twice (Gram-Schmidt twice as fallback) and rotated by a
 * Rayleigh-Ritz step. Levels: the coarsest grid of the same box holding >= 2B points is solved
 * first (densely if small enough), its Ritz vectors are interpolated trigonometrically to the next
 * finer grid, converged there to 1e-8 ||h||, and so on. As soon as a level resolves the wanted
 * orbitals (their Fourier weight above half its Nyquist wave number is below 1e-10), they are
 * converged to the tolerance there and interpolated straight to the target grid, where K
 * matrix-vector products check the residuals ||h u - E u|| <= tolerance (E the Rayleigh
 * quotients); filter sweeps run on the target grid only if that check fails. Cost per sweep on
 * n points: ~24 B/2 FFT pairs + ~3.5 B^2 n flops + a B x B eigenproblem; allocates ~5 B n doubles.
 * Throws a ParameterError if a level does not converge in maxSweeps sweeps.
 */
export function lowestEigenstates(grid: Grid, options: EigenstateOptions): Eigenstates {
  const { epsilon, kappa, potential, count } = options;
  requirePositive("epsilon", epsilon);
  requireFinite("kappa", kappa);
  if (kappa <= 0) throw new ParameterError("kappa", `must be > 0, got ${kappa}`);
  const n = grid.size;
  if (!(potential instanceof Float64Array) || potential.length !== n) {
    throw new ParameterError(
      "potential",
      `must be a Float64Array of grid.size = ${n} samples, got length ${potential?.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(potential[i])) {
      throw new ParameterError("potential", `sample ${i} is ${potential[i]}; must be finite`);
    }
  }
  if (!Number.isInteger(count) || count < 1 || count > n) {
    throw new ParameterError("count", `must be an integer in [1, ${n}] (grid.size), got ${count}`);
  }
  const denseLimit = options.denseLimit ?? 512;
  const maxSweeps = options.maxSweeps ?? 200;
  const degree = options.degree ?? 24;
  if (!Number.isInteger(degree) || degree < 2) {
    throw new ParameterError("degree", `must be an integer >= 2, got ${degree}`);
  }
  const fine = new Hamiltonian(grid, epsilon, kappa, potential);
  const norm = Math.max(Math.abs(fine.upper), Math.abs(fine.lower));
  const tolerance = options.tolerance ?? 1e-12 * Math.max(1, norm);
  requirePositive("tolerance", tolerance);
  const dv = grid.cellVolume;
  const finish = (
    values: Float64Array,
    vectors: Float64Array,
    residuals: Float64Array,
    method: "dense" | "chebyshev",
    sweeps: number[],
  ): Eigenstates => {
    const orbitals = new Float64Array(2 * count * n);
    const s = 1 / Math.sqrt(dv);
    for (let k = 0; k < count; k++) {
      for (let i = 0; i < n; i++) orbitals[2 * (k * n + i)] = s * vectors[k * n + i];
    }
    return Object.freeze({
      energies: values.slice(0, count),
      orbitals,
      residuals: residuals.slice(0, count),
      tolerance,
      method,
      sweeps,
    });
  };

  const block = Math.min(n, count + Math.max(10, Math.ceil(count / 8)));
  // the reflection's sectors (symmetric V_ext) quarter the dense route's flops
  const denseSize = reflectionSymmetry(fine) ? n / 2 : n;
  if (denseSize <= denseLimit || (denseSize <= 2 * denseLimit && 8 * block >= n)) {
    const hq = new Float64Array(count * n);
    let { values, vectors } = denseSolve(fine, count);
    fine.applyBlock(vectors, hq, 0, count);
    let residuals = residualNorms(vectors, hq, values, count, n);
    if (!(Math.max(...residuals) <= tolerance)) {
      // inverse iteration missed the tolerance (tight clusters): all vectors by QL instead
      ({ values, vectors } = denseSolve(fine, count, true));
      fine.applyBlock(vectors, hq, 0, count);
      residuals = residualNorms(vectors, hq, values, count, n);
    }
    return finish(values, vectors, residuals, "dense", []);
  }

  const random = seededRandom(12345);
  // grid levels: coarsest first, each with at least 2B points
  const levels: Grid[] = [grid];
  for (;;) {
    const next = coarsen(levels[0]);
    if (next === undefined || next.size < 2 * block) break;
    levels.unshift(next);
  }
  let current = levels[0];
  let q: Float64Array;
  const sweeps: number[] = [];
  const loose = 1e-8 * Math.max(1, norm);
  const resolves = (g: Grid, vectors: Float64Array) => spectralTail(g, vectors, count) < 1e-10;
  const nextLevel = (g: Grid) => levels[levels.indexOf(g) + 1];
  if (current !== grid && current.size <= denseLimit) {
    const h = new Hamiltonian(current, epsilon, kappa, subsample(grid, current, potential));
    q = denseSolve(h, block).vectors;
    sweeps.push(0);
    const target = resolves(current, q) ? grid : nextLevel(current);
    q = prolongate(current, target, q, block);
    current = target;
  } else {
    q = new Float64Array(block * current.size);
    for (let i = 0; i < q.length; i++) q[i] = random() - 0.5;
  }
  while (current !== grid) {
    const h = new Hamiltonian(current, epsilon, kappa, subsample(grid, current, potential));
    // converge loosely; if the level then resolves the wanted orbitals, converge tightly here
    const level = current;
    const run = subspaceIteration(h, q, block, count, loose, maxSweeps, degree, random, () =>
      resolves(level, q) ? tolerance : undefined,
    );
    sweeps.push(run.sweeps);
    const target = run.tightened ? grid : nextLevel(current);
    q = prolongate(current, target, q, block);
    current = target;
  }
  if (sweeps.length > 0) {
    // vectors interpolated from a level that resolves them: check them on the target grid first
    const direct = checkInterpolated(fine, q, count);
    if (Math.max(...direct.residuals) <= tolerance) {
      sweeps.push(0);
      return finish(direct.theta, q, direct.residuals, "chebyshev", sweeps);
    }
  }
  const run = subspaceIteration(fine, q, block, count, tolerance, maxSweeps, degree, random);
  sweeps.push(run.sweeps);
  return finish(run.theta, q, run.residuals, "chebyshev", sweeps);
}
