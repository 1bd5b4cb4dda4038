import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  MetricReader,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { InvalidArgumentError } from '../errors/errors.ts';
import { describeError } from '../diag/describe-value.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { INSTRUMENTS, type InstrumentKind } from '../instruments.ts';
import { attributesKey } from './attributes-key.ts';
import { groupName } from './group-name.ts';
import { COUNT_SLOTS, RATE_SLOTS, resolveReaderOptions } from './options.ts';
import { Series } from './series.ts';
import { Timeline, type Coverage, type SamplePlan, type WindowName } from './timeline.ts';
import type { ReaderHealth, ResolvedReaderOptions, SeriesView, WindowedReaderOptions } from './types.ts';

/** The shortest sampling gap reported as a stall, in milliseconds. */
const MIN_STALL_MS = 5_000;

/** Attribute set of the overflow series (the SDK uses the same for its own overflow). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const OVERFLOW_KEY = attributesKey(OVERFLOW_ATTRIBUTES);

type Kind = InstrumentKind;

const CONTRACT_KINDS = new Map<string, Kind>(INSTRUMENTS.map((i) => [i.name, i.kind]));

interface Instrument {
  readonly name: string;
  readonly kind: Kind;
  readonly series: Map<string, Series>;
}

/** The filter of a grouped question: only series whose attributes hold these values. */
export type AttributeFilter = Readonly<Record<string, string>>;

/**
 * A MetricReader that keeps short, bounded windows of every instrument it
 * reads. It samples on a timer (default every second, `unref()`'d) and
 * whenever asked ({@link sample}); counters are read with delta temporality,
 * so each sample yields the increase since the previous one, which lands in
 * a fine ring (rate window) and a coarse ring (count window). Gauges keep
 * their latest value.
 *
 * Memory is bounded: each series has two fixed rings, series are capped per
 * instrument with one overflow series, and series unseen for a count window
 * are dropped.
 */
export class WindowedReader extends MetricReader {
  readonly options: ResolvedReaderOptions;
  private readonly _timeline: Timeline;
  private readonly _instruments = new Map<string, Instrument>();
  private readonly _diag: ThrottledDiag;
  private _timer: NodeJS.Timeout | undefined;
  private _inFlight: Promise<void> | undefined;
  private _samples = 0;
  private _endSampledSlot = -1;
  private _lastSweepIndex = 0;
  private _isShutdown = false;
  private _registered = false;

