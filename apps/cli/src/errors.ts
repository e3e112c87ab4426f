/** Exit codes of the `reachwatch` command (documented in --help; see messages.ts EXIT_CODES_HELP). */
export const EXIT = {
  OK: 0,
  /** Some input had errors (error diagnostics); the rest was analysed and printed. */
  INPUT_ERRORS: 1,
  /** Bad command line (unknown flag or value, unknown workload, missing path, …). Nothing was analysed. */
  USAGE: 2,
  /** diff `--fail-on-exposure`: a new exposure; report `--fail-on-findings`: a failing check. */
  EXPOSURE: 3,
  /** A bug or an unexpected failure. */
  INTERNAL: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can fix, reported as one message (no stack) with its exit code. `hint` is printed
 * after the message (e.g. "Try: reachwatch analyze --help").
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.USAGE, hint);
}
