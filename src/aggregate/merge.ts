import type {
  CacheBackendStats,
  CacheStats,
  ChannelStats,
  EnvelopeStats,
  HistoryStats,
  PresenceStats,
  TokenStats,
  WindowStats,
} from '../sources/types.ts';
import type { SectionName } from '../sources/types.ts';
import { byKey, isKnownRecord } from '../sources/records.ts';
import type { Snapshot } from './types.ts';
import { pct, round } from '../sources/sections.ts';

/**
 * Merge rules (docs/snapshot.md, "Sources and the Aggregator"): counts and sizes are summed field by field and
 * maps key by key; rates and percentages are averaged over the sources that
 * report the section, weighted by their denominators (lookups, capacity,
 * channels with presence) when every source gives them: then the merged
 * percentage is the ratio of the sums itself (the weighted mean without the
 * rounding of each source's figure). Merging is commutative and associative
 * for sums; averages are taken over the whole list at once.
 */

/** The plain mean of some figures; 0 for none. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let total = 0;
  for (const v of values) total += v;
  return round(total / values.length);
}

/** Sums maps key by key; undefined when the result is empty. */
export function sumRecords(records: readonly (Record<string, number> | undefined)[]): Record<string, number> | undefined {
  const present = records.filter((r) => r !== undefined);
  // One source (the usual case): its map as it is, unless empty.
  if (present.length === 1) return hasKeys(present[0] as object) ? present[0] : undefined;
  // A Map, not an object: keys such as `__proto__` or `constructor` are plain keys here.
  const out = new Map<string, number>();
  for (const rec of present) {
    for (const [k, v] of Object.entries(rec)) out.set(k, (out.get(k) ?? 0) + v);
  }
  if (out.size === 0) return undefined;
  // fromEntries defines own properties, so `__proto__` stays a key.
  return Object.fromEntries([...out].sort(byKey));
}

/**
 * A ratio over merged sources: Σ part ÷ Σ whole × scale when every source
 * gives its denominator (one that omits it but reports a ratio of 0 has
 * nothing to divide: its denominator is 0), else the plain mean of the
 * sources' ratios (sources shaped like the Go package's give no denominators).
 */
function ratioOfSums<T>(
  items: readonly T[],
  ratio: (t: T) => number,
  part: (t: T) => number,
  whole: (t: T) => number | undefined,
  scale: number,
): number {
  const wholes = items.map((i) => whole(i) ?? (ratio(i) === 0 ? 0 : undefined));
  if (wholes.some((w) => w === undefined)) return mean(items.map(ratio));
  const den = wholes.reduce((a: number, w) => a + (w as number), 0);
  return den > 0 ? round((sum(items, part) / den) * scale) : 0;
}

/** Whether a record has an own enumerable key; a known record (src/sources/records.ts) has one without enumerating its keys. */
function hasKeys(o: object): boolean {
  if (isKnownRecord(o)) return true;
  for (const _ in o) return true;
  return false;
}

function sum<T>(items: readonly T[], get: (t: T) => number | undefined): number {
  let s = 0;
  for (const t of items) s += get(t) ?? 0;
  return s;
}

export function mergeChannels(items: readonly ChannelStats[]): ChannelStats {
  const out: ChannelStats = { total_active: sum(items, (i) => i.total_active) };
  const byPattern = sumRecords(items.map((i) => i.by_pattern));
  if (byPattern !== undefined) out.by_pattern = byPattern;
  return out;
}

export function mergeEnvelopes(items: readonly EnvelopeStats[]): EnvelopeStats {
  const out: EnvelopeStats = { rate_per_second: mean(items.map((i) => i.rate_per_second)) };
  const byAspect = sumRecords(items.map((i) => i.by_aspect));
  if (byAspect !== undefined) out.by_aspect = byAspect;
  return out;
}

export function mergePresence(items: readonly PresenceStats[]): PresenceStats {
  const out: PresenceStats = {
    total_users: sum(items, (i) => i.total_users),
    total_agents: sum(items, (i) => i.total_agents),
    average_per_channel: ratioOfSums(items, (i) => i.average_per_channel, (i) => i.total_users + i.total_agents, (i) => i.channels, 1),
  };
  const channels = sum(items, (i) => i.channels);
  if (channels > 0) out.channels = channels;
  return out;
}

