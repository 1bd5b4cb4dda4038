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
import { ReaderSource } from './reader-source.ts';
import { cacheSection } from './sections.ts';
import type { CacheStats } from './types.ts';

/**
 * Reports the cache section: hit rate over the rate window with the raw
 * hits and misses beside it, current size, evictions over the count
 * window, the same per backend, and the backends that could not be read.
 */
export class CacheSource extends ReaderSource {
  readonly name = 'cache';

  cache(): CacheStats | undefined {
    const r = this.reader;
    if (!r.has(CACHE_LOOKUPS.name) && !r.has(CACHE_EVICTIONS.name) && !r.has(CACHE_SIZE.name) && !r.has(CACHE_ENTRIES.name)) {
      return undefined;
    }
    return cacheSection({
      hits: r.increaseBy(CACHE_LOOKUPS.name, ATTR_CACHE_BACKEND, 'rate', { [ATTR_CACHE_RESULT]: CACHE_RESULT_HIT }),
      misses: r.increaseBy(CACHE_LOOKUPS.name, ATTR_CACHE_BACKEND, 'rate', { [ATTR_CACHE_RESULT]: CACHE_RESULT_MISS }),
      evictions: r.increaseBy(CACHE_EVICTIONS.name, ATTR_CACHE_BACKEND, 'count'),
      size: r.gaugeBy(CACHE_SIZE.name, ATTR_CACHE_BACKEND),
      entries: r.gaugeBy(CACHE_ENTRIES.name, ATTR_CACHE_BACKEND),
      up: r.gaugeBy(CACHE_UP.name, ATTR_CACHE_BACKEND),
    });
  }
}
