import { HISTORY_BUFFERED, HISTORY_CAPACITY } from '../instruments.ts';
import { pct, ReaderSource } from './reader-source.ts';
import type { HistoryStats } from './types.ts';

/** Reports the history section from `parsec.history.buffered` and `.capacity`. */
export class HistorySource extends ReaderSource {
  readonly name = 'history';

  history(): HistoryStats | undefined {
    if (!this.reader.has(HISTORY_BUFFERED.name) && !this.reader.has(HISTORY_CAPACITY.name)) return undefined;
    const buffered = this.reader.gauge(HISTORY_BUFFERED.name);
    const capacity = this.reader.gauge(HISTORY_CAPACITY.name);
    const stats: HistoryStats = { total_envelopes_buffered: buffered, buffer_utilization_pct: pct(buffered, capacity) };
    if (capacity > 0) stats.capacity = capacity;
    return stats;
  }
}
