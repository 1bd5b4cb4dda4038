import { mergeSections, mergeWindow } from '../aggregate/merge.ts';
import type { Snapshot } from '../aggregate/types.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { CacheSource } from '../sources/cache-source.ts';
import { ChannelSource } from '../sources/channel-source.ts';
import { EnvelopeSource } from '../sources/envelope-source.ts';
import { HistorySource } from '../sources/history-source.ts';
import { PresenceSource } from '../sources/presence-source.ts';
import { TokenSource } from '../sources/token-source.ts';

/** A Snapshot without its wall-clock time and errors: the figures alone. */
export type SnapshotFigures = Omit<Snapshot, 'at' | 'errors'>;

/**
 * The figures a snapshot over the reader's six section sources would give
 * now, computed synchronously from the state of the last sample (no new
 * collection): the same sources and the same merge rules as the
 * Aggregator's, without its timeouts and promises.
 */
export class ReaderFigures {
  private readonly _channels: ChannelSource;
  private readonly _envelopes: EnvelopeSource;
  private readonly _presence: PresenceSource;
  private readonly _history: HistorySource;
  private readonly _tokens: TokenSource;
  private readonly _cache: CacheSource;

  constructor(reader: WindowedReader) {
    this._channels = new ChannelSource(reader);
    this._envelopes = new EnvelopeSource(reader);
    this._presence = new PresenceSource(reader);
    this._history = new HistorySource(reader);
    this._tokens = new TokenSource(reader);
    this._cache = new CacheSource(reader);
  }

  now(): SnapshotFigures {
    const figures: SnapshotFigures = mergeSections([{
      channels: this._channels.channels(),
      envelopes: this._envelopes.envelopes(),
      presence: this._presence.presence(),
      history: this._history.history(),
      tokens: this._tokens.tokens(),
      cache: this._cache.cache(),
    }]);
    const window = mergeWindow([this._channels.window()]);
    if (window !== undefined) figures.window = window;
    return figures;
  }
}
