import type { Grid } from "@semiclassical/grid";
import { axisWaveNumbers, fftAxis, fftPlan } from "@semiclassical/grid";

/**
 * |k|^2 at every point of the (FFT-ordered) reciprocal grid of `grid`, row-major like the grid.
 * Cost O(size), allocates size doubles.
 */
export function squaredWaveNumbers(grid: Grid): Float64Array {
  const k = grid.shape.map((_, a) => axisWaveNumbers(grid, a));
  const out = new Float64Array(grid.size);
  for (let index = 0; index < grid.size; index++) {
    let rest = index;
    let s = 0;
    for (let a = 0; a < grid.dimension; a++) {
      const i = Math.floor(rest / grid.strides[a]);
      rest -= i * grid.strides[a];
      s += k[a][i] * k[a][i];
    }
    out[index] = s;
  }
  return out;
}

/**
 * The free propagator e^{-i tau h_0 / eps}, h_0 = -kappa eps^2 Laplacian, applied spectrally:
 * in Fourier space it multiplies by e^{-i tau kappa eps |k|^2} (THEORY.md section 3). The phase
 * arrays of the step sizes a solver uses are computed once and cached here; scratch buffers are
 * allocated once in the constructor.
 */
export class KineticPropagator {
  readonly grid: Grid;
  private readonly kSquared: Float64Array;
  private readonly phases = new Map<number, Float64Array>();
  private readonly line: Float64Array;
  private readonly dense: Float64Array | undefined;

  /**
   * @param dense allocate the n x n scratch of the dense form (1D only). Allocates
   * 2 size doubles (+ 2 n^2 for the dense form).
   */
  constructor(
    grid: Grid,
    readonly epsilon: number,
    readonly kappa: number,
    dense = false,
  ) {
    this.grid = grid;
    this.kSquared = squaredWaveNumbers(grid);
    this.line = new Float64Array(2 * grid.size);
    this.dense = dense ? new Float64Array(2 * grid.size * grid.size) : undefined;
  }

  /** e^{-i tau kappa eps |k|^2}, interleaved complex, cached per tau. Cost O(size) once per tau. */
  phase(tau: number): Float64Array {
    let p = this.phases.get(tau);
    if (p === undefined) {
      p = new Float64Array(2 * this.grid.size);
      const c = tau * this.kappa * this.epsilon;
      for (let q = 0; q < this.grid.size; q++) {
        const theta = -c * this.kSquared[q];
        p[2 * q] = Math.cos(theta);
        p[2 * q + 1] = Math.sin(theta);
      }
      this.phases.set(tau, p);
    }
    return p;
  }

  /**
   * phi_k <- e^{-i tau h_0/eps} for the orbitals first <= k < end (default all; K blocks of
   * grid.size complex values). Cost O((end - first) size log size) (two d-dimensional FFTs per
   * orbital), no allocation.
   */
  propagateOrbitals(
    orbitals: Float64Array,
    tau: number,
    first = 0,
    end = orbitals.length / (2 * this.grid.size),
  ): void {
    const m = this.grid.size;
    const p = this.phase(tau);
    if (this.grid.dimension === 1) {
      const plan = fftPlan(m);
      const buffer = this.line;
      for (let k = first; k < end; k++) {
        const view = orbitals.subarray(2 * k * m, 2 * (k + 1) * m);
        plan.transform(view, buffer, "forward");
        multiplyInPlace(buffer, p);
        plan.transform(buffer, view, "inverse");
      }
      return;
    }
    const shape = this.grid.shape;
    for (let k = first; k < end; k++) {
      const view = orbitals.subarray(2 * k * m, 2 * (k + 1) * m);
      for (let a = 0; a < shape.length; a++) fftAxis(view, shape, a, "forward");
      multiplyInPlace(view, p);
      for (let a = 0; a < shape.length; a++) fftAxis(view, shape, a, "inverse");
    }
  }

  /**
   * A <- U A U^dagger with U = e^{-i tau h_0/eps}, for the dense n x n form (1D). The phase is
   * even in k, so U and U^dagger = F^{-1} D^* F are symmetric matrices and A U^dagger is U^dagger
   * applied to every row of A. Hence: rows <- U^dagger rows (C = A U^dagger), C <- C^dagger
   * (= U A, A Hermitian), rows <- U^dagger rows again (= U A U^dagger). Only contiguous row FFTs
   * (4 n of size n) and one blocked transpose. Cost O(n^2 log n), uses the dense scratch.
   */
  propagateDense(data: Float64Array, tau: number): void {
    const n = this.grid.size;
    const p = this.phase(tau);
    const scratch = this.dense;
    if (scratch === undefined) throw new Error("KineticPropagator: built without dense scratch");
    this.conjugatePhaseRows(data, p, n);
    conjugateTransposeInto(n, data, scratch);
    this.conjugatePhaseRows(scratch, p, n);
    data.set(scratch);
  }

