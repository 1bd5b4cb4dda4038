import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../instruments.ts';
import { ReaderSource } from './reader-source.ts';
import { envelopesSection } from './sections.ts';
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
    return envelopesSection(this.reader.increaseBy(name, ATTR_ASPECT, 'rate'), this.reader.coverage('rate').coveredSeconds);
  }
}
