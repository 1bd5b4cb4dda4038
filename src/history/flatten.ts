/** One numeric field of a snapshot, by path. */
export interface Field {
  /** Dotted path, e.g. `envelopes.by_aspect.chat` or `cache.by_backend.redis.hits`. */
  readonly path: string;
  readonly value: number;
  /** For a field inside a map (`by_*`): the map's path and the key, for capping keys per map; else undefined. */
  readonly map: string | undefined;
  readonly key: string | undefined;
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
  walk(snapshot, '', undefined, undefined, out);
  return out;
}

function walk(node: object, prefix: string, map: string | undefined, key: string | undefined, out: Field[]): void {
  for (const [name, value] of Object.entries(node)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) out.push({ path, value, map, key });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (map === undefined && name.startsWith('by_')) {
        // A map: each of its keys is an entry (a number, or an object of figures as by_backend's).
        for (const [k, v] of Object.entries(value as object)) {
          const entryPath = `${path}.${k}`;
          if (typeof v === 'number') {
            if (Number.isFinite(v)) out.push({ path: entryPath, value: v, map: path, key: k });
          } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
            walk(v as object, entryPath, path, k, out);
          }
        }
      } else {
        walk(value as object, path, map, key, out);
      }
    }
  }
}