  /** Every row r of the n x n matrix: r <- F^{-1} conj(D) F r. */
  private conjugatePhaseRows(data: Float64Array, p: Float64Array, n: number): void {
    const plan = fftPlan(n);
    const buffer = this.line;
    for (let r = 0; r < n; r++) {
      const row = data.subarray(2 * r * n, 2 * (r + 1) * n);
      plan.transform(row, buffer, "forward");
      for (let q = 0; q < 2 * n; q += 2) {
        const re = buffer[q];
        const im = buffer[q + 1];
        buffer[q] = re * p[q] + im * p[q + 1];
        buffer[q + 1] = im * p[q] - re * p[q + 1];
      }
      plan.transform(buffer, row, "inverse");
    }
  }

  /**
   * Kinetic energy part kappa eps^2 tr(-Laplacian omega) of the state, summed over orbitals with
   * weights lambda_k: sum_k lambda_k kappa eps^2 <phi_k, -Laplacian phi_k> (not divided by N).
   * Cost O(K size log size), no allocation.
   */
  orbitalKineticTrace(orbitals: Float64Array, occupations: Float64Array): number {
    const m = this.grid.size;
    const buffer = this.line;
    let total = 0;
    for (let k = 0; k < occupations.length; k++) {
      if (occupations[k] === 0) continue;
      buffer.set(orbitals.subarray(2 * k * m, 2 * (k + 1) * m));
      for (let a = 0; a < this.grid.dimension; a++) fftAxis(buffer, this.grid.shape, a, "forward");
      let s = 0;
      for (let q = 0; q < m; q++) {
        s += this.kSquared[q] * (buffer[2 * q] ** 2 + buffer[2 * q + 1] ** 2);
      }
      // Parseval: sum_i |phi_i|^2 dx^d = (dx^d / M) sum_q |phi^_q|^2.
      total += occupations[k] * s * (this.grid.cellVolume / m);
    }
    return this.kappa * this.epsilon ** 2 * total;
  }

  /**
   * kappa eps^2 tr(-Laplacian A) of the dense form: sum_q |k_q|^2 (F A F^{-1})_qq with
   * (F A F^{-1})_qq = (F A F)_{q,-q} / n. Cost O(n^2 log n), uses the dense scratch.
   */
  denseKineticTrace(data: Float64Array): number {
    const n = this.grid.size;
    const scratch = this.dense;
    if (scratch === undefined) throw new Error("KineticPropagator: built without dense scratch");
    scratch.set(data);
    const shape = [n, n];
    fftAxis(scratch, shape, 1, "forward");
    fftAxis(scratch, shape, 0, "forward");
    let s = 0;
    for (let q = 0; q < n; q++) {
      const l = (n - q) % n;
      s += this.kSquared[q] * scratch[2 * (q * n + l)];
    }
    return (this.kappa * this.epsilon ** 2 * s) / n;
  }
}

/** a <- a * b elementwise (interleaved complex, same length). */
export function multiplyInPlace(a: Float64Array, b: Float64Array): void {
  for (let j = 0; j < a.length; j += 2) {
    const re = a[j];
    const im = a[j + 1];
    a[j] = re * b[j] - im * b[j + 1];
    a[j + 1] = re * b[j + 1] + im * b[j];
  }
}

/** out = A^dagger for an n x n interleaved complex matrix, in 32 x 32 blocks (cache friendly). */
export function conjugateTransposeInto(n: number, a: Float64Array, out: Float64Array): void {
  const block = 32;
  for (let ib = 0; ib < n; ib += block) {
    const iEnd = Math.min(n, ib + block);
    for (let jb = 0; jb < n; jb += block) {
      const jEnd = Math.min(n, jb + block);
      for (let i = ib; i < iEnd; i++) {
        for (let j = jb; j < jEnd; j++) {
          const o = 2 * (i * n + j);
          const t = 2 * (j * n + i);
          out[t] = a[o];
          out[t + 1] = -a[o + 1];
        }
      }
    }
  }
}
