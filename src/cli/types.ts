import type { LogFormat, LogLevelName } from './cli-logger.ts';

/** The logging options every command that runs takes. */
export interface LogOptions {
  /** `--log-level`, when given (else OTEL_LOG_LEVEL, else info). */
  readonly logLevel?: LogLevelName;
  /** `--log-format`. */
  readonly logFormat: LogFormat;
}

/** The TLS files every command that serves takes. */
export interface TlsFileOptions {
  /** `--tls-cert`. */
  readonly tlsCert?: string;
  /** `--tls-key`. */
  readonly tlsKey?: string;
  /** `--tls-client-ca`. */
  readonly tlsClientCa?: string;
}

/** `parsec-telemetry demo`: run a simulated Parsec node and serve its telemetry. */
export interface DemoCommand extends LogOptions, TlsFileOptions {
  readonly command: 'demo';
  /** Address the HTTP server listens on. */
  readonly host: string;
  /** Port the HTTP server listens on (0: any free port). */
  readonly port: number;
  /** Envelopes the simulated node publishes per second. */
  readonly rate: number;
  /** OTLP collector endpoint to push metrics to, when given (the protocol comes from the environment). */
  readonly otlp?: string;
  /** Redis URL of the cache to use instead of the in-memory LRU, when given. */
  readonly redis?: string;
  /** Bearer token the HTTP endpoints require, when given. */
  readonly token?: string;
}

/** `parsec-telemetry serve`: serve the telemetry of a Parsec component read from its Prometheus endpoint. */
export interface ServeCommand extends LogOptions, TlsFileOptions {
  readonly command: 'serve';
  /** Base URL of the Prometheus HTTP API to query (e.g. `http://127.0.0.1:9090`). */
  readonly prometheus: string;
  /** Address the HTTP server listens on. */
  readonly host: string;
  /** Port the HTTP server listens on (0: any free port). */
  readonly port: number;
}

/** `--help`, `-h` or `help`: print `text` on stdout and exit 0. */
export interface HelpCommand {
  readonly command: 'help';
  /** The help text, ending with a newline. */
  readonly text: string;
}

/** `--version` or `-V`, after the command or any subcommand: print the package's version and exit 0. */
export interface VersionCommand {
  readonly command: 'version';
}

/** What {@link parseArgs} returns. */
export type CliCommand = DemoCommand | ServeCommand | HelpCommand | VersionCommand;

/** The commands that take options. */
export type CommandName = 'demo' | 'serve';
