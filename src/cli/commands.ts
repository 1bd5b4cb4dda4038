import { CLI_DEFAULTS, MAX_RATE } from './cli-defaults.ts';
import {
  parseHost,
  parseFilePath,
  parseHttpUrl,
  parseLogFormat,
  parseLogLevel,
  parsePort,
  parseRate,
  parseRedisUrl,
  parseToken,
  type ValueParser,
} from './parse-values.ts';
import type { CommandName } from './types.ts';

/** One option of a command: how it is written, parsed and documented. */
export interface FlagSpec {
  /** The flag with its dashes, e.g. `--port`. */
  readonly flag: string;
  /** The key in the parsed result, e.g. `port`. */
  readonly key: string;
  /** Placeholder of the value in the help, e.g. `PORT`. */
  readonly placeholder: string;
  /** What the option does. */
  readonly description: string;
  /** The default, as the help shows it (unused when the option is required). */
  readonly defaultText: string;
  /** The default value, when the option has one. */
  readonly defaultValue?: string | number;
  /** Whether the option must be given. */
  readonly required?: boolean;
  readonly parse: ValueParser<string | number>;
}

/** One command: its summary, description and options. */
export interface CommandSpec {
  readonly name: CommandName;
  /** One line, for the top-level help. */
  readonly summary: string;
  /** A paragraph, for the command's help. */
  readonly description: string;
  readonly flags: readonly FlagSpec[];
}

const HOST: FlagSpec = {
  flag: '--host',
  key: 'host',
  placeholder: 'HOST',
  description: 'address the HTTP server listens on',
  defaultText: CLI_DEFAULTS.host,
  defaultValue: CLI_DEFAULTS.host,
  parse: parseHost,
};

const PORT: FlagSpec = {
  flag: '--port',
  key: 'port',
  placeholder: 'PORT',
  description: 'port the HTTP server listens on, 0 to 65535; 0 picks a free port',
  defaultText: String(CLI_DEFAULTS.port),
  defaultValue: CLI_DEFAULTS.port,
  parse: parsePort,
};

const TLS: readonly FlagSpec[] = [
  {
    flag: '--tls-cert',
    key: 'tlsCert',
    placeholder: 'FILE',
    description: 'serve HTTPS with this PEM certificate (chain); a rotated file is picked up without a restart',
    defaultText: 'plain HTTP',
    parse: parseFilePath,
  },
  {
    flag: '--tls-key',
    key: 'tlsKey',
    placeholder: 'FILE',
    description: 'the PEM private key of --tls-cert',
    defaultText: 'none',
    parse: parseFilePath,
  },
  {
    flag: '--tls-client-ca',
    key: 'tlsClientCa',
    placeholder: 'FILE',
    description: 'require client certificates signed by these PEM CA certificates (refused during the handshake otherwise)',
    defaultText: 'no client certificates',
    parse: parseFilePath,
  },
];

const LOG_LEVEL: FlagSpec = {
  flag: '--log-level',
  key: 'logLevel',
  placeholder: 'LEVEL',
  description: 'diagnostics written to stderr: none, error, warn, info, debug, verbose or all',
  defaultText: `OTEL_LOG_LEVEL if set, else ${CLI_DEFAULTS.logLevel}`,
  parse: parseLogLevel,
};

const LOG_FORMAT: FlagSpec = {
  flag: '--log-format',
  key: 'logFormat',
  placeholder: 'FORMAT',
  description: 'text ("time level message") or json (one object per line)',
  defaultText: CLI_DEFAULTS.logFormat,
  defaultValue: CLI_DEFAULTS.logFormat,
  parse: parseLogFormat,
};

/** The commands that take options, in the order the help lists them. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = Object.freeze({
  demo: {
    name: 'demo',
    summary: 'run a simulated Parsec node and serve its telemetry',
    description:
      'Runs a simulated Parsec node (channels, presence, envelopes, history, tokens, cache) and serves its ' +
      'telemetry: the snapshot at GET /parsec/metrics, its history at GET /parsec/metrics/history and Prometheus ' +
      'text at GET /metrics.',
    flags: [
      HOST,
      PORT,
      {
        flag: '--rate',
        key: 'rate',
        placeholder: 'N',
        description: `envelopes published per second, greater than 0 and at most ${MAX_RATE}`,
        defaultText: String(CLI_DEFAULTS.rate),
        defaultValue: CLI_DEFAULTS.rate,
        parse: parseRate,
      },
      {
        flag: '--otlp',
        key: 'otlp',
        placeholder: 'URL',
        description: 'also push metrics by OTLP to this http(s) URL, e.g. http://localhost:4318/v1/metrics (with OTEL_EXPORTER_OTLP_PROTOCOL=grpc: http://localhost:4317)',
        defaultText: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT if set, else off',
        parse: parseHttpUrl,
      },
      {
        flag: '--redis',
        key: 'redis',
        placeholder: 'URL',
        description: 'cache in Redis at this redis:// or rediss:// URL instead of in memory',
        defaultText: 'off, an in-memory LRU cache',
        parse: parseRedisUrl,
      },
      {
        flag: '--token',
        key: 'token',
        placeholder: 'TOKEN',
        description: 'require "Authorization: Bearer TOKEN" on the HTTP endpoints; other users can read arguments, so prefer PARSEC_TELEMETRY_TOKEN',
        defaultText: 'PARSEC_TELEMETRY_TOKEN if set, else none',
        parse: parseToken,
      },
      ...TLS,
      LOG_LEVEL,
      LOG_FORMAT,
    ],
  },
  serve: {
    name: 'serve',
    summary: 'serve the cluster snapshot of every Parsec node, computed by a Prometheus server',
    description:
      'A standalone aggregator with no instruments of its own: computes the snapshot of a whole cluster with ' +
      'PromQL over the parsec_* metrics that a Prometheus-compatible server scrapes from every node, and serves ' +
      'it at GET /parsec/metrics (with "nodes", the instances reporting), its last 5 minutes or hour at ' +
      'GET /parsec/metrics/history?range=5m|1h (range queries) and the dashboard at GET /parsec/dashboard. ' +
      'When Prometheus cannot be queried, the snapshot lists the error and keeps its shape.',
    flags: [
      {
        flag: '--prometheus',
        key: 'prometheus',
        placeholder: 'URL',
        description: 'base URL of the Prometheus HTTP API, http:// or https://, e.g. http://127.0.0.1:9090 (queried at /api/v1/query)',
        defaultText: 'none',
        required: true,
        parse: parseHttpUrl,
      },
      HOST,
      PORT,
      ...TLS,
      LOG_LEVEL,
      LOG_FORMAT,
    ],
  },
});

/** Whether `name` is a command that takes options. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
