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
   * phi_k <- e^{-i tau h_0/eps} phi_k for every orbital (K blocks of grid.size complex values).
   * Cost O(K size log size) (two d-dimensional FFTs per orbital), no allocation.
   */
  propagateOrbitals(orbitals: Float64Array, tau: number): void {
    const m = this.grid.size;
    const count = orbitals.length / (2 * m);
    const p = this.phase(tau);
    if (this.grid.dimension === 1) {
      const plan = fftPlan(m);
      const buffer = this.line;
      for (let k = 0; k < count; k++) {
        const view = orbitals.subarray(2 * k * m, 2 * (k + 1) * m);
        plan.transform(view, buffer, "forward");
        multiplyInPlace(buffer, p);
        plan.transform(buffer, view, "inverse");
      }
      return;
    }
    const shape = this.grid.shape;
    for (let k = 0; k < count; k++) {
      const view = orbitals.subarray(2 * k * m, 2 * (k + 1) * m);
      for (let a = 0; a < shape.length; a++) fftAxis(view, shape, a, "forward");
      multiplyInPlace(view, p);
      for (let a = 0; a < shape.length; a++) fftAxis(view, shape, a, "inverse");
    }
  }

  /**
   * A <- U A U^dagger with U = e^{-i tau h_0/eps}, for the dense n x n form (1D). Since the
   * phase is even in k, U = F^{-1} D F = F D F^{-1}, so U A U^dagger = F^{-1} [D (F A F) D^*] F^{-1}:
   * a 2D forward FFT, a multiplication of entry (q, l) by D_q conj(D_l), a 2D inverse FFT.
   * Cost O(n^2 log n), no allocation.
   */
  propagateDense(data: Float64Array, tau: number): void {
    const n = this.grid.size;
    const p = this.phase(tau);
    const shape = [n, n];
    fftAxis(data, shape, 1, "forward");
    fftAxis(data, shape, 0, "forward");
    for (let q = 0; q < n; q++) {
      const ar = p[2 * q];
      const ai = p[2 * q + 1];
      for (let l = 0, o = 2 * q * n; l < n; l++, o += 2) {
        // w = D_q conj(D_l)
        const br = p[2 * l];
        const bi = -p[2 * l + 1];
        const wr = ar * br - ai * bi;
        const wi = ar * bi + ai * br;
        const re = data[o];
        const im = data[o + 1];
        data[o] = re * wr - im * wi;
        data[o + 1] = re * wi + im * wr;
      }
    }
    fftAxis(data, shape, 0, "inverse");
    fftAxis(data, shape, 1, "inverse");
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
