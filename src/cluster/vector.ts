import { OVERFLOW_VALUE } from '../instruments.ts';
import { OVERFLOW_LABEL } from './promql.ts';
import type { Sample } from './types.ts';

/** Group of the series with no value for the grouping label (as the WindowedReader names it). */
export const INVALID_GROUP = '_invalid';

/**
 * The group a sample falls in by one label, as the WindowedReader groups
 * series: `_other` for the SDK's overflow series, `_invalid` without the label.
 */
export function groupOf(sample: Sample, label: string): string {
  if (sample.labels[OVERFLOW_LABEL] === 'true') return OVERFLOW_VALUE;
  return sample.labels[label] ?? INVALID_GROUP;
}

/** Sums samples by one label (see {@link groupOf}). */
export function sumBy(samples: readonly Sample[], label: string, where?: Readonly<Record<string, string>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (where !== undefined && Object.entries(where).some(([k, v]) => s.labels[k] !== v)) continue;
    const group = groupOf(s, label);
    out.set(group, (out.get(group) ?? 0) + s.value);
  }
  return out;
}

/** Sums every sample's value (0 for an empty vector). */
export function total(samples: readonly Sample[]): number {
  let sum = 0;
  for (const s of samples) sum += s.value;
  return sum;
}
