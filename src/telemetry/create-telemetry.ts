import { diag } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import { checkObject } from '../errors/validate.ts';
import { createPrometheusHandler } from '../http/prometheus-handler.ts';
import type { Route } from '../http/router.ts';
import { recordersFor } from '../record/meter-recorders.ts';
import { withTimeout } from '../timing/with-timeout.ts';
import { CellProducer } from './cell-producer.ts';
import { CellPrometheusExporter } from './cell-readers.ts';
import { CollectionDrain } from './collection-drain.ts';
import { contractViews } from './contract-views.ts';
import { buildTelemetryReader } from './create-telemetry-reader.ts';
import { registerGlobalProvider, unregisterGlobalProvider } from './global-provider.ts';
import { resolveTelemetryOptions } from './options.ts';
import { otlpReader } from './otlp-reader.ts';
import { ScopedMeterProvider } from './scoped-meter-provider.ts';
import type { Telemetry, TelemetryOptions } from './types.ts';
import { VERSION } from './version.ts';

export { VERSION };

/**
 * For a Parsec node without an OpenTelemetry SDK of its own: a
 * MeterProvider with the WindowedReader, a PrometheusExporter (for
 * `/metrics`) and, when an endpoint is configured, an OTLP push reader,
 * plus the snapshot over the reader; the provider becomes the API's global
 * one (option `global`). An app that has its own SDK uses
 * createTelemetryReader instead. Invalid options throw an
 * InvalidOptionError naming the option (or environment variable).
 */
export function createTelemetry(options?: TelemetryOptions): Telemetry {
  const o = checkObject('options', options) as TelemetryOptions;
  const resolved = resolveTelemetryOptions(o);
  const coReaders: IMetricReader[] = [];
  // Only cumulative co-readers are drained: a collection a delta reader drops is data lost (collection-drain.ts).
  const drained: IMetricReader[] = [];
  // With every co-reader cumulative, each exports the recorders' cells through a producer of its own
  // (src/telemetry/cell-producer.ts): no reader then keeps an SDK storage for them. A delta OTLP reader
  // observes them, and its observations would reach the others' shared storage: then none has a producer.
  const producing = resolved.otlp === undefined || resolved.otlp.temporality === 'cumulative';
  const producer = (): CellProducer | undefined => (producing ? new CellProducer((meter) => provider.scopeOf(meter)) : undefined);
  const prometheusCells = resolved.prometheus ? producer() : undefined;
  const prometheus = !resolved.prometheus
    ? undefined
    : prometheusCells === undefined ? new PrometheusExporter({ preventServerStart: true }) : new CellPrometheusExporter(prometheusCells);
  if (prometheus !== undefined) {
    coReaders.push(prometheus);
    drained.push(prometheus);
  }
  if (resolved.otlp !== undefined) {
    const otlp = otlpReader(resolved.otlp, producer());
    coReaders.push(otlp);
    if (resolved.otlp.temporality === 'cumulative') drained.push(otlp);
  }
  const drain = new CollectionDrain(drained);
  const routes: Route[] = prometheus === undefined
    ? []
    : [{ path: '/metrics', methods: ['GET', 'HEAD'], protected: true, handler: createPrometheusHandler(prometheus) }];

  const selfGauges: (() => boolean)[] = [];
  // The source-error counter is created on the provider, which is built after the reader (it takes the reader).
  const telemetry = buildTelemetryReader(o, {
    routes,
    onSample: () => drain.afterSample(),
    selfMeter: () => provider.getMeter('parsec-telemetry', VERSION),
    deferSelfGauges: (register) => selfGauges.push(register),
  });
  const { reader } = telemetry;
  const provider: ScopedMeterProvider = new ScopedMeterProvider({
    resource: defaultResource().merge(resourceFromAttributes({
      ...resolved.resourceAttributes,
      'service.name': resolved.serviceName,
      'service.instance.id': resolved.serviceInstanceId,
    })),
    readers: [reader, ...coReaders],
    views: contractViews(reader.options.maxSeriesPerInstrument),
  });
  const meter = provider.getMeter('parsec', VERSION);
  for (const register of selfGauges) register();
  // The contract views give this meter one storage for all readers: idle recorder cells need not be observed.
  recordersFor(meter).reportChangesOnly = true;
  const global = resolved.global && registerGlobalProvider(provider);
  let shutdown: Promise<void> | undefined;

  return {
    ...telemetry,
    meterProvider: provider,
    meter,
    otlpEndpoint: resolved.otlp?.url,
    global,
    shutdown: () => (shutdown ??= shutDown()),
  };

  async function shutDown(): Promise<void> {
    if (global) unregisterGlobalProvider(provider);
    const deadline = resolved.shutdownTimeoutMs;
    const work = (async () => {
      await telemetry.shutdown();
      drain.close();
      await provider.shutdown({ timeoutMillis: deadline });
    })().catch((err: unknown) => {
      diag.warn('parsec-telemetry: shutdown did not complete cleanly', err);
    });
    await withTimeout(work, deadline, () => {
      diag.warn(`parsec-telemetry: shutdown did not finish within ${deadline} ms; giving up on the rest`);
    });
  }
}
