import { HISTORY_BUFFERED, HISTORY_CAPACITY } from '../instruments.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { ReaderSource } from './reader-source.ts';
import { computeRemembered } from './section-memo.ts';
import { historySection } from './sections.ts';
import type { HistoryStats } from './types.ts';

/** Reports the history section from `parsec.history.buffered` and `.capacity`. */
export class HistorySource extends ReaderSource {
  readonly name = 'history';

  history(): HistoryStats | undefined {
    // Module functions only, no method of `this`: see isReaderSection (src/sources/reader-sources.ts).
    return computeRemembered(this.reader, 'history', historyOf);
  }
}

function historyOf(r: WindowedReader): HistoryStats | undefined {
  if (!r.has(HISTORY_BUFFERED.name) && !r.has(HISTORY_CAPACITY.name)) return undefined;
  return historySection(r.gauge(HISTORY_BUFFERED.name), r.gauge(HISTORY_CAPACITY.name));
}
