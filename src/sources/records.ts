/** Compares two distinct keys (map keys are never equal). */
export function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : 1;
}

/** A Map as a plain record sorted by key, without zero entries; undefined when that leaves nothing. */
export function nonZeroRecord(map: ReadonlyMap<string, number>): Record<string, number> | undefined {
  const entries = [...map].filter(([, v]) => v !== 0).sort(byKey);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
