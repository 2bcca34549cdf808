/** A user error: printed as one line on stderr, exit code 2 (bad input) unless stated. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Exit code of bad input (config, flags, output directory). */
export const EXIT_BAD_INPUT = 2;
/**
 * Exit code of a study whose numbers its own checks do not support (issue 12): a guard stopped it
 * (`StudyGuardError`), or a rate is missing or does not come from resolved rows only. Every file
 * is still written.
 */
export const EXIT_UNTRUSTED = 3;
/** Exit code of an interrupted run (SIGINT): 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * The one-line message and exit code for an error thrown anywhere in the CLI: ParameterError (the
 * packages' bad-input error, recognized by its name, also across a worker boundary) and CliError
 * are user errors (exit 2) reported by their message; a StudyGuardError (a guard of the study
 * stopped it) exits 3 with its message; anything else is a crash (exit 1) reported
 * with its stack.
 */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if ((error as Error)?.name === "StudyGuardError") {
    return { message: (error as Error).message, exitCode: EXIT_UNTRUSTED };
  }
  if ((error as Error)?.name === "ParameterError") {
    return { message: `invalid config: ${(error as Error).message}`, exitCode: EXIT_BAD_INPUT };
  }
  const e = error as Error;
  return { message: `internal error: ${e?.stack ?? String(error)}`, exitCode: 1 };
}
