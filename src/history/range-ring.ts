import type { Field } from './flatten.ts';
import type { RangeSpec } from './ranges.ts';
import type { HistoryPoint } from './types.ts';

interface Track {
  /** One value per ring position; NaN where the field was absent at that step. */
  readonly values: Float64Array;
  /** The last step the field was present in. */
  lastStep: number;
  readonly map: string | undefined;
  readonly key: string | undefined;
}

/**
 * A fixed ring of the last `points` steps of one range: per step its
 * index and timestamp, and per field path a Float64Array with one value
 * per step (NaN when the field was absent). A step written again (a later
 * sample in the same step) is overwritten, so each step holds its last
 * sample. A path absent for the whole ring is dropped, and each map keeps
 * at most `maxKeysPerMap` keys, so memory is bounded by the keys of an hour.
 */
export class RangeRing {
  readonly spec: RangeSpec;
  private readonly _steps: Float64Array;
  private readonly _times: Float64Array;
  private readonly _tracks = new Map<string, Track>();
  /** Keys per map, with the number of paths each key has. */
  private readonly _mapKeys = new Map<string, Map<string, number>>();
  private readonly _maxKeysPerMap: number;
  private _current = -1;

  constructor(spec: RangeSpec, maxKeysPerMap: number) {
    this.spec = spec;
    this._maxKeysPerMap = maxKeysPerMap;
    this._steps = new Float64Array(spec.points).fill(-1);
    this._times = new Float64Array(spec.points);
  }

  /** Number of field paths kept. */
  get size(): number {
    return this._tracks.size;
  }

  /**
   * Records the fields of one sample at `elapsedMs` (since the first
   * sample; never less than the previous one) with its wall-clock `timeMs`.
   * Returns the maps that refused a new key (their cap was reached).
   */
  record(elapsedMs: number, timeMs: number, fields: readonly Field[]): string[] {
    const step = Math.floor(elapsedMs / this.spec.stepMs);
    // An older step than the newest is never rewritten (the ring only moves forward).
    if (step < this._current) return [];
    const n = this.spec.points;
    const pos = step % n;
    if (step !== this._current) {
      this._current = step;
      this._steps[pos] = step;
    }
    this._times[pos] = timeMs;
    // One pass over the kept paths: clear this step, drop those absent for the whole ring.
    for (const [path, track] of this._tracks) {
      if (step - track.lastStep >= n) this._drop(path, track);
      else track.values[pos] = Number.NaN;
    }
    const refused: string[] = [];
    for (const field of fields) {
      let track = this._tracks.get(field.path);
      if (track === undefined) {
        if (!this._admit(field)) {
          refused.push(field.map as string);
          continue;
        }
        track = { values: new Float64Array(n).fill(Number.NaN), lastStep: step, map: field.map, key: field.key };
        this._tracks.set(field.path, track);
      }
      track.values[pos] = field.value;
      track.lastStep = step;
    }
    return refused;
  }

  /** The series, oldest point first; paths without a point in the ring are left out. Keys sorted. */
  series(): Record<string, HistoryPoint[]> {
    const n = this.spec.points;
    const positions: number[] = [];
    for (let step = Math.max(0, this._current - n + 1); step <= this._current; step++) {
      if (this._steps[step % n] === step) positions.push(step % n);
    }
    const entries: [string, HistoryPoint[]][] = [];
    for (const [path, track] of this._tracks) {
      const points: HistoryPoint[] = [];
      for (const pos of positions) {
        const v = track.values[pos] as number;
        if (!Number.isNaN(v)) points.push([this._times[pos] as number, v]);
      }
      if (points.length > 0) entries.push([path, points]);
    }
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
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
