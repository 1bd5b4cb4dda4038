import { Metadata } from '@grpc/grpc-js';
import { OTLPMetricExporter as OTLPGrpcExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { AggregationTemporalityPreference, OTLPMetricExporter as OTLPJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { CellProducer } from './cell-producer.ts';
import { CellPeriodicReader } from './cell-readers.ts';
import type { OtlpTemporality, ResolvedOtlp } from './options.ts';

const PREFERENCE: Record<OtlpTemporality, AggregationTemporalityPreference> = {
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  delta: AggregationTemporalityPreference.DELTA,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
};

/**
 * The OTLP push reader for the resolved settings: the exporter of the
 * protocol, with the temporality preference, on a PeriodicExportingMetricReader.
 * The export timeout bounds the request too (the exporters' own default is 10 s).
 * With a cell producer (cumulative temporality only), the recorders' cells
 * are exported through it (src/telemetry/cell-readers.ts).
 * Whether the telemetry may drain this reader depends on the temporality:
 * see src/telemetry/collection-drain.ts.
 */
export function otlpReader(otlp: ResolvedOtlp, cells?: CellProducer): PeriodicExportingMetricReader {
  const base = { url: otlp.url, timeoutMillis: otlp.exportTimeoutMs, temporalityPreference: PREFERENCE[otlp.temporality] };
  let exporter: PushMetricExporter;
  if (otlp.protocol === 'grpc') {
    // gRPC carries headers as metadata; an http:// endpoint is plain text, https:// is TLS.
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(otlp.headers ?? {})) metadata.set(key, value);
    exporter = new OTLPGrpcExporter({ ...base, metadata });
  } else {
    const config = { ...base, headers: otlp.headers };
    exporter = otlp.protocol === 'http/json' ? new OTLPJsonExporter(config) : new OTLPProtoExporter(config);
  }
  const options = { exporter, exportIntervalMillis: otlp.exportIntervalMs, exportTimeoutMillis: otlp.exportTimeoutMs };
  return cells === undefined ? new PeriodicExportingMetricReader(options) : new CellPeriodicReader(options, cells);
}
