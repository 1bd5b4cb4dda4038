import type { IMetricReader } from '@opentelemetry/sdk-metrics';

/** Each co-reader is collected once per this many WindowedReader samples. */
export const DRAIN_EVERY_SAMPLES = 20;

/**
 * Keeps the co-readers that createTelemetry registers itself (the
 * Prometheus exporter, the OTLP reader) from piling up the SDK's
 * per-reader stash.
 *
 * With the contract views (src/telemetry/contract-views.ts) one storage
 * serves every reader, and each collection by one reader stashes what it
 * took for every other reader until that reader collects. The WindowedReader
 * collects on every slot and every snapshot; a Prometheus exporter nobody
 * scrapes never collects, so its stash would grow without bound. Both
 * co-readers are cumulative, so a collection whose result is dropped loses
 * nothing (the next one carries the totals): every
 * {@link DRAIN_EVERY_SAMPLES} samples of ours, each co-reader is collected
 * once. test/telemetry/sdk-behaviour.test.ts pins the stash this relies on.
 *
 * Only readers createTelemetry owns are drained; createTelemetryReader
 * registers no views, so an app's own readers keep storages of their own.
 */
export class CollectionDrain {
  private readonly _readers: readonly IMetricReader[];
  private _samples = 0;

  constructor(readers: readonly IMetricReader[]) {
    this._readers = readers;
  }

  /** Called after each WindowedReader sample. */
  afterSample(): void {
    if (++this._samples < DRAIN_EVERY_SAMPLES) return;
    this._samples = 0;
    for (const reader of this._readers) reader.collect().catch(() => undefined); // shut down: nothing to drain
  }
}
