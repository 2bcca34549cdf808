import {
  fftN,
  nextPowerOfTwo,
  ParameterError,
  type PhaseSpaceGrid,
  UniformResampler,
} from "@semiclassical/grid";
import type { PhaseSpaceFunction } from "./phase-space.js";
import type { OrbitalDensityMatrix } from "./states.js";

/** Per-axis sampling plan of the correlation s -> phi(X + s/2) conj(phi(X - s/2)). */
interface AxisPlan {
  /** FFT length L (power of two) of the s-grid s_l = l h, l = -L/2..L/2-1. */
  readonly length: number;
  readonly h: number;
  /** Output stride R: target velocity q is FFT index R q. */
  readonly stride: number;
  /** One resampler per target position X_i: quantum axis -> X_i + (l' - L/2) h/2, l' = 0..L. */
  readonly resamplers: UniformResampler[];
  /** e^{-i v_0 s_l / eps} at FFT index l mod L (interleaved). */
  readonly phase: Float64Array;
}

function axisPlan(state: OrbitalDensityMatrix, target: PhaseSpaceGrid, a: number): AxisPlan {
  const grid = state.grid;
  const eps = state.epsilon;
  const dx = grid.spacing[a];
  const dv = target.velocity.spacing[a];
  const nv = target.velocity.shape[a];
  // C(s) vanishes for |s| > L_box (X +- s/2 must both lie in the box): the s-window
  // R 2 pi eps / dv must be >= 2 L_box; R integer so that every R-th FFT output is a target v.
  const stride = Math.max(1, Math.ceil((grid.box[a] * dv) / (Math.PI * eps)));
  const window = (stride * 2 * Math.PI * eps) / dv;
  // C is band-limited to |k| < pi/dx (product of two half-argument band-limited factors): h <= dx
  const length = nextPowerOfTwo(Math.max(Math.ceil(window / dx), stride * (nv - 1) + 1, 2));
  const h = window / length;
  const source = { points: grid.shape[a], origin: grid.origin[a], spacing: dx };
  const resamplers: UniformResampler[] = [];
  for (let i = 0; i < target.position.shape[a]; i++) {
    const x = target.position.origin[a] + i * target.position.spacing[a];
    resamplers.push(
      new UniformResampler(source, {
        points: length + 1,
        origin: x - (length * h) / 4,
        spacing: h / 2,
      }),
    );
  }
  const phase = new Float64Array(2 * length);
  const v0 = target.velocity.origin[a];
  for (let l = -length / 2; l < length / 2; l++) {
    const at = l < 0 ? l + length : l;
    const t = (-v0 * l * h) / eps;
    phase[2 * at] = Math.cos(t);
    phase[2 * at + 1] = Math.sin(t);
  }
  return { length, h, stride, resamplers, phase };
}

/**
 * Resamples axis `a` of K complex arrays (row-major, shape `shape`) with `resampler` (quantum
 * axis -> L + 1 points), returning K arrays with shape[a] = L + 1. Cost O(K lines M log M).
 */
function resampleAxis(
  arrays: Float64Array[],
  shape: number[],
  a: number,
  resampler: UniformResampler,
  points: number,
): Float64Array[] {
  const inner = shape.slice(a + 1).reduce((p, x) => p * x, 1);
  const outer = shape.slice(0, a).reduce((p, x) => p * x, 1);
  const n = shape[a];
  return arrays.map((data) => {
    const out = new Float64Array(2 * outer * points * inner);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const src = 2 * (o * n * inner + c);
        const dst = 2 * (o * points * inner + c);
        resampler.applyPair(data, src, src + 1, 2 * inner, out, dst, dst + 1, 2 * inner);
      }
    }
    return out;
  });
}

/**
 * Wigner function of an orbital state sampled directly on an arbitrary phase-space grid
 * (THEORY.md section 1 normalization): W(X, v) = sum_k lambda_k (2 pi)^-d int phi_k(X + s/2)
 * conj(phi_k(X - s/2)) e^{-i v.s/eps} ds, at the nodes X of target.position (any uniform grid;
 * zero where X is outside the state's box) and v of target.velocity (any uniform grid). No
 * quantum-resolution 2d-dimensional half grid is allocated.
 *
 * Per axis: the s-integral is the rectangle rule on s_l = l h, l = -L/2..L/2-1, over a window
 * L h = R 2 pi eps/dv >= 2 L_box (C(s) vanishes beyond |s| = L_box, R the smallest such integer),
 * h <= dx (C is band-limited to |k| < pi/dx, so the rule is exact to round-off for states that
 * vanish at the box edges); an L-point FFT gives v = v_0 + j dv/R and every R-th output is kept.
 * phi_k(X + s_l/2) comes from band-limited (trigonometric) interpolation of the orbitals
 * (chirp z-transform, zero outside the box), axis by axis, the axis-a result shared by all later
 * axes; the correlations of all orbitals are summed before the one FFT per X.
 * Cost: O(K sum_a [prod_{b<=a} n_x,b] [prod_{b<a} L_b] [prod_{b>a} n_b] M_a log M_a)
 * (M_a ~ 2 (L_a + n_a)) for the interpolation plus O(n_x^d (K + log L^d) L^d) for the
 * correlations and FFTs, roughly O(K n_x^d L^d log) with L ~ 2-4 n. Allocates the result
 * (target.size doubles), the per-axis resamplers, and K interpolated copies per axis level.
 */
