import type { Grid } from "@semiclassical/grid";
import { axisWaveNumbers, fftN, requireFinite, requirePositive } from "@semiclassical/grid";

/**
 * Fourier symbol of the spectral kinetic operator -kappa eps^2 Laplacian on a periodic grid:
 * t(k) = kappa eps^2 |k|^2 at every FFT-ordered wave vector (row-major, grid.size entries).
 * The Nyquist mode k = -pi/dx is kept (t is even, so the operator is real symmetric).
 * Cost O(size), allocates size doubles.
 */
export function kineticSymbol(grid: Grid, epsilon: number, kappa: number): Float64Array {
  requirePositive("epsilon", epsilon);
  requireFinite("kappa", kappa);
  const ks = grid.shape.map((_, a) => axisWaveNumbers(grid, a));
  const out = new Float64Array(grid.size);
  const c = kappa * epsilon * epsilon;
  for (let index = 0; index < grid.size; index++) {
    let rest = index;
    let k2 = 0;
    for (let a = 0; a < grid.dimension; a++) {
      const i = Math.floor(rest / grid.strides[a]);
      rest -= i * grid.strides[a];
      k2 += ks[a][i] * ks[a][i];
    }
    out[index] = c * k2;
  }
  return out;
}

/**
 * The spectral kinetic operator T = -kappa eps^2 Laplacian = F^-1 diag(t) F on a grid, applied to
 * complex vectors (interleaved, grid.size values). One work buffer of 2 size doubles is allocated
 * here. Cost per application O(size log size).
 */
export class KineticOperator {
  readonly grid: Grid;
  readonly symbol: Float64Array;
  /** max_k t(k): an upper bound of the spectrum of T. */
  readonly maximum: number;
  private readonly work: Float64Array;

  constructor(grid: Grid, epsilon: number, kappa: number) {
    this.grid = grid;
    this.symbol = kineticSymbol(grid, epsilon, kappa);
    let max = 0;
    for (const t of this.symbol) max = Math.max(max, t);
    this.maximum = max;
    this.work = new Float64Array(2 * grid.size);
  }

  /** out = T input (complex; out may alias input). */
  apply(input: Float64Array, out: Float64Array, inputOffset = 0, outOffset = 0): void {
    const n = this.grid.size;
    const w = this.work;
    for (let q = 0; q < 2 * n; q++) w[q] = input[inputOffset + q];
    fftN(w, this.grid.shape, "forward");
    const t = this.symbol;
    for (let j = 0; j < n; j++) {
      w[2 * j] *= t[j];
      w[2 * j + 1] *= t[j];
    }
    fftN(w, this.grid.shape, "inverse");
    for (let q = 0; q < 2 * n; q++) out[outOffset + q] = w[q];
  }

  /** <u|T|u> for a complex vector u (Euclidean inner product, no dx^d). Cost O(size log size). */
  expectation(input: Float64Array, inputOffset = 0): number {
    const n = this.grid.size;
    const w = this.work;
    for (let q = 0; q < 2 * n; q++) w[q] = input[inputOffset + q];
    fftN(w, this.grid.shape, "forward");
    let s = 0;
    const t = this.symbol;
    for (let j = 0; j < n; j++) s += t[j] * (w[2 * j] * w[2 * j] + w[2 * j + 1] * w[2 * j + 1]);
    return s / n;
  }
}
