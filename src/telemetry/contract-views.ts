import { InstrumentType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { INSTRUMENTS } from '../instruments.ts';
import { OBSERVABLE_CARDINALITY_FACTOR } from '../reader/windowed-reader.ts';
import { CappedValuesProcessor } from './capped-values-processor.ts';

const SYNC: Record<'counter' | 'gauge', InstrumentType[]> = {
  counter: [InstrumentType.COUNTER],
  gauge: [InstrumentType.GAUGE, InstrumentType.UP_DOWN_COUNTER],
};
const OBSERVABLE: Record<'counter' | 'gauge', InstrumentType[]> = {
  counter: [InstrumentType.OBSERVABLE_COUNTER],
  gauge: [InstrumentType.OBSERVABLE_GAUGE, InstrumentType.OBSERVABLE_UP_DOWN_COUNTER],
};

/**
 * Views for the contract instruments, one per name and instrument type:
 * - every one sets the contract's description, so a plain-API instrument
 *   created without one still exports it;
 * - a view makes the SDK keep one storage for all readers instead of one per
 *   reader (attributes are hashed once per measurement, not once per reader);
 * - synchronous instruments get a {@link CappedValuesProcessor}: at most
 *   `maxSeriesPerInstrument` values per attribute key, then `_other`, so a
 *   cardinality flood cannot grow the cumulative readers (`/metrics`, OTLP);
 * - the cardinality limit leaves room above the reader's own cap, which
 *   must be the one to overflow (see OBSERVABLE_CARDINALITY_FACTOR).
 * Observable instruments get no processor: their callbacks observe whole
 * totals per attribute set, which a processor merging sets would overwrite.
 */
export function contractViews(maxSeriesPerInstrument: number): ViewOptions[] {
  const views: ViewOptions[] = [];
  for (const i of INSTRUMENTS) {
    const base = {
      instrumentName: i.name,
      description: i.description,
      aggregationCardinalityLimit: maxSeriesPerInstrument * OBSERVABLE_CARDINALITY_FACTOR + 1,
    };
    for (const instrumentType of SYNC[i.kind]) {
      views.push({ ...base, instrumentType, attributesProcessors: [new CappedValuesProcessor(i.attributes, maxSeriesPerInstrument)] });
    }
    for (const instrumentType of OBSERVABLE[i.kind]) views.push({ ...base, instrumentType });
  }
  return views;
}
