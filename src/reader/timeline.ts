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
  /** Time the slot's deltas cover to: its last sample, or its end when a gap was spread over it. */
  coverEnd: number;
}

/**
 * How a window ending at the last sample reads the slots: per ring
 * position, the slot index it must hold and the weight of its value (the
 * fraction of the time the slot covers that lies inside the window), and
 * the earliest time covered.
 */
export interface WindowWeights {
  /** Per ring position: the slot index whose value counts (-1: none). */
  readonly indexes: Float64Array;
  /** Per ring position: the weight of that slot's value, in [0, 1]. */
  readonly weights: Float64Array;
  /** Earliest time inside the window that the slots cover (the last sample's time when none). */
  readonly coveredFrom: number;
}

/**
 * Slot geometry of one window. The ring holds one position more than the
 * window has slots: the oldest slot, which the window's start cuts, still
 * counts with the part of its time inside the window (see {@link weights}).
 */
export class WindowGeometry {
  readonly slotMs: number;
  readonly slots: number;
  /** Ring positions: `slots + 1`. */
  readonly positions: number;
  readonly windowMs: number;
  private readonly _meta: Meta[] = [];

  constructor(windowMs: number, slots: number) {
    this.windowMs = windowMs;
    this.slots = slots;
    this.positions = slots + 1;
    this.slotMs = windowMs / slots;
    for (let i = 0; i < this.positions; i++) this._meta.push({ index: -1, coverStart: 0, coverEnd: 0 });
  }

  indexAt(elapsedMs: number): number {
    return Math.floor(elapsedMs / this.slotMs);
  }

  /** Notes a sample at `index`, whose deltas cover from `previousSampleAt` to `coverEnd`. */
  noteSample(index: number, previousSampleAt: number, coverEnd = previousSampleAt): void {
    const meta = this._meta[index % this.positions] as Meta;
    if (meta.index !== index) {
      meta.index = index;
      meta.coverStart = previousSampleAt;
    }
    meta.coverEnd = Math.max(meta.coverStart, coverEnd);
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

  /** Notes the slots of a {@link spread} of a sample at `toElapsed`: what each covers, from and to. */
  noteSpread(shares: readonly Share[], fromElapsed: number, startedAt: number, toElapsed: number): void {
    const fromIndex = this.indexAt(fromElapsed);
    const toIndex = this.indexAt(toElapsed);
    for (const { index } of shares) {
      // The slot of the previous sample (and the single slot of a short gap) covers from that sample.
      const from = shares.length === 1 || index === fromIndex ? startedAt + fromElapsed : startedAt + index * this.slotMs;
      // The sample's own slot covers to the sample; the slots of a spread gap to their ends.
      const to = shares.length === 1 || index === toIndex ? startedAt + toElapsed : startedAt + (index + 1) * this.slotMs;
      this.noteSample(index, from, to);
    }
  }

  /**
   * Weights of the ring positions for the window of this geometry's length
   * ending at `end` (the last sample), whose slot index is `hi`: a slot
   * counts with the fraction of the time it covers that lies inside the
   * window. Increases are taken as spread evenly over the time a slot
   * covers, so at a steady rate the weighted sum is the exact count of the
   * window; the oldest slot, cut by the window's start, is the only one
   * weighted below 1, so at any rate the error is at most that slot's
   * count outside the window (one slot's worth, a 1/slots of the window).
   */
  weights(end: number, hi: number): WindowWeights {
    const indexes = new Float64Array(this.positions).fill(-1);
    const weights = new Float64Array(this.positions);
    const start = end - this.windowMs;
    let coveredFrom = end;
    for (let p = 0; p < this.positions; p++) {
      const m = this._meta[p] as Meta;
      if (m.index < 0 || m.index < hi - this.slots || m.index > hi || m.coverEnd <= start) continue;
      const span = m.coverEnd - m.coverStart;
      const from = Math.max(m.coverStart, start);
      indexes[p] = m.index;
      weights[p] = span <= 0 ? 1 : (m.coverEnd - from) / span;
      if (from < coveredFrom) coveredFrom = from;
    }
    return { indexes, weights, coveredFrom };
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
  /** The weights of each window as of the last sample, computed on first use. */
  private readonly _weights: Record<WindowName, WindowWeights | undefined> = { rate: undefined, count: undefined };

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
    this._weights.rate = undefined;
    this._weights.count = undefined;
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
    this.rate.noteSpread(fine, from, startedAt, elapsed);
    this.count.noteSpread(coarse, from, startedAt, elapsed);
    this._lastSampleAt = at;
    this._weights.rate = undefined;
    this._weights.count = undefined;
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

  /** How the window ending at the last sample reads the ring positions (see {@link WindowGeometry.weights}). */
  weights(window: WindowName): WindowWeights {
    const g = window === 'rate' ? this.rate : this.count;
    return (this._weights[window] ??= g.weights(this._lastSampleAt, g.indexAt(this._elapsed())));
  }

  /** How much of `window` the samples cover: at most the window's length. */
  coverage(window: WindowName): Coverage {
    const g = window === 'rate' ? this.rate : this.count;
    const from = this.weights(window).coveredFrom;
    return { windowSeconds: g.windowMs / 1000, coveredSeconds: (this._lastSampleAt - from) / 1000, partial: this._elapsed() < g.windowMs };
  }

  /** Milliseconds from the start to the last sample (0 before the start). */
  private _elapsed(): number {
    return this._lastSampleAt - (this._startedAt ?? this._lastSampleAt);
  }
}
