import { ParameterError, requireFinite } from "@semiclassical/grid";
import { kernelsFor } from "./linalg/blocked-tridiagonal.js";
import { hermitianEigen } from "./linalg/index.js";
import { particleNumber } from "./observables.js";
import type { DenseDensityMatrix, DensityMatrix, OrbitalDensityMatrix } from "./states.js";

/** Default cutoff of {@link toOrbital}: eigenvalues with |lambda| <= 1e-12 are dropped. */
export const DEFAULT_OCCUPATION_CUTOFF = 1e-12;

/** Rows per block of the dense form's lower triangle (see lowerTriangleBlocks). */
const LOWER_BLOCK = 32;

/**
 * Dense form A_ij = sum_k lambda_k phi_k(x_i) conj(phi_k(x_j)) dx^d of any state (a dense state
 * is returned as is): {@link subtractFromDense} of a zero matrix, so the two agree bit for bit.
 * The lower triangle comes in blocks of 32 rows of dot products over the K orbitals (the `dots`
 * kernel of the eigensolver, WebAssembly SIMD where available); the upper triangle is its
 * conjugate. Cost O(K n^2) (4 K n^2 flops); allocates 2 n^2 doubles and reuses a kernel workspace
 * of (K + 8)(2 n + 64) + 64 n doubles.
 */
export function toDense(state: DensityMatrix): DenseDensityMatrix {
  if (state.form === "dense") return state;
  const n = state.grid.size;
  const data = new Float64Array(2 * n * n);
  subtractFromDense(state, data);
  return Object.freeze({ form: "dense", grid: state.grid, epsilon: state.epsilon, data });
}

/**
 * matrix <- A - matrix in place, A_ij = omega(x_i; x_j) dx^d the dense form of `state` (interleaved
 * complex n x n, as {@link toDense} gives it, bit for bit), without allocating A: for the
 * distance omega - omega~ when omega~'s matrix is no longer needed. Returns Re A_ii (n doubles).
 * Cost O(K n^2) (orbital state; O(n^2) dense); allocates n doubles and reuses the kernel workspace
 * of the dense form's lower triangle ((K + 8)(2 n + 64) + 64 n doubles, not n^2).
 */
export function subtractFromDense(state: DensityMatrix, matrix: Float64Array): Float64Array {
  const n = state.grid.size;
  if (matrix.length !== 2 * n * n) {
    throw new ParameterError(
      "matrix",
      `must hold 2 n^2 = ${2 * n * n} numbers (interleaved complex n x n), got ${matrix.length}`,
    );
  }
  const diagonal = new Float64Array(n);
  if (state.form === "dense") {
    const a = state.data;
    for (let q = 0; q < matrix.length; q++) matrix[q] = a[q] - matrix[q];
    for (let i = 0; i < n; i++) diagonal[i] = a[2 * (i * n + i)];
    return diagonal;
  }
  const found = lowerTriangleBlocks(state, (i0, i1, h, CR, CI) => {
    for (let i = i0; i < i1; i++) {
      const r = i - i0;
      for (let j = 0; j < i; j++) {
        const re = h[CR + j * LOWER_BLOCK + r];
        const im = -h[CI + j * LOWER_BLOCK + r];
        const lo = 2 * (i * n + j);
        const up = 2 * (j * n + i);
        matrix[lo] = re - matrix[lo];
        matrix[lo + 1] = im - matrix[lo + 1];
        matrix[up] = re - matrix[up];
        matrix[up + 1] = -im - matrix[up + 1];
      }
      const d = 2 * (i * n + i);
      diagonal[i] = h[CR + i * LOWER_BLOCK + r];
      matrix[d] = diagonal[i] - matrix[d];
      matrix[d + 1] = 0 - matrix[d + 1];
    }
  });
  if (!found) {
    // A = 0 (toDense gives +0 everywhere)
    for (let q = 0; q < matrix.length; q++) matrix[q] = 0 - matrix[q];
  }
  return diagonal;
}

