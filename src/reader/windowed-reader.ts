import { setImmediate as nextTurn } from 'node:timers/promises';
import { MetricReader, type MetricProducer, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidArgumentError } from '../errors/errors.ts';
import { collectWithSink, type CellSink } from '../record/cell-handoff.ts';
import type { Cell } from '../record/label-cells.ts';
import { describeError } from '../diag/describe-value.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { COUNT_SLOTS, RATE_SLOTS, resolveReaderOptions } from './options.ts';
import { cardinalityLimit, temporalityFor } from './sdk-selectors.ts';
import { SeriesStore, type AttributeFilter, type Groups } from './series-store.ts';
import { Timeline, type Coverage, type WindowName } from './timeline.ts';
import type { ReaderHealth, ResolvedReaderOptions, SeriesView, WindowedReaderOptions } from './types.ts';

export { OVERFLOW_ATTRIBUTES, type AttributeFilter, type Groups } from './series-store.ts';
export { OBSERVABLE_CARDINALITY_FACTOR } from './sdk-selectors.ts';

/** Collections of more data points than this are folded in a turn after the collection's. */
export const FOLD_INLINE_MAX_POINTS = 1_000;

/** The shortest sampling gap reported as a stall, in milliseconds. */
const MIN_STALL_MS = 5_000;

/**
 * A MetricReader that keeps short, bounded windows of every instrument it
 * reads. It samples on a timer (default every second, `unref()`'d) and
 * whenever asked ({@link sample}); counters are read with delta temporality,
 * so each sample yields the increase since the previous one, which lands in
 * a fine ring (rate window) and a coarse ring (count window). Gauges keep
 * their latest value.
 *
 * Memory is bounded: each series has two fixed rings (rows of typed
 * arrays, src/reader/series-table.ts), series are capped per instrument
 * with one overflow series, and series unseen for a count window are
 * dropped.
 */
export class WindowedReader extends MetricReader {
  readonly options: ResolvedReaderOptions;
  private readonly _timeline: Timeline;
  private readonly _store: SeriesStore;
  private readonly _diag: ThrottledDiag;
  private _timer: NodeJS.Timeout | undefined;
  private _inFlight: Promise<void> | undefined;
  private _samples = 0;
  private _endSampledSlot = -1;
  private _lastSweepIndex = 0;
  private _isShutdown = false;
  private _registered = false;
  /** The recorder cells handed over during the collection under way. */
  private readonly _handed: [string, Iterable<Cell>][] = [];
  private readonly _sink: CellSink = {
    reads: 'increases',
    counterCells: (spec, cells) => this._handed.push([spec.name, cells]) > 0,
  };

  constructor(options?: WindowedReaderOptions) {
    const resolved = resolveReaderOptions(options);
    super({
      aggregationTemporalitySelector: temporalityFor,
      cardinalitySelector: (type) => cardinalityLimit(type, resolved.maxSeriesPerInstrument),
    });
    this.options = resolved;
    this._timeline = new Timeline(resolved.rateWindowMs, RATE_SLOTS, resolved.countWindowMs, COUNT_SLOTS);
    this._diag = new ThrottledDiag({ clock: resolved.clock });
    this._store = new SeriesStore(this._timeline, resolved.maxSeriesPerInstrument, this._diag);
  }

  /**
   * Called by the MeterProvider that registers this reader. A reader serves
   * one provider: a second registration throws an InvalidArgumentError
   * that says so, instead of the SDK's bare error.
   */
  override setMetricProducer(metricProducer: MetricProducer): void {
    if (this._registered) {
      throw new InvalidArgumentError(
        'reader',
        'a reader no MeterProvider has registered yet (a WindowedReader serves one provider: create one createTelemetryReader() per provider)',
        'a reader already registered on a MeterProvider',
      );
    }
    super.setMetricProducer(metricProducer);
  }

  /** Whether a MeterProvider has registered this reader (until then nothing can be sampled). */
  get registered(): boolean {
    return this._registered;
  }

  /** Shuts the reader down; a second call (say by the app's provider after `telemetry.shutdown()`) does nothing. */
  override async shutdown(options?: { timeoutMillis?: number }): Promise<void> {
    if (this._isShutdown) return;
    await super.shutdown(options);
  }

  protected override onInitialized(): void {
    this._registered = true;
    this._timeline.start(this.options.clock());
    if (this.options.sampleIntervalMs > 0) {
      this._timer = setInterval(() => this._tick(), this.options.sampleIntervalMs);
      this._timer.unref();
    }
  }

  /**
   * A timer tick samples lazily, once per rate-window slot: at the slot's
   * last tick (the next one falls in another slot), so what was recorded
   * during the slot lands in it, as with a sample every tick (off by at most
   * one tick either way), at a fifth of the cost with the default 5 s slots.
   * It also samples when nothing was sampled yet, and when a whole slot went
   * by without a sample (ticks delayed by a blocked event loop).
   * Snapshots still sample every time.
   */
  private _tick(): void {
    const now = this.options.clock();
    const t = this._timeline;
    const slot = t.rateSlotAt(now);
    const lastTickOfSlot = t.rateSlotAt(now + this.options.sampleIntervalMs) !== slot;
    if (this._samples === 0 || (lastTickOfSlot && this._endSampledSlot !== slot) || slot - t.rateSlotAt(t.lastSampleAt) >= 2) {
      if (lastTickOfSlot) this._endSampledSlot = slot;
      void this.sample();
    }
  }

