import { ParameterError } from "./errors.js";
import type { PhaseSpaceGrid } from "./grid.js";
import { SpectralInterpolator, type UniformAxis } from "./spectral-interpolation.js";

/** The 2d axes of a phase-space grid in array order: x_0 .. x_{d-1}, then v_0 .. v_{d-1}. */
function axesOf(grid: PhaseSpaceGrid): UniformAxis[] {
  const axes: UniformAxis[] = [];
  for (const part of [grid.position, grid.velocity]) {
    for (let a = 0; a < part.dimension; a++) {
      axes.push({ points: part.shape[a], origin: part.origin[a], spacing: part.spacing[a] });
    }
  }
  return axes;
}

/**
 * True when an axis needs no interpolation. Its origin tolerance (1e-12 max(1, |x_0|)) is not
 * that of `sameAxis` (1e-12 max(n dx, |x_0|)): kept as it was when this resampler lived in
 * metrics, so the study's numbers stay bitwise unchanged.
 */
function coincidentAxis(a: UniformAxis, b: UniformAxis): boolean {
  return (
    a.points === b.points &&
    Math.abs(a.spacing - b.spacing) <= 1e-12 * a.spacing &&
    Math.abs(a.origin - b.origin) <= 1e-12 * Math.max(1, Math.abs(a.origin))
  );
}

/**
 * Resamples a phase-space function onto another phase-space grid by band-limited
 * (trigonometric) interpolation along each of the 2d axes in turn ({@link SpectralInterpolator}),
 * W being periodic in each axis on its source period [origin, origin + n spacing). Target nodes
 * outside a source period get W = 0 (the function vanishes outside its box; no periodic
 * images). Targets on source nodes are copied exactly, so going from the quantum half grid to a
 * Vlasov grid whose positions are a subset of it only interpolates in v. Used to put
 * W~_0 = Wigner(omega_0) (signs and all) on the Vlasov grid. Unlike `resampleArray` (chirp
 * z-transform, O(M log M) per line), the weights are dense: cost O(sum over axes of
 * m_a n_a size / n_a); allocates the intermediate arrays and the m_a x n_a weights of each axis.
 * Always returns a new array (a copy when the grids coincide).
 */
export function resamplePhaseSpace(
  source: { readonly grid: PhaseSpaceGrid; readonly values: Float64Array },
  target: PhaseSpaceGrid,
): Float64Array {
  const from = axesOf(source.grid);
  const to = axesOf(target);
  if (from.length !== to.length) {
    throw new ParameterError(
      "target",
      `must have the dimension of the source grid (${from.length / 2}), got ${to.length / 2}`,
    );
  }
  if (source.values.length !== source.grid.size) {
    throw new ParameterError(
      "source.values",
      `must hold ${source.grid.size} samples, got ${source.values.length}`,
    );
  }
  let data = source.values;
  const shape = from.map((a) => a.points);
  for (let axis = 0; axis < from.length; axis++) {
    const s = from[axis];
    const t = to[axis];
    if (coincidentAxis(s, t)) continue;
    const targets = new Float64Array(t.points);
    for (let k = 0; k < t.points; k++) targets[k] = t.origin + k * t.spacing;
    const interpolator = new SpectralInterpolator(s, targets);
    data = interpolator.applyAlongAxis(data, shape, axis);
    shape[axis] = t.points;
    // Zero the hyperplanes of targets outside the source period (half a cell of slack).
    const low = s.origin - 0.5 * s.spacing;
    const high = s.origin + (s.points - 0.5) * s.spacing;
    let stride = 1;
    for (let b = axis + 1; b < shape.length; b++) stride *= shape[b];
    const outer = data.length / (t.points * stride);
    for (let k = 0; k < t.points; k++) {
      if (targets[k] >= low && targets[k] <= high) continue;
      for (let o = 0; o < outer; o++) {
        data.fill(0, (o * t.points + k) * stride, (o * t.points + k + 1) * stride);
      }
    }
  }
  return data === source.values ? Float64Array.from(data) : data;
}
