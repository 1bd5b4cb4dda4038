/**
 * The recording contract: what Parsec components hand to the recorders.
 * Shapes follow the Go package this reimplements (ChannelLister, ChannelEntry, CacheStatter).
 */

/** One channel, as a ChannelLister lists it. */
export interface ChannelEntry {
  /** Channel name, e.g. `room:lobby`. */
  readonly name: string;
  /** The name pattern the channel belongs to, e.g. `room:*`. */
  readonly pattern: string;
}

/** Returns the current set of channels (the Go package's ChannelLister). */
export interface ChannelLister {
  list(): readonly ChannelEntry[];
}

/** One reading of a cache's statistics (the Go package's cacheStats). */
export interface CacheReading {
  /** Lookups that found their key, cumulative since the cache started. */
  readonly hits: number;
  /** Lookups that did not, cumulative. */
  readonly misses: number;
  /** Entries evicted to make room, cumulative. */
  readonly evictions: number;
  /** Bytes held now. */
  readonly sizeBytes: number;
  /** Entries held now. */
  readonly entries: number;
}

/**
 * Reads a cache's statistics: a function, or an object with `stats()`
 * (the Go package's CacheStatter). It may return a promise (a Redis INFO call).
 */
export type CacheStatter =
  | (() => CacheReading | Promise<CacheReading>)
  | { stats(): CacheReading | Promise<CacheReading> };

/** Options of {@link observeCache}. */
export interface ObserveCacheOptions {
  /** Value of `parsec.cache.backend`, e.g. `memory` or `redis`. Default `memory`. */
  backend?: string;
}

/** One reading of presence across a node's channels. */
export interface PresenceReading {
  /** Users present, summed over channels. */
  readonly users: number;
  /** Agents present, summed over channels. */
  readonly agents: number;
  /** Channels with at least one member present. */
  readonly channels: number;
}

/** One reading of the history buffers. */
export interface HistoryReading {
  /** Envelopes held in history buffers. */
  readonly buffered: number;
  /** Total capacity of the buffers, in envelopes. */
  readonly capacity: number;
}

/** One reading of a token broker that knows how many of its tokens are live. */
export interface TokenReading {
  /** Tokens issued and neither revoked nor expired yet, including those issued before this process started. */
  readonly active: number;
}

/** What the `observe*` functions return: stop reporting this provider. */
export interface Observation {
  /** Stops calling the provider; its last values leave the instruments. Idempotent. */
  unregister(): void;
}