export function mergeHistory(items: readonly HistoryStats[]): HistoryStats {
  const out: HistoryStats = {
    total_envelopes_buffered: sum(items, (i) => i.total_envelopes_buffered),
    buffer_utilization_pct: ratioOfSums(items, (i) => i.buffer_utilization_pct, (i) => i.total_envelopes_buffered, (i) => i.capacity, 100),
  };
  const capacity = sum(items, (i) => i.capacity);
  if (capacity > 0) out.capacity = capacity;
  return out;
}

export function mergeTokens(items: readonly TokenStats[]): TokenStats {
  return {
    issued_last_hour: sum(items, (i) => i.issued_last_hour),
    revoked_last_hour: sum(items, (i) => i.revoked_last_hour),
    active_count: sum(items, (i) => i.active_count),
  };
}

function lookups(i: { hits?: number | undefined; misses?: number | undefined }): number | undefined {
  return i.hits === undefined || i.misses === undefined ? undefined : i.hits + i.misses;
}

export function mergeCache(items: readonly CacheStats[]): CacheStats {
  const entries = sum(items, (i) => i.size_entries);
  const out: CacheStats = {
    hit_rate_pct: ratioOfSums(items, (i) => i.hit_rate_pct, (i) => i.hits ?? 0, lookups, 100),
    size_bytes: sum(items, (i) => i.size_bytes),
    ...(entries > 0 ? { size_entries: entries } : {}),
    evictions_last_hour: sum(items, (i) => i.evictions_last_hour),
  };
  if (items.some((i) => i.hits !== undefined || i.misses !== undefined)) {
    out.hits = sum(items, (i) => i.hits);
    out.misses = sum(items, (i) => i.misses);
  }
  const backends = new Map<string, CacheBackendStats[]>();
  for (const i of items) {
    for (const [name, b] of Object.entries(i.by_backend ?? {})) backends.set(name, [...(backends.get(name) ?? []), b]);
  }
  if (backends.size > 0) {
    out.by_backend = Object.fromEntries(
      [...backends].sort(byKey).map(([name, list]) => {
        const hits = sum(list, (b) => b.hits);
        const misses = sum(list, (b) => b.misses);
        const merged: CacheBackendStats = {
          hit_rate_pct: pct(hits, hits + misses),
          hits,
          misses,
          size_bytes: sum(list, (b) => b.size_bytes),
          size_entries: sum(list, (b) => b.size_entries),
          evictions_last_hour: sum(list, (b) => b.evictions_last_hour),
        };
        return [name, merged];
      }),
    );
  }
  const unavailable = [...new Set(items.flatMap((i) => i.unavailable ?? []))].sort();
  if (unavailable.length > 0) out.unavailable = unavailable;
  return out;
}

/** What sources reported, one object per source: the sections it reported (absent or undefined where it reported none). */
export type SectionReport = Partial<{ readonly [S in SectionName]: Snapshot[S] | undefined }>;

/** The six sections of a snapshot, each merged over the sources that reported it, in Snapshot order. */
export function mergeSections(reports: readonly SectionReport[]): Pick<Snapshot, SectionName> {
  const pick = <S extends SectionName>(section: S): Snapshot[S][] =>
    reports.flatMap((r) => (r[section] === undefined ? [] : [r[section] as Snapshot[S]]));
  return {
    channels: mergeChannels(pick('channels')),
    envelopes: mergeEnvelopes(pick('envelopes')),
    presence: mergePresence(pick('presence')),
    history: mergeHistory(pick('history')),
    tokens: mergeTokens(pick('tokens')),
    cache: mergeCache(pick('cache')),
  };
}

/** Nodes reporting: summed over the sources that count them; undefined when none does. */
export function mergeNodes(items: readonly number[]): number | undefined {
  return items.length === 0 ? undefined : sum(items, (n) => n);
}

/** Coverage of merged figures: the least covered source bounds them. */
export function mergeWindow(items: readonly WindowStats[]): WindowStats | undefined {
  if (items.length === 0) return undefined;
  return {
    rate_window_seconds: Math.max(...items.map((i) => i.rate_window_seconds)),
    rate_covered_seconds: Math.min(...items.map((i) => i.rate_covered_seconds)),
    count_window_seconds: Math.max(...items.map((i) => i.count_window_seconds)),
    count_covered_seconds: Math.min(...items.map((i) => i.count_covered_seconds)),
    partial: items.some((i) => i.partial),
  };
}
