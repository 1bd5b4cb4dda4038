import type { ThrottledDiag } from '../diag/throttled-diag.ts';
import type {
  CacheBackendStats,
  CacheStats,
  ChannelStats,
  EnvelopeStats,
  HistoryStats,
  PresenceStats,
  SectionName,
  TokenStats,
  WindowStats,
} from '../sources/types.ts';
import { isKnownRecord, recordOf } from '../sources/records.ts';

/**
 * A source's figures checked as the recorders check readings
 * (src/record/sanitize.ts `isValidReading`), so the snapshot always has the
 * documented types whatever a Source returns: a number must be finite and
 * ≥ 0, else it is dropped (a required field reads 0, an optional one is
 * left out); a percentage is clamped to 0–100; a map keeps only the keys
 * whose values are valid numbers; a section that is not an object is not
 * reported. Each kind of trouble logs one throttled diagnostic naming the
 * source and the field. Only own enumerable properties are read.
 */
export class SectionChecker {
  private readonly _diag: ThrottledDiag;
  private readonly _source: string;
  /** Whether the section being checked comes from a built-in section method. */
  private _builtIn = false;

  constructor(diag: ThrottledDiag, source: string) {
    this._diag = diag;
    this._source = source;
  }

  /**
   * The section checked. `builtIn`: the value comes straight from a built-in
   * section method (`isReaderSection`, src/sources/reader-sources.ts), so a
   * map it holds that src/sources/records.ts built and checked is taken as it
   * is, without a copy; everything else is still checked.
   */
  section(name: SectionName, value: unknown, builtIn = false): ChannelStats | EnvelopeStats | PresenceStats | HistoryStats | TokenStats | CacheStats | undefined {
    const o = this._object(name, value);
    if (o === undefined) return undefined;
    this._builtIn = builtIn;
    switch (name) {
      case 'channels':
        return withOptional({ total_active: this._required(o, name, 'total_active') }, 'by_pattern', this._map(o, name, 'by_pattern'));
      case 'envelopes':
        return withOptional({ rate_per_second: this._required(o, name, 'rate_per_second') }, 'by_aspect', this._map(o, name, 'by_aspect'));
      case 'presence':
        return withOptional(
          {
            total_users: this._required(o, name, 'total_users'),
            total_agents: this._required(o, name, 'total_agents'),
            average_per_channel: this._required(o, name, 'average_per_channel'),
          },
          'channels',
          this._optional(o, name, 'channels'),
        );
      case 'history':
        return withOptional(
          { total_envelopes_buffered: this._required(o, name, 'total_envelopes_buffered'), buffer_utilization_pct: this._pct(o, name, 'buffer_utilization_pct') },
          'capacity',
          this._optional(o, name, 'capacity'),
        );
      case 'tokens':
        return {
          issued_last_hour: this._required(o, name, 'issued_last_hour'),
          revoked_last_hour: this._required(o, name, 'revoked_last_hour'),
          active_count: this._required(o, name, 'active_count'),
        };
      case 'cache':
        return this._cache(o);
    }
  }

  window(value: unknown): WindowStats | undefined {
    const o = this._object('window', value);
    if (o === undefined) return undefined;
    const partial = own(o, 'partial');
    if (typeof partial !== 'boolean') this._warn('window.partial', 'is not a boolean; read as false');
    return {
      rate_window_seconds: this._required(o, 'window', 'rate_window_seconds'),
      rate_covered_seconds: this._required(o, 'window', 'rate_covered_seconds'),
      count_window_seconds: this._required(o, 'window', 'count_window_seconds'),
      count_covered_seconds: this._required(o, 'window', 'count_covered_seconds'),
      partial: partial === true,
    };
  }

  nodes(value: unknown): number | undefined {
    return this._number('nodes', value);
  }