/**
 * A Hermitian n x n matrix by its lower triangle, packed by rows (LAPACK's "packed" storage, row
 * major): A_ij (j <= i) at data[i (i + 1) + 2 j] (Re) and the next double (Im); n (n + 1)
 * doubles, half the interleaved complex matrix. The entries above the diagonal are the conjugates.
 */
export interface PackedHermitian {
  /** n. */
  readonly order: number;
  readonly data: Float64Array;
}

/**
 * packed <- A - packed in place (lower triangles, {@link PackedHermitian} layout), A_ij the dense
 * form of `state` (toDense's entries bit for bit; a dense state's lower triangle), without
 * allocating A. Returns Re A_ii (n doubles). Cost O(K n^2) (orbital; O(n^2) dense); allocates n
 * doubles and reuses the kernel workspace of {@link lowerTriangleBlocks}.
 */
export function subtractFromPacked(state: DensityMatrix, packed: Float64Array): Float64Array {
  const n = state.grid.size;
  if (packed.length !== n * (n + 1)) {
    throw new ParameterError(
      "packed",
      `must hold n (n + 1) = ${n * (n + 1)} numbers (a packed lower triangle), got ${packed.length}`,
    );
  }
  const diagonal = new Float64Array(n);
  if (state.form === "dense") {
    const a = state.data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const q = i * (i + 1) + 2 * j;
        packed[q] = a[2 * (i * n + j)] - packed[q];
        packed[q + 1] = a[2 * (i * n + j) + 1] - packed[q + 1];
      }
      diagonal[i] = a[2 * (i * n + i)];
    }
    return diagonal;
  }
  const found = lowerTriangleBlocks(state, (i0, i1, h, CR, CI) => {
    for (let i = i0; i < i1; i++) {
      const r = i - i0;
      const row = i * (i + 1);
      for (let j = 0; j < i; j++) {
        packed[row + 2 * j] = h[CR + j * LOWER_BLOCK + r] - packed[row + 2 * j];
        packed[row + 2 * j + 1] = -h[CI + j * LOWER_BLOCK + r] - packed[row + 2 * j + 1];
      }
      diagonal[i] = h[CR + i * LOWER_BLOCK + r];
      packed[row + 2 * i] = diagonal[i] - packed[row + 2 * i];
      packed[row + 2 * i + 1] = 0 - packed[row + 2 * i + 1];
    }
  });
  if (!found) for (let q = 0; q < packed.length; q++) packed[q] = 0 - packed[q];
  return diagonal;
}

/**
 * Visits the lower triangle A_ij (j <= i) of an orbital state's dense form (see {@link toDense})
 * in blocks of LOWER_BLOCK rows: `visit(i0, i1, h, re, im)` finds conj(A_ij) for i0 <= i < i1,
 * j < i1 at h[re + j LOWER_BLOCK + (i - i0)] (Re) and h[im + ...] (Im) in the kernels' workspace
 * (valid during the call; nothing else may use the kernels then). Each block is LOWER_BLOCK x i1
 * dot products of length K, conj(A_ij) = sum_k (w_k phi_k(x_i))^* phi_k(x_j), w_k = lambda_k dx^d,
 * by the eigensolver's `dots` kernel (WebAssembly SIMD where available), the block's rows staying
 * in cache. The workspace holds the orbitals transposed and one block: (K + 8)(2 n + 64) + 64 n
 * doubles (n = 2048, K = 253: 9 MiB, against 68 MiB for the whole triangle). Returns false (and
 * visits nothing) when no orbital has weight. Cost 8 K n^2/2 flops.
 */
