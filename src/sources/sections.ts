import { nonZeroRecord, nonZeroSortedRecord } from './records.ts';
import type { CacheBackendStats, CacheStats, ChannelStats, EnvelopeStats, HistoryStats, PresenceStats, TokenStats } from './types.ts';

/**
 * The arithmetic of docs/snapshot.md, once: every source that knows the raw figures
 * (the WindowedReader's adapters, the PromQL source) builds its sections
 * here. Counts may arrive fractional (Prometheus extrapolates) and are
 * rounded to whole numbers; gauges and ratios to 3 decimals.
 */

/** Rounds to 3 decimals: figures for people, not for further arithmetic. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A ratio as a percentage, 0 when the denominator is 0. */
export function pct(part: number, whole: number): number {
  return whole > 0 ? round((part / whole) * 100) : 0;
}

/** The shortest time a rate is taken over, in seconds. */
export const MIN_RATE_SECONDS = 1;

function sumOf(map: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of map.values()) s += v;
  return s;
}

function wholeCounts(map: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of map) out.set(k, Math.round(v));
  return out;
}

/** Channels from the active channels per pattern. */
export function channelsSection(byPattern: ReadonlyMap<string, number>): ChannelStats {
  const stats: ChannelStats = { total_active: round(sumOf(byPattern)) };
  const record = nonZeroRecord(byPattern);
  if (record !== undefined) stats.by_pattern = record;
  return stats;
}

/** Envelopes from the increase per aspect over the rate window and the seconds it covers (at least 1 s). */
export function envelopesSection(byAspect: ReadonlyMap<string, number>, coveredSeconds: number): EnvelopeStats {
  const stats: EnvelopeStats = { rate_per_second: round(sumOf(byAspect) / Math.max(MIN_RATE_SECONDS, coveredSeconds)) };
  const record = nonZeroRecord(byAspect, true);
  if (record !== undefined) stats.by_aspect = record;
  return stats;
}

/**
 * {@link envelopesSection} of the reader's sorted groups
 * (WindowedReader.increaseGroups), whose values it takes over; `hollow` for
 * figures never served (the history's, src/sources/records.ts `hollowRecord`).
 */
export function envelopesSectionOf(byAspect: { readonly keys: readonly string[]; readonly values: Float64Array }, coveredSeconds: number, hollow: boolean): EnvelopeStats {
  let total = 0;
  for (const v of byAspect.values) total += v;
  const stats: EnvelopeStats = { rate_per_second: round(total / Math.max(MIN_RATE_SECONDS, coveredSeconds)) };
  const record = nonZeroSortedRecord(byAspect.keys, byAspect.values, hollow);
  if (record !== undefined) stats.by_aspect = record;
  return stats;
}

/** Presence from the members and the channels with presence. */
export function presenceSection(usersRaw: number, agentsRaw: number, channelsRaw: number): PresenceStats {
  const users = round(usersRaw);
  const agents = round(agentsRaw);
  const channels = round(channelsRaw);
  const stats: PresenceStats = {
    total_users: users,
    total_agents: agents,
    average_per_channel: channels > 0 ? round((users + agents) / channels) : 0,
  };
  if (channels > 0) stats.channels = channels;
  return stats;
}

/** History from the envelopes buffered and the buffers' capacity. */
export function historySection(bufferedRaw: number, capacityRaw: number): HistoryStats {
  const buffered = round(bufferedRaw);
  const capacity = round(capacityRaw);
  const stats: HistoryStats = { total_envelopes_buffered: buffered, buffer_utilization_pct: pct(buffered, capacity) };
  if (capacity > 0) stats.capacity = capacity;
  return stats;
}

/**
 * Tokens from the increases over the count window and the lifetime totals;
 * `active_count` is the live count a token broker reports when there is one
 * (`parsec.tokens.active`), else issued − revoked − expired, never below 0.
 */
export function tokensSection(
  issuedInWindow: number,
  revokedInWindow: number,
  issuedTotal: number,
  revokedTotal: number,
  expiredTotal: number,
  reportedActive?: number,
): TokenStats {
  const active = reportedActive ?? issuedTotal - revokedTotal - expiredTotal;
  return {
    issued_last_hour: Math.round(issuedInWindow),
    revoked_last_hour: Math.round(revokedInWindow),
    active_count: Math.max(0, Math.round(active)),
  };
}

/** The raw cache figures, each by `parsec.cache.backend`. */
export interface CacheFigures {
  /** Hits over the rate window. */
  hits: ReadonlyMap<string, number>;
  /** Misses over the rate window. */
  misses: ReadonlyMap<string, number>;
  /** Evictions over the count window. */
  evictions: ReadonlyMap<string, number>;
  /** Bytes held now. */
  size: ReadonlyMap<string, number>;
  /** Entries held now. */
  entries: ReadonlyMap<string, number>;
  /** 1 when the backend's statistics could be read at the last collection, 0 when not. */
  up: ReadonlyMap<string, number>;
}

/** The cache section: totals, hit rate as a ratio of sums, the same per backend, and the backends down. */
export function cacheSection(f: CacheFigures): CacheStats {
  const hits = wholeCounts(f.hits);
  const misses = wholeCounts(f.misses);
  const evictions = wholeCounts(f.evictions);
  const backends = [...new Set([...hits.keys(), ...misses.keys(), ...evictions.keys(), ...f.size.keys(), ...f.entries.keys()])].sort();
  // Entries, made a record at the end: a backend named `__proto__` stays a key.
  const byBackend: [string, CacheBackendStats][] = [];
  const total = { hits: 0, misses: 0, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 };
  for (const backend of backends) {
    const b = {
      hits: hits.get(backend) ?? 0,
      misses: misses.get(backend) ?? 0,
      size_bytes: round(f.size.get(backend) ?? 0),
      size_entries: round(f.entries.get(backend) ?? 0),
      evictions_last_hour: evictions.get(backend) ?? 0,
    };
    byBackend.push([backend, { hit_rate_pct: pct(b.hits, b.hits + b.misses), ...b }]);
    total.hits += b.hits;
    total.misses += b.misses;
    total.size_bytes += b.size_bytes;
    total.size_entries += b.size_entries;
    total.evictions_last_hour += b.evictions_last_hour;
  }
  const stats: CacheStats = {
    hit_rate_pct: pct(total.hits, total.hits + total.misses),
    size_bytes: round(total.size_bytes),
    ...(total.size_entries > 0 ? { size_entries: round(total.size_entries) } : {}),
    evictions_last_hour: total.evictions_last_hour,
    hits: total.hits,
    misses: total.misses,
  };
  if (backends.length > 0) stats.by_backend = Object.fromEntries(byBackend);
  const down = [...f.up].filter(([, v]) => v === 0).map(([b]) => b).sort();
  if (down.length > 0) stats.unavailable = down;
  return stats;
}
