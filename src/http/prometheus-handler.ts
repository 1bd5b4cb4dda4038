import type { IncomingMessage, ServerResponse } from 'node:http';
import { diag } from '@opentelemetry/api';
import { PrometheusSerializer, type PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { respond } from './respond.ts';

/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Time a `/metrics` collection may take, in milliseconds. */
export const PROMETHEUS_COLLECT_TIMEOUT_MS = 10_000;

/**
 * Serves a PrometheusExporter (created with `preventServerStart`) on our own
 * server. Unlike the exporter's handler, the status is set only after the
 * collection succeeded: a failed collection answers 500, not 200 with a
 * comment, and the content type carries the exposition format version.
 */
export function createPrometheusHandler(exporter: PrometheusExporter): (req: IncomingMessage, res: ServerResponse) => void {
  const serializer = new PrometheusSerializer();
  return (req, res) => {
    exporter.collect({ timeoutMillis: PROMETHEUS_COLLECT_TIMEOUT_MS }).then(
      ({ resourceMetrics, errors }) => {
        if (errors.length > 0) diag.warn('parsec-telemetry: /metrics collected with callback errors', ...errors);
        respond(req, res, 200, PROMETHEUS_CONTENT_TYPE, serializer.serialize(resourceMetrics));
      },
      (err: unknown) => {
        diag.error(`parsec-telemetry: /metrics collection failed: ${err instanceof Error ? err.message : String(err)}`);
        respond(req, res, 500, PROMETHEUS_CONTENT_TYPE, '# metrics collection failed\n');
      },
    );
  };
}
