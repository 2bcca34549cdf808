import { ParameterError } from "./errors.js";

/** Checks that `values` holds `length` doubles, naming the parameter otherwise. */
export function requireLength(parameter: string, values: Float64Array, length: number): void {
  if (!(values instanceof Float64Array) || values.length !== length) {
    const got = values instanceof Float64Array ? `length ${values.length}` : String(values);
    throw new ParameterError(parameter, `must be a Float64Array of length ${length}, got ${got}`);
  }
}