  constructor(options?: WindowedReaderOptions) {
    const resolved = resolveReaderOptions(options);
    super({
      aggregationTemporalitySelector: temporalityFor,
      cardinalitySelector: (type) => cardinalityLimit(type, resolved.maxSeriesPerInstrument),
    });
    this.options = resolved;
    this._timeline = new Timeline(resolved.rateWindowMs, RATE_SLOTS, resolved.countWindowMs, COUNT_SLOTS);
    this._diag = new ThrottledDiag({ clock: resolved.clock });
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
      const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this.options.collectTimeoutMs });
      for (const err of errors) {
        this._diag.warn(`collect:${describeError(err)}`, `a metric callback failed: ${describeError(err)}`);
      }
      const plan = this._timeline.sample(this.options.clock());
      const count = plan.count;
      this._samples++;
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) this._fold(metric, plan);
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

  private _fold(metric: MetricData, plan: SamplePlan): void {
    const delta = metric.aggregationTemporality === AggregationTemporality.DELTA;
    let kind: Kind;
    if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic && delta) {
      kind = 'counter';
    } else if (metric.dataPointType === DataPointType.GAUGE || (metric.dataPointType === DataPointType.SUM && !metric.isMonotonic)) {
      kind = 'gauge';
    } else {
      this._diag.warn(`unsupported:${metric.descriptor.name}`, `instrument "${metric.descriptor.name}" is neither a counter nor a gauge; ignored`);
      return;
    }
    const name = metric.descriptor.name;
    let instrument = this._instruments.get(name);
    if (instrument === undefined) {
      // A name of the contract is read as the contract says; any other name as its first stream.
      instrument = { name, kind: CONTRACT_KINDS.get(name) ?? kind, series: new Map() };
      this._instruments.set(name, instrument);
    }
    if (instrument.kind !== kind) {
      this._diag.warn(`kind:${name}`, `instrument "${name}" is recorded both as a counter and as a gauge; the ${kind} stream is ignored`);
      return;
    }
    const now = this._timeline.lastSampleAt;
    for (const point of metric.dataPoints) {
      const value = point.value as number;
      if (!Number.isFinite(value)) continue;
      const series = this._seriesFor(instrument, point.attributes);
      series.lastSeenAt = now;
      if (kind === 'counter') {
        if (value > 0) series.addIncrease(value, plan.fine, plan.coarse, RATE_SLOTS, COUNT_SLOTS);
      } else if (metric.dataPointType === DataPointType.SUM && delta) {
        series.addToLevel(value, this._samples);
      } else {
        series.setValue(value, this._samples);
      }
    }
  }

  private _seriesFor(instrument: Instrument, attributes: Attributes): Series {
    const key = attributesKey(attributes);
    let series = instrument.series.get(key);
    if (series !== undefined) return series;
    if (instrument.series.size >= this.options.maxSeriesPerInstrument && key !== OVERFLOW_KEY) {
      series = instrument.series.get(OVERFLOW_KEY);
      if (series !== undefined) return series;
      this._diag.warn(`overflow:${instrument.name}`, `instrument "${instrument.name}" exceeded ${this.options.maxSeriesPerInstrument} series; further attribute sets are counted in the overflow series`);
      series = new Series(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES);
    } else {
      series = new Series(key, attributes);
    }
    instrument.series.set(series.key, series);
    return series;
  }

  /** Drops series unseen for a whole count window (the attribute-free series of an instrument stays). */
  private _sweep(): void {
    const horizon = this._timeline.lastSampleAt - this.options.countWindowMs;
    for (const instrument of this._instruments.values()) {
      for (const [key, series] of instrument.series) {
        if (key !== '' && series.lastSeenAt < horizon) instrument.series.delete(key);
      }
    }
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
    const out = new Map<string, number>();
    const instrument = this._instruments.get(name);
    if (instrument === undefined || instrument.kind !== 'counter') return out;
    const { lo, hi } = this._timeline.range(window);
    for (const series of instrument.series.values()) {
      if (!matches(series, where)) continue;
      const ring = window === 'rate' ? series.fine : series.coarse;
      const inc = ring === undefined ? 0 : ring.sum(lo, hi);
      const group = groupOf(series, key);
      out.set(group, (out.get(group) ?? 0) + inc);
    }
    return out;
  }

  /** Lifetime total of a counter (every increase since the reader started), over matching series. */
  total(name: string, where?: AttributeFilter): number {
    const instrument = this._instruments.get(name);
    if (instrument === undefined || instrument.kind !== 'counter') return 0;
    let total = 0;
    for (const series of instrument.series.values()) if (matches(series, where)) total += series.total;
    return total;
  }

  /** Latest value of a gauge, summed over its series reported in the last sample. */
  gauge(name: string, where?: AttributeFilter): number {
    let total = 0;
    for (const v of this.gaugeBy(name, undefined, where).values()) total += v;
    return total;
  }

  /** Latest value of a gauge grouped by one attribute key (as {@link increaseBy}). */
  gaugeBy(name: string, key: string | undefined, where?: AttributeFilter): Map<string, number> {
    const out = new Map<string, number>();
    const instrument = this._instruments.get(name);
    if (instrument === undefined || instrument.kind !== 'gauge') return out;
    for (const series of instrument.series.values()) {
      if (series.valueSample !== this._samples || !matches(series, where)) continue;
      const group = groupOf(series, key);
      out.set(group, (out.get(group) ?? 0) + series.value);
    }
    return out;
  }

  /** Whether a gauge was reported in the last sample, or a counter has been seen at all. */
  has(name: string): boolean {
    const instrument = this._instruments.get(name);
    if (instrument === undefined) return false;
    if (instrument.kind === 'counter') return instrument.series.size > 0;
    for (const series of instrument.series.values()) if (series.valueSample === this._samples) return true;
    return false;
  }

  /** The series currently kept for an instrument. */
  series(name: string): SeriesView[] {
    const instrument = this._instruments.get(name);
    if (instrument === undefined) return [];
    return [...instrument.series.values()].map((s) => ({ attributes: s.attributes, overflow: s.key === OVERFLOW_KEY }));
  }

  /** Number of series kept, over all instruments. */
  seriesCount(): number {
    let n = 0;
    for (const instrument of this._instruments.values()) n += instrument.series.size;
    return n;
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

/**
 * Temporality per instrument type. Counters are read as deltas (the
 * increase since the last sample, with the SDK turning a cumulative
 * observation that went down into a new run). Observable gauges and
 * observable up-down counters are read as deltas too, so an attribute set
 * that is no longer observed disappears instead of repeating its last
 * value forever; synchronous gauges and up-down counters are cumulative,
 * since their last value stands until changed.
 */
function temporalityFor(type: InstrumentType): AggregationTemporality {
  return type === InstrumentType.GAUGE || type === InstrumentType.UP_DOWN_COUNTER
    ? AggregationTemporality.CUMULATIVE
    : AggregationTemporality.DELTA;
}

/** How many observable attribute sets the SDK tracks per series cap, see {@link cardinalityLimit}. */
export const OBSERVABLE_CARDINALITY_FACTOR = 10;

/**
 * The SDK's per-reader cardinality limit. For synchronous instruments it is
 * our own cap (+1 for the SDK's overflow set), so a flood costs the SDK no
 * more than it costs us. For observable instruments it is 10× the cap: the
 * SDK turns their cumulative observations into deltas per attribute set,
 * and past its limit it diffs unrelated sets against each other (wrong
 * counts), so our own cap must be the one that overflows.
 */
function cardinalityLimit(type: InstrumentType, cap: number): number {
  const observable = type === InstrumentType.OBSERVABLE_COUNTER || type === InstrumentType.OBSERVABLE_GAUGE || type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER;
  return observable ? cap * OBSERVABLE_CARDINALITY_FACTOR + 1 : cap + 1;
}

function matches(series: Series, where: AttributeFilter | undefined): boolean {
  if (where === undefined) return true;
  for (const k in where) if (series.attributes[k] !== where[k]) return false;
  return true;
}

function groupOf(series: Series, key: string | undefined): string {
  if (key === undefined) return '';
  const v = series.attributes[key];
  return groupName(series.key === OVERFLOW_KEY, v === undefined ? undefined : String(v));
}

