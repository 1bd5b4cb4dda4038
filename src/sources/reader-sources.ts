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
