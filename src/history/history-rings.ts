import type { Field, FieldSink } from './flatten.ts';
import type { RangeSpec } from './ranges.ts';
import { RowPages } from './row-pages.ts';
import type { HistoryPoint } from './types.ts';

/** The step geometry of one range: per ring position the step it holds and its timestamp. */
interface Lane {
  readonly spec: RangeSpec;
  /** Where this range's values start in a row. */
  readonly offset: number;
  readonly steps: Float64Array;
  readonly times: Float64Array;
  current: number;
}

/** The rows of one key of a map: its own number's, and those of the figures within it when it is an object. */
interface KeyRows {
  /** The row of the key's own number; -1 when it has none. */
  own: number;
  /** The rows of the figures within the entry, by their dotted path inside it. */
  readonly subs: Map<string, number>;
}

/**
 * Fixed rings of the last `points` steps of one or more ranges (the local
 * history keeps 5 s and 60 s steps side by side): per range and step its
 * index and timestamp, and per field path one row holding every range's
 * values (NaN when the field was absent at that step). The rows live in
 * pages of up to 256 rows (src/history/row-pages.ts), so a path costs its
 * values, one map entry and one number whatever the number of ranges. A map's paths are
 * kept by map and key (`envelopes.by_aspect` → `chat` → row), so writing a
 * step builds no string for them: the paths are made only when a range is
 * served. A step written again (a later sample in the same step) is
 * overwritten, so each step holds its last sample. A path absent from every
 * range is dropped (its row is reused), and each map keeps at most
 * `maxKeysPerMap` keys, so memory is bounded by the keys of the longest
 * range.
 */
export class HistoryRings implements FieldSink {
  private readonly _lanes: Lane[];
  private readonly _maxKeysPerMap: number;
  /** Rows of the fields outside maps, by path. */
  private readonly _fixed = new Map<string, number>();
  /** Rows of the fields inside maps, by map path and key: a number for a key whose entry is a number. */
  private readonly _maps = new Map<string, Map<string, number | KeyRows>>();
  /** The values: a row per path ({@link RowPages}). */
  private readonly _values: RowPages;
  private _lastSampleAt = Number.NEGATIVE_INFINITY;
  /** The step being written: its elapsed time, the row offsets of its positions, and the maps that refused a key. */
  private _at = 0;
  private _positions: number[] = [];
  private _refused: string[] = [];
  /** The map of the last entry written, and its keys. */
  private _lastMap: string | undefined;
  private _lastKeys: Map<string, number | KeyRows> | undefined;
  /**
   * Per map, the keys of its last {@link entries} and their rows side by
   * side (-1 for a key refused): the next step's keys, most often the same
   * in the same order, are matched by position before they are looked up.
   * Forgotten whenever a row is released, so a row matched here is live.
   */
  private readonly _orders = new Map<string, { keys: readonly string[]; rows: number[] }>();
  /** No row can have left every range before this elapsed time: a lower bound, made at each scan for expired rows. */
  private _noExpiryBefore = Number.POSITIVE_INFINITY;

  constructor(specs: readonly RangeSpec[], maxKeysPerMap: number) {
    let offset = 0;
    this._lanes = specs.map((spec) => {
      const lane = { spec, offset, steps: new Float64Array(spec.points).fill(-1), times: new Float64Array(spec.points), current: -1 };
      offset += spec.points;
      return lane;
    });
    this._values = new RowPages(offset);
    this._maxKeysPerMap = maxKeysPerMap;
  }

  /** Number of field paths kept. */
  get size(): number {
    return this._values.size;
  }

  /**
   * Records the fields of one sample at `elapsedMs` (since the first
   * sample) with its wall-clock `timeMs`; a sample older than the last is
   * ignored (the rings only move forward). Returns the maps that refused a
   * new key (their cap was reached), once per refused field.
   */
  record(elapsedMs: number, timeMs: number, fields: readonly Field[]): string[] {
    return this.step(elapsedMs, timeMs, (sink) => {
      for (const f of fields) {
        if (f.map === undefined) sink.field(f.path, f.value);
        else {
          const key = f.key as string;
          // The path past `map.key.`, for a figure within an entry.
          const sub = f.path.length > f.map.length + key.length + 1 ? f.path.slice(f.map.length + key.length + 2) : undefined;
          sink.entry(f.map, key, sub, f.value);
        }
      }
    });
  }

  /**
   * As {@link record}, with the sample's fields written by `write` through
   * the rings' {@link field}, {@link entry} and {@link entries} (src/history/flatten.ts
   * `visitFields`), so no Field object or path string is made per field.
   */
  step(elapsedMs: number, timeMs: number, write: (sink: FieldSink) => void): string[] {
    if (elapsedMs < this._lastSampleAt) return [];
    this._lastSampleAt = elapsedMs;
    let moved = false;
    this._positions = this._lanes.map((lane) => {
      const step = Math.floor(elapsedMs / lane.spec.stepMs);
      const pos = step % lane.spec.points;
      if (step !== lane.current) {
        moved = true;
        lane.current = step;
        lane.steps[pos] = step;
      }
      lane.times[pos] = timeMs;
      return lane.offset + pos;
    });
    // A path can leave every range only when a range moved to a new step.
    if (moved) this._expire(elapsedMs);
    // A field absent from this sample has no point here.
    this._values.clear(this._positions);
    this._at = elapsedMs;
    this._refused = [];
    write(this);
    return this._refused;
  }

  /** Writes a field outside maps into the step being recorded. */
  field(path: string, value: number): void {
    let row = this._fixed.get(path);
    if (row === undefined) {
      row = this._allocate();
      this._fixed.set(path, row);
    }
    this._write(row, value);
  }

