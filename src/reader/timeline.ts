/** Which window a question is about. */
export type WindowName = 'rate' | 'count';

/** How much of a window the reader has actually seen. */
export interface Coverage {
  /** Configured length of the window, in seconds. */
  windowSeconds: number;
  /** Seconds of the window covered by samples (less than the window while it fills up). */
  coveredSeconds: number;
  /** True while the reader has been sampling for less than the window's length. */
  partial: boolean;
}

interface Meta {
  index: number;
  /** Time of the sample before the slot's first sample: the slot's deltas cover from here. */
  coverStart: number;
}

/** Slot geometry of one window. */
export class WindowGeometry {
  readonly slotMs: number;
  readonly slots: number;
  readonly windowMs: number;
  private readonly _meta: Meta[] = [];

  constructor(windowMs: number, slots: number) {
    this.windowMs = windowMs;
    this.slots = slots;
    this.slotMs = windowMs / slots;
    for (let i = 0; i < slots; i++) this._meta.push({ index: -1, coverStart: 0 });
  }

  indexAt(elapsedMs: number): number {
    return Math.floor(elapsedMs / this.slotMs);
  }

  /** Notes a sample at `index`, whose deltas cover from `previousSampleAt`. */
  noteSample(index: number, previousSampleAt: number): void {
    const meta = this._meta[index % this.slots] as Meta;
    if (meta.index !== index) {
      meta.index = index;
      meta.coverStart = previousSampleAt;
    }
  }

  /** The earliest time covered by the slots in [lo, hi], or undefined when none was sampled. */
  coverStart(lo: number, hi: number): number | undefined {
    let earliest: number | undefined;
    for (const meta of this._meta) {
      if (meta.index >= lo && meta.index <= hi && (earliest === undefined || meta.coverStart < earliest)) earliest = meta.coverStart;
    }
    return earliest;
  }
}

/**
 * The reader's shared sense of time: when sampling started, when the last
 * sample was taken, and which rate-window and count-window slots that
 * falls in. All times come from the injected monotonic clock.
 */
export class Timeline {
  readonly rate: WindowGeometry;
  readonly count: WindowGeometry;
  private _startedAt: number | undefined;
  private _lastSampleAt = 0;

  constructor(rateWindowMs: number, rateSlots: number, countWindowMs: number, countSlots: number) {
    this.rate = new WindowGeometry(rateWindowMs, rateSlots);
    this.count = new WindowGeometry(countWindowMs, countSlots);
  }

  get lastSampleAt(): number {
    return this._lastSampleAt;
  }

  /** Starts the timeline at `now` (idempotent). */
  start(now: number): void {
    if (this._startedAt !== undefined) return;
    this._startedAt = now;
    this._lastSampleAt = now;
  }

  /**
   * Records a sample at `now` and returns its slot indexes. A clock that
   * steps back is clamped to the last sample, so windows never run backwards.
   */
  sample(now: number): { rate: number; count: number } {
    this.start(now);
    const at = Math.max(now, this._lastSampleAt);
    const elapsed = at - (this._startedAt as number);
    const rate = this.rate.indexAt(elapsed);
    const count = this.count.indexAt(elapsed);
    this.rate.noteSample(rate, this._lastSampleAt);
    this.count.noteSample(count, this._lastSampleAt);
    this._lastSampleAt = at;
    return { rate, count };
  }

  /** The rate-window slot a time falls in (the reader's timer runs only after start()). */
  rateSlotAt(time: number): number {
    return this.rate.indexAt(time - (this._startedAt as number));
  }

  /** The slot range [lo, hi] of a window ending at the last sample. */
  range(window: WindowName): { lo: number; hi: number } {
    const g = window === 'rate' ? this.rate : this.count;
    const hi = g.indexAt(this._elapsed());
    // Never below 0: never-written slots hold index -1.
    return { lo: Math.max(0, hi - g.slots + 1), hi };
  }

  /** How much of `window` the samples cover. */
  coverage(window: WindowName): Coverage {
    const g = window === 'rate' ? this.rate : this.count;
    const { lo, hi } = this.range(window);
    const from = g.coverStart(lo, hi) ?? this._lastSampleAt;
    return { windowSeconds: g.windowMs / 1000, coveredSeconds: (this._lastSampleAt - from) / 1000, partial: this._elapsed() < g.windowMs };
  }

  /** Milliseconds from the start to the last sample (0 before the start). */
  private _elapsed(): number {
    return this._lastSampleAt - (this._startedAt ?? this._lastSampleAt);
  }
}
