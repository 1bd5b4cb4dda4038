/** One slot of a ring: the epoch index it holds and what was added to it. */
export interface Slot {
  /** Slot index since the reader started; -1 while never written. */
  index: number;
  /** Sum of what was added while this slot was current. */
  value: number;
}

/**
 * A fixed ring of slots that rotates lazily: writing to slot index `i`
 * reuses position `i % size` and clears it if it held an older index, so
 * an idle ring costs nothing per tick. Every slot is its own object.
 */
export class Ring {
  readonly slots: readonly Slot[];

  constructor(size: number) {
    const slots: Slot[] = [];
    for (let i = 0; i < size; i++) slots.push({ index: -1, value: 0 });
    this.slots = slots;
  }

  /** Adds `delta` to slot `index`. */
  add(index: number, delta: number): void {
    const slot = this.slots[index % this.slots.length] as Slot;
    if (slot.index !== index) {
      slot.index = index;
      slot.value = 0;
    }
    slot.value += delta;
  }

  /** Sum of the slots whose index lies in [lo, hi]. */
  sum(lo: number, hi: number): number {
    let total = 0;
    for (const slot of this.slots) if (slot.index >= lo && slot.index <= hi) total += slot.value;
    return total;
  }
}
