import { ParameterError } from "./errors.js";

/**
 * How a self-consistent loop mixes input and output: the density matrix of the Hartree-Fock ground
 * state, the density of a Vlasov steady state.
 */
export interface MixingOptions {
  /**
   * "linear": x_in <- x_in + beta (x_out - x_in). "anderson" (default): Anderson/Pulay (DIIS)
   * extrapolation over the last `history` iterates (Anderson 1965; Eyert, J. Comput. Phys. 124,
   * 1996), falling back to linear mixing when the history is empty.
   */
  method?: "linear" | "anderson";
  /** beta in (0, 1] (default 0.5). */
  weight?: number;
  /** Anderson history depth m >= 1 (default 5). */
  history?: number;
}

/**
 * Fixed-point accelerator for x = g(x): given the input x_k and output g(x_k), returns the next
 * input. Anderson (type II): with residuals f_j = g(x_j) - x_j and differences dX, dF of the last m
 * iterates, gamma = argmin ||f_k - dF gamma||_2 (normal equations with a tiny Tikhonov shift) and
 * x_{k+1} = x_k + beta f_k - (dX + beta dF) gamma. Cost O(m^2 L + m^3) per call for vectors of
 * length L; the history (2 m L doubles) is allocated on the fly as it fills.
 */
export class Mixer {
  readonly method: "linear" | "anderson";
  readonly weight: number;
  readonly history: number;
  private readonly inputs: Float64Array[] = [];
  private readonly residuals: Float64Array[] = [];

  constructor(options: MixingOptions = {}) {
    this.method = options.method ?? "anderson";
    this.weight = options.weight ?? 0.5;
    this.history = options.history ?? 5;
    if (this.method !== "linear" && this.method !== "anderson") {
      throw new ParameterError(
        "mixing.method",
        `must be "linear" or "anderson", got ${String(this.method)}`,
      );
    }
    if (!(this.weight > 0 && this.weight <= 1)) {
      throw new ParameterError("mixing.weight", `must lie in (0, 1], got ${this.weight}`);
    }
    if (!Number.isInteger(this.history) || this.history < 1) {
      throw new ParameterError("mixing.history", `must be an integer >= 1, got ${this.history}`);
    }
  }

  /** Next input from the current input and output (both length L). Returns a new array. */
  next(input: Float64Array, output: Float64Array): Float64Array {
    const beta = this.weight;
    const length = input.length;
    const residual = new Float64Array(length);
    for (let i = 0; i < length; i++) residual[i] = output[i] - input[i];
    const result = new Float64Array(length);
    for (let i = 0; i < length; i++) result[i] = input[i] + beta * residual[i];
    if (this.method === "linear") return result;
    this.inputs.push(input.slice());
    this.residuals.push(residual);
    if (this.inputs.length > this.history + 1) {
      this.inputs.shift();
      this.residuals.shift();
    }
    const m = this.inputs.length - 1;
    if (m === 0) return result;
    const dX: Float64Array[] = [];
    const dF: Float64Array[] = [];
    for (let j = 0; j < m; j++) {
      const dx = new Float64Array(length);
      const df = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        dx[i] = this.inputs[j + 1][i] - this.inputs[j][i];
        df[i] = this.residuals[j + 1][i] - this.residuals[j][i];
      }
      dX.push(dx);
      dF.push(df);
    }
    const a = new Float64Array(m * m);
    const b = new Float64Array(m);
    let trace = 0;
    for (let p = 0; p < m; p++) {
      for (let q = p; q < m; q++) {
        let s = 0;
        for (let i = 0; i < length; i++) s += dF[p][i] * dF[q][i];
        a[p * m + q] = s;
        a[q * m + p] = s;
      }
      trace += a[p * m + p];
      let s = 0;
      for (let i = 0; i < length; i++) s += dF[p][i] * residual[i];
      b[p] = s;
    }
    if (!(trace > 0)) return result;
    for (let p = 0; p < m; p++) a[p * m + p] += 1e-12 * trace;
    const gamma = solveSymmetric(m, a, b);
    if (gamma === undefined) return result;
    for (let j = 0; j < m; j++) {
      const g = gamma[j];
      for (let i = 0; i < length; i++) result[i] -= g * (dX[j][i] + beta * dF[j][i]);
    }
    return result;
  }
}

/** Solves the small symmetric positive definite system a x = b by Cholesky; undefined if it fails. */
function solveSymmetric(m: number, a: Float64Array, b: Float64Array): Float64Array | undefined {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j];
      }
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * m + k] * y[k];
    y[i] = s / l[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
    x[i] = s / l[i * m + i];
  }
  return x;
}
