import type { MetricReader } from '@opentelemetry/sdk-metrics';

/** A co-reader is drained after this many WindowedReader samples without a collection of its own. */
export const DRAIN_EVERY_SAMPLES = 20;

/**
 * Keeps a cumulative co-reader (the Prometheus exporter, the OTLP reader)
 * from piling up the SDK's per-reader stash.
 *
 * With views, one storage serves every reader, and each collection by one
 * reader stashes what it took for every other reader until that reader
 * collects. The WindowedReader collects every second and on every snapshot;
 * a Prometheus exporter nobody scrapes never collects, so its stash would
 * grow without bound (measured: ~5 MB/s under snapshot load). For a
 * cumulative reader a collection whose result is dropped loses nothing (the
 * next one carries the totals), so after {@link DRAIN_EVERY_SAMPLES} of our
 * samples without a collection of its own the co-reader is collected once.
 */
export class CollectionDrain {
  private readonly _reader: MetricReader;
  private _samplesSinceCollect = 0;

  constructor(reader: MetricReader) {
    this._reader = reader;
    const collect = reader.collect.bind(reader);
    // Instance wrapper: also sees the reader's own collections (scrapes, periodic exports).
    reader.collect = (options) => {
      this._samplesSinceCollect = 0;
      return collect(options);
    };
  }

  /** Called after each WindowedReader sample. */
  afterSample(): void {
    if (++this._samplesSinceCollect < DRAIN_EVERY_SAMPLES) return;
    this._reader.collect().catch(() => undefined); // shut down: nothing to drain
  }
}
