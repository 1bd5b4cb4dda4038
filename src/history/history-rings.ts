import type { Field } from './flatten.ts';
import type { RangeSpec } from './ranges.ts';
import type { HistoryPoint } from './types.ts';

interface Track {
  /** The values of every range side by side (range r at offset r × its points); NaN where the field was absent. */
  readonly values: Float64Array;
  /** Elapsed time of the last sample the field was present in. */
  lastAt: number;
  readonly map: string | undefined;
  readonly key: string | undefined;
}

/** The step geometry of one range: per ring position the step it holds and its timestamp. */
interface Lane {
  readonly spec: RangeSpec;
  /** Where this range's values start in a track's array. */
  readonly offset: number;
  readonly steps: Float64Array;
  readonly times: Float64Array;
  current: number;
}

/**
 * Fixed rings of the last `points` steps of one or more ranges (the local
 * history keeps 5 s and 60 s steps side by side): per range and step its
 * index and timestamp, and per field path one Float64Array holding every
 * range's values (NaN when the field was absent at that step), so a path
 * costs one string, one map entry and one array whatever the number of
 * ranges. A step written again (a later sample in the same step) is
 * overwritten, so each step holds its last sample. A path absent from every
 * range is dropped, and each map keeps at most `maxKeysPerMap` keys, so
 * memory is bounded by the keys of the longest range.
 */
export class HistoryRings {
  private readonly _lanes: Lane[];
  private readonly _width: number;
  private readonly _tracks = new Map<string, Track>();
  /** Keys per map, with the number of paths each key has. */
  private readonly _mapKeys = new Map<string, Map<string, number>>();
  private readonly _maxKeysPerMap: number;
  private _lastAt = Number.NEGATIVE_INFINITY;

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
    return this._tracks.size;
  }

  /**
   * Records the fields of one sample at `elapsedMs` (since the first
   * sample) with its wall-clock `timeMs`; a sample older than the last is
   * ignored (the rings only move forward). Returns the maps that refused a
   * new key (their cap was reached), once per refused field.
   */
  record(elapsedMs: number, timeMs: number, fields: readonly Field[]): string[] {
    if (elapsedMs < this._lastAt) return [];
    this._lastAt = elapsedMs;
    const positions = this._lanes.map((lane) => {
      const step = Math.floor(elapsedMs / lane.spec.stepMs);
      const pos = step % lane.spec.points;
      if (step !== lane.current) {
        lane.current = step;
        lane.steps[pos] = step;
      }
      lane.times[pos] = timeMs;
      return lane.offset + pos;
    });
    // One pass over the kept paths: clear this step, drop those absent from every range.
    for (const [path, track] of this._tracks) {
      if (this._expired(track, elapsedMs)) this._drop(path, track);
      else for (const at of positions) track.values[at] = Number.NaN;
    }
    const refused: string[] = [];
    for (const field of fields) {
      let track = this._tracks.get(field.path);
      if (track === undefined) {
        if (!this._admit(field)) {
          refused.push(field.map as string);
          continue;
        }
        track = { values: new Float64Array(this._width).fill(Number.NaN), lastAt: elapsedMs, map: field.map, key: field.key };
        this._tracks.set(field.path, track);
      }
      for (const at of positions) track.values[at] = field.value;
      track.lastAt = elapsedMs;
    }
    return refused;
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
    for (const [path, track] of this._tracks) {
      const points: HistoryPoint[] = [];
      for (const pos of positions) {
        const v = track.values[lane.offset + pos] as number;
        if (!Number.isNaN(v)) points.push([lane.times[pos] as number, v]);
      }
      if (points.length > 0) entries.push([path, points]);
    }
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  }

  /** Whether a path's last value has left every range's ring. */
  private _expired(track: Track, elapsedMs: number): boolean {
    for (const { spec } of this._lanes) {
      if (Math.floor(elapsedMs / spec.stepMs) - Math.floor(track.lastAt / spec.stepMs) < spec.points) return false;
    }
    return true;
  }

  /** Whether a new path may be kept: always outside maps, within a map while it has fewer keys than the cap (or the key is known). */
  private _admit(field: Field): boolean {
    if (field.map === undefined) return true;
    let keys = this._mapKeys.get(field.map);
    if (keys === undefined) {
      keys = new Map();
      this._mapKeys.set(field.map, keys);
    }
    const paths = keys.get(field.key as string);
    if (paths === undefined && keys.size >= this._maxKeysPerMap) return false;
    keys.set(field.key as string, (paths ?? 0) + 1);
    return true;
  }

  private _drop(path: string, track: Track): void {
    this._tracks.delete(path);
    if (track.map === undefined) return;
    const keys = this._mapKeys.get(track.map) as Map<string, number>;
    const paths = (keys.get(track.key as string) as number) - 1;
    if (paths > 0) keys.set(track.key as string, paths);
    else keys.delete(track.key as string);
  }
}
