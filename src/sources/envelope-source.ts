import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../instruments.ts';
import { ReaderSource, round } from './reader-source.ts';
import { nonZeroRecord } from './records.ts';
import type { EnvelopeStats } from './types.ts';

/** The shortest time a rate is taken over, in seconds. */
export const MIN_RATE_SECONDS = 1;

/**
 * Reports the envelope section from `parsec.envelopes.published`: the
 * increase over the rate window divided by the seconds actually covered,
 * and the per-aspect counts in the same window.
 */
export class EnvelopeSource extends ReaderSource {
  readonly name = 'envelopes';

  envelopes(): EnvelopeStats | undefined {
    const name = ENVELOPES_PUBLISHED.name;
    if (!this.reader.has(name)) return undefined;
    const byAspect = this.reader.increaseBy(name, ATTR_ASPECT, 'rate');
    let increase = 0;
    for (const v of byAspect.values()) increase += v;
    // Over at least one second, so a snapshot taken just after start does not extrapolate a burst.
    const covered = Math.max(MIN_RATE_SECONDS, this.reader.coverage('rate').coveredSeconds);
    const stats: EnvelopeStats = { rate_per_second: round(increase / covered) };
    const record = nonZeroRecord(byAspect);
    if (record !== undefined) stats.by_aspect = record;
    return stats;
  }
}
