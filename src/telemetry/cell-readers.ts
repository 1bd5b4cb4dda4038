import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricCollectOptions,
  type PeriodicExportingMetricReaderOptions,
} from '@opentelemetry/sdk-metrics';
import { collectWithSink, type CellSink } from '../record/cell-handoff.ts';
import type { CellProducer } from './cell-producer.ts';

/**
 * The cumulative co-readers of createTelemetry with a {@link CellProducer}:
 * each collection sets the producer's sink (src/record/cell-handoff.ts), so
 * the recorders' cells reach the reader through the producer and the SDK
 * keeps no storage for them. Everything else (plain-API instruments, the
 * cache, presence and channel gauges) is collected as by the SDK's class.
 */

/**
 * The sink of a collection whose result is thrown away (the drain of
 * src/telemetry/collection-drain.ts): it takes the cells and keeps nothing,
 * so the producer exports none and the collection costs no data point for them.
 */
const DISCARD: CellSink = { reads: 'totals', counterCells: () => true };

/** What the drain collects: a cell reader's {@link CellPrometheusExporter.collectDiscarding}, or any reader's collect. */
export function drainCollection(reader: { collect(): Promise<unknown> }): () => Promise<unknown> {
  return reader instanceof CellPrometheusExporter || reader instanceof CellPeriodicReader ? () => reader.collectDiscarding() : () => reader.collect();
}

/** A PrometheusExporter (its own server never started) that exports the recorder cells through a CellProducer. */
export class CellPrometheusExporter extends PrometheusExporter {
  private readonly _producer: CellProducer;

  constructor(producer: CellProducer) {
    super({ preventServerStart: true, metricProducers: [producer] });
    this._producer = producer;
  }

  override collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    return collectWithSink(this._producer.sink, () => super.collect(options));
  }

  /** A collection whose result nobody reads: the cells are left out (a cumulative reader loses nothing). */
  collectDiscarding(): Promise<CollectionResult> {
    return collectWithSink(DISCARD, () => super.collect());
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
    return collectWithSink(this._producer.sink, () => super.collect(options));
  }

  /** A collection whose result nobody reads: the cells are left out (a cumulative reader loses nothing). */
  collectDiscarding(): Promise<CollectionResult> {
    return collectWithSink(DISCARD, () => super.collect());
  }
}
