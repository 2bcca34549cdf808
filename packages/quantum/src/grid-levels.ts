import type { Grid } from "@semiclassical/grid";
import { createGrid, fftN } from "@semiclassical/grid";

/** Trigonometric interpolation of real block vectors from a coarse grid to a finer one. */
export function prolongate(coarse: Grid, fine: Grid, q: Float64Array, block: number): Float64Array {
  const nc = coarse.size;
  const nf = fine.size;
  const out = new Float64Array(block * nf);
  const zc = new Float64Array(2 * nc);
  const zf = new Float64Array(2 * nf);
  // fine index of every coarse FFT index
  const map = new Int32Array(nc);
  for (let index = 0; index < nc; index++) {
    let rest = index;
    let fineIndex = 0;
    for (let a = 0; a < coarse.dimension; a++) {
      const j = Math.floor(rest / coarse.strides[a]);
      rest -= j * coarse.strides[a];
      const n = coarse.shape[a];
      const k = j < n / 2 ? j : j - n;
      const nfa = fine.shape[a];
      fineIndex += ((k + nfa) % nfa) * fine.strides[a];
    }
    map[index] = fineIndex;
  }
  const scale = nf / nc;
  for (let k = 0; k < block; k++) {
    zc.fill(0);
    for (let i = 0; i < nc; i++) zc[2 * i] = q[k * nc + i];
    fftN(zc, coarse.shape, "forward");
    zf.fill(0);
    for (let i = 0; i < nc; i++) {
      zf[2 * map[i]] = zc[2 * i] * scale;
      zf[2 * map[i] + 1] = zc[2 * i + 1] * scale;
    }
    fftN(zf, fine.shape, "inverse");
    for (let i = 0; i < nf; i++) out[k * nf + i] = zf[2 * i];
  }
  return out;
}

/** Fraction of the Fourier weight of the first `wanted` vectors above half the Nyquist wave number. */
export function spectralTail(grid: Grid, q: Float64Array, wanted: number): number {
  const n = grid.size;
  const z = new Float64Array(2 * n);
  const high = new Uint8Array(n);
  for (let index = 0; index < n; index++) {
    let rest = index;
    for (let a = 0; a < grid.dimension; a++) {
      const j = Math.floor(rest / grid.strides[a]);
      rest -= j * grid.strides[a];
      const na = grid.shape[a];
      const k = j < na / 2 ? j : na - j;
      if (k >= na / 4) high[index] = 1;
    }
  }
  let worst = 0;
  for (let k = 0; k < wanted; k++) {
    z.fill(0);
    for (let i = 0; i < n; i++) z[2 * i] = q[k * n + i];
    fftN(z, grid.shape, "forward");
    let all = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const w = z[2 * i] ** 2 + z[2 * i + 1] ** 2;
      all += w;
      if (high[i]) tail += w;
    }
    worst = Math.max(worst, Math.sqrt(tail / all));
  }
  return worst;
}

/** The samples of `values` (on the fine grid) at the points of the coarse grid (every
 * fine.shape/coarse.shape-th point per axis, same origin). Cost O(coarse.size d). */
export function subsample(fine: Grid, coarse: Grid, values: Float64Array): Float64Array {
  const out = new Float64Array(coarse.size);
  for (let index = 0; index < coarse.size; index++) {
    let rest = index;
    let f = 0;
    for (let a = 0; a < coarse.dimension; a++) {
      const j = Math.floor(rest / coarse.strides[a]);
      rest -= j * coarse.strides[a];
      f += j * (fine.shape[a] / coarse.shape[a]) * fine.strides[a];
    }
    out[index] = values[f];
  }
  return out;
}

/** The grid of the same box with the longest axis halved, or undefined when every axis has
 * fewer than 16 points. Cost O(d). */
export function coarsen(grid: Grid): Grid | undefined {
  // halve the axis with the most points (keeping >= 8 points per axis)
  let axis = -1;
  for (let a = 0; a < grid.dimension; a++) {
    if (grid.shape[a] >= 16 && (axis < 0 || grid.shape[a] > grid.shape[axis])) axis = a;
  }
  if (axis < 0) return undefined;
  const points = grid.shape.map((n, a) => (a === axis ? n / 2 : n));
  const center = grid.origin.map((o, a) => o + grid.box[a] / 2);
  return createGrid({ dimension: grid.dimension, points, box: grid.box, center });
}
