import type { Attributes } from '@opentelemetry/api';
import { Ring } from './ring.ts';
import type { Share } from './timeline.ts';

/**
 * One series: an instrument and one attribute set. A counter series keeps
 * its lifetime total and two rings of increases (fine slots for the rate
 * window, coarse slots for the count window); a gauge series keeps its
 * latest value. Memory is fixed whatever the event rate; the rings are
 * allocated on the first non-zero increase.
 */
export class Series {
  readonly key: string;
  readonly attributes: Attributes;
  /** Counters: sum of every increase seen. */
  total = 0;
  /** Gauges: value in the sample `valueSample`. */
  value = 0;
  /** Sample number in which `value` was last set. */
  valueSample = -1;
  /** Clock time of the last sample that reported this series. */
  lastSeenAt = 0;
  fine: Ring | undefined;
  coarse: Ring | undefined;

  constructor(key: string, attributes: Attributes) {
    this.key = key;
    this.attributes = attributes;
  }

  /** Adds a (positive) counter increase observed by a sample, spread over slots as the sample's plan says. */
  addIncrease(delta: number, fine: readonly Share[], coarse: readonly Share[], fineSlots: number, coarseSlots: number): void {
    this.total += delta;
    const fineRing = (this.fine ??= new Ring(fineSlots));
    for (const { index, share } of fine) fineRing.add(index, delta * share);
    const coarseRing = (this.coarse ??= new Ring(coarseSlots));
    for (const { index, share } of coarse) coarseRing.add(index, delta * share);
  }

  /** Gauges read as deltas (observable up-down counters): the running level. */
  level = 0;

  /** Adds a delta to the level and makes it the value of this sample. */
  addToLevel(delta: number, sample: number): void {
    this.level += delta;
    this.value = this.level;
    this.valueSample = sample;
  }

  /** Sets (first stream in a sample) or adds to (further streams) the gauge value. */
  setValue(value: number, sample: number): void {
    if (this.valueSample === sample) this.value += value;
    else {
      this.value = value;
      this.valueSample = sample;
    }
  }
}
