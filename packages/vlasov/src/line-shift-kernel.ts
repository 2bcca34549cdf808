import { LineShifter, type ShiftMethod, type ThreadKernel } from "@semiclassical/grid";

/** What every thread of a team needs to shift the lines of one phase-space array W. */
export interface LineShiftSetup {
  /** W on a SharedArrayBuffer (row-major, `shape`). */
  readonly W: Float64Array;
  /** The phase-space shape: position axes, then velocity axes. */
  readonly shape: readonly number[];
  /** Grid spacing of every axis of `shape`. */
  readonly spacing: readonly number[];
  readonly method: ShiftMethod;
  /** Shift s_l of every line along each axis (SharedArrayBuffer, LineShifter's numbering). */
  readonly shifts: readonly Float64Array[];
}

interface LineShiftState {
  readonly setup: LineShiftSetup;
  readonly shifters: Map<string, LineShifter>;
  buffer: Float64Array;
}

/** Lines of axis 0 gathered per block (BLOCK x n_0 doubles: 128 KiB for n_0 = 64). */
const BLOCK = 256;

/**
 * How a team splits the shift along `axis` of `shape`: axis 0 by lines (items = its lines, even
 * boundaries), the other axes by slabs of axis 0 (items = shape[0]; boundaries where the slab's
 * first line number is even). Even boundaries keep the spectral shifter's pairing of lines
 * (2j, 2j + 1) into one complex FFT, so every line gets the serial sweep's bits.
 */
export function lineShiftJob(
  shape: readonly number[],
  axis: number,
): { count: number; grain: number } {
  const size = shape.reduce((p, n) => p * n, 1);
  if (axis === 0) return { count: size / shape[0], grain: 2 };
  const linesPerSlab = size / shape[0] / shape[axis];
  return { count: shape[0], grain: linesPerSlab % 2 === 1 ? 2 : 1 };
}

function shifterOf(
  state: LineShiftState,
  shape: number[],
  axis: number,
  spacing: number,
): LineShifter {
  const key = `${axis}:${shape.join("x")}:${spacing}`;
  let shifter = state.shifters.get(key);
  if (shifter === undefined) {
    shifter = new LineShifter(shape, axis, spacing, state.setup.method);
    state.shifters.set(key, shifter);
  }
  return shifter;
}

/**
 * The thread kernel of the x-advection and kick sweeps (vlasov's split step): items of
 * {@link lineShiftJob} along axis parameters[0], each line l shifted by shifts[axis][l] with
 * grid's LineShifter, as the serial `LineShifter.apply` does. Axis 0 lines are copied in blocks
 * of 256 into an [n_0, 256] buffer (row by row), shifted there along its axis 0 and copied back;
 * other axes are shifted in place on the slabs W[b n_rest .. e n_rest]. Cost: the sweep's share,
 * O(items x n log n) spectral; allocates one shifter per slab shape and the 256 n_0 buffer.
 */
export const lineShiftKernel: ThreadKernel<LineShiftState, LineShiftSetup> = {
  name: "vlasov.line-shift",
  prepare: (setup) => ({ setup, shifters: new Map(), buffer: new Float64Array(0) }),
  run(state, begin, end, parameters) {
    const { W, shape, shifts, spacing } = state.setup;
    const axis = parameters[0];
    const size = W.length;
    const n0 = shape[0];
    const rest = size / n0;
    if (axis !== 0) {
      const slab = [end - begin, ...shape.slice(1)];
      const perSlab = rest / shape[axis];
      shifterOf(state, slab, axis, spacing[axis]).apply(
        W.subarray(begin * rest, end * rest),
        shifts[axis].subarray(begin * perSlab, end * perSlab),
      );
      return;
    }
    if (state.buffer.length < BLOCK * n0) state.buffer = new Float64Array(BLOCK * n0);
    for (let first = begin; first < end; first += BLOCK) {
      const width = Math.min(BLOCK, end - first);
      const buffer = state.buffer.subarray(0, width * n0);
      for (let j = 0; j < n0; j++)
        buffer.set(W.subarray(j * rest + first, j * rest + first + width), j * width);
      // The block as an [n_0, width] array shifted along its first axis (strided, as the serial
      // sweep shifts the [n_0, rest] array).
      shifterOf(state, [n0, width], 0, spacing[0]).apply(
        buffer,
        shifts[0].subarray(first, first + width),
      );
      for (let j = 0; j < n0; j++)
        W.set(buffer.subarray(j * width, (j + 1) * width), j * rest + first);
    }
  },
};
