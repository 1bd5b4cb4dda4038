/** The geometry of bar lists and meters: widths as CSS percentages, set through the CSSOM by ./page/cards.ts. */
import { isObject, numberOr } from './snapshot-fields.ts';
import type { BarList, BarRow } from './types.ts';

/**
 * A `{ label: count }` map as bars, largest first (ties by label), at most
 * `maxBars` of them, each as wide as its share of the largest.
 */
export function barList(map: unknown, maxBars: number): BarList {
  const entries: [string, number][] = isObject(map) ? Object.keys(map).map((k) => [k, numberOr(map[k], 0)]) : [];
  // Labels are an object's keys, so never equal.
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const max = Math.max(...entries.map((e) => e[1])) || 1;
  const shown = entries.slice(0, maxBars).map(([key, value]): BarRow => ({
    key,
    value,
    width: `${((Math.max(0, value) / max) * 100).toFixed(2)}%`,
  }));
  return { shown, hidden: entries.length - shown.length };
}

/** A meter's fill: `value` of `max` as a CSS width, clamped to 0–100 % (0 when either is not a number or `max` is not positive). */
export function meterWidth(value: unknown, max: unknown): string {
  const ratio = typeof value === 'number' && typeof max === 'number' && max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return `${(ratio * 100).toFixed(2)}%`;
}
