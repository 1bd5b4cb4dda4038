import { ENVELOPES_PUBLISHED } from '../instruments.ts';
import { LabelCells } from './label-cells.ts';
import type { MeterRecorders } from './meter-recorders.ts';

const ENVELOPES = Symbol('envelopes');

/**
 * The envelope cells of a meter, creating `parsec.envelopes.published` on
 * first use; `maxAspects` of the first call caps them for that meter.
 */
export function envelopeRecorder(recorders: MeterRecorders, maxAspects: number): LabelCells {
  return recorders.family(ENVELOPES, (r) => {
    const cells = new LabelCells('parsec.aspect', 'aspect', maxAspects);
    const all = cells.byLabel;
    r.observable('counter', ENVELOPES_PUBLISHED).addCallback((result) => r.reportCells(result, ENVELOPES_PUBLISHED, all.values()));
    return cells;
  });
}
