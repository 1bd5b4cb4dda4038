import { HISTORY_BUFFERED, HISTORY_CAPACITY } from '../instruments.ts';
import { ReaderSource } from './reader-source.ts';
import { historySection } from './sections.ts';
import type { HistoryStats } from './types.ts';

/** Reports the history section from `parsec.history.buffered` and `.capacity`. */
export class HistorySource extends ReaderSource {
  readonly name = 'history';

  history(): HistoryStats | undefined {
    if (!this.reader.has(HISTORY_BUFFERED.name) && !this.reader.has(HISTORY_CAPACITY.name)) return undefined;
    return historySection(this.reader.gauge(HISTORY_BUFFERED.name), this.reader.gauge(HISTORY_CAPACITY.name));
  }
}
