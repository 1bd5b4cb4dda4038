import { randomUUID } from 'node:crypto';
import { InvalidOptionError } from '../errors/errors.ts';
import { checkNumber, checkObject, checkString } from '../errors/validate.ts';
import type { OtlpOptions, TelemetryOptions } from './types.ts';

/**
 * This process's `service.instance.id` when nothing names one: a random
 * UUID, as the OpenTelemetry semantic conventions suggest, so that two nodes
 * with one service name stay apart behind a collector.
 */
const PROCESS_INSTANCE_ID = randomUUID();

/** Environment variable holding the bearer token. */
export const TOKEN_ENV = 'PARSEC_TELEMETRY_TOKEN';

/** Defaults of the options that are not the reader's. */
export const TELEMETRY_DEFAULTS = Object.freeze({
  serviceName: 'parsec',
  prometheus: true,
  global: true,
  shutdownTimeoutMs: 5_000,
  exportIntervalMs: 60_000,
  exportTimeoutMs: 30_000,
});

/** The OTLP transports: OTLP/HTTP with protobuf or JSON bodies, and OTLP/gRPC. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = typeof OTLP_PROTOCOLS[number];

/** The values of `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (read case-insensitively). */
export const OTLP_TEMPORALITIES = ['cumulative', 'delta', 'lowmemory'] as const;
export type OtlpTemporality = typeof OTLP_TEMPORALITIES[number];

/** The OTLP settings after defaults and environment. */
export interface ResolvedOtlp {
  /** OTLP/HTTP: the full metrics URL; gRPC: `scheme://host:port`. */
  url: string;
  protocol: OtlpProtocol;
  temporality: OtlpTemporality;
  exportIntervalMs: number;
  exportTimeoutMs: number;
  headers: Record<string, string> | undefined;
}

/** The options of createTelemetry that are resolved here (the reader resolves its own). */
export interface ResolvedTelemetryOptions {
  serviceName: string;
  /** `service.instance.id`: the option, else `OTEL_RESOURCE_ATTRIBUTES`, else a random UUID per process. */
  serviceInstanceId: string;
  resourceAttributes: Record<string, string>;
  prometheus: boolean;
  otlp: ResolvedOtlp | undefined;
  global: boolean;
  shutdownTimeoutMs: number;
}

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The `env` option, `process.env` by default. */
export function resolveEnv(env: unknown): Env {
  return env === undefined ? process.env : (checkObject('env', env) as Env);
}

/**
 * The bearer token: the `token` option, else `PARSEC_TELEMETRY_TOKEN`, else
 * none. A variable that is set but blank is refused like a blank option: an
 * operator who wrote `PARSEC_TELEMETRY_TOKEN=$(cat missing-file)` meant to
 * protect the endpoints.
 */
export function resolveToken(token: unknown, env: Env): string | undefined {
  const name = token !== undefined ? 'token' : TOKEN_ENV;
  const fromEnv: unknown = env[TOKEN_ENV];
  const raw = token ?? (typeof fromEnv === 'string' ? fromEnv.trim() : fromEnv);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[\x21-\x7e]+$/.test(raw)) {
    throw new InvalidOptionError(name, 'a non-empty token of visible ASCII characters', '(hidden)');
  }
  return raw;
}

