import type { IMetricReader } from '@opentelemetry/sdk-metrics';

/** Each co-reader is collected once per this many WindowedReader samples. */
export const DRAIN_EVERY_SAMPLES = 20;

/**
 * Keeps the cumulative co-readers that createTelemetry registers itself (the
 * Prometheus exporter, and the OTLP reader when its temporality is
 * cumulative) from piling up the SDK's per-reader stash.
 *
 * With the contract views (src/telemetry/contract-views.ts) one storage
 * serves every reader, and each collection by one reader stashes what it
 * took for every other reader until that reader collects. The WindowedReader
 * collects on every slot and every snapshot; a Prometheus exporter nobody
 * scrapes never collects, so its stash would grow without bound. A
 * cumulative reader loses nothing when a collection's result is dropped (the
 * next one carries the totals): every {@link DRAIN_EVERY_SAMPLES} samples of
 * ours, each one given here is collected once.
 * test/telemetry/sdk-behaviour.test.ts pins the stash this relies on.
 *
 * A delta (or lowmemory) reader must never be given here: its collection
 * hands over the increases since its previous one, and dropping it drops
 * them. It needs no drain either: a PeriodicExportingMetricReader collects at
 * every export interval whether the export then succeeds or not, so its
 * stash holds at most one interval's worth of other readers' collections
 * (test/reliability/otlp-temporality.test.ts measures it).
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