  /** Writes a field inside a map into the step being recorded, unless the map is full and the key new. */
  entry(map: string, key: string, sub: string | undefined, value: number): void {
    const row = this._entryRow(map, key, sub);
    if (row >= 0) this._write(row, value);
  }

  /**
   * Writes the numbers of a map's entries, `keys[i]` → `values[i]`, as
   * {@link entry} would one by one. A key where the map's last call had the
   * same key keeps that key's row without a lookup (a snapshot's map has
   * the same keys in the same order from one step to the next). The rings
   * keep `keys` until the map's next call, so it must not change after this
   * one: a known record's arrays never do (src/sources/records.ts).
   */
  entries(map: string, keys: readonly string[], values: ArrayLike<number>): void {
    const last = this._orders.get(map);
    // The rows of the last call are overwritten in place (each read before it is written) when there are as many keys.
    const rows = last !== undefined && last.rows.length === keys.length ? last.rows : new Array<number>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      let row = last !== undefined && last.keys[i] === key ? (last.rows[i] as number) : -1;
      if (row < 0) row = this._entryRow(map, key, undefined);
      if (row >= 0) this._write(row, values[i] as number);
      rows[i] = row;
    }
    this._orders.set(map, { keys, rows });
  }

  /** The row of a map's entry, made when new; -1 when the map is full and the key new (noted as refused). */
  private _entryRow(map: string, key: string, sub: string | undefined): number {
    // A map's entries come one after the other: its keys are looked up once for all of them.
    let keys = map === this._lastMap ? this._lastKeys : this._maps.get(map);
    if (keys === undefined) {
      keys = new Map();
      this._maps.set(map, keys);
    }
    this._lastMap = map;
    this._lastKeys = keys;
    const rows = keys.get(key);
    let row = sub === undefined
      ? (typeof rows === 'number' ? rows : rows === undefined || rows.own < 0 ? undefined : rows.own)
      : (typeof rows === 'object' ? rows.subs.get(sub) : undefined);
    if (row === undefined) {
      if (rows === undefined && keys.size >= this._maxKeysPerMap) {
        this._refused.push(map);
        return -1;
      }
      row = this._allocate();
      if (sub === undefined) {
        if (rows === undefined) keys.set(key, row);
        else (rows as KeyRows).own = row;
      } else if (typeof rows === 'object') {
        rows.subs.set(sub, row);
      } else {
        keys.set(key, { own: rows ?? -1, subs: new Map([[sub, row]]) });
      }
    }
    return row;
  }

  /** The series of range `index`, oldest point first; paths without a point in that range are left out. Keys sorted. */
  series(index: number): Record<string, HistoryPoint[]> {
    const lane = this._lanes[index] as Lane;
    const n = lane.spec.points;
    const positions: number[] = [];
    for (let step = Math.max(0, lane.current - n + 1); step <= lane.current; step++) {
      if (lane.steps[step % n] === step) positions.push(step % n);
    }
    const entries: [string, HistoryPoint[]][] = [];
    const add = (path: string, row: number): void => {
      const points: HistoryPoint[] = [];
      for (const pos of positions) {
        const v = this._values.value(row, lane.offset + pos);
        if (!Number.isNaN(v)) points.push([lane.times[pos] as number, v]);
      }
      if (points.length > 0) entries.push([path, points]);
    };
    for (const [path, row] of this._fixed) add(path, row);
    for (const [map, keys] of this._maps) {
      for (const [key, rows] of keys) {
        const path = `${map}.${key}`;
        if (typeof rows === 'number') {
          add(path, rows);
          continue;
        }
        if (rows.own >= 0) add(path, rows.own);
        for (const [sub, row] of rows.subs) add(`${path}.${sub}`, row);
      }
    }
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  }

  private _write(row: number, value: number): void {
    this._values.write(row, value, this._positions, this._at);
  }

  /** A free row, its values all NaN, for a field written in the step being recorded. */
  private _allocate(): number {
    const expiry = this._expiryOf(this._at);
    if (expiry < this._noExpiryBefore) this._noExpiryBefore = expiry;
    return this._values.allocate();
  }

  private _release(row: number): void {
    this._orders.clear();
    this._values.release(row);
  }

  /** The elapsed time from which a field last written at `lastAt` has left every range's ring. */
  private _expiryOf(lastAt: number): number {
    let expiry = 0;
    for (const { spec } of this._lanes) expiry = Math.max(expiry, (Math.floor(lastAt / spec.stepMs) + spec.points) * spec.stepMs);
    return expiry;
  }

  /**
   * Drops the paths whose last value has left every range's ring. The rows
   * are scanned only once the earliest time any of them can leave has come
   * (a field written at every step leaves none for an hour).
   */
  private _expire(elapsedMs: number): void {
    if (elapsedMs < this._noExpiryBefore) return;
    let next = Number.POSITIVE_INFINITY;
    const expired = (row: number): boolean => {
      const expiry = this._expiryOf(this._values.lastAt(row));
      if (elapsedMs < expiry) {
        if (expiry < next) next = expiry;
        return false;
      }
      this._release(row);
      return true;
    };
    for (const [path, row] of this._fixed) if (expired(row)) this._fixed.delete(path);
    for (const keys of this._maps.values()) {
      for (const [key, rows] of keys) {
        if (typeof rows === 'number') {
          if (expired(rows)) keys.delete(key);
          continue;
        }
        if (rows.own >= 0 && expired(rows.own)) rows.own = -1;
        for (const [sub, row] of rows.subs) if (expired(row)) rows.subs.delete(sub);
        if (rows.own < 0 && rows.subs.size === 0) keys.delete(key);
      }
    }
    this._noExpiryBefore = next;
  }
}
