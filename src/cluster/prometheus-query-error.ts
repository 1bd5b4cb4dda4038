import { ErrorCode, ParsecTelemetryError } from '../errors/errors.ts';

/**
 * A PromQL query of a {@link PrometheusSource} failed: Prometheus could not
 * be reached, did not answer within `queryTimeoutMs`, or answered with an
 * error. The aggregator lists it in the snapshot's `errors`.
 */
export class PrometheusQueryError extends ParsecTelemetryError {
  /** Which query failed (e.g. `envelopesByAspect`). */
  readonly query: string;
  /** The HTTP status Prometheus answered with, when it answered. */
  readonly status: number | undefined;

  constructor(query: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(ErrorCode.PROMETHEUS_QUERY, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PrometheusQueryError';
    this.query = query;
    this.status = options.status;
  }
}
