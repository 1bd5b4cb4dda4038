import type { Meter } from '@opentelemetry/api';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Aggregator } from '../aggregate/aggregator.ts';
import type { Snapshot } from '../aggregate/types.ts';
import type { HealthStatus, ListenOptions, TelemetryServer } from '../http/types.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import type { Source } from '../sources/types.ts';

/** OTLP push settings. */
export interface OtlpOptions {
  /**
   * Full URL of the collector's metrics endpoint, e.g.
   * `http://localhost:4318/v1/metrics`. Default: `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`,
   * else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/metrics`; with neither, nothing is pushed.
   */
  endpoint?: string;
  /** Time between exports, in milliseconds. Default `OTEL_METRIC_EXPORT_INTERVAL`, else 60 000. */
  exportIntervalMs?: number;
  /** Time one export may take, in milliseconds (≤ the interval). Default `OTEL_METRIC_EXPORT_TIMEOUT`, else 30 000 (clamped to the interval). */
  exportTimeoutMs?: number;
  /** Extra request headers (the exporter also reads `OTEL_EXPORTER_OTLP_HEADERS`). */
  headers?: Record<string, string>;
}

/** Options of {@link createTelemetry}. Every field is optional. */
export interface TelemetryOptions {
  /** Monotonic clock in milliseconds, for window arithmetic. Default `performance.now`. */
  clock?: () => number;
  /** Time between background samples of the windows, in milliseconds; 0 samples only on snapshots. Default 1 000. */
  sampleIntervalMs?: number;
  /** Length of the rate window, in milliseconds. Default 60 000. */
  rateWindowMs?: number;
  /** Length of the count window, in milliseconds. Default 3 600 000. */
  countWindowMs?: number;
  /** `service.name` of the resource. Default `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `parsec`. */
  serviceName?: string;
  /** Most series the reader keeps per instrument; further attribute sets share one overflow series. Default 1 000. */
  maxSeriesPerInstrument?: number;
  /** Time one snapshot source may take, in milliseconds. Default 1 000. */
  sourceTimeoutMs?: number;
  /** Time an observable callback may take per sample, in milliseconds. Default 750. */
  collectTimeoutMs?: number;
  /**
   * The snapshot's sources. Default: the reader's six section sources. A
   * standalone aggregator (say over a cluster's Prometheus) passes its own
   * and usually `prometheus: false`.
   */
  sources?: readonly Source[];
  /** Serve Prometheus text at `/metrics` (a PrometheusExporter on the same provider). Default true. */
  prometheus?: boolean;
  /** OTLP http/protobuf push to a collector; `false` disables it even when the environment names an endpoint. */
  otlp?: OtlpOptions | false;
  /** Bearer token required on `/parsec/metrics` and `/metrics`. Default `PARSEC_TELEMETRY_TOKEN`, else none. */
  token?: string;
  /** Time `shutdown()` may take (final export included), in milliseconds. Default 5 000. */
  shutdownTimeoutMs?: number;
  /** Environment variables to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link createTelemetry} returns. */
export interface Telemetry {
  /** The SDK MeterProvider, with the WindowedReader (and the exporters) registered. */
  readonly meterProvider: MeterProvider;
  /** A meter from it (scope `parsec`), for the recorders. */
  readonly meter: Meter;
  /** The windowed in-memory reader. */
  readonly reader: WindowedReader;
  /** The aggregator over the reader's six section sources. */
  readonly aggregator: Aggregator;
  /** The OTLP metrics endpoint pushed to, when one is configured. */
  readonly otlpEndpoint: string | undefined;
  /** Takes a sample and returns the current Snapshot. */
  snapshot(): Promise<Snapshot>;
  /** Sampling health, as `/healthz` reports it. */
  health(): HealthStatus;
  /** The router as a plain `(req, res)` handler, to mount on a server of your own. */
  handler(): (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts a server for {@link handler} (default 127.0.0.1:9464). */
  listen(options?: ListenOptions): Promise<TelemetryServer>;
  /** Closes the servers, stops sampling, flushes the final OTLP export and shuts the provider down. Idempotent; resolves within `shutdownTimeoutMs`. */
  shutdown(): Promise<void>;
}
