import type { Grid } from "@semiclassical/grid";
import { assertResolves, ParameterError, requirePositive } from "@semiclassical/grid";
import type { FermionicReport } from "./conversions.js";
import {
  checkFermionic,
  DEFAULT_OCCUPATION_CUTOFF,
  describeFermionicReport,
} from "./conversions.js";
import { hermitianEigen } from "./linalg/index.js";
import type { PhaseSpaceFunction } from "./phase-space.js";
import type { DenseDensityMatrix, DensityMatrix } from "./states.js";
import type { WeylOptions } from "./weyl.js";
import { weylQuantize } from "./weyl.js";

/** Options of {@link coherentStateSuperposition}. */
export interface CoherentOptions {
  /**
   * N = tr omega after normalization. Default: the discrete (2 pi eps)^-d sum M dr dp, so the
   * normalization only removes the quadrature error of sum_i |f_rp(x_i)|^2 dx^d = 1 (pass
   * eps^-d to impose the mean-field N; maxScaledProfile then tells whether M stays <= 1).
   */
  particles?: number;
  /** Reject grids that do not resolve max |p| over the support of M (default true). */
  checkResolution?: boolean;
}

/** A coherent-state superposition with its normalization diagnostics. */
export interface CoherentSuperposition extends DenseDensityMatrix {
  /** N = tr omega (options.particles or the discrete (2 pi eps)^-d int M). */
  readonly particles: number;
  /** Trace of the discretized (2 pi eps)^-d sum M |f_rp><f_rp| dr dp before normalization. */
  readonly rawTrace: number;
  /** Factor applied so that tr omega = N (equivalently M was scaled by it). */
  readonly normalization: number;
  /** max M times the normalization: > 1 means the normalized profile exceeds the bound M <= 1. */
  readonly maxScaledProfile: number;
}

function multiIndex(index: number, strides: readonly number[], out: number[]): void {
  let rest = index;
  for (let a = 0; a < strides.length; a++) {
    out[a] = Math.floor(rest / strides[a]);
    rest -= out[a] * strides[a];
  }
}

/**
 * Superposition of coherent states (THEORY.md section 4, seed Theorem 2):
 * omega = (2 pi eps)^-d int M(r, p) |f_rp><f_rp| dr dp, f_rp(x) = (pi eps)^(-d/4) e^{-|x-r|^2/(2 eps)}
 * e^{i p.x/eps}, with the profile 0 <= M <= 1 given on any phase-space grid (r on its position
 * grid, p on its velocity grid; the integral is the sum over its points times its cell volume).
 * Per position r the p-sum is done first: A_ij += c g_r(x_i) g_r(x_j) M~_r((x_i - x_j)/eps) with
 * M~_r(s) = sum_p M(r, p) e^{i p.s} dp^d (a DFT per axis) and g_r the Gaussian envelope, so the
 * result is exactly the discrete sum of rank-one positive operators (positive semi-definite by
 * construction; <= 1 up to the quadrature error of the resolution of identity, which is
 * exponentially small when dr, dp << sqrt(eps)). It is then scaled so that tr omega = N and the
 * factor reported. M outside [0, 1] is rejected.
 * Cost O(R (n^2 + n N_p)) for R positions with M != 0 in 1D; allocates 2 n^2 doubles.
 */
