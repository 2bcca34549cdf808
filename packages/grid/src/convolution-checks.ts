import { ParameterError } from "./errors.js";

/** Checks that `values` holds `length` doubles, naming the parameter otherwise. */
export function requireLength(parameter: string, values: Float64Array, length: number): void {
  if (!(values instanceof Float64Array) || values.length !== length) {
    const got = values instanceof Float64Array ? `length ${values.length}` : String(values);
    throw new ParameterError(parameter, `must be a Float64Array of length ${length}, got ${got}`);
  }
}

/**
 * The gradient output: `out` (checked to be d Float64Arrays of length `size`, one per axis) or,
 * if absent, d new arrays.
 */
export function gradientOutput(
  out: Float64Array[] | undefined,
  d: number,
  size: number,
): Float64Array[] {
  const result = out ?? Array.from({ length: d }, () => new Float64Array(size));
  if (!Array.isArray(result) || result.length !== d) {
    throw new ParameterError("out", `must be an array of ${d} Float64Arrays (one per axis)`);
  }
  result.forEach((component, a) => {
    requireLength(`out[${a}]`, component, size);
  });
  return result;
}
