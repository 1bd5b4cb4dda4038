import { diag } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPMetricExporter as OTLPProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter as OTLPJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { CollectionDrain } from './collection-drain.ts';
import { Aggregator } from '../aggregate/aggregator.ts';
import { createDashboardRoutes } from '../dashboard/dashboard-routes.ts';
import { ShutDownError } from '../errors/errors.ts';
import { checkObject } from '../errors/validate.ts';
import { bearerAuthorizer } from '../http/auth.ts';
import { createHealthHandler, healthStatus } from '../http/health-handler.ts';
import { listen } from '../http/listen.ts';
import { createPrometheusHandler } from '../http/prometheus-handler.ts';
import { createRouter, type Route } from '../http/router.ts';
import type { TelemetryServer } from '../http/types.ts';
import { ATTR_SOURCE, TELEMETRY_SOURCE_ERRORS } from '../instruments.ts';
import { WindowedReader } from '../reader/windowed-reader.ts';
import { recordersFor } from '../record/meter-recorders.ts';
import { contractViews } from './contract-views.ts';
import { readerSources } from '../sources/reader-sources.ts';
import { resolveTelemetryOptions, type ResolvedOtlp } from './options.ts';
import type { Telemetry, TelemetryOptions } from './types.ts';

/** Version of this package, reported as the meter's scope version. */
export const VERSION = '0.1.0';

/**
 * Wires a MeterProvider with the WindowedReader, a PrometheusExporter (for
 * `/metrics`) and, when an endpoint is configured, an OTLP push reader, plus
 * an Aggregator over the reader's sources. Invalid options throw an
 * InvalidOptionError naming the option (or environment variable).
 */
export function createTelemetry(options?: TelemetryOptions): Telemetry {
  const o = checkObject('options', options) as TelemetryOptions;
  const resolved = resolveTelemetryOptions(o);
  const reader = new WindowedReader({
    clock: o.clock,
    sampleIntervalMs: o.sampleIntervalMs,
    rateWindowMs: o.rateWindowMs,
    countWindowMs: o.countWindowMs,
    maxSeriesPerInstrument: o.maxSeriesPerInstrument,
    collectTimeoutMs: o.collectTimeoutMs,
    onSample: () => {
      for (const drain of drains) drain.afterSample();
    },
  });
  const clock = reader.options.clock;
  const startedAt = clock();
  const readers: IMetricReader[] = [reader];
  const prometheus = resolved.prometheus ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  if (prometheus !== undefined) readers.push(prometheus);
  if (resolved.otlp !== undefined) readers.push(otlpReader(resolved.otlp));
  const drains = readers.slice(1).map((r) => new CollectionDrain(r as MetricReader));
  const meterProvider = new MeterProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...resolved.resourceAttributes, 'service.name': resolved.serviceName })),
    readers,
    views: contractViews(reader.options.maxSeriesPerInstrument),
  });
  const meter = meterProvider.getMeter('parsec', VERSION);
  // The contract views give this meter one storage for all readers: idle recorder cells need not be observed.
  recordersFor(meter).reportChangesOnly = true;
  const sourceErrors = meterProvider.getMeter('parsec-telemetry', VERSION).createCounter(TELEMETRY_SOURCE_ERRORS.name, {
    description: TELEMETRY_SOURCE_ERRORS.description,
    unit: TELEMETRY_SOURCE_ERRORS.unit,
  });
  const aggregator = Aggregator.create({
    sources: o.sources ?? readerSources(reader),
    sourceTimeoutMs: o.sourceTimeoutMs,
    onSourceError: (e) => sourceErrors.add(1, { [ATTR_SOURCE]: e.source }),
  });

  const health = () => healthStatus(reader.health(), startedAt, clock());
  const routes: Route[] = [
    { path: '/parsec/metrics', methods: ['GET', 'HEAD'], protected: true, handler: aggregator.handler() },
    { path: '/healthz', methods: ['GET', 'HEAD'], protected: false, handler: createHealthHandler(health) },
    ...createDashboardRoutes(),
  ];
  if (prometheus !== undefined) {
    routes.push({ path: '/metrics', methods: ['GET', 'HEAD'], protected: true, handler: createPrometheusHandler(prometheus) });
  }
  const router = createRouter(routes, resolved.token === undefined ? undefined : bearerAuthorizer(resolved.token));
  const servers = new Set<TelemetryServer>();
  let shutdown: Promise<void> | undefined;

  return {
    meterProvider,
    meter,
    reader,
    aggregator,
    otlpEndpoint: resolved.otlp?.url,
    snapshot: () => aggregator.snapshot(),
    health,
    handler: () => router,
    async listen(listenOptions) {
      if (shutdown !== undefined) throw new ShutDownError('telemetry');
      const server = await listen(router, listenOptions);
      servers.add(server);
      return server;
    },
    shutdown: () => (shutdown ??= shutDown()),
  };

  async function shutDown(): Promise<void> {
    const deadline = resolved.shutdownTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const work = (async () => {
      // A last sample, so the final snapshot holds every event recorded before shutdown began.
      await reader.sample();
      await Promise.all([...servers].map((s) => s.close()));
      await meterProvider.shutdown({ timeoutMillis: deadline });
    })().catch((err: unknown) => {
      diag.warn('parsec-telemetry: shutdown did not complete cleanly', err);
    });
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        diag.warn(`parsec-telemetry: shutdown did not finish within ${deadline} ms; giving up on the rest`);
        resolve();
      }, deadline);
    });
    await Promise.race([work, timeout]);
    clearTimeout(timer);
  }
}

function otlpReader(otlp: ResolvedOtlp): PeriodicExportingMetricReader {
  // The export timeout bounds the HTTP request too (the exporter's own default is 10 s).
  // Cumulative always: an export after a failed one carries the full totals, and a drained collection loses nothing.
  const config = {
    url: otlp.url,
    timeoutMillis: otlp.exportTimeoutMs,
    headers: otlp.headers,
    temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
  };
  const exporter = otlp.protocol === 'http/json' ? new OTLPJsonExporter(config) : new OTLPProtoExporter(config);
  return new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: otlp.exportIntervalMs,
    exportTimeoutMillis: otlp.exportTimeoutMs,
  });
}
