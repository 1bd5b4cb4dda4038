import type { Field, FieldSink } from './flatten.ts';
import type { RangeSpec } from './ranges.ts';
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

/** Rows per page of values: a page is one Float64Array, grown GROWTH_ROWS rows at a time until it holds this many. */
const PAGE_SHIFT = 8;
const PAGE_ROWS = 1 << PAGE_SHIFT;
/** A few paths cost at most this many rows unused (15 KB with both ranges). */
const GROWTH_ROWS = 16;

/**
 * Fixed rings of the last `points` steps of one or more ranges (the local
 * history keeps 5 s and 60 s steps side by side): per range and step its
 * index and timestamp, and per field path one row holding every range's
 * values (NaN when the field was absent at that step). The rows live in
 * pages of up to 256 rows (one Float64Array each), so a path costs its values, one
 * map entry and one number whatever the number of ranges. A map's paths are
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
  private readonly _width: number;
  private readonly _maxKeysPerMap: number;
  /** Rows of the fields outside maps, by path. */
  private readonly _fixed = new Map<string, number>();
  /** Rows of the fields inside maps, by map path and key: a number for a key whose entry is a number. */
  private readonly _maps = new Map<string, Map<string, number | KeyRows>>();
  private readonly _pages: Float64Array[] = [];
  /** Per row, the elapsed time of the last sample its field was present in (NaN for a free row). */
  private readonly _lastAt: number[] = [];
  private readonly _free: number[] = [];
  private _rows = 0;
  private _size = 0;
  private _lastSampleAt = Number.NEGATIVE_INFINITY;
  /** The step being written: its elapsed time, the row offsets of its positions, and the maps that refused a key. */
  private _at = 0;
  private _positions: number[] = [];
  private _refused: string[] = [];
  /** The map of the last entry written, and its keys. */
  private _lastMap: string | undefined;
  private _lastKeys: Map<string, number | KeyRows> | undefined;

  constructor(specs: readonly RangeSpec[], maxKeysPerMap: number) {
    let offset = 0;
    this._lanes = specs.map((spec) => {
      const lane = { spec, offset, steps: new Float64Array(spec.points).fill(-1), times: new Float64Array(spec.points), current: -1 };
      offset += spec.points;
      return lane;
    });
    this._width = offset;
    this._maxKeysPerMap = maxKeysPerMap;
  }

  /** Number of field paths kept. */
  get size(): number {
    return this._size;
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
   * the rings' {@link field} and {@link entry} (src/history/flatten.ts
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
    this._clear();
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
        return;
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
    this._write(row, value);
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
      const page = this._pages[row >> PAGE_SHIFT] as Float64Array;
      const base = (row & (PAGE_ROWS - 1)) * this._width + lane.offset;
      const points: HistoryPoint[] = [];
      for (const pos of positions) {
        const v = page[base + pos] as number;
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
    const page = this._pages[row >> PAGE_SHIFT] as Float64Array;
    const base = (row & (PAGE_ROWS - 1)) * this._width;
    for (const at of this._positions) page[base + at] = value;
    this._lastAt[row] = this._at;
  }

  /** Clears the positions of the step being written in every row (a field absent from this sample has no point here). */
  private _clear(): void {
    const width = this._width;
    for (const page of this._pages) {
      for (const at of this._positions) {
        for (let i = at; i < page.length; i += width) page[i] = Number.NaN;
      }
    }
  }

  /** A free row, its values all NaN. */
  private _allocate(): number {
    this._size++;
    const reused = this._free.pop();
    const row = reused ?? this._rows++;
    const p = row >> PAGE_SHIFT;
    const width = this._width;
    const end = ((row & (PAGE_ROWS - 1)) + 1) * width;
    const page = this._pages[p];
    if (page === undefined || page.length < end) {
      // The last page grows up to PAGE_ROWS rows; new rows are NaN.
      const rows = Math.min(PAGE_ROWS, (page === undefined ? 0 : page.length / width) + GROWTH_ROWS);
      const grown = new Float64Array(rows * width).fill(Number.NaN);
      if (page !== undefined) grown.set(page);
      this._pages[p] = grown;
    } else if (reused !== undefined) {
      page.fill(Number.NaN, end - width, end);
    }
    return row;
  }

  private _release(row: number): void {
    this._size--;
    this._lastAt[row] = Number.NaN;
    this._free.push(row);
  }

  /** Drops the paths whose last value has left every range's ring. */
  private _expire(elapsedMs: number): void {
    const expired = (row: number): boolean => {
      const lastAt = this._lastAt[row] as number;
      for (const { spec } of this._lanes) {
        if (Math.floor(elapsedMs / spec.stepMs) - Math.floor(lastAt / spec.stepMs) < spec.points) return false;
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
  }
}
