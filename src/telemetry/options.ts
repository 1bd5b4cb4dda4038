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

/** The OTLP settings after defaults and environment. */
export interface ResolvedOtlp {
  url: string;
  protocol: 'http/protobuf' | 'http/json';
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

function resolveOtlp(o: OtlpOptions | false | undefined, env: Env): ResolvedOtlp | undefined {
  if (o === false) return undefined;
  const opts = checkObject('otlp', o) as OtlpOptions;
  let url: string | undefined;
  if (opts.endpoint !== undefined) url = checkUrl('otlp.endpoint', opts.endpoint);
  else if (envValue(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') !== undefined) {
    url = checkUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', envValue(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'));
  } else if (envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') !== undefined) {
    const base = checkUrl('OTEL_EXPORTER_OTLP_ENDPOINT', envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
    url = `${base.endsWith('/') ? base : `${base}/`}v1/metrics`;
  }
  if (url === undefined) return undefined;
  const protocolVar = envValue(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') !== undefined ? 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = envValue(env, protocolVar) ?? 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new InvalidOptionError(protocolVar, '"http/protobuf" or "http/json" (grpc is not bundled)', protocol);
  }
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
  return { url, protocol, exportIntervalMs, exportTimeoutMs, headers };
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
