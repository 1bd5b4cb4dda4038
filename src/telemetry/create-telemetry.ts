import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { Aggregator } from '../aggregate/aggregator.ts';
import { checkObject, checkString } from '../errors/validate.ts';
import { WindowedReader } from '../reader/windowed-reader.ts';
import { readerSources } from '../sources/reader-sources.ts';
import type { Telemetry, TelemetryOptions } from './types.ts';

/** Version of this package, reported as the meter's scope version. */
export const VERSION = '0.1.0';

/**
 * Wires a MeterProvider with the WindowedReader and an Aggregator over the
 * reader's sources. Invalid options throw an InvalidOptionError naming the
 * option.
 */
export function createTelemetry(options?: TelemetryOptions): Telemetry {
  const o = checkObject('options', options) as TelemetryOptions;
  const serviceName = checkString('serviceName', o.serviceName ?? (process.env.OTEL_SERVICE_NAME || 'parsec'));
  const reader = new WindowedReader({
    clock: o.clock,
    sampleIntervalMs: o.sampleIntervalMs,
    rateWindowMs: o.rateWindowMs,
    countWindowMs: o.countWindowMs,
    maxSeriesPerInstrument: o.maxSeriesPerInstrument,
  });
  const aggregator = Aggregator.create({ sources: readerSources(reader), sourceTimeoutMs: o.sourceTimeoutMs });
  const meterProvider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    readers: [reader],
  });
  const meter = meterProvider.getMeter('parsec', VERSION);
  let shutdown: Promise<void> | undefined;
  return {
    meterProvider,
    meter,
    reader,
    aggregator,
    snapshot: () => aggregator.snapshot(),
    shutdown: () => (shutdown ??= meterProvider.shutdown()),
  };
}