function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function envNumber(env: Env, name: string): number | undefined {
  const v = envValue(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidOptionError(name, 'a positive integer of milliseconds', v);
  return n;
}

function checkUrl(option: string, value: unknown): string {
  const s = checkString(option, value);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new InvalidOptionError(option, 'an http(s) URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError(option, 'an http(s) URL', value);
  return url.href;
}

/**
 * `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs separated by commas, values
 * percent-encoded. A malformed list throws, naming the variable.
 */
export function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (key === '') throw new InvalidOptionError('OTEL_RESOURCE_ATTRIBUTES', 'comma-separated key=value pairs', raw);
    try {
      out[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new InvalidOptionError('OTEL_RESOURCE_ATTRIBUTES', 'percent-encoded values', raw);
    }
  }
  return out;
}

/** An option or variable naming one of `allowed`; `name` is what an error names. */
function checkChoice<T extends string>(name: string, value: unknown, allowed: readonly T[], normalise: (v: string) => string = (v) => v): T {
  const v = typeof value === 'string' ? normalise(value.trim()) : value;
  if (!allowed.includes(v as T)) throw new InvalidOptionError(name, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
  return v as T;
}

/** The first of `names` set to a non-blank value in `env`, with its value; else undefined. */
function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = envValue(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** The option if given, else the first variable set (and the name an error should carry). */
function optionOrEnv(option: string, value: unknown, env: Env, names: readonly string[]): { name: string; value: unknown } | undefined {
  return value !== undefined ? { name: option, value } : firstSet(env, names);
}

/**
 * The endpoint, as the OpenTelemetry specification reads it: the option or
 * `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` as is; else `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * with `/v1/metrics` appended for OTLP/HTTP and as is for gRPC. A gRPC
 * endpoint is `scheme://host:port` (`http` for plain text, `https` for TLS):
 * a path there is a mistake (gRPC has none to give), so it is refused.
 */
function resolveEndpoint(endpoint: unknown, env: Env, protocol: OtlpProtocol): string | undefined {
  const named = optionOrEnv('otlp.endpoint', endpoint, env, ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']);
  if (named === undefined) return undefined;
  const href = checkUrl(named.name, named.value);
  if (protocol === 'grpc') {
    const url = new URL(href);
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
      throw new InvalidOptionError(named.name, 'a gRPC endpoint scheme://host:port without a path, e.g. http://localhost:4317', named.value);
    }
    return `${url.protocol}//${url.host}`;
  }
  if (named.name !== 'OTEL_EXPORTER_OTLP_ENDPOINT') return href;
  return `${href.endsWith('/') ? href : `${href}/`}v1/metrics`;
}

function resolveOtlp(o: OtlpOptions | false | undefined, env: Env): ResolvedOtlp | undefined {
  if (o === false) return undefined;
  const opts = checkObject('otlp', o) as OtlpOptions;
  const protocolFrom = optionOrEnv('otlp.protocol', opts.protocol, env, ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']);
  const protocol = protocolFrom === undefined ? 'http/protobuf' : checkChoice(protocolFrom.name, protocolFrom.value, OTLP_PROTOCOLS);
  const temporalityFrom = optionOrEnv('otlp.temporality', opts.temporality, env, ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE']);
  const temporality = temporalityFrom === undefined
    ? 'cumulative'
    : checkChoice(temporalityFrom.name, temporalityFrom.value, OTLP_TEMPORALITIES, (v) => v.toLowerCase());
  const url = resolveEndpoint(opts.endpoint, env, protocol);
  if (url === undefined) return undefined;
  const exportIntervalMs = opts.exportIntervalMs !== undefined
    ? checkNumber('otlp.exportIntervalMs', opts.exportIntervalMs, 1)
    : envNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL') ?? TELEMETRY_DEFAULTS.exportIntervalMs;
  let exportTimeoutMs: number;
  if (opts.exportTimeoutMs !== undefined) {
    exportTimeoutMs = checkNumber('otlp.exportTimeoutMs', opts.exportTimeoutMs, 1);
    if (exportTimeoutMs > exportIntervalMs) {
      throw new InvalidOptionError('otlp.exportTimeoutMs', `a value <= the export interval (${exportIntervalMs} ms)`, exportTimeoutMs);
    }
  } else {
    exportTimeoutMs = Math.min(exportIntervalMs, envNumber(env, 'OTEL_METRIC_EXPORT_TIMEOUT') ?? TELEMETRY_DEFAULTS.exportTimeoutMs);
  }
  let headers: Record<string, string> | undefined;
  if (opts.headers !== undefined) {
    headers = {};
    for (const [k, v] of Object.entries(checkObject('otlp.headers', opts.headers))) headers[k] = checkString(`otlp.headers.${k}`, v);
  }
  return { url, protocol, temporality, exportIntervalMs, exportTimeoutMs, headers };
}

/** Applies defaults and the environment; throws InvalidOptionError naming the first bad option or variable. */
export function resolveTelemetryOptions(options: TelemetryOptions): ResolvedTelemetryOptions {
  const env = resolveEnv(options.env);
  const resourceAttributes = parseResourceAttributes(envValue(env, 'OTEL_RESOURCE_ATTRIBUTES'));
  const serviceName = checkString(
    'serviceName',
    options.serviceName ?? envValue(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? TELEMETRY_DEFAULTS.serviceName,
  );
  const prometheus = options.prometheus ?? TELEMETRY_DEFAULTS.prometheus;
  if (typeof prometheus !== 'boolean') throw new InvalidOptionError('prometheus', 'a boolean', prometheus);
  const global = options.global ?? TELEMETRY_DEFAULTS.global;
  if (typeof global !== 'boolean') throw new InvalidOptionError('global', 'a boolean', global);
  const shutdownTimeoutMs = options.shutdownTimeoutMs === undefined
    ? TELEMETRY_DEFAULTS.shutdownTimeoutMs
    : checkNumber('shutdownTimeoutMs', options.shutdownTimeoutMs, 1);
  const serviceInstanceId = checkString(
    'serviceInstanceId',
    options.serviceInstanceId ?? resourceAttributes['service.instance.id'] ?? PROCESS_INSTANCE_ID,
  );
  return { serviceName, serviceInstanceId, resourceAttributes, prometheus, otlp: resolveOtlp(options.otlp, env), global, shutdownTimeoutMs };
}
