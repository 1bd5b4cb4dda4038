import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { describeError, describeValue } from '../diag/describe-value.ts';

/** The levels `--log-level` and `OTEL_LOG_LEVEL` accept, as the OpenTelemetry SDKs spell them. */
export const LOG_LEVELS = Object.freeze({
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
});

/** A log level name. */
export type LogLevelName = keyof typeof LOG_LEVELS;

/** How each line is written: `time level message`, or one JSON object. */
export type LogFormat = 'text' | 'json';

/** Options of {@link installCliLogger}. */
export interface CliLoggerOptions {
  /** Lowest level written. */
  level: LogLevelName;
  format: LogFormat;
  /** Where lines go (stderr). */
  write: (line: string) => void;
  /** Strings never to print (the bearer token, header values): each is replaced by `(hidden)`. */
  secrets: readonly string[];
  /** Wall clock in milliseconds, for each line's time. Default `Date.now`. */
  now?: () => number;
}

/**
 * Installs the OpenTelemetry diagnostic logger of the command line: one
 * line per event on stderr, `2026-12-01T10:00:00.000Z warn message`, or
 * with `json` `{"time":…,"level":…,"message":…}`. Whatever the library or
 * the SDK logs arrives here already throttled where it repeats. Arguments
 * (errors the SDK passes along) are described without running their code;
 * the given secrets never reach a line (URL passwords are hidden by the
 * command's own stderr, see src/cli.ts). Returns a
 * function that removes the logger.
 */
export function installCliLogger(options: CliLoggerOptions): () => void {
  const now = options.now ?? Date.now;
  const secrets = options.secrets.filter((s) => s.length > 0);
  const hide = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('(hidden)');
    return out;
  };
  const line = (level: string) => (message: string, ...args: unknown[]): void => {
    const text = hide([oneLine(message), ...args.map((a) => (typeof a === 'string' ? oneLine(a) : describeArgument(a)))].join(' '));
    const time = new Date(now()).toISOString();
    options.write(options.format === 'json' ? `${JSON.stringify({ time, level, message: text })}\n` : `${time} ${level} ${text}\n`);
  };
  const logger: DiagLogger = {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    verbose: line('verbose'),
  };
  diag.setLogger(logger, { logLevel: LOG_LEVELS[options.level], suppressOverrideMessage: true });
  return () => diag.disable();
}

/**
 * The SDK's default error handler logs an error as the JSON of its fields,
 * stack included (`{"stack":"Error: …","message":"…","name":"Error"}`): one
 * line keeps the message and its `code`, not the stack.
 */
function oneLine(text: string): string {
  if (!text.startsWith('{"')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const { message, code } = parsed as { message?: unknown; code?: unknown };
  if (typeof message !== 'string') return text;
  return typeof code === 'string' || typeof code === 'number' ? `${message} (code ${code})` : message;
}

/** An argument beside the message: an Error's message, else a short description (no user code runs). */
function describeArgument(value: unknown): string {
  const described = describeError(value);
  return described.startsWith('threw ') ? describeValue(value) : described;
}

/**
 * The values of `OTEL_EXPORTER_OTLP_[METRICS_]HEADERS` (`k=v,k2=v2`,
 * percent-encoded), which are credentials more often than not: secrets for
 * {@link installCliLogger}.
 */
export function headerSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS']) {
    for (const pair of (env[name] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const raw = pair.slice(eq + 1).trim();
      out.push(raw);
      try {
        out.push(decodeURIComponent(raw));
      } catch {
        // not percent-encoded: the raw value is hidden already
      }
    }
  }
  return out;
}

/** Whether `name` is a level {@link LOG_LEVELS} knows (case-insensitive). */
export function logLevelOf(name: string): LogLevelName | undefined {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(LOG_LEVELS, key) ? (key as LogLevelName) : undefined;
}
