import { mergeSections, mergeWindow } from '../aggregate/merge.ts';
import type { Snapshot } from '../aggregate/types.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { CacheSource } from '../sources/cache-source.ts';
import { ChannelSource } from '../sources/channel-source.ts';
import { envelopeFigures } from '../sources/envelope-source.ts';
import { HistorySource } from '../sources/history-source.ts';
import { PresenceSource } from '../sources/presence-source.ts';
import { recall, sectionSequence } from '../sources/section-memo.ts';
import { TokenSource } from '../sources/token-source.ts';
import type { SectionName } from '../sources/types.ts';

/** A Snapshot without its wall-clock time and errors: the figures alone. */
export type SnapshotFigures = Omit<Snapshot, 'at' | 'errors'>;

/**
 * The figures a snapshot over the reader's six section sources would give
 * now, computed synchronously from the state of the last sample (no new
 * collection): the same sources and the same merge rules as the
 * Aggregator's, without its timeouts and promises. A section the reader's
 * adapters already computed since the last sample (a snapshot's, usually
 * just before the history step) is recalled instead of computed again
 * (src/sources/section-memo.ts). Either way the envelope section's
 * `by_aspect` is a hollow record (src/sources/records.ts), read with
 * `visitFields` (src/history/flatten.ts) as the history does: the figures
 * are never served, so no object of every aspect is built.
 */
export class ReaderFigures {
  private readonly _reader: WindowedReader;
  private readonly _channels: ChannelSource;
  private readonly _presence: PresenceSource;
  private readonly _history: HistorySource;
  private readonly _tokens: TokenSource;
  private readonly _cache: CacheSource;
  /** The computation number at the last sample (see {@link sampled}); undefined before one. */
  private _since: number | undefined;

  constructor(reader: WindowedReader) {
    this._reader = reader;
    this._channels = new ChannelSource(reader);
    this._presence = new PresenceSource(reader);
    this._history = new HistorySource(reader);
    this._tokens = new TokenSource(reader);
    this._cache = new CacheSource(reader);
  }

  /**
   * Call at every sample of the reader, once it is folded (from its
   * `onSample`): sections computed after this call are of that sample's
   * state and may be recalled. Without it, every section is computed.
   */
  sampled(): void {
    this._since = sectionSequence();
  }

  now(): SnapshotFigures {
    const figures: SnapshotFigures = mergeSections([{
      channels: this._section('channels', () => this._channels.channels()),
      envelopes: this._section('envelopes', () => envelopeFigures(this._reader)),
      presence: this._section('presence', () => this._presence.presence()),
      history: this._section('history', () => this._history.history()),
      tokens: this._section('tokens', () => this._tokens.tokens()),
      cache: this._cache.cache(),
    }]);
    const window = mergeWindow([this._channels.window()]);
    if (window !== undefined) figures.window = window;
    return figures;
  }

  /** A section computed since the last sample, or computed now. */
  private _section<T>(section: SectionName, compute: () => T | undefined): T | undefined {
    const recalled = this._since === undefined ? undefined : recall(this._reader, section, this._since);
    return recalled === undefined ? compute() : (recalled.value as T | undefined);
  }
}
