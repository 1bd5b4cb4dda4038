import type { WindowedReader } from '../reader/windowed-reader.ts';
import { round } from './sections.ts';
import type { Source, WindowStats } from './types.ts';

const UNREGISTERED = 'the WindowedReader is not registered on a MeterProvider: pass it in the provider\'s readers (NodeSDK: metricReaders) and start the SDK';

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

  /** Samples; a reader that no provider registered yet is an error, never a silent empty section. */
  async refresh(): Promise<void> {
    if (!this.reader.registered) throw new Error(UNREGISTERED);
    await this.reader.sample();
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
