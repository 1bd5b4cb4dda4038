import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import { recorderDiag } from '../diag/throttled-diag.ts';
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
import { DEFAULT_MAX_LABELS, ProviderRegistry, providerFailed, type MeterRecorders } from './meter-recorders.ts';
import { Monotonic } from './monotonic.ts';
import { isValidReading, keepable, sanitizeLabel } from './sanitize.ts';
import type { CacheReading } from './types.ts';
import { withTimeout } from '../timing/with-timeout.ts';

/**
 * Time an async cache statter may take before its reading is skipped, in
 * milliseconds: below the reader's default collect timeout (750 ms), so one
 * slow cache costs its own reading, not the whole cache callback.
 */
export const CACHE_READ_TIMEOUT_MS = 500;

interface CacheProvider {
  readonly id: number;
  readonly read: () => CacheReading | Promise<CacheReading>;
  readonly backend: string;
  readonly hits: Monotonic;
  readonly misses: Monotonic;
  readonly evictions: Monotonic;
  sizeBytes: number;
  entries: number;
  /** Whether the last reading succeeded. */
  up: boolean;
  /** Readings asked for so far: the number of the latest. */
  asked: number;
  /** The number of the latest reading applied (0 before the first). */
  applied: number;
}

interface CacheTotals {
  hits: number;
  misses: number;
  evictions: number;
  sizeBytes: number;
  entries: number;
  up: number;
}

interface CacheAttributes {
  readonly hit: Attributes;
  readonly miss: Attributes;
  readonly backend: Attributes;
}

interface CacheState {
  readonly providers: ProviderRegistry<CacheProvider>;
  /** Frozen attribute sets per cache backend label, capped like every label map. */
  readonly attributes: Map<string, CacheAttributes>;
}

const CACHE = Symbol('cache');

/**
 * Adds a cache statter to the cache instruments (created on first use);
 * returns its removal. Its cumulative fields count from its first reading
 * (see src/record/monotonic.ts).
 */
export function addCacheRecorder(recorders: MeterRecorders, read: () => CacheReading | Promise<CacheReading>, backendRaw: unknown): () => void {
  const backend = keepable(sanitizeLabel('cache backend', backendRaw));
  const state = recorders.family(CACHE, createCacheState);
  const { provider, remove } = state.providers.register((id) => ({
    id,
    read,
    backend,
    hits: new Monotonic(),
    misses: new Monotonic(),
    evictions: new Monotonic(),
    sizeBytes: 0,
    entries: 0,
    up: true,
    asked: 0,
    applied: 0,
  }));
  // Take the baseline now (at once when the statter answers synchronously),
  // so that lookups between registration and the first collection are counted.
  void takeReading(provider);
  return remove;
}

function createCacheState(r: MeterRecorders): CacheState {
  const state: CacheState = { providers: new ProviderRegistry<CacheProvider>(), attributes: new Map<string, CacheAttributes>() };
  const lookups = r.observable('counter', CACHE_LOOKUPS);
  const evictions = r.observable('counter', CACHE_EVICTIONS);
  const size = r.observable('gauge', CACHE_SIZE);
  const entries = r.observable('gauge', CACHE_ENTRIES);
  const up = r.observable('gauge', CACHE_UP);
  r.meter.addBatchObservableCallback(async (result: BatchObservableResult) => {
    const providers = [...state.providers];
    await Promise.all(providers.map((p) => refreshCache(p)));
    const byBackend = new Map<string, CacheTotals>();
    for (const p of providers) {
      const t = byBackend.get(p.backend) ?? { hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0, up: 1 };
      t.hits += p.hits.total;
      t.misses += p.misses.total;
      t.evictions += p.evictions.total;
      t.sizeBytes += p.sizeBytes;
      t.entries += p.entries;
      if (!p.up) t.up = 0;
      byBackend.set(p.backend, t);
    }
    for (const [backend, t] of byBackend) {
      const attrs = cacheAttributes(state, backend);
      result.observe(lookups, t.hits, attrs.hit);
      result.observe(lookups, t.misses, attrs.miss);
      result.observe(evictions, t.evictions, attrs.backend);
      result.observe(size, t.sizeBytes, attrs.backend);
      result.observe(entries, t.entries, attrs.backend);
      result.observe(up, t.up, attrs.backend);
    }
  }, [lookups, evictions, size, entries, up]);
  return state;
}

function cacheAttributes(state: CacheState, backend: string): CacheAttributes {
  let a = state.attributes.get(backend);
  if (a === undefined) {
    a = {
      hit: Object.freeze({ [ATTR_CACHE_RESULT]: CACHE_RESULT_HIT, [ATTR_CACHE_BACKEND]: backend }),
      miss: Object.freeze({ [ATTR_CACHE_RESULT]: CACHE_RESULT_MISS, [ATTR_CACHE_BACKEND]: backend }),
      backend: Object.freeze({ [ATTR_CACHE_BACKEND]: backend }),
    };
    if (state.attributes.size < DEFAULT_MAX_LABELS) state.attributes.set(backend, a);
  }
  return a;
}

async function refreshCache(p: CacheProvider): Promise<void> {
  p.up = await takeReading(p);
}

/**
 * Asks the statter for a reading and applies it; resolves whether the
 * statter answered with a usable reading, and never rejects. A synchronous
 * answer is applied before this returns; an async one is awaited at most
 * {@link CACHE_READ_TIMEOUT_MS}. Readings apply in the order they were
 * asked for: an answer that lands after a later-asked reading was applied
 * is stale and dropped (it leaves `up` as it is), since applying it would
 * look like a counter going down, which src/record/monotonic.ts takes for a
 * reset.
 */
async function takeReading(p: CacheProvider): Promise<boolean> {
  const number = ++p.asked;
  let usable = false;
  try {
    const pending = p.read();
    const reading = isPromise(pending)
      ? await withTimeout(pending, CACHE_READ_TIMEOUT_MS, () => {
          throw new Error(`no answer within ${CACHE_READ_TIMEOUT_MS} ms`);
        })
      : pending;
    if (number < p.applied) usable = p.up;
    else {
      p.applied = number;
      usable = applyCacheReading(p, reading);
    }
  } catch (err) {
    providerFailed('cache statter', p.id, err);
  }
  return usable;
}

/** Applies a reading; false when it was unusable (not an object). Throws what reading a hostile object throws. */
function applyCacheReading(p: CacheProvider, r: CacheReading): boolean {
  if (r === null || typeof r !== 'object') {
    providerFailed('cache statter', p.id, new TypeError('stats() did not return an object'));
    return false;
  }
  const bad: string[] = [];
  if (isValidReading(r.hits)) p.hits.update(r.hits); else bad.push('hits');
  if (isValidReading(r.misses)) p.misses.update(r.misses); else bad.push('misses');
  if (isValidReading(r.evictions)) p.evictions.update(r.evictions); else bad.push('evictions');
  if (isValidReading(r.sizeBytes)) p.sizeBytes = r.sizeBytes; else bad.push('sizeBytes');
  if (isValidReading(r.entries)) p.entries = r.entries; else bad.push('entries');
  if (bad.length > 0) {
    recorderDiag.warn(`reading:cache:${p.id}`, () => `cache statter #${p.id}: ignored invalid ${bad.join(', ')} (must be finite numbers >= 0)`);
  }
  return true;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