  private _cache(o: object): CacheStats {
    const out: CacheStats = {
      hit_rate_pct: this._pct(o, 'cache', 'hit_rate_pct'),
      size_bytes: this._required(o, 'cache', 'size_bytes'),
      evictions_last_hour: this._required(o, 'cache', 'evictions_last_hour'),
    };
    withOptional(out, 'size_entries', this._optional(o, 'cache', 'size_entries'));
    withOptional(out, 'hits', this._optional(o, 'cache', 'hits'));
    withOptional(out, 'misses', this._optional(o, 'cache', 'misses'));
    const byBackend = this._object('cache.by_backend', own(o, 'by_backend'));
    if (byBackend !== undefined) {
      const entries: [string, CacheBackendStats][] = [];
      for (const [backend, raw] of Object.entries(byBackend)) {
        const field = 'cache.by_backend';
        const b = this._object(field, raw);
        if (b === undefined) continue;
        entries.push([backend, {
          hit_rate_pct: this._pct(b, field, 'hit_rate_pct'),
          hits: this._required(b, field, 'hits'),
          misses: this._required(b, field, 'misses'),
          size_bytes: this._required(b, field, 'size_bytes'),
          size_entries: this._required(b, field, 'size_entries'),
          evictions_last_hour: this._required(b, field, 'evictions_last_hour'),
        }]);
      }
      out.by_backend = Object.fromEntries(entries);
    }
    const unavailable = own(o, 'unavailable');
    if (unavailable !== undefined) {
      if (Array.isArray(unavailable)) {
        const names = unavailable.filter((u): u is string => typeof u === 'string');
        if (names.length < unavailable.length) this._warn('cache.unavailable', 'holds values that are not strings; they were dropped');
        out.unavailable = names;
      } else {
        this._warn('cache.unavailable', 'is not an array of strings; dropped');
      }
    }
    return out;
  }

  /** A plain object (not null, not an array), or undefined with a diagnostic when something else was given. */
  private _object(field: string, value: unknown): object | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    this._warn(field, 'is not an object; not reported');
    return undefined;
  }

  private _number(field: string, value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    this._warn(field, 'is not a finite number >= 0; dropped');
    return undefined;
  }

  private _required(o: object, section: string, field: string): number {
    const value = own(o, field);
    if (value === undefined) {
      this._warn(`${section}.${field}`, 'is missing; read as 0');
      return 0;
    }
    return this._number(`${section}.${field}`, value) ?? 0;
  }

  private _optional(o: object, section: string, field: string): number | undefined {
    return this._number(`${section}.${field}`, own(o, field));
  }

  private _pct(o: object, section: string, field: string): number {
    const value = own(o, field);
    if (typeof value === 'number' && Number.isFinite(value) && (value < 0 || value > 100)) {
      this._warn(`${section}.${field}`, 'is outside 0-100; clamped');
      return Math.min(100, Math.max(0, value));
    }
    return this._required(o, section, field);
  }

  private _map(o: object, section: string, field: string): Record<string, number> | undefined {
    const map = this._object(`${section}.${field}`, own(o, field));
    if (map === undefined) return undefined;
    if (this._builtIn && isKnownRecord(map)) return map as Record<string, number>;
    // One pass: each value is read once, and only the valid ones are kept.
    const keys: string[] = [];
    const values: number[] = [];
    let dropped = false;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
        keys.push(k);
        values.push(v);
      } else {
        dropped = true;
      }
    }
    if (dropped) this._warn(`${section}.${field}`, 'holds values that are not finite numbers >= 0; those keys were dropped');
    return recordOf(keys, values);
  }

  private _warn(field: string, problem: string): void {
    this._diag.warn(`source:${this._source}:${field}`, `source "${this._source}" reported a ${field} that ${problem}`);
  }
}

/** An own property's value (never one inherited from Object.prototype). */
function own(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** `target` with `key` set when `value` is defined. */
function withOptional<T extends object, K extends string, V>(target: T, key: K, value: V | undefined): T {
  if (value !== undefined) (target as Record<K, V>)[key] = value;
  return target;
}
