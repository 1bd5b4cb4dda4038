import type {
  CacheStats,
  ChannelStats,
  EnvelopeStats,
  HistoryStats,
  PresenceStats,
  TokenStats,
  WindowStats,
} from '../sources/types.ts';

/** A source that failed during a snapshot (message only, never a stack). */
export interface SourceError {
  /** The source's name (or `source #N`). */
  source: string;
  /** What went wrong. */
  message: string;
}

/** The aggregated `/parsec/metrics` response: a plain value, serialised as it is. */
export interface Snapshot {
  /** Channel aggregate. */
  channels: ChannelStats;
  /** Publish-rate aggregate. */
  envelopes: EnvelopeStats;
  /** Presence aggregate. */
  presence: PresenceStats;
  /** History-buffer aggregate. */
  history: HistoryStats;
  /** Token aggregate. */
  tokens: TokenStats;
  /** Cache aggregate. */
  cache: CacheStats;
  /** When the snapshot was taken (wall clock, ISO 8601). */
  at: string;
  /** Additive: nodes reporting, summed over the sources that count them (omitted when none does). */
  nodes?: number;
  /** Additive: how much of the rate and count windows the figures cover (omitted when no source says). */
  window?: WindowStats;
  /** Additive: sources that failed or timed out (omitted when none did). */
  errors?: SourceError[];
}

/** Options of the {@link Aggregator} constructor. */
export interface AggregatorOptions {
  /** The sources to merge. */
  sources: readonly import('../sources/types.ts').Source[];
  /** Time each source may take per snapshot, in milliseconds. Default 1 000. */
  sourceTimeoutMs?: number;
  /** Wall clock for `at`, in milliseconds since the epoch. Default `Date.now`. */
  wallClock?: () => number;
  /** Called once per failed source per snapshot (e.g. to count errors). */
  onSourceError?: (error: SourceError) => void;
}
