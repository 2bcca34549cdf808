/**
 * Finding the arrays of a study result that the CLI saves as NPY and plots: phase-space functions
 * ({ grid: PhaseSpaceGrid, values }) and densities (Float64Array beside a position grid), found
 * by walking the result object, each with its path, shape and axes.
 */

/** Axis description of a uniform grid (enough to label and resample it). */
export interface AxisInfo {
  points: number;
  origin: number;
  spacing: number;
}

/** An array found in a study result. */
export interface FoundArray {
  /** Dotted path inside the result, e.g. "perN.0.final.wigner". */
  path: string;
  kind: "phase-space" | "density" | "other";
  shape: number[];
  /** Position axes then velocity axes (phase space), or position axes (density). */
  axes: AxisInfo[];
  data: Float64Array;
}

/** What a worker posts with its result. */
export interface ArraysMessage {
  arrays: FoundArray[];
}

type GridLike = { shape: number[]; origin: number[]; spacing: number[]; size: number };

function isGrid(value: unknown): value is GridLike {
  const g = value as GridLike;
  return (
    !!g &&
    typeof g === "object" &&
    Array.isArray(g.shape) &&
    Array.isArray(g.origin) &&
    Array.isArray(g.spacing) &&
    typeof g.size === "number"
  );
}

function axesOf(grid: GridLike): AxisInfo[] {
  return grid.shape.map((points, a) => ({
    points,
    origin: grid.origin[a],
    spacing: grid.spacing[a],
  }));
}

/**
 * Every Float64Array in `result` (depth-first, at most `maxDepth` levels), classified by the grid
 * beside it. Arrays are copied so that the list can be transferred. Cost O(total size).
 */
export function collectArrays(
  result: unknown,
  maxDepth = 6,
): { list: FoundArray[]; transfer: ArrayBuffer[] } {
  const list: FoundArray[] = [];
  const seen = new Set<unknown>();
  const walk = (
    value: unknown,
    path: string,
    parent: Record<string, unknown> | null,
    depth: number,
  ) => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > maxDepth) return;
    seen.add(value);
    if (value instanceof Float64Array) {
      const data = new Float64Array(value);
      const grid = parent?.grid as Record<string, unknown> | undefined;
      if (grid && isGrid(grid.position) && isGrid(grid.velocity)) {
        const position = grid.position;
        const velocity = grid.velocity;
        if (position.size * velocity.size === data.length) {
          list.push({
            path,
            kind: "phase-space",
            shape: [...position.shape, ...velocity.shape],
            axes: [...axesOf(position), ...axesOf(velocity)],
            data,
          });
          return;
        }
      }
      const positionGrid = isGrid(grid) ? grid : undefined;
      if (positionGrid && positionGrid.size === data.length) {
        list.push({
          path,
          kind: "density",
          shape: [...positionGrid.shape],
          axes: axesOf(positionGrid),
          data,
        });
        return;
      }
      list.push({ path, kind: "other", shape: [data.length], axes: [], data });
      return;
    }
    if (ArrayBuffer.isView(value)) return;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>);
    for (const [key, v] of entries) {
      walk(v, path ? `${path}.${key}` : key, value as Record<string, unknown>, depth + 1);
    }
  };
  walk(result, "", null, 0);
  return { list, transfer: list.map((a) => a.data.buffer as ArrayBuffer) };
}
