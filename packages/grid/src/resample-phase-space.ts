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

/** Whether x lies in the source period of an axis, with half a cell of slack at both ends. */
function insidePeriod(s: UniformAxis, x: number): boolean {
  return x >= s.origin - 0.5 * s.spacing && x <= s.origin + (s.points - 0.5) * s.spacing;
}

/** The target nodes of an axis: origin + k spacing, k = 0..points-1. */
function nodesOf(t: UniformAxis): Float64Array {
  const targets = new Float64Array(t.points);
  for (let k = 0; k < t.points; k++) targets[k] = t.origin + k * t.spacing;
  return targets;
}

/**
 * The rows {@link resamplePhaseSpace} copies along the positions, when it only copies there:
 * if every position node of `target` is a position node of `source` (per axis, as
 * {@link SpectralInterpolator} decides it), the flat position index (row-major) in `source` of
 * each position of `target`, -1 where that position lies outside the source period (W = 0
 * there); else undefined. Then, with G = (target.position, source.velocity) and R the source
 * rows W(X, .) gathered in this order (zeros for -1), resamplePhaseSpace({ grid: G, values: R },
 * target) equals resamplePhaseSpace(source, target) bit for bit: a caller that computes W row by
 * row (quantum's `wignerTransformOnto`) computes only these rows. Cost O(sum_a m_a n_a) kernel
 * evaluations; allocates the m indices.
 */
export function positionGather(
  source: PhaseSpaceGrid,
  target: PhaseSpaceGrid,
): Int32Array | undefined {
  const from = axesOf(source).slice(0, source.position.dimension);
  const to = axesOf(target).slice(0, target.position.dimension);
  if (from.length !== to.length) return undefined;
  const perAxis: Int32Array[] = [];
  for (let a = 0; a < from.length; a++) {
    const s = from[a];
    const t = to[a];
    const targets = nodesOf(t);
    const nodes = coincidentAxis(s, t)
      ? Int32Array.from(targets, (_, k) => k)
      : SpectralInterpolator.targetNodes(s, targets);
    if (nodes === undefined) return undefined;
    for (let k = 0; k < t.points; k++) if (!insidePeriod(s, targets[k])) nodes[k] = -1;
    perAxis.push(nodes);
  }
  const strides = source.position.strides;
  const rows = new Int32Array(target.position.size);
  const shape = target.position.shape;
  for (let flat = 0; flat < rows.length; flat++) {
    let rest = flat;
    let index = 0;
    for (let a = shape.length - 1; a >= 0; a--) {
      const k = rest % shape[a];
      rest = (rest - k) / shape[a];
      const node = perAxis[a][k];
      if (node < 0 || index < 0) index = -1;
      else index += node * strides[a];
    }
    rows[flat] = index;
  }
  return rows;
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
    const targets = nodesOf(t);
    const interpolator = new SpectralInterpolator(s, targets);
    data = interpolator.applyAlongAxis(data, shape, axis);
    shape[axis] = t.points;
    // Zero the hyperplanes of targets outside the source period.
    let stride = 1;
    for (let b = axis + 1; b < shape.length; b++) stride *= shape[b];
    const outer = data.length / (t.points * stride);
    for (let k = 0; k < t.points; k++) {
      if (insidePeriod(s, targets[k])) continue;
      for (let o = 0; o < outer; o++) {
        data.fill(0, (o * t.points + k) * stride, (o * t.points + k + 1) * stride);
      }
    }
  }
  return data === source.values ? Float64Array.from(data) : data;
}
