import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../instruments.ts';
import { nonZeroRecord, ReaderSource, round } from './reader-source.ts';
import type { EnvelopeStats } from './types.ts';

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
    const covered = this.reader.coverage('rate').coveredSeconds;
    const stats: EnvelopeStats = { rate_per_second: covered > 0 ? round(increase / covered) : 0 };
    const record = nonZeroRecord(byAspect);
    if (record !== undefined) stats.by_aspect = record;
    return stats;
  }
}
