import { InvalidArgumentError } from '../errors/errors.ts';
import type { CacheReading } from '../record/types.ts';
import type { DemoCache } from './types.ts';

/** Bytes an entry costs beyond its value: its key (one byte per character here) plus this overhead. */
export const ENTRY_OVERHEAD_BYTES = 48;

/**
 * An in-memory LRU cache with byte accounting: each entry costs its value's
 * size plus its key and {@link ENTRY_OVERHEAD_BYTES}; storing beyond
 * `maxBytes` evicts the least recently used entries first. It keeps the
 * cumulative statistics `observeCache` reads.
 */
export class LruCache implements DemoCache {
  /** Capacity in bytes. */
  readonly maxBytes: number;
  // Map iteration order is insertion order: the first key is the least recently used.
  private readonly _entries = new Map<string, number>();
  // A live iterator over the map: every entry it has passed has been evicted, so its next entry is the oldest.
  // Restarting from the front on each eviction would rescan the holes deletions leave in the map's table.
  private _cursor: MapIterator<[string, number]> | undefined;
  private _sizeBytes = 0;
  private _hits = 0;
  private _misses = 0;
  private _evictions = 0;

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new InvalidArgumentError('maxBytes', 'an integer >= 1', maxBytes);
    this.maxBytes = maxBytes;
  }

  /** The size in bytes of the value under `key` (marking it recently used), or `undefined`. Counts a hit or a miss. */
  get(key: string): number | undefined {
    const size = this._entries.get(key);
    if (size === undefined) {
      this._misses++;
      return undefined;
    }
    this._hits++;
    this._entries.delete(key);
    this._entries.set(key, size);
    return size;
  }

  /**
   * Stores a value of `sizeBytes` under `key` (replacing any previous one)
   * and evicts least recently used entries until the cache fits. An entry
   * larger than the whole cache is not stored. Throws an InvalidArgumentError
   * when `sizeBytes` is not a finite number >= 0.
   */
  set(key: string, sizeBytes: number): void {
    if (!(typeof sizeBytes === 'number' && sizeBytes >= 0 && Number.isFinite(sizeBytes))) {
      throw new InvalidArgumentError('sizeBytes', 'a finite number >= 0', sizeBytes);
    }
    const old = this._entries.get(key);
    if (old !== undefined) {
      this._entries.delete(key);
      this._sizeBytes -= old + cost(key);
    }
    const needed = sizeBytes + cost(key);
    if (needed > this.maxBytes) return;
    this._entries.set(key, sizeBytes);
    this._sizeBytes += needed;
    while (this._sizeBytes > this.maxBytes) {
      // The loop runs only while an entry older than the new one is held, so the cursor always finds one
      // (and, never running past the end of the map, never finishes).
      this._cursor ??= this._entries.entries();
      const [oldest, size] = this._cursor.next().value as [string, number];
      this._entries.delete(oldest);
      this._sizeBytes -= size + cost(oldest);
      this._evictions++;
    }
  }

  /** Cumulative hits, misses and evictions, and the bytes and entries held now. */
  stats(): CacheReading {
    return {
      hits: this._hits,
      misses: this._misses,
      evictions: this._evictions,
      sizeBytes: this._sizeBytes,
      entries: this._entries.size,
    };
  }
}

function cost(key: string): number {
  return key.length + ENTRY_OVERHEAD_BYTES;
}
