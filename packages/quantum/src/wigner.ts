import {
  createPhaseSpaceGrid,
  fftN,
  fftPlan,
  type PhaseSpaceGrid,
  positionGather,
  resamplePhaseSpace,
} from "@semiclassical/grid";
import { orbitalEntryReader, subtractFromPacked } from "./conversions.js";
import {
  forEachPair,
  halfShiftPhases,
  pairRange,
  pairRangesAt,
  requireSize,
  timesIPower,
  wignerPhaseSpace,
} from "./half-grid.js";
import type { PhaseSpaceFunction } from "./phase-space.js";
import type { DensityMatrix } from "./states.js";

/** Reads A_IJ (complex) for dense or orbital states without forming the dense matrix. */
type EntryReader = (i: number, j: number, out: Float64Array) => void;

function entryReader(state: DensityMatrix): EntryReader {
  const n = state.grid.size;
  if (state.form === "dense") {
    const data = state.data;
    return (i, j, out) => {
      const q = 2 * (i * n + j);
      out[0] = data[q];
      out[1] = data[q + 1];
    };
  }
  // 1D: the lower triangle of toDense (its entries bit for bit, by its blocked dot products:
  // ~10x faster than a K-term sum per entry at n = 2048, K = 250), packed row by row (n (n + 1)
  // doubles: half of toDense's matrix). d > 1 keeps the orbital sums.
  if (state.grid.dimension === 1) {
    // A - 0: the same entries as toDense's, bit for bit
    const packed = new Float64Array(n * (n + 1));
    subtractFromPacked(state, packed);
    return (i, j, out) => {
      if (j <= i) {
        out[0] = packed[i * (i + 1) + 2 * j];
        out[1] = packed[i * (i + 1) + 2 * j + 1];
      } else {
        out[0] = packed[j * (j + 1) + 2 * i];
        out[1] = -packed[j * (j + 1) + 2 * i + 1];
      }
    };
  }
  // transposed copy: u[(i K + k)] = phi_k(x_i), weights w_k = lambda_k dx^d
  const count = state.occupations.length;
  const u = new Float64Array(2 * n * count);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      u[2 * (i * count + k)] = state.orbitals[2 * (k * n + i)];
      u[2 * (i * count + k) + 1] = state.orbitals[2 * (k * n + i) + 1];
    }
  }
  const w = Float64Array.from(state.occupations, (l) => l * state.grid.cellVolume);
  return (i, j, out) => {
    let re = 0;
    let im = 0;
    const a = 2 * i * count;
    const b = 2 * j * count;
    for (let k = 0; k < count; k++) {
      const ar = u[a + 2 * k];
      const ai = u[a + 2 * k + 1];
      const br = u[b + 2 * k];
      const bi = u[b + 2 * k + 1];
      re += w[k] * (ar * br + ai * bi);
      im += w[k] * (ai * br - ar * bi);
    }
    out[0] = re;
    out[1] = im;
  };
}

/** Writes W(X_p, .) of one half-grid position p (its v_q, q < n^d) into out[0 .. n^d). */
type RowWriter = (pIndex: number, out: Float64Array) => void;

/**
 * The rows of the discrete Wigner transform (see {@link wignerTransform}) of the state whose
 * entries `read` gives: row p is one n^d-point FFT of the entries A_ij with i + j = p.
 */
function wignerRows(state: DensityMatrix, read: EntryReader): RowWriter {
  const grid = state.grid;
  const phaseSpace = wignerPhaseSpace(grid, state.epsilon);
  const d = grid.dimension;
  const n = grid.size;
  const scale = Math.PI ** -d;
  const entry = new Float64Array(2);
  const b = new Float64Array(2 * n);
  const spectrum = new Float64Array(2 * n);
  const phases = grid.shape.map(halfShiftPhases);
  if (d === 1) {
    const plan = fftPlan(n);
    const ph = phases[0];
    return (p, out) => {
      const { lo, hi, base, r } = pairRange(p, n);
      if (lo > hi) {
        out.fill(0, 0, n);
        return;
      }
      b.fill(0);
      for (let i = lo; i <= hi; i++) {
        read(i, p - i, entry);
        const k = i - base;
        timesIPower(2 * i - p, entry[0], entry[1], b, 2 * (k < 0 ? k + n : k));
      }
      plan.transform(b, spectrum, "forward");
      if (r === 0) {
        for (let q = 0; q < n; q++) out[q] = scale * spectrum[2 * q];
      } else {
        for (let q = 0; q < n; q++) {
          out[q] = scale * (spectrum[2 * q] * ph[2 * q] - spectrum[2 * q + 1] * ph[2 * q + 1]);
        }
      }
    };
  }
  const halfStrides = phaseSpace.position.strides;
  const shape = grid.shape;
  const strides = grid.strides;
  const p = new Array<number>(d).fill(0);
  return (pIndex, out) => {
    const ranges = pairRangesAt(pIndex, halfStrides, shape, p);
    if (ranges === undefined) {
      out.fill(0, 0, n);
      return;
    }
    b.fill(0);
    forEachPair(ranges, p, strides, shape, (iFlat, jFlat, kFlat, mSum) => {
      read(iFlat, jFlat, entry);
      timesIPower(mSum, entry[0], entry[1], b, 2 * kFlat);
    });
    fftN(b, shape, "forward");
    for (let q = 0; q < n; q++) {
      let re = b[2 * q];
      let im = b[2 * q + 1];
      let restQ = q;
      for (let a = 0; a < d; a++) {
        const qa = Math.floor(restQ / strides[a]);
        restQ -= qa * strides[a];
        if (ranges[a].r === 1) {
          const cr = phases[a][2 * qa];
          const ci = phases[a][2 * qa + 1];
          const t = re * cr - im * ci;
          im = re * ci + im * cr;
          re = t;
        }
      }
      out[q] = scale * re;
    }
  };
}

