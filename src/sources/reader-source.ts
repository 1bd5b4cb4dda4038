import type { WindowedReader } from '../reader/windowed-reader.ts';
import type { Source, WindowStats } from './types.ts';

/**
 * Base of the section adapters over a WindowedReader. `refresh()` asks the
 * reader for a sample; concurrent adapters share one collection.
 */
export abstract class ReaderSource implements Source {
  abstract readonly name: string;
  protected readonly reader: WindowedReader;

  constructor(reader: WindowedReader) {
    this.reader = reader;
  }

  refresh(): Promise<void> {
    return this.reader.sample();
  }

  window(): WindowStats {
    const rate = this.reader.coverage('rate');
    const count = this.reader.coverage('count');
    return {
      rate_window_seconds: rate.windowSeconds,
      rate_covered_seconds: round(rate.coveredSeconds),
      count_window_seconds: count.windowSeconds,
      count_covered_seconds: round(count.coveredSeconds),
      partial: rate.partial || count.partial,
    };
  }
}

/** Rounds to 3 decimals: figures for people, not for further arithmetic. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A ratio as a percentage, 0 when the denominator is 0. */
export function pct(part: number, whole: number): number {
  return whole > 0 ? round((part / whole) * 100) : 0;
}
