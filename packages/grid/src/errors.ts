/**
 * The error every semiclassical package throws for bad input: it names the offending
 * parameter, the value received and what would fix it, and it is thrown before any long
 * computation starts.
 */
export class ParameterError extends Error {
  /** Name of the offending parameter, as the caller spelled it (e.g. `"kernel.alpha"`). */
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.name = "ParameterError";
    this.parameter = parameter;
  }
}