/**
 * Discrete Wigner transform onto the half-grid phase space (THEORY.md section 2):
 * W(X_p, v_q) = pi^-d sum_{i + j = p} A_ij e^{-i v_q.(x_i - x_j)/eps}, with A_ij = omega(x_i;x_j) dx^d,
 * on {@link wignerPhaseSpace}: X_p = x_0 + p dx/2 and v_q = -pi eps/(2dx) + q pi eps/(n dx).
 *
 * For fixed p the differences m = i - j all have the parity r of p, so with m = 2k + r and
 * v_q m dx/eps = -pi m/2 + pi m q/n the sum is an n-point DFT in k:
 * W(X_p, v_q) = pi^-d e^{-i pi r q/n} sum_k [A_ij i^m] e^{-2 pi i k q/n}. It is exact and invertible
 * ({@link weylQuantize} is its inverse to round-off), real for Hermitian A, and:
 * sum_q W(x_i, v_q) dv^d = A_ii/dx^d eps^d = rho(x_i) eps^d N exactly on the grid points (p even);
 * at midpoints (p odd) the v-marginal is the band-limited (sinc) interpolation of the density;
 * so sum W dX^d dv^d = 1 (to the accuracy of that interpolation) when eps^d N = 1.
 * The band |v| < pi eps/(2 dx) holds the state exactly when the grid resolves it
 * (dx <= pi eps/(2 v_max)). Works on orbital states without forming the dense matrix.
 *
 * Cost: 1D O(n^2 log n) (2n FFTs of size n) plus O(n^2) entries (O(K n^2) for K orbitals);
 * d > 1: O(2^d n^2 log n) with n = grid.size, limited to {@link MAX_PHASE_SPACE_SIZE}.
 * Allocates the result (2^d n^2 doubles) and O(n) work space; for an orbital state in 1D the
 * dense kernels' workspace holds its lower triangle (~2 n^2 doubles, reused by the eigensolver),
 * in d > 1 a transposed copy of the orbitals. To sample W on another phase-space grid, see
 * {@link wignerTransformOnto}.
 */
export function wignerTransform(state: DensityMatrix): PhaseSpaceFunction {
  const phaseSpace = wignerPhaseSpace(state.grid, state.epsilon);
  requireSize(phaseSpace, "state.grid");
  const values = new Float64Array(phaseSpace.size);
  const row = wignerRows(state, entryReader(state));
  const vSize = phaseSpace.velocity.size;
  for (let p = 0; p < phaseSpace.position.size; p++) {
    row(p, values.subarray(p * vSize, (p + 1) * vSize));
  }
  return Object.freeze({ grid: phaseSpace, values });
}

/**
 * The Wigner function of a state sampled on another phase-space grid: grid's
 * resamplePhaseSpace(wignerTransform(state), target), bit for bit, without the half grid's
 * 2^d n^2 samples when it can. When every position of `target` is a half-grid position X_p (as
 * for the study's Vlasov grids: the resampling then only copies rows along x, see grid's
 * `positionGather`), only those rows are transformed, and a 1D orbital state's entries on their
 * antidiagonals come one by one from its orbitals (quantum's dense entries bit for bit) instead
 * of from its whole lower triangle; the rows are then resampled along v.
 *
 * Cost with m target positions: O(m n^d log n^d) transforms, O(K m n) entries (1D orbital
 * state, while m <= (2n - 1)/4; beyond that the lower triangle's blocked O(K n^2) is cheaper),
 * and resamplePhaseSpace's along v; allocates m n^d doubles and the result (1D orbital: the
 * kernels' workspace holds the orbitals twice, 4 n (K + 8) doubles). Otherwise (some target
 * position between half-grid nodes) that of wignerTransform followed by resamplePhaseSpace.
 */
export function wignerTransformOnto(
  state: DensityMatrix,
  target: PhaseSpaceGrid,
): PhaseSpaceFunction {
  const half = wignerPhaseSpace(state.grid, state.epsilon);
  const rows = positionGather(half, target);
  if (rows === undefined) {
    return Object.freeze({
      grid: target,
      values: resamplePhaseSpace(wignerTransform(state), target),
    });
  }
  const vSize = half.velocity.size;
  const n = state.grid.size;
  // 1D orbital state, few rows: entries on demand (A = 0 without weighted orbitals)
  const onDemand =
    state.form === "orbital" && state.grid.dimension === 1 && 4 * rows.length <= 2 * n - 1;
  const read: EntryReader = onDemand
    ? (orbitalEntryReader(state) ?? ((_i, _j, out) => out.fill(0)))
    : entryReader(state);
  const row = wignerRows(state, read);
  const gathered = new Float64Array(rows.length * vSize);
  for (let t = 0; t < rows.length; t++) {
    if (rows[t] >= 0) row(rows[t], gathered.subarray(t * vSize, (t + 1) * vSize));
  }
  const byRows = createPhaseSpaceGrid(target.position, half.velocity);
  return Object.freeze({
    grid: target,
    values: resamplePhaseSpace({ grid: byRows, values: gathered }, target),
  });
}
