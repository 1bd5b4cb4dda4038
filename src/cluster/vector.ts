import { OVERFLOW_VALUE } from '../instruments.ts';
import { cleanLabel } from '../record/sanitize.ts';
import { groupName } from '../reader/group-name.ts';
import { OVERFLOW_LABEL } from './promql.ts';
import type { Sample } from './types.ts';

/** A label's value, own properties only (a label named `constructor` is not Object's). */
function labelOf(sample: Sample, label: string): unknown {
  return Object.hasOwn(sample.labels, label) ? sample.labels[label] : undefined;
}

/**
 * The group a sample falls in by one label, as the WindowedReader groups
 * series: `_other` for the SDK's overflow series, `_invalid` without the
 * label (or with one that is not a string), and otherwise the value cleaned
 * as the recorders clean attribute values (src/record/sanitize.ts: control
 * characters become `_`, at most 128 characters).
 */
export function groupOf(sample: Sample, label: string): string {
  const value = labelOf(sample, label);
  return groupName(labelOf(sample, OVERFLOW_LABEL) === 'true', typeof value === 'string' ? cleanLabel(value) : undefined);
}

/** Sums samples by one label (see {@link groupOf}). */
export function sumBy(samples: readonly Sample[], label: string, where?: Readonly<Record<string, string>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (where !== undefined && Object.entries(where).some(([k, v]) => labelOf(s, k) !== v)) continue;
    const group = groupOf(s, label);
    out.set(group, (out.get(group) ?? 0) + s.value);
  }
  return out;
}

/**
 * At most `max` groups, as the WindowedReader caps series per instrument:
 * the largest are kept and the rest summed into `_other` (with the SDK's
 * own overflow, if any).
 */
export function capGroups(groups: Map<string, number>, max: number): Map<string, number> {
  if (groups.size <= max) return groups;
  const rest = [...groups].filter(([k]) => k !== OVERFLOW_VALUE).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out = new Map(rest.slice(0, max));
  let other = groups.get(OVERFLOW_VALUE) ?? 0;
  for (const [, v] of rest.slice(max)) other += v;
  out.set(OVERFLOW_VALUE, other);
  return out;
}

/** Sums every sample's value (0 for an empty vector). */
export function total(samples: readonly Sample[]): number {
  let sum = 0;
  for (const s of samples) sum += s.value;
  return sum;
}
