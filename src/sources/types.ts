/**
 * The Source contract and the section types it reports. Field names are the
 * JSON names of the Go package's Snapshot (snake_case), so a section serialises as
 * it is; fields marked "additive" go beyond the Go package without contradicting it.
 */

/** Channel aggregate. */
export interface ChannelStats {
  /** Active channels. */
  total_active: number;
  /** Active channels per name pattern (omitted when empty). */
  by_pattern?: Record<string, number>;
}

/** Publish-rate aggregate. */
export interface EnvelopeStats {
  /** Envelopes per second over the rate window (over the seconds covered while it fills). */
  rate_per_second: number;
  /** Envelopes per aspect in the rate window (omitted when empty). */
  by_aspect?: Record<string, number>;
}

/** Presence aggregate. */
export interface PresenceStats {
  /** Users present, summed over channels. */
  total_users: number;
  /** Agents present, summed over channels. */
  total_agents: number;
  /** (users + agents) / channels with presence; 0 when none. */
  average_per_channel: number;
  /** Additive: channels with presence (the weight when merging; omitted when 0). */
  channels?: number;
}

/** History-buffer aggregate. */
export interface HistoryStats {
  /** Envelopes held in history buffers. */
  total_envelopes_buffered: number;
  /** buffered / capacity × 100; 0 when capacity is 0. */
  buffer_utilization_pct: number;
  /** Additive: total buffer capacity (the weight when merging; omitted when 0). */
  capacity?: number;
}

/** Token aggregate. */
export interface TokenStats {
  /** Tokens issued over the count window. */
  issued_last_hour: number;
  /** Tokens revoked over the count window. */
  revoked_last_hour: number;
  /** Issued − revoked − expired since the reader started; never below 0. */
  active_count: number;
}

/** Cache figures of one backend (additive). */
export interface CacheBackendStats {
  /** hits / (hits + misses) × 100 over the rate window; 0 without lookups. */
  hit_rate_pct: number;
  /** Hits over the rate window. */
  hits: number;
  /** Misses over the rate window. */
  misses: number;
  /** Bytes held now. */
  size_bytes: number;
  /** Entries held now. */
  size_entries: number;
  /** Evictions over the count window. */
  evictions_last_hour: number;
}

/** Cache aggregate. */
export interface CacheStats {
  /** hits / (hits + misses) × 100 over the rate window; 0 without lookups. */
  hit_rate_pct: number;
  /** Bytes held now. */
  size_bytes: number;
  /** Entries held now (omitted when 0). */
  size_entries?: number;
  /** Evictions over the count window. */
  evictions_last_hour: number;
  /** Additive: hits over the rate window. */
  hits?: number;
  /** Additive: misses over the rate window. */
  misses?: number;
  /** Additive: the same figures per `parsec.cache.backend` (omitted when empty). */
  by_backend?: Record<string, CacheBackendStats>;
  /** Additive: backends whose statistics could not be read at the last sample (omitted when none). */
  unavailable?: string[];
}

/** Additive: how much of each window the figures cover. */
export interface WindowStats {
  /** Length of the rate window, in seconds. */
  rate_window_seconds: number;
  /** Seconds of the rate window actually covered. */
  rate_covered_seconds: number;
  /** Length of the count window, in seconds. */
  count_window_seconds: number;
  /** Seconds of the count window actually covered. */
  count_covered_seconds: number;
  /** True while either window is not yet full. */
  partial: boolean;
}

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * A telemetry input. Every section is optional: a source reports what it
 * knows and returns `undefined` (or lacks the method) for the rest, which
 * then neither counts nor dilutes the merge. Methods may be async; each
 * gets an AbortSignal that fires when the source's time is up.
 */
export interface Source {
  /** Name shown in the snapshot's `errors` when the source fails. */
  readonly name?: string;
  /** Called once per snapshot before the sections (e.g. to take a sample). */
  refresh?(signal: AbortSignal): Awaitable<void>;
  channels?(signal: AbortSignal): Awaitable<ChannelStats | undefined>;
  envelopes?(signal: AbortSignal): Awaitable<EnvelopeStats | undefined>;
  presence?(signal: AbortSignal): Awaitable<PresenceStats | undefined>;
  history?(signal: AbortSignal): Awaitable<HistoryStats | undefined>;
  tokens?(signal: AbortSignal): Awaitable<TokenStats | undefined>;
  cache?(signal: AbortSignal): Awaitable<CacheStats | undefined>;
  /** Window coverage of the source's figures. */
  window?(signal: AbortSignal): Awaitable<WindowStats | undefined>;
  /** Additive: nodes the source's figures come from (a cluster source counts the instances reporting). */
  nodes?(signal: AbortSignal): Awaitable<number | undefined>;
}

/** The six section names, in Snapshot order. */
export const SECTIONS = ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache'] as const;

/** One section name. */
export type SectionName = (typeof SECTIONS)[number];
