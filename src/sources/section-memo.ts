import type { WindowedReader } from '../reader/windowed-reader.ts';
import { entriesOf, hollowRecord } from './records.ts';
import type { SectionName } from './types.ts';

/** A section as an adapter last computed it over a reader, with the number of that computation. */
export interface Recalled {
  /** The section's numbers copied, its maps as hollow records sharing their entries; undefined when the section was not reported. */
  readonly value: object | undefined;
  readonly sequence: number;
}

/** Counts the computations remembered, over all readers: a later one has a higher number. */
let sequence = 0;
const memos = new WeakMap<WindowedReader, Map<SectionName, Recalled>>();

/**
 * The number of the last computation remembered. Taken at a sample of the
 * reader (src/history/reader-figures.ts `sampled`), it tells the
 * computations made from that sample's state (a higher number) from those
 * made before it: the reader's figures change only in a sample, which calls
 * its `onSample` when done.
 */
export function sectionSequence(): number {
  return sequence;
}

/**
 * Remembers what an adapter just computed for `section` (see
 * {@link computeRemembered}), as a copy no caller can change: numbers
 * copied, maps as hollow records over the entries src/sources/records.ts
 * built them from. A section with anything else (the cache's by_backend and
 * unavailable) is not remembered, and is computed again when asked for.
 */
export function remember(reader: WindowedReader, section: SectionName, stats: object | undefined): void {
  let value: Record<string, unknown> | undefined;
  if (stats !== undefined) {
    value = {};
    for (const [field, v] of Object.entries(stats)) {
      const entries = typeof v === 'object' && v !== null ? entriesOf(v) : undefined;
      if (entries !== undefined) value[field] = hollowRecord(entries);
      else if (typeof v === 'number') value[field] = v;
      else return;
    }
  }
  let memo = memos.get(reader);
  if (memo === undefined) {
    memo = new Map();
    memos.set(reader, memo);
  }
  memo.set(section, { value, sequence: ++sequence });
}

/** The section last remembered for `reader` when it was computed after computation number `since`; else undefined. */
export function recall(reader: WindowedReader, section: SectionName, since: number): Recalled | undefined {
  const recalled = memos.get(reader)?.get(section);
  return recalled !== undefined && recalled.sequence > since ? recalled : undefined;
}

/**
 * The body of an adapter's section method: the section computed from the
 * reader by `compute` (a module function, see `isReaderSection` in
 * src/sources/reader-sources.ts), remembered ({@link remember}) and returned.
 */
export function computeRemembered<T extends object>(reader: WindowedReader, section: SectionName, compute: (r: WindowedReader) => T | undefined): T | undefined {
  const stats = compute(reader);
  remember(reader, section, stats);
  return stats;
}
