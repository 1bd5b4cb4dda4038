import { OVERFLOW_VALUE } from '../instruments.ts';
import { INVALID_LABEL } from '../record/sanitize.ts';

/**
 * The group a series falls in when a snapshot groups it by one attribute:
 * `_other` for the overflow series, `_invalid` when it has no value for the
 * attribute, else that value. The WindowedReader groups its series with it
 * (src/reader/windowed-reader.ts), and the cluster source groups
 * Prometheus samples the same way (src/cluster/vector.ts).
 */
export function groupName(overflow: boolean, value: string | undefined): string {
  if (overflow) return OVERFLOW_VALUE;
  return value ?? INVALID_LABEL;
}
