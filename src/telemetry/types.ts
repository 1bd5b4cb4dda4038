import type { Meter } from '@opentelemetry/api';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Aggregator } from '../aggregate/aggregator.ts';
import type { Snapshot } from '../aggregate/types.ts';
import type { HistoryRange, MetricsHistory } from '../history/types.ts';
import type { HealthStatus, ListenOptions, TelemetryServer } from '../http/types.ts';
import type { WindowedReaderOptions } from '../reader/types.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import type { Source } from '../sources/types.ts';

/** OTLP push settings. */
export interface OtlpOptions {
  /**
   * The collector's endpoint. OTLP/HTTP: the full metrics URL, e.g.
   * `http://localhost:4318/v1/metrics`; gRPC: `scheme://host:port`, e.g.
   * `http://localhost:4317` (`https` for TLS), no path. Default:
   * `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT`
   * (+ `/v1/metrics` for OTLP/HTTP, as is for gRPC); with neither, nothing is pushed.
   */
  endpoint?: string;
  /**
   * `http/protobuf`, `http/json` or `grpc`. Default `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL`,
   * else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`.
   */
  protocol?: 'http/protobuf' | 'http/json' | 'grpc';
  /**
   * Aggregation temporality of the export: `cumulative` (totals), `delta`
   * (increases since the previous export; up-down counters stay cumulative)
   * or `lowmemory` (delta for synchronous counters and histograms only).
   * Read case-insensitively. Default `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`,
   * else `cumulative`. See docs/export.md ("Export to a collector (OTLP)") for what
   * a failed export loses under each.
   */
  temporality?: 'cumulative' | 'delta' | 'lowmemory';
  /** Time between exports, in milliseconds. Default `OTEL_METRIC_EXPORT_INTERVAL`, else 60 000. */
  exportIntervalMs?: number;
  /** Time one export may take, in milliseconds (≤ the interval). Default `OTEL_METRIC_EXPORT_TIMEOUT`, else 30 000 (clamped to the interval). */
  exportTimeoutMs?: number;
  /** Extra request headers (the exporter also reads `OTEL_EXPORTER_OTLP_HEADERS`). */
  headers?: Record<string, string>;
}

/**
 * Options of {@link createTelemetryReader}: the reader's own options (see
 * {@link WindowedReaderOptions}) and those of the snapshot and its server.
 * Every field is optional.
 */
export interface TelemetryReaderOptions extends WindowedReaderOptions {
  /** Wall clock in milliseconds since the epoch, for the snapshot's `at`. Default `Date.now`. */
  wallClock?: () => number;
  /** Time one snapshot source may take, in milliseconds. Default 1 000. */
  sourceTimeoutMs?: number;
  /**
   * The snapshot's sources. Default: the reader's six section sources. A
   * standalone aggregator (say over a cluster's Prometheus) passes its own.
   */
  sources?: readonly Source[];
  /** Bearer token required on `/parsec/metrics` (and `/metrics`). Default `PARSEC_TELEMETRY_TOKEN`, else none. */
  token?: string;
  /**
   * Meter for the telemetry's own metric (`parsec.telemetry.source_errors`).
   * Default: the global API's meter, taken at the first source error (so an
   * SDK started after this call still receives it).
   */
  meter?: Meter;
  /** Environment variables to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Keep the metrics history of the reader's samples (docs/history.md), about
   * 1.4 kB per snapshot field. `false` keeps none: `/parsec/metrics/history`
   * and `history()` answer with no series. Default true.
   */
  history?: boolean;
}

/** Options of {@link createTelemetry}: those of {@link createTelemetryReader} and the provider's. */
export interface TelemetryOptions extends Omit<TelemetryReaderOptions, 'meter'> {
  /** `service.name` of the resource. Default `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `parsec`. */
  serviceName?: string;
  /**
   * `service.instance.id` of the resource. Default: `service.instance.id` in
   * `OTEL_RESOURCE_ATTRIBUTES`, else a random UUID per process.
   */
  serviceInstanceId?: string;
  /** Serve Prometheus text at `/metrics` (a PrometheusExporter on the same provider). Default true. */
  prometheus?: boolean;
  /** OTLP push to a collector (OTLP/HTTP or gRPC); `false` disables it even when the environment names an endpoint. */
  otlp?: OtlpOptions | false;
  /**
   * Register the MeterProvider as the OpenTelemetry API's global one, so
   * components using `metrics.getMeter(...)` are read too. When another
   * provider is already registered it is left alone, with one diagnostic.
   * Default true.
   */
  global?: boolean;
  /** Time `shutdown()` may take (final export included), in milliseconds. Default 5 000. */
  shutdownTimeoutMs?: number;
}

/** Options of `handler()`. */
export interface HandlerOptions {
  /**
   * Path prefix the routes are mounted under, e.g. `/ops` for
   * `/ops/parsec/metrics`; requests outside it get 404. Default none. (A
   * framework that strips the prefix itself, like Express' `app.use('/ops', …)`,
   * needs none.)
   */
  pathPrefix?: string;
}

/** What {@link createTelemetryReader} returns: the reader for an app's own provider, and the snapshot over it. */
export interface TelemetryReader {
  /** The windowed in-memory reader: pass it to the app's `MeterProvider` or `NodeSDK` (`metricReaders`). */
  readonly reader: WindowedReader;
  /** The aggregator over the snapshot's sources. */
  readonly aggregator: Aggregator;
  /** Takes a sample and returns the current Snapshot. */
  snapshot(): Promise<Snapshot>;
  /**
   * The metrics history over `range` (default `5m`), as `GET /parsec/metrics/history` serves it
   * (docs/history.md): recorded from the reader's samples, or asked of the first source that
   * answers it (a PrometheusSource) when `sources` are given.
   */
  history(range?: HistoryRange): Promise<MetricsHistory>;
  /** Sampling health, as `/healthz` reports it. */
  health(): HealthStatus;
  /** The routes (`/parsec/metrics`, `/parsec/metrics/history`, `/healthz`, the dashboard) as a plain `(req, res)` handler, to mount on a server of your own. */
  handler(options?: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts a server for {@link handler} (default 127.0.0.1:9464). */
  listen(options?: ListenOptions): Promise<TelemetryServer>;
  /**
   * Takes a last sample, closes the servers started by {@link listen} and
   * stops sampling. Idempotent. The provider the reader is registered on
   * stays the app's to shut down.
   */
  shutdown(): Promise<void>;
}

/** What {@link createTelemetry} returns. */
export interface Telemetry extends TelemetryReader {
  /** The SDK MeterProvider, with the WindowedReader (and the exporters) registered. */
  readonly meterProvider: MeterProvider;
  /** A meter from it (scope `parsec`), for the recorders. */
  readonly meter: Meter;
  /** The OTLP metrics endpoint pushed to, when one is configured. */
  readonly otlpEndpoint: string | undefined;
  /** Whether the provider is the API's global one (see the `global` option). */
  readonly global: boolean;
  /** Closes the servers, stops sampling, flushes the final OTLP export and shuts the provider down. Idempotent; resolves within `shutdownTimeoutMs`. */
  shutdown(): Promise<void>;
}
