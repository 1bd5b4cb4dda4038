import type { WindowedReader } from '../reader/windowed-reader.ts';
import { round } from './sections.ts';
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
