import { InvalidOptionError } from '../errors/errors.ts';
import { checkNumber, checkObject, checkString } from '../errors/validate.ts';
import type { PrometheusSourceOptions, ResolvedPrometheusSourceOptions } from './types.ts';

/** The defaults of {@link PrometheusSourceOptions}, in one place. */
export const PROMETHEUS_SOURCE_DEFAULTS = Object.freeze({
  name: 'prometheus',
  queryTimeoutMs: 2_000,
  rateWindowMs: 60_000,
  countWindowMs: 3_600_000,
  nodeLabels: Object.freeze(['job', 'instance']),
  maxSeriesPerInstrument: 1_000,
});

/** The shortest window accepted, in milliseconds. */
export const MIN_WINDOW_MS = 1_000;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// One matcher: name, operator, double-quoted string (escapes allowed).
const MATCHER = String.raw`[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\\n]|\\.)*"`;
const MATCHERS = new RegExp(String.raw`^\s*${MATCHER}(?:\s*,\s*${MATCHER})*\s*,?\s*$`);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkUrl(value: unknown): string {
  const s = checkString('url', value);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new InvalidOptionError('url', 'an http:// or https:// URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError('url', 'an http:// or https:// URL', value);
  if (url.username !== '' || url.password !== '') {
    // Never echo the credentials.
    throw new InvalidOptionError('url', 'a URL without credentials (send them in headers.authorization)', '(hidden)');
  }
  if (url.search !== '' || url.hash !== '') throw new InvalidOptionError('url', 'a base URL without query or fragment', value);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function checkMatchers(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || !MATCHERS.test(value)) {
    throw new InvalidOptionError('matchers', 'PromQL label matchers such as job="parsec",env=~"prod|staging"', value);
  }
  return value.trim().replace(/,$/, '');
}

function checkNodeLabels(value: unknown): readonly string[] {
  if (value === undefined) return PROMETHEUS_SOURCE_DEFAULTS.nodeLabels;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && LABEL_NAME.test(v))) {
    throw new InvalidOptionError('nodeLabels', 'a non-empty array of Prometheus label names', value);
  }
  return Object.freeze([...(value as string[])]);
}

function checkHeaders(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(checkObject('headers', value))) {
    if (!HEADER_NAME.test(k)) throw new InvalidOptionError('headers', 'HTTP header names', k);
    // Values are never echoed: they may be credentials.
    if (typeof v !== 'string' || /[\r\n\0]/.test(v)) throw new InvalidOptionError(`headers.${k}`, 'a string without CR, LF or NUL', '(hidden)');
    out[k.toLowerCase()] = v;
  }
  return Object.freeze(out);
}

/** Applies defaults and validates; throws InvalidOptionError naming the first bad option. */
export function resolvePrometheusSourceOptions(options: PrometheusSourceOptions): ResolvedPrometheusSourceOptions {
  const o = checkObject('options', options) as Partial<PrometheusSourceOptions>;
  const url = checkUrl(o.url);
  const name = o.name === undefined ? PROMETHEUS_SOURCE_DEFAULTS.name : checkString('name', o.name);
  const queryTimeoutMs = o.queryTimeoutMs === undefined
    ? PROMETHEUS_SOURCE_DEFAULTS.queryTimeoutMs
    : checkNumber('queryTimeoutMs', o.queryTimeoutMs, 1);
  const rateWindowMs = o.rateWindowMs === undefined
    ? PROMETHEUS_SOURCE_DEFAULTS.rateWindowMs
    : checkNumber('rateWindowMs', o.rateWindowMs, MIN_WINDOW_MS);
  const countWindowMs = o.countWindowMs === undefined
    ? PROMETHEUS_SOURCE_DEFAULTS.countWindowMs
    : checkNumber('countWindowMs', o.countWindowMs, MIN_WINDOW_MS);
  if (countWindowMs < rateWindowMs) {
    throw new InvalidOptionError('countWindowMs', `a value >= rateWindowMs (${rateWindowMs})`, countWindowMs);
  }
  const maxSeriesPerInstrument = o.maxSeriesPerInstrument === undefined
    ? PROMETHEUS_SOURCE_DEFAULTS.maxSeriesPerInstrument
    : checkNumber('maxSeriesPerInstrument', o.maxSeriesPerInstrument, 1);
  return Object.freeze({
    maxSeriesPerInstrument,
    url,
    name,
    queryTimeoutMs,
    rateWindowMs,
    countWindowMs,
    matchers: checkMatchers(o.matchers),
    nodeLabels: checkNodeLabels(o.nodeLabels),
    headers: checkHeaders(o.headers),
  });
}
