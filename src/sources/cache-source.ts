import {
  ATTR_CACHE_BACKEND,
  ATTR_CACHE_RESULT,
  CACHE_ENTRIES,
  CACHE_EVICTIONS,
  CACHE_LOOKUPS,
  CACHE_RESULT_HIT,
  CACHE_RESULT_MISS,
  CACHE_SIZE,
  CACHE_UP,
} from '../instruments.ts';
import { pct, ReaderSource } from './reader-source.ts';
import type { CacheBackendStats, CacheStats } from './types.ts';

/**
 * Reports the cache section: hit rate over the rate window with the raw
 * hits and misses beside it, current size, evictions over the count
 * window, and the same per backend.
 */
export class CacheSource extends ReaderSource {
  readonly name = 'cache';

  cache(): CacheStats | undefined {
    const r = this.reader;
    if (!r.has(CACHE_LOOKUPS.name) && !r.has(CACHE_EVICTIONS.name) && !r.has(CACHE_SIZE.name) && !r.has(CACHE_ENTRIES.name)) {
      return undefined;
    }
    const hits = r.increaseBy(CACHE_LOOKUPS.name, ATTR_CACHE_BACKEND, 'rate', { [ATTR_CACHE_RESULT]: CACHE_RESULT_HIT });
    const misses = r.increaseBy(CACHE_LOOKUPS.name, ATTR_CACHE_BACKEND, 'rate', { [ATTR_CACHE_RESULT]: CACHE_RESULT_MISS });
    const evictions = r.increaseBy(CACHE_EVICTIONS.name, ATTR_CACHE_BACKEND, 'count');
    const size = r.gaugeBy(CACHE_SIZE.name, ATTR_CACHE_BACKEND);
    const entries = r.gaugeBy(CACHE_ENTRIES.name, ATTR_CACHE_BACKEND);
    const backends = new Set([...hits.keys(), ...misses.keys(), ...evictions.keys(), ...size.keys(), ...entries.keys()]);
    const byBackend: Record<string, CacheBackendStats> = {};
    const total = { hits: 0, misses: 0, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 };
    for (const backend of [...backends].sort()) {
      const b = {
        hits: hits.get(backend) ?? 0,
        misses: misses.get(backend) ?? 0,
        size_bytes: size.get(backend) ?? 0,
        size_entries: entries.get(backend) ?? 0,
        evictions_last_hour: evictions.get(backend) ?? 0,
      };
      byBackend[backend] = { hit_rate_pct: pct(b.hits, b.hits + b.misses), ...b };
      total.hits += b.hits;
      total.misses += b.misses;
      total.size_bytes += b.size_bytes;
      total.size_entries += b.size_entries;
      total.evictions_last_hour += b.evictions_last_hour;
    }
    const stats: CacheStats = {
      hit_rate_pct: pct(total.hits, total.hits + total.misses),
      size_bytes: total.size_bytes,
      ...(total.size_entries > 0 ? { size_entries: total.size_entries } : {}),
      evictions_last_hour: total.evictions_last_hour,
      hits: total.hits,
      misses: total.misses,
    };
    if (backends.size > 0) stats.by_backend = byBackend;
    const down = [...r.gaugeBy(CACHE_UP.name, ATTR_CACHE_BACKEND)].filter(([, v]) => v === 0).map(([b]) => b).sort();
    if (down.length > 0) stats.unavailable = down;
    return stats;
  }
}