  protected override async onShutdown(): Promise<void> {
    this._isShutdown = true;
    clearInterval(this._timer);
    this._timer = undefined;
  }

  protected override async onForceFlush(): Promise<void> {
    await this.sample();
  }

  /**
   * Takes a sample now: collects every instrument and folds the result into
   * the windows. Concurrent callers share one collection. Never rejects:
   * failures are logged (at most once a minute) and the windows keep what
   * they had.
   */
  sample(): Promise<void> {
    this._inFlight ??= this._sampleOnce().finally(() => {
      this._inFlight = undefined;
    });
    return this._inFlight;
  }

  private async _sampleOnce(): Promise<void> {
    if (this._isShutdown) return;
    try {
      // A hanging observable callback is cut off after collectTimeoutMs; the rest is still read.
      // The recorders hand their counter cells over instead of observing them (src/record/cell-handoff.ts).
      this._handed.length = 0;
      const { resourceMetrics, errors } = await collectWithSink(this._sink, () => this.collect({ timeoutMillis: this.options.collectTimeoutMs }));
      for (const err of errors) {
        this._diag.warn(`collect:${describeError(err)}`, `a metric callback failed: ${describeError(err)}`);
      }
      const at = this.options.clock();
      // A large collection is folded in a turn of its own: the SDK's
      // collection and the fold are two blocks of the event loop, each
      // shorter than both. Until the fold, questions see the previous sample whole.
      if (pointsIn(resourceMetrics) > FOLD_INLINE_MAX_POINTS) await nextTurn();
      const plan = this._timeline.sample(at);
      const count = plan.count;
      this._samples++;
      // Cells first: the SDK's points of a cell read here (other readers' observations) are then known and skipped.
      for (const [name, cells] of this._handed) this._store.foldCells(name, cells, plan);
      this._handed.length = 0;
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) this._store.fold(metric, plan, this._samples);
      }
      if (count !== this._lastSweepIndex) {
        this._lastSweepIndex = count;
        this._sweep();
      }
      this.options.onSample?.();
    } catch (err) {
      this._diag.warn(`sample:${describeError(err)}`, `sampling failed: ${describeError(err)}`);
    }
  }

  /** Drops series unseen for a whole count window (the attribute-free series of an instrument stays). */
  private _sweep(): void {
    this._store.sweep(this._timeline.lastSampleAt - this.options.countWindowMs);
  }

  /** How much of a window the samples cover so far. */
  coverage(window: WindowName): Coverage {
    return this._timeline.coverage(window);
  }

  /** Increase of a counter over a window, summed over its series that match `where`. Never negative. */
  increase(name: string, window: WindowName, where?: AttributeFilter): number {
    let total = 0;
    for (const v of this.increaseBy(name, undefined, window, where).values()) total += v;
    return total;
  }

  /**
   * Increase of a counter over a window, grouped by the value of one
   * attribute key (`_other` for the overflow series, `_invalid` for series
   * without the key). With no key, everything is grouped under `''`.
   */
  increaseBy(name: string, key: string | undefined, window: WindowName, where?: AttributeFilter): Map<string, number> {
    return this._store.increaseBy(name, key, window, where);
  }

  /**
   * {@link increaseBy} as two arrays side by side, `keys` sorted in
   * code-unit order, each group once: cheaper than the Map for many groups
   * (what the snapshot's `by_aspect` is built from).
   */
  increaseGroups(name: string, key: string, window: WindowName, where?: AttributeFilter): Groups {
    return this._store.increaseGroups(name, key, window, where);
  }

  /** Lifetime total of a counter (every increase since the reader started), over matching series. */
  total(name: string, where?: AttributeFilter): number {
    return this._store.total(name, where);
  }

  /** Latest value of a gauge, summed over its series reported in the last sample. */
  gauge(name: string, where?: AttributeFilter): number {
    let total = 0;
    for (const v of this.gaugeBy(name, undefined, where).values()) total += v;
    return total;
  }

  /** Latest value of a gauge grouped by one attribute key (as {@link increaseBy}). */
  gaugeBy(name: string, key: string | undefined, where?: AttributeFilter): Map<string, number> {
    return this._store.gaugeBy(name, key, this._samples, where);
  }

  /** Whether a gauge was reported in the last sample, or a counter has been seen at all. */
  has(name: string): boolean {
    return this._store.has(name, this._samples);
  }

  /** The series currently kept for an instrument. */
  series(name: string): SeriesView[] {
    return this._store.series(name);
  }

  /** Number of series kept, over all instruments. */
  seriesCount(): number {
    return this._store.seriesCount();
  }

  /** Clock time of the last completed sample (the start before any), in milliseconds; never goes back. */
  get lastSampleAt(): number {
    return this._timeline.lastSampleAt;
  }

  /** Sampling health, for `/healthz`. */
  health(): ReaderHealth {
    const lastSampleAt = this._timeline.lastSampleAt;
    const interval = this.options.sampleIntervalMs;
    return {
      lastSampleAt,
      sinceLastSampleMs: Math.max(0, this.options.clock() - lastSampleAt),
      sampleIntervalMs: interval,
      // Ticks sample once per slot: two slots and two ticks without a sample is a stall.
      stallAfterMs: interval === 0 ? Number.POSITIVE_INFINITY : Math.max(MIN_STALL_MS, 2 * (this._timeline.rate.slotMs + interval)),
      shutdown: this._isShutdown,
    };
  }
}

function pointsIn(resourceMetrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) n += metric.dataPoints.length;
  return n;
}
