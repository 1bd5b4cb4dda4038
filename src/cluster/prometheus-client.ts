import { describeError } from '../diag/describe-value.ts';
import { promDuration } from './promql.ts';
import { PrometheusQueryError } from './prometheus-query-error.ts';
import type { RangeSeries, Sample } from './types.ts';

/** Most characters of a Prometheus error message repeated in ours. */
const MAX_DETAIL = 200;

/**
 * Instant queries against a Prometheus-compatible HTTP API
 * (`POST <url>/api/v1/query`, form-encoded, so long queries fit), with the
 * global `fetch`. Each query is bounded by `timeoutMs` and by the caller's
 * AbortSignal; every failure is a {@link PrometheusQueryError} naming the query.
 */
export class PrometheusClient {
  /** The query endpoint, `<url>/api/v1/query`. */
  readonly endpoint: string;
  private readonly _timeoutMs: number;
  private readonly _headers: Readonly<Record<string, string>>;

  constructor(baseUrl: string, timeoutMs: number, headers: Readonly<Record<string, string>> = {}) {
    this.endpoint = new URL('api/v1/query', baseUrl).href;
    this._timeoutMs = timeoutMs;
    this._headers = headers;
  }

  /** Runs one instant query; resolves with its vector (an empty array when nothing matched). */
  async query(name: string, expr: string, signal?: AbortSignal): Promise<Sample[]> {
    const { status, text } = await this._post(name, this.endpoint, { query: expr }, signal);
    return parseVector(name, this.endpoint, status, text);
  }

  /**
   * Runs one range query (`<url>/api/v1/query_range`) from `startS` to
   * `endS` every `stepS` seconds; resolves with its matrix.
   */
  async queryRange(name: string, expr: string, startS: number, endS: number, stepS: number, signal?: AbortSignal): Promise<RangeSeries[]> {
    const endpoint = new URL('query_range', this.endpoint).href;
    const { status, text } = await this._post(name, endpoint, { query: expr, start: String(startS), end: String(endS), step: String(stepS) }, signal);
    return parseMatrix(name, endpoint, status, text);
  }

  private async _post(name: string, endpoint: string, params: Record<string, string>, signal: AbortSignal | undefined): Promise<{ status: number; text: string }> {
    const timeout = AbortSignal.timeout(this._timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { ...this._headers, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, timeout: promDuration(this._timeoutMs) }),
        signal: combined,
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      // The caller gave up (say the aggregator's source timeout): its reason says why.
      if (signal?.aborted === true) throw signal.reason;
      if (timeout.aborted) {
        throw new PrometheusQueryError(name, `Prometheus query ${name} got no answer from ${endpoint} within ${this._timeoutMs} ms`, { cause: err });
      }
      throw new PrometheusQueryError(name, `Prometheus query ${name} cannot reach ${endpoint}: ${reasonOf(err)}`, { cause: err });
    }
  }
}

/** The most telling part of a fetch failure: `ECONNREFUSED`, `ENOTFOUND`… */
export function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  // A thrown string is its own reason; anything else as src/diag/describe-value.ts describes it.
  return typeof err === 'string' ? err : describeError(err);
}

interface ApiResponse {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

function clip(s: string): string {
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}…` : s;
}

/** The `data` of a successful API answer; throws a PrometheusQueryError for anything else. */
function successData(name: string, endpoint: string, status: number, text: string): { resultType?: unknown; result?: unknown } {
  let body: ApiResponse | undefined;
  try {
    body = JSON.parse(text) as ApiResponse;
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object') {
    throw new PrometheusQueryError(name, `Prometheus query ${name}: ${endpoint} answered ${status} with a body that is not Prometheus JSON`, { status });
  }
  if (body.status !== 'success' || status !== 200) {
    const detail = typeof body.error === 'string' ? `: ${typeof body.errorType === 'string' ? `${body.errorType}: ` : ''}${clip(body.error)}` : '';
    throw new PrometheusQueryError(name, `Prometheus query ${name} failed with ${status}${detail}`, { status });
  }
  return body.data ?? {};
}

/** The result list of a `kind` answer; throws a PrometheusQueryError for another kind or no list. */
function resultOf(name: string, status: number, data: { resultType?: unknown; result?: unknown }, kind: 'vector' | 'matrix'): unknown[] {
  if (data.resultType !== kind) {
    throw new PrometheusQueryError(name, `Prometheus query ${name}: expected a ${kind}, got ${String(data.resultType)}`, { status });
  }
  if (!Array.isArray(data.result)) throw new PrometheusQueryError(name, `Prometheus query ${name}: the ${kind} has no result list`, { status });
  return data.result;
}

function labelsOf(item: { metric?: unknown }): Readonly<Record<string, string>> {
  return item.metric !== null && typeof item.metric === 'object' ? (item.metric as Record<string, string>) : {};
}

/** Reads an `/api/v1/query` response body; throws a PrometheusQueryError for anything but a vector. */
export function parseVector(name: string, endpoint: string, status: number, text: string): Sample[] {
  const result = resultOf(name, status, successData(name, endpoint, status, text), 'vector');
  const samples: Sample[] = [];
  for (const item of result as { metric?: unknown; value?: unknown }[]) {
    const value = Array.isArray(item?.value) ? Number(item.value[1]) : Number.NaN;
    // NaN and ±Inf (a division by zero in PromQL) say nothing we can add up.
    if (!Number.isFinite(value)) continue;
    samples.push({ labels: labelsOf(item), value });
  }
  return samples;
}

/** Reads an `/api/v1/query_range` response body; throws a PrometheusQueryError for anything but a matrix. */
export function parseMatrix(name: string, endpoint: string, status: number, text: string): RangeSeries[] {
  const result = resultOf(name, status, successData(name, endpoint, status, text), 'matrix');
  const series: RangeSeries[] = [];
  for (const item of result as { metric?: unknown; values?: unknown }[]) {
    const values: [number, number][] = [];
    for (const pair of Array.isArray(item?.values) ? (item.values as unknown[]) : []) {
      const at = Array.isArray(pair) ? Number(pair[0]) : Number.NaN;
      const value = Array.isArray(pair) ? Number(pair[1]) : Number.NaN;
      if (Number.isFinite(at) && Number.isFinite(value)) values.push([at, value]);
    }
    series.push({ labels: labelsOf(item), values });
  }
  return series;
}
