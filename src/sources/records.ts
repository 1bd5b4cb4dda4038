/** Compares two distinct keys (map keys are never equal). */
export function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : 1;
}

/** The keys of a record built here and their values, side by side, in the record's order. */
export interface RecordEntries {
  readonly keys: readonly string[];
  readonly values: ArrayLike<number>;
}

/**
 * Records built by {@link recordOf}: each has at least one key, every key a
 * string and every value a finite number ≥ 0, with the arrays it was built
 * from. A record is never changed after it is built here, so the arrays stay
 * its entries for as long as nothing else writes to it (src/aggregate/
 * check-section.ts trusts a known record only when it comes straight from a
 * built-in section method; see `isReaderSection` in src/sources/reader-sources.ts).
 */
const known = new WeakMap<object, RecordEntries>();

/** Whether a record was built by {@link recordOf} (non-empty, string keys, values finite ≥ 0). */
export function isKnownRecord(record: object): boolean {
  return known.has(record);
}

/** The entries a known record was built from (so a big map is read without enumerating its keys); undefined for any other object. */
export function entriesOf(record: object): RecordEntries | undefined {
  return known.get(record);
}

/**
 * A plain record of `keys` and `values`, in that order. Built on a
 * null-prototype object and given Object.prototype afterwards: each key is an
 * own data property (`__proto__` included), as with Object.fromEntries, at
 * about half its cost for 10 000 keys. Known (see {@link isKnownRecord}) when
 * it is non-empty and every key is a string and every value finite ≥ 0.
 */
export function recordOf(keys: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  let sound = keys.length > 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = values[i] as number;
    if (typeof k !== 'string' || typeof v !== 'number' || !Number.isFinite(v) || v < 0) sound = false;
    out[k] = v;
  }
  Object.setPrototypeOf(out, Object.prototype);
  if (sound) known.set(out, { keys, values });
  return out;
}

/**
 * An empty object standing for the record of `entries`: known, so it is
 * merged as a non-empty record and read through {@link entriesOf}, but with
 * no own keys. Only for figures that are never served or enumerated (the
 * history's recalled sections, src/sources/section-memo.ts), never for a
 * section method's answer.
 */
export function hollowRecord(entries: RecordEntries): Record<string, number> {
  const out: Record<string, number> = {};
  known.set(out, entries);
  return out;
}

/**
 * A Map as a plain record sorted by key, without zero entries (rounded to
 * whole numbers first when `whole`); undefined when that leaves nothing.
 * A map already in key order (as a reader's series made in that order) is not sorted.
 */
export function nonZeroRecord(map: ReadonlyMap<string, number>, whole = false): Record<string, number> | undefined {
  const keys: string[] = [];
  let values: number[] = [];
  let sorted = true;
  for (const [k, raw] of map) {
    const v = whole ? Math.round(raw) : raw;
    if (v === 0) continue;
    if (sorted && keys.length > 0 && !((keys[keys.length - 1] as string) < k)) sorted = false;
    keys.push(k);
    values.push(v);
  }
  if (keys.length === 0) return undefined;
  if (!sorted) {
    // The default order of sort() is the code-unit order of `<`, and needs no comparator call per pair.
    keys.sort();
    values = keys.map((k) => (whole ? Math.round(map.get(k) as number) : (map.get(k) as number)));
  }
  return recordOf(keys, values);
}

/**
 * {@link nonZeroRecord} (whole numbers) of keys already sorted and unique
 * (the reader's `increaseGroups`), with their values side by side. Takes
 * `values` over: they are rounded and zeros dropped in place, and the
 * record keeps them (see {@link entriesOf}), so a map of 10 000 keys costs
 * no copy of them. `keys` is read only: the record keeps it as it is when no
 * key is dropped, else a copy of the keys kept. `hollow`: a
 * {@link hollowRecord} instead, for figures never served.
 */
export function nonZeroSortedRecord(keys: readonly string[], values: Float64Array, hollow: boolean): Record<string, number> | undefined {
  let kept = 0;
  let keptKeys: string[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = Math.round(values[i] as number);
    if (v === 0) {
      keptKeys ??= keys.slice(0, i);
      continue;
    }
    keptKeys?.push(keys[i] as string);
    values[kept] = v;
    kept++;
  }
  if (kept === 0) return undefined;
  const entries = { keys: keptKeys ?? keys, values: kept === values.length ? values : values.subarray(0, kept) };
  return hollow ? hollowRecord(entries) : recordOf(entries.keys, entries.values);
}
