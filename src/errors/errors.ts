/**
 * Typed errors. Every error this package throws carries a stable `code`
 * (listed in the README's error table); match on `code`, not on the message.
 */

import { describeValue } from '../diag/describe-value.ts';

/** Stable error codes. */
export const ErrorCode = Object.freeze({
  INVALID_OPTION: 'PARSEC_TELEMETRY_INVALID_OPTION',
  INVALID_ARGUMENT: 'PARSEC_TELEMETRY_INVALID_ARGUMENT',
  SOURCE_TIMEOUT: 'PARSEC_TELEMETRY_SOURCE_TIMEOUT',
  SHUT_DOWN: 'PARSEC_TELEMETRY_SHUT_DOWN',
  USAGE: 'PARSEC_TELEMETRY_USAGE',
  PROMETHEUS_QUERY: 'PARSEC_TELEMETRY_PROMETHEUS_QUERY',
} as const);

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error thrown by parsec-telemetry. */
export class ParsecTelemetryError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ParsecTelemetryError';
    this.code = code;
  }
}

/** An option given to a constructor or factory has an invalid value. */
export class InvalidOptionError extends ParsecTelemetryError {
  /** The name of the offending option, e.g. `rateWindowMs`. */
  readonly option: string;

  constructor(option: string, expected: string, actual: unknown) {
    super(ErrorCode.INVALID_OPTION, `invalid option "${option}": expected ${expected}, got ${describe(actual)}`);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

/** A function was called with an argument it cannot use (setup time only). */
export class InvalidArgumentError extends ParsecTelemetryError {
  /** The name of the offending argument. */
  readonly argument: string;

  constructor(argument: string, expected: string, actual: unknown) {
    super(ErrorCode.INVALID_ARGUMENT, `invalid argument "${argument}": expected ${expected}, got ${describe(actual)}`);
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }
}

/** A snapshot source did not answer within its timeout. */
export class SourceTimeoutError extends ParsecTelemetryError {
  constructor(source: string, timeoutMs: number) {
    super(ErrorCode.SOURCE_TIMEOUT, `source "${source}" did not answer within ${timeoutMs} ms`);
    this.name = 'SourceTimeoutError';
  }
}

/** The telemetry instance (or one of its parts) was used after shutdown. */
export class ShutDownError extends ParsecTelemetryError {
  constructor(what: string) {
    super(ErrorCode.SHUT_DOWN, `${what} has been shut down`);
    this.name = 'ShutDownError';
  }
}

/**
 * A short, safe rendering of a value for error messages (never the whole of
 * a huge string, never the value's own code): see src/diag/describe-value.ts.
 */
export const describe: (value: unknown) => string = describeValue;