export function orbitalWigner(
  state: OrbitalDensityMatrix,
  target: PhaseSpaceGrid,
): PhaseSpaceFunction {
  if (state.form !== "orbital") {
    throw new ParameterError(
      "state",
      "must be an orbital density matrix (form 'orbital'); use toOrbital",
    );
  }
  const grid = state.grid;
  const d = grid.dimension;
  if (target.position.dimension !== d) {
    throw new ParameterError(
      "target",
      `has dimension ${target.position.dimension}, the state ${d}; build the phase-space grid in the state's dimension`,
    );
  }
  const plans = Array.from({ length: d }, (_, a) => axisPlan(state, target, a));
  const K = state.occupations.length;
  const n = grid.size;
  const orbitals = Array.from({ length: K }, (_, k) =>
    state.orbitals.subarray(2 * k * n, 2 * (k + 1) * n),
  );
  const lengths = plans.map((p) => p.length);
  const fftSize = lengths.reduce((p, x) => p * x, 1);
  const correlation = new Float64Array(2 * fftSize);
  const values = new Float64Array(target.size);
  const vs = target.velocity.size;
  const scale = (2 * Math.PI) ** -d * plans.reduce((p, x) => p * x.h, 1);
  const fftStrides = new Array<number>(d);
  const sampleStrides = new Array<number>(d);
  for (let a = d - 1, s = 1, t = 1; a >= 0; a--) {
    fftStrides[a] = s;
    sampleStrides[a] = t;
    s *= lengths[a];
    t *= lengths[a] + 1;
  }
  const xIndex = new Array<number>(d).fill(0);
  const finish = (samples: Float64Array[]) => {
    // correlation at FFT index l mod L: sum_k lambda_k f_k(l) conj(f_k(-l)) e^{-i v_0.s_l/eps}
    correlation.fill(0);
    for (let flat = 0; flat < fftSize; flat++) {
      let rest = flat;
      let plus = 0;
      let minus = 0;
      let pr = 1;
      let pi = 0;
      for (let a = 0; a < d; a++) {
        const at = Math.floor(rest / fftStrides[a]);
        rest -= at * fftStrides[a];
        const L = lengths[a];
        const l = at < L / 2 ? at : at - L;
        plus += (l + L / 2) * sampleStrides[a];
        minus += (L / 2 - l) * sampleStrides[a];
        const cr = plans[a].phase[2 * at];
        const ci = plans[a].phase[2 * at + 1];
        const t = pr * cr - pi * ci;
        pi = pr * ci + pi * cr;
        pr = t;
      }
      let sr = 0;
      let si = 0;
      for (let k = 0; k < K; k++) {
        const f = samples[k];
        const ar = f[2 * plus];
        const ai = f[2 * plus + 1];
        const br = f[2 * minus];
        const bi = -f[2 * minus + 1];
        const w = state.occupations[k];
        sr += w * (ar * br - ai * bi);
        si += w * (ar * bi + ai * br);
      }
      correlation[2 * flat] = sr * pr - si * pi;
      correlation[2 * flat + 1] = sr * pi + si * pr;
    }
    fftN(correlation, lengths, "forward");
    let ix = 0;
    for (let a = 0; a < d; a++) ix = ix * target.position.shape[a] + xIndex[a];
    for (let iv = 0; iv < vs; iv++) {
      let rest = iv;
      let at = 0;
      for (let a = 0; a < d; a++) {
        const q = Math.floor(rest / target.velocity.strides[a]);
        rest -= q * target.velocity.strides[a];
        at += q * plans[a].stride * fftStrides[a];
      }
      values[ix * vs + iv] = scale * correlation[2 * at];
    }
  };
  const level = (a: number, arrays: Float64Array[], shape: number[]) => {
    for (let i = 0; i < target.position.shape[a]; i++) {
      xIndex[a] = i;
      const next = resampleAxis(arrays, shape, a, plans[a].resamplers[i], lengths[a] + 1);
      const nextShape = shape.slice();
      nextShape[a] = lengths[a] + 1;
      if (a === d - 1) finish(next);
      else level(a + 1, next, nextShape);
    }
  };
  if (K > 0) level(0, orbitals, [...grid.shape]);
  return Object.freeze({ grid: target, values });
}