function lowerTriangleBlocks(
  state: OrbitalDensityMatrix,
  visit: (i0: number, i1: number, h: Float64Array, re: number, im: number) => void,
): boolean {
  const n = state.grid.size;
  const B = LOWER_BLOCK;
  const columns = transposedOrbitals(state, 2 * B * (state.occupations.length + 8) + 2 * n * B);
  if (columns === undefined) return false;
  const { kernels, h, ld, count, w, TR, TI } = columns;
  // After the columns: X_q = (w_k phi_k(x_i0+q))_k for the block's rows, then the block's dots
  // C_j = (conj A_{i0+q, j})_q (re, im).
  const XR = 2 * n * ld;
  const XI = XR + B * ld;
  const CR = XI + B * ld;
  const CI = CR + n * B;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    const m = i1 - i0;
    for (let r = 0; r < m; r++) {
      const t = (i0 + r) * ld;
      for (let q = 0; q < count; q++) {
        h[XR + r * ld + q] = w[q] * h[TR + t + q];
        h[XI + r * ld + q] = w[q] * h[TI + t + q];
      }
    }
    for (let j = 0; j < i1; j++) {
      kernels.dots(ld, 0, count, m, XR, XI, TR + j * ld, TI + j * ld, CR + j * B, CI + j * B);
    }
    visit(i0, i1, h, CR, CI);
  }
  return true;
}

/**
 * The kernels' workspace with an orbital state's columns T_j = (phi_k(x_j))_k, k over the K
 * orbitals of nonzero weight w_k = lambda_k dx^d, for every grid point j: re at TR + j ld,
 * im at TI + j ld (2 n ld doubles), followed by `extra` doubles for the caller. Undefined when no
 * orbital has weight. Cost O(K n).
 */
function transposedOrbitals(state: OrbitalDensityMatrix, extra: number) {
  const n = state.grid.size;
  const dv = state.grid.cellVolume;
  const { occupations, orbitals } = state;
  const kept: number[] = [];
  for (let k = 0; k < occupations.length; k++) if (occupations[k] * dv !== 0) kept.push(k);
  const count = kept.length;
  if (count === 0) return undefined;
  const ld = count + 8;
  const TR = 0;
  const TI = n * ld;
  const [kernels, h] = kernelsFor(2 * n * ld + extra);
  for (let q = 0; q < count; q++) {
    const o = 2 * kept[q] * n;
    for (let j = 0; j < n; j++) {
      h[TR + j * ld + q] = orbitals[o + 2 * j];
      h[TI + j * ld + q] = orbitals[o + 2 * j + 1];
    }
  }
  const w = kept.map((k) => occupations[k] * dv);
  return { kernels, h, ld, count, w, TR, TI };
}

/**
 * Entries A_ij of an orbital state's dense form read one at a time, each equal bit for bit to
 * {@link toDense}'s (the same dot product of the weighted row max(i, j) with the column
 * min(i, j) by the `dots` kernel; A_ii real): for reading a few of the n^2 entries, e.g. the
 * antidiagonals of some half-grid rows of the Wigner transform. The weighted rows are kept in
 * the kernels' workspace (4 n (K + 8) doubles with the columns), so the reader is valid only
 * until the kernels serve another caller; `undefined` for a state without weight (A = 0).
 * Cost O(K n) to set up, 8 K flops per entry. @internal
 */
export function orbitalEntryReader(
  state: OrbitalDensityMatrix,
): ((i: number, j: number, out: Float64Array) => void) | undefined {
  const n = state.grid.size;
  const ld = state.occupations.length + 8;
  const columns = transposedOrbitals(state, 2 * n * ld + 2);
  if (columns === undefined) return undefined;
  const { kernels, h, count, w, TR, TI } = columns;
  // the weighted rows X_i = (w_k phi_k(x_i))_k, as lowerTriangleBlocks forms them
  const XR = 2 * n * columns.ld;
  const XI = XR + n * columns.ld;
  const C = XI + n * columns.ld;
  for (let i = 0; i < n; i++) {
    const t = i * columns.ld;
    for (let q = 0; q < count; q++) {
      h[XR + t + q] = w[q] * h[TR + t + q];
      h[XI + t + q] = w[q] * h[TI + t + q];
    }
  }
  return (i, j, out) => {
    const r = Math.max(i, j);
    const c = Math.min(i, j);
    const row = r * columns.ld;
    const column = c * columns.ld;
    kernels.dots(columns.ld, 0, count, 1, XR + row, XI + row, TR + column, TI + column, C, C + 1);
    // the kernel gives conj(A_rc); A_ij = A_rc for j <= i, conj(A_rc) above the diagonal
    out[0] = h[C];
    out[1] = r === c ? 0 : j <= i ? -h[C + 1] : h[C + 1];
  };
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
