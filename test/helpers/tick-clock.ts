/**
 * An injected clock that counts its reads. A WindowedReader's timer reads
 * the clock once per tick, so `ticks(n)` waits for n more ticks without
 * timing anything (bounded: it gives up after 10 000 turns).
 */
export interface TickClock {
  /** Pass as the reader's `clock`. */
  clock: () => number;
  /** The time the clock reads, in milliseconds. */
  now: number;
  /** Resolves once the clock has been read `n` more times. */
  ticks(n: number): Promise<void>;
}

export function tickClock(start = 0): TickClock {
  let reads = 0;
  const self: TickClock = {
    now: start,
    clock: () => {
      reads++;
      return self.now;
    },
    async ticks(n) {
      const until = reads + n;
      for (let i = 0; i < 10_000 && reads < until; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
  return self;
}
