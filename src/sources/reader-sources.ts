import type { WindowedReader } from '../reader/windowed-reader.ts';
import { CacheSource } from './cache-source.ts';
import { ChannelSource } from './channel-source.ts';
import { EnvelopeSource } from './envelope-source.ts';
import { HistorySource } from './history-source.ts';
import { PresenceSource } from './presence-source.ts';
import { TokenSource } from './token-source.ts';
import type { Source } from './types.ts';

/** The six section adapters over one reader, in Snapshot order. */
export function readerSources(reader: WindowedReader): Source[] {
  return [
    new ChannelSource(reader),
    new EnvelopeSource(reader),
    new PresenceSource(reader),
    new HistorySource(reader),
    new TokenSource(reader),
    new CacheSource(reader),
  ];
}

/** The six adapters' own section methods. */
const READER_SECTIONS: ReadonlySet<unknown> = new Set([
  ChannelSource.prototype.channels,
  EnvelopeSource.prototype.envelopes,
  PresenceSource.prototype.presence,
  HistorySource.prototype.history,
  TokenSource.prototype.tokens,
  CacheSource.prototype.cache,
]);

/**
 * Whether `method` is one of the adapters' own section methods (as they were
 * when this module loaded). Such a method builds its maps with
 * `nonZeroRecord` (src/sources/records.ts), which checks every value, and
 * returns them to its caller with no other code in between, whatever `this`
 * it is called on; so the Aggregator may take a known record it returns as
 * it is instead of checking and copying it.
 */
export function isReaderSection(method: unknown): boolean {
  return READER_SECTIONS.has(method);
}
