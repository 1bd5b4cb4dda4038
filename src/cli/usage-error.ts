import { ErrorCode, ParsecTelemetryError } from '../errors/errors.ts';

/** The stable `code` of a {@link UsageError}. */
export const USAGE_ERROR_CODE = ErrorCode.USAGE;

/** The exit status of the `parsec-telemetry` command on a usage error (the convention of shells and getopt). */
export const USAGE_EXIT_CODE = 2;

/**
 * The command line cannot be used: an unknown command or option, a missing
 * or invalid value. The command prints the message (and a pointer to
 * `--help`) on stderr and exits with {@link USAGE_EXIT_CODE}.
 */
export class UsageError extends ParsecTelemetryError {
  /** The exit status to use: {@link USAGE_EXIT_CODE}. */
  readonly exitCode: number = USAGE_EXIT_CODE;
  /** The command being parsed (`demo`, `serve`), or `undefined` at the top level. */
  readonly command: string | undefined;
  /** The offending option with its dashes (e.g. `--port`), when one is to blame. */
  readonly option: string | undefined;

  constructor(message: string, details: { command?: string; option?: string } = {}) {
    super(USAGE_ERROR_CODE, message);
    this.name = 'UsageError';
    this.command = details.command;
    this.option = details.option;
  }

  /** Where to read the usage: `parsec-telemetry demo --help`, or `parsec-telemetry --help` at the top level. */
  get helpHint(): string {
    return `Run "parsec-telemetry ${this.command === undefined ? '' : `${this.command} `}--help" for usage.`;
  }
}
