import { type WindowedReader } from '../../src/index.ts';
import { SELF_INSTRUMENTS } from '../../src/instruments.ts';

/** Series the reader keeps beside the contract's: the telemetry's own (start time, healthy, source errors). */
function selfSeries(reader: WindowedReader): number {
  return SELF_INSTRUMENTS.reduce((n, spec) => n + reader.series(spec.name).length, 0);
}

/** The reader's series of the Parsec contract: all it keeps but the self-metrics' ones. */
export function contractSeriesCount(reader: WindowedReader): number {
  return reader.seriesCount() - selfSeries(reader);
}