export function coherentStateSuperposition(
  profile: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: CoherentOptions = {},
): CoherentSuperposition {
  requirePositive("epsilon", epsilon);
  const d = target.dimension;
  const { position, velocity } = profile.grid;
  if (position.dimension !== d) {
    throw new ParameterError(
      "profile.grid",
      `has dimension ${position.dimension}, the target grid ${d}`,
    );
  }
  const M = profile.values;
  if (M.length !== profile.grid.size) {
    throw new ParameterError(
      "profile.values",
      `must hold ${profile.grid.size} values, got ${M.length}`,
    );
  }
  const vs = velocity.size;
  let maxM = 0;
  const vMax = new Array<number>(d).fill(0);
  const qa = new Array<number>(d).fill(0);
  for (let q = 0; q < M.length; q++) {
    const m = M[q];
    if (!(m >= -1e-12 && m <= 1 + 1e-12)) {
      throw new ParameterError(
        "profile.values",
        `entry ${q} is ${m}; a coherent-state profile needs 0 <= M <= 1 (the fermionic bound)`,
      );
    }
    if (m > 0) {
      maxM = Math.max(maxM, m);
      multiIndex(q % vs, velocity.strides, qa);
      for (let a = 0; a < d; a++) {
        vMax[a] = Math.max(vMax[a], Math.abs(velocity.origin[a] + qa[a] * velocity.spacing[a]));
      }
    }
  }
  if (maxM === 0) throw new ParameterError("profile.values", "is zero everywhere");
  let integral = 0;
  for (const m of M) integral += m;
  integral *= profile.grid.cellVolume * (2 * Math.PI * epsilon) ** -d;
  const particles = options.particles ?? integral;
  requirePositive("particles", particles);
  if (options.checkResolution ?? true) {
    const v = Math.max(...vMax);
    if (v > 0) assertResolves(target, epsilon, v);
  }
  const n = target.size;
  const shape = target.shape;
  // tensor of differences m_a in [-(n_a - 1), n_a - 1]: shape 2 n_a - 1
  const diffShape = shape.map((na) => 2 * na - 1);
  const diffStrides = new Array<number>(d);
  let diffSize = 1;
  for (let a = d - 1; a >= 0; a--) {
    diffStrides[a] = diffSize;
    diffSize *= diffShape[a];
  }
  // per-axis DFT matrices E_a[m][l] = e^{i p_l m dx/eps}
  const dft = shape.map((na, a) => {
    const np = velocity.shape[a];
    const e = new Float64Array(2 * (2 * na - 1) * np);
    for (let m = -(na - 1); m <= na - 1; m++) {
      for (let l = 0; l < np; l++) {
        const p = velocity.origin[a] + l * velocity.spacing[a];
        const theta = (p * m * target.spacing[a]) / epsilon;
        const at = 2 * ((m + na - 1) * np + l);
        e[at] = Math.cos(theta);
        e[at + 1] = Math.sin(theta);
      }
    }
    return e;
  });
  const data = new Float64Array(2 * n * n);
  const xs = target.shape.map((na, a) =>
    Float64Array.from({ length: na }, (_, i) => target.origin[a] + i * target.spacing[a]),
  );
  const coefficient =
    (2 * Math.PI * epsilon) ** -d * position.cellVolume * velocity.cellVolume * target.cellVolume;
  const envelope = new Float64Array(n);
  const xi = new Array<number>(d).fill(0);
  const xj = new Array<number>(d).fill(0);
  const r = new Array<number>(d).fill(0);
  for (let ir = 0; ir < position.size; ir++) {
    const row = M.subarray(ir * vs, (ir + 1) * vs);
    if (!row.some((m) => m > 0)) continue;
    multiIndex(ir, position.strides, r);
    for (let a = 0; a < d; a++) r[a] = position.origin[a] + r[a] * position.spacing[a];
    // M~_r on the difference tensor, contracting one velocity axis at a time
    let tensor = Float64Array.from({ length: 2 * vs }, (_, q) => (q % 2 === 0 ? row[q / 2] : 0));
    let tShape = [...velocity.shape];
    for (let a = 0; a < d; a++) {
      const np = velocity.shape[a];
      const nm = diffShape[a];
      const before = tShape.slice(0, a).reduce((x, y) => x * y, 1);
      const after = tShape.slice(a + 1).reduce((x, y) => x * y, 1);
      const next = new Float64Array(2 * before * nm * after);
      const e = dft[a];
      for (let b = 0; b < before; b++) {
        for (let m = 0; m < nm; m++) {
          for (let l = 0; l < np; l++) {
            const er = e[2 * (m * np + l)];
            const ei = e[2 * (m * np + l) + 1];
            const src = 2 * ((b * np + l) * after);
            const dst = 2 * ((b * nm + m) * after);
            for (let c = 0; c < after; c++) {
              const tr = tensor[src + 2 * c];
              const ti = tensor[src + 2 * c + 1];
              next[dst + 2 * c] += er * tr - ei * ti;
              next[dst + 2 * c + 1] += er * ti + ei * tr;
            }
          }
        }
      }
      tensor = next;
      tShape = tShape.map((x, b) => (b === a ? nm : x));
    }
    let gMax = 0;
    for (let i = 0; i < n; i++) {
      multiIndex(i, target.strides, xi);
      let s = 0;
      for (let a = 0; a < d; a++) s += (xs[a][xi[a]] - r[a]) ** 2;
      envelope[i] = (Math.PI * epsilon) ** (-d / 4) * Math.exp(-s / (2 * epsilon));
      gMax = Math.max(gMax, envelope[i]);
    }
    const floor = 1e-18 * gMax;
    for (let i = 0; i < n; i++) {
      const gi = envelope[i];
      if (gi <= floor) continue;
      multiIndex(i, target.strides, xi);
      for (let j = 0; j <= i; j++) {
        const gj = envelope[j];
        if (gj <= floor) continue;
        multiIndex(j, target.strides, xj);
        let t = 0;
        for (let a = 0; a < d; a++) t += (xi[a] - xj[a] + shape[a] - 1) * diffStrides[a];
        const w = coefficient * gi * gj;
        data[2 * (i * n + j)] += w * tensor[2 * t];
        data[2 * (i * n + j) + 1] += w * tensor[2 * t + 1];
      }
    }
  }
  let rawTrace = 0;
  for (let i = 0; i < n; i++) rawTrace += data[2 * (i * n + i)];
  const normalization = particles / rawTrace;
  for (let i = 0; i < n; i++) {
    data[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j <= i; j++) {
      const a = 2 * (i * n + j);
      data[a] *= normalization;
      data[a + 1] *= normalization;
      if (j < i) {
        data[2 * (j * n + i)] = data[a];
        data[2 * (j * n + i) + 1] = -data[a + 1];
      }
    }
  }
  return Object.freeze({
    form: "dense",
    grid: target,
    epsilon,
    data,
    particles,
    rawTrace,
    normalization,
    maxScaledProfile: maxM * normalization,
  });
}

