import { describeError } from '../diag/describe-value.ts';
import { promDuration } from './promql.ts';
import { PrometheusQueryError } from './prometheus-query-error.ts';
import type { Sample } from './types.ts';

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
    const timeout = AbortSignal.timeout(this._timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let status: number;
    let text: string;
    try {
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { ...this._headers, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: expr, timeout: promDuration(this._timeoutMs) }),
        signal: combined,
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      // The caller gave up (say the aggregator's source timeout): its reason says why.
      if (signal?.aborted === true) throw signal.reason;
      if (timeout.aborted) {
        throw new PrometheusQueryError(name, `Prometheus query ${name} got no answer from ${this.endpoint} within ${this._timeoutMs} ms`, { cause: err });
      }
      throw new PrometheusQueryError(name, `Prometheus query ${name} cannot reach ${this.endpoint}: ${reasonOf(err)}`, { cause: err });
    }
    return parseVector(name, this.endpoint, status, text);
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

/** Reads an `/api/v1/query` response body; throws a PrometheusQueryError for anything but a vector. */
export function parseVector(name: string, endpoint: string, status: number, text: string): Sample[] {
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
  const result = body.data?.result;
  if (body.data?.resultType !== 'vector') {
    throw new PrometheusQueryError(name, `Prometheus query ${name}: expected a vector, got ${String(body.data?.resultType)}`, { status });
  }
  if (!Array.isArray(result)) throw new PrometheusQueryError(name, `Prometheus query ${name}: the vector has no result list`, { status });
  const samples: Sample[] = [];
  for (const item of result as { metric?: unknown; value?: unknown }[]) {
    const value = Array.isArray(item?.value) ? Number(item.value[1]) : Number.NaN;
    // NaN and ±Inf (a division by zero in PromQL) say nothing we can add up.
    if (!Number.isFinite(value)) continue;
    const labels = item.metric !== null && typeof item.metric === 'object' ? (item.metric as Record<string, string>) : {};
    samples.push({ labels, value });
  }
  return samples;
}
