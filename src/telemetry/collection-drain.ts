import { setImmediate as nextTurn } from 'node:timers/promises';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import { collectWithSink, DISCARD_SINK } from '../record/cell-handoff.ts';

/**
 * Each co-reader is collected once per this many WindowedReader samples.
 * Five: a drain merges five stashed collections, at 10 000 series a block
 * of the event loop about as long as one collection (every 20 samples, as
 * before, merged 20 at once: some 150 ms, and 20 collections held), while
 * each drain's own fixed cost (the co-reader's cumulative data points, all
 * of them) is paid once per five samples, not at every one.
 */
export const DRAIN_EVERY_SAMPLES = 5;

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
 * ours, each one given here is collected once, one after the other, each in
 * turns of its own (a drain still running when the next is due is not
 * doubled).
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
  private _draining = false;
  private _closed = false;

  constructor(readers: readonly IMetricReader[]) {
    this._readers = readers;
  }

  /** Called after each WindowedReader sample. */
  afterSample(): void {
    if (++this._samples < DRAIN_EVERY_SAMPLES || this._draining) return;
    this._samples = 0;
    this._draining = true;
    void this._drain().finally(() => {
      this._draining = false;
    });
  }

  /** No drain from now on (the readers are being shut down). */
  close(): void {
    this._closed = true;
  }

  /** Never rejects. */
  private async _drain(): Promise<void> {
    for (const reader of this._readers) {
      await nextTurn();
      if (this._closed) return;
      // Nobody reads the result: the recorders' cells are left out of it (src/record/cell-handoff.ts).
      await collectWithSink(DISCARD_SINK, () => reader.collect()).catch(() => undefined); // shut down meanwhile: nothing to drain
    }
  }
}
