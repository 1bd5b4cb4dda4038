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

/** A part of one sample's increase: the slot it goes to and its share of the increase (shares sum to at most 1). */
export interface Share {
  readonly index: number;
  readonly share: number;
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

  /**
   * Where the increase of a sample at `toElapsed`, covering from
   * `fromElapsed` (the previous sample), goes. After a gap of at most one
   * slot, all of it to the slot the sample lands in. After a longer gap
   * (a blocked event loop, a paused VM) nobody knows when in the gap the
   * events happened, so it is spread evenly over the time of the gap: each
   * slot gets the share of the gap it overlaps, and shares before the
   * ring's oldest slot fall out of the window at once. Each slot written
   * after such a gap covers from its own start, so a window never covers
   * more than its length plus one slot.
   */
  spread(fromElapsed: number, toElapsed: number): Share[] {
    const hi = this.indexAt(toElapsed);
    const gap = toElapsed - fromElapsed;
    if (gap <= this.slotMs) return [{ index: hi, share: 1 }];
    const shares: Share[] = [];
    for (let i = Math.max(this.indexAt(fromElapsed), hi - this.slots + 1); i <= hi; i++) {
      const overlap = Math.min(toElapsed, (i + 1) * this.slotMs) - Math.max(fromElapsed, i * this.slotMs);
      if (overlap > 0) shares.push({ index: i, share: overlap / gap });
    }
    return shares;
  }

  /** Notes the slots of a {@link spread}: what each covers from. */
  noteSpread(shares: readonly Share[], fromElapsed: number, startedAt: number): void {
    const fromIndex = this.indexAt(fromElapsed);
    for (const { index } of shares) {
      // The slot of the previous sample (and the single slot of a short gap) covers from that sample.
      const from = shares.length === 1 || index === fromIndex ? startedAt + fromElapsed : startedAt + index * this.slotMs;
      this.noteSample(index, from);
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

/** Where a sample's increases go: the slots it lands in, and how its increases are spread (see {@link WindowGeometry.spread}). */
export interface SamplePlan {
  rate: number;
  count: number;
  fine: readonly Share[];
  coarse: readonly Share[];
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
   * Records a sample at `now` and returns its slots. A clock that
   * steps back is clamped to the last sample, so windows never run backwards.
   */
  sample(now: number): SamplePlan {
    this.start(now);
    const startedAt = this._startedAt as number;
    const at = Math.max(now, this._lastSampleAt);
    const from = this._lastSampleAt - startedAt;
    const elapsed = at - startedAt;
    const fine = this.rate.spread(from, elapsed);
    const coarse = this.count.spread(from, elapsed);
    this.rate.noteSpread(fine, from, startedAt);
    this.count.noteSpread(coarse, from, startedAt);
    this._lastSampleAt = at;
    return { rate: this.rate.indexAt(elapsed), count: this.count.indexAt(elapsed), fine, coarse };
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
