import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../instruments.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { ReaderSource } from './reader-source.ts';
import { computeRemembered } from './section-memo.ts';
import { envelopesSectionOf } from './sections.ts';
import type { EnvelopeStats } from './types.ts';

/**
 * Reports the envelope section from `parsec.envelopes.published`: the
 * increase over the rate window divided by the seconds actually covered,
 * and the per-aspect counts in the same window.
 */
export class EnvelopeSource extends ReaderSource {
  readonly name = 'envelopes';

  envelopes(): EnvelopeStats | undefined {
    // Module functions only, no method of `this`: see isReaderSection (src/sources/reader-sources.ts).
    return computeRemembered(this.reader, 'envelopes', envelopesSectionFor);
  }
}

function envelopesSectionFor(r: WindowedReader): EnvelopeStats | undefined {
  return envelopesOf(r, false);
}

function envelopesOf(r: WindowedReader, hollow: boolean): EnvelopeStats | undefined {
  const name = ENVELOPES_PUBLISHED.name;
  if (!r.has(name)) return undefined;
  return envelopesSectionOf(r.increaseGroups(name, ATTR_ASPECT, 'rate'), r.coverage('rate').coveredSeconds, hollow);
}

/**
 * The envelope section as {@link EnvelopeSource} computes it, with
 * `by_aspect` a hollow record (src/sources/records.ts): for figures that are
 * read through their entries and never served (src/history/reader-figures.ts),
 * without building an object of every aspect.
 */
export function envelopeFigures(r: WindowedReader): EnvelopeStats | undefined {
  return envelopesOf(r, true);
}
