import { entriesOf } from '../sources/records.ts';

/** One numeric field of a snapshot, by path. */
export interface Field {
  /** Dotted path, e.g. `envelopes.by_aspect.chat` or `cache.by_backend.redis.hits`. */
  readonly path: string;
  readonly value: number;
  /** For a field inside a map (`by_*`): the map's path and the key, for capping keys per map; else undefined. */
  readonly map: string | undefined;
  readonly key: string | undefined;
}

/** What receives the numeric fields of a snapshot, one call per field, in the order of {@link numericFields}. */
export interface FieldSink {
  /** A field outside maps, by its dotted path. */
  field(path: string, value: number): void;
  /**
   * A field inside the map at path `map`, under `key`: the entry itself when
   * it is a number (`sub` undefined), else the dotted path of the figure
   * within the entry (`hits` for `cache.by_backend.redis.hits`).
   */
  entry(map: string, key: string, sub: string | undefined, value: number): void;
  /** The entries of a map whose every value is a number, `keys[i]` → `values[i]`: as {@link entry} for each, in that order. */
  entries(map: string, keys: readonly string[], values: ArrayLike<number>): void;
}

/**
 * The numeric fields of a Snapshot (or any plain object of its shape) as
 * dotted paths: nested objects are walked, maps (`by_aspect`, `by_pattern`,
 * `by_backend`) flattened with their key; strings, booleans and arrays
 * (`at`, `window.partial`, `errors`, `cache.unavailable`) have no series.
 * Non-finite numbers are left out.
 */
export function numericFields(snapshot: object): Field[] {
  const out: Field[] = [];
  visitFields(snapshot, {
    field: (path, value) => out.push({ path, value, map: undefined, key: undefined }),
    entry: (map, key, sub, value) => out.push({ path: sub === undefined ? `${map}.${key}` : `${map}.${key}.${sub}`, value, map, key }),
    entries: (map, keys, values) => keys.forEach((key, i) => out.push({ path: `${map}.${key}`, value: values[i] as number, map, key })),
  });
  return out;
}

/**
 * The fields of {@link numericFields}, handed to `sink` as they are found,
 * with no path built for a map's entries: what the history writes into its
 * rings at every step (src/history/history-rings.ts). A map built by
 * src/sources/records.ts is read from the arrays it was built from, without
 * enumerating its keys.
 */
export function visitFields(snapshot: object, sink: FieldSink): void {
  walk(snapshot, '', sink);
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function walk(node: object, prefix: string, sink: FieldSink): void {
  for (const [name, value] of Object.entries(node)) {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) sink.field(prefix === '' ? name : `${prefix}.${name}`, value);
    } else if (isObject(value)) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (name.startsWith('by_')) mapEntries(value, path, sink);
      else walk(value, path, sink);
    }
  }
}

/** A map: each of its keys is an entry (a number, or an object of figures as by_backend's). */
function mapEntries(map: object, path: string, sink: FieldSink): void {
  const known = entriesOf(map);
  if (known !== undefined) {
    // Every value of a known record is a finite number.
    sink.entries(path, known.keys, known.values);
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) sink.entry(path, key, undefined, value);
    } else if (isObject(value)) {
      within(value, '', path, key, sink);
    }
  }
}

/** The figures of one map entry that is an object; objects inside it are walked (a `by_` name there is no map). */
function within(node: object, sub: string, map: string, key: string, sink: FieldSink): void {
  for (const [name, value] of Object.entries(node)) {
    const path = sub === '' ? name : `${sub}.${name}`;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) sink.entry(map, key, path, value);
    } else if (isObject(value)) {
      within(value, path, map, key, sink);
    }
  }
}
