import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricCollectOptions,
  type PeriodicExportingMetricReaderOptions,
} from '@opentelemetry/sdk-metrics';
import { activeCellSink, collectWithSink } from '../record/cell-handoff.ts';
import type { CellProducer } from './cell-producer.ts';

/**
 * The cumulative co-readers of createTelemetry with a {@link CellProducer}:
 * each collection sets the producer's sink (src/record/cell-handoff.ts), so
 * the recorders' cells reach the reader through the producer and the SDK
 * keeps no storage for them. Everything else (plain-API instruments, the
 * cache, presence and channel gauges) is collected as by the SDK's class.
 * A sink already set around the call wins: the drain's, which discards the
 * cells of a collection nobody reads (DISCARD_SINK, src/record/cell-handoff.ts).
 */

/** A PrometheusExporter (its own server never started) that exports the recorder cells through a CellProducer. */
export class CellPrometheusExporter extends PrometheusExporter {
  private readonly _producer: CellProducer;

  constructor(producer: CellProducer) {
    super({ preventServerStart: true, metricProducers: [producer] });
    this._producer = producer;
  }

  override collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    return collectWithSink(activeCellSink() ?? this._producer.sink, () => super.collect(options));
  }
}

/** A PeriodicExportingMetricReader (cumulative) that exports the recorder cells through a CellProducer. */
export class CellPeriodicReader extends PeriodicExportingMetricReader {
  private readonly _producer: CellProducer;

  constructor(options: PeriodicExportingMetricReaderOptions, producer: CellProducer) {
    super({ ...options, metricProducers: [producer] });
    this._producer = producer;
  }

  override collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    return collectWithSink(activeCellSink() ?? this._producer.sink, () => super.collect(options));
  }
}