/** Options of {@link weylState}. */
export interface WeylStateOptions extends WeylOptions {
  /** Clip the spectrum to [0, 1] (default false: only report). Reported in `warnings`. */
  enforceBounds?: boolean;
  /** Tolerance of the fermionic check (default 1e-10). */
  tolerance?: number;
  /** Expected N (default eps^-d). */
  particles?: number;
  /** Cutoff below which clipped occupations are dropped (default 1e-12). */
  cutoff?: number;
}

/** Result of {@link weylState}. */
export interface WeylState {
  /** The Weyl-quantized state (dense), or the clipped one (orbital) when bounds were enforced. */
  readonly state: DensityMatrix;
  /** Fermionic report of the Weyl quantization BEFORE any clipping. */
  readonly report: FermionicReport;
  /** True when the spectrum was clipped to [0, 1]. */
  readonly clipped: boolean;
  /** sum |lambda - clip(lambda)|: the trace-norm change made by clipping (0 if not clipped). */
  readonly clippedWeight: number;
  /** tr omega after clipping (equals report.trace if not clipped). */
  readonly traceAfter: number;
  /** Human-readable notes on bound violations and clipping (empty if the state is fermionic). */
  readonly warnings: readonly string[];
}

/**
 * Weyl quantization of a classical phase-space density (e.g. a Vlasov steady state) as an initial
 * state: omega = Weyl(W) via {@link weylQuantize}, with its fermionic bounds checked and reported
 * (checkFermionic on the full spectrum). With enforceBounds the spectrum is clipped to [0, 1]
 * (omega = sum clip(lambda_k) |phi_k><phi_k|, occupations <= cutoff dropped) and this is reported
 * loudly in `warnings`, `clipped` and `clippedWeight`; never silently. Cost: weylQuantize plus
 * one hermitianEigen (~5 n^3 flops, ~16 n^3 with vectors when clipping).
 */
export function weylState(
  W: PhaseSpaceFunction,
  target: Grid,
  epsilon: number,
  options: WeylStateOptions = {},
): WeylState {
  const tolerance = options.tolerance ?? 1e-10;
  const dense = weylQuantize(W, target, epsilon, options);
  const n = target.size;
  const enforce = options.enforceBounds ?? false;
  const eig = hermitianEigen(n, dense.data, { vectors: enforce });
  const report = checkFermionic(dense, tolerance, {
    eigenvalues: eig.values,
    particles: options.particles,
  });
  const warnings: string[] = [];
  const outOfBounds = report.offending.length > 0;
  if (outOfBounds) {
    warnings.push(`Weyl quantization is not fermionic: ${describeFermionicReport(report)}`);
  } else if (!report.fermionic) {
    warnings.push(`Weyl quantization has the wrong trace: ${describeFermionicReport(report)}`);
  }
  if (!enforce || !outOfBounds) {
    return Object.freeze({
      state: dense,
      report,
      clipped: false,
      clippedWeight: 0,
      traceAfter: report.trace,
      warnings,
    });
  }
  const cutoff = options.cutoff ?? DEFAULT_OCCUPATION_CUTOFF;
  const vectors = eig.vectors!;
  const keep: number[] = [];
  let clippedWeight = 0;
  let traceAfter = 0;
  for (let k = 0; k < n; k++) {
    const l = eig.values[k];
    const c = Math.min(1, Math.max(0, l));
    clippedWeight += Math.abs(l - c);
    if (c > cutoff) {
      keep.push(k);
      traceAfter += c;
    }
  }
  keep.reverse();
  const occupations = new Float64Array(keep.length);
  const orbitals = new Float64Array(2 * n * keep.length);
  const s = 1 / Math.sqrt(target.cellVolume);
  keep.forEach((k, slot) => {
    occupations[slot] = Math.min(1, eig.values[k]);
    for (let i = 0; i < n; i++) {
      orbitals[2 * (slot * n + i)] = s * vectors[2 * (i * n + k)];
      orbitals[2 * (slot * n + i) + 1] = s * vectors[2 * (i * n + k) + 1];
    }
  });
  warnings.push(
    `spectrum CLIPPED to [0, 1]: trace-norm change ${clippedWeight.toPrecision(6)}, ` +
      `tr omega ${report.trace.toPrecision(12)} -> ${traceAfter.toPrecision(12)}`,
  );
  return Object.freeze({
    state: Object.freeze({ form: "orbital", grid: target, epsilon, occupations, orbitals }),
    report,
    clipped: true,
    clippedWeight,
    traceAfter,
    warnings,
  });
}
