import { metrics, type Meter } from '@opentelemetry/api';
import { Aggregator } from '../aggregate/aggregator.ts';
import { createDashboardRoutes } from '../dashboard/dashboard-routes.ts';
import { InvalidArgumentError, InvalidOptionError, ShutDownError } from '../errors/errors.ts';
import { checkFunction, checkObject, checkString } from '../errors/validate.ts';
import { bearerAuthorizer } from '../http/auth.ts';
import { createHealthHandler, healthStatus } from '../http/health-handler.ts';
import { HISTORY_METHODS, HISTORY_PATH, serveHistory } from '../http/history-handler.ts';
import { listen } from '../http/listen.ts';
import { createRouter, type Route } from '../http/router.ts';
import { SNAPSHOT_METHODS, serveSnapshot } from '../http/snapshot-handler.ts';
import type { Handler, TelemetryServer } from '../http/types.ts';
import { describeError } from '../diag/describe-value.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { DEFAULT_HISTORY_RANGE } from '../history/ranges.ts';
import { ReaderHistory } from '../history/reader-history.ts';
import { sourcesHistory } from '../history/sources-history.ts';
import type { HistoryRange, MetricsHistory } from '../history/types.ts';
import { ATTR_SOURCE } from '../instruments.ts';
import { WindowedReader } from '../reader/windowed-reader.ts';
import { readerSources } from '../sources/reader-sources.ts';
import { selfCounter, selfGauges } from './self-gauges.ts';
import { resolveEnv, resolveToken } from './options.ts';
import type { HandlerOptions, TelemetryReader, TelemetryReaderOptions } from './types.ts';
import { VERSION } from './version.ts';

/** What createTelemetry adds to the reader's own routes. */
export interface TelemetryReaderExtras {
  /** Routes beside `/parsec/metrics`, `/healthz` and the dashboard. */
  readonly routes?: readonly Route[];
  /** Called after each sample, after the caller's own `onSample`. */
  readonly onSample?: () => void;
  /** The meter of the source-error counter, asked for at the first source error. */
  readonly selfMeter?: () => Meter;
  /**
   * Receives the self-gauges' registration instead of it running at once
   * (createTelemetry runs it once its provider exists).
   */
  readonly deferSelfGauges?: (register: () => boolean) => void;
}

/**
 * The WindowedReader and the snapshot over it, for an app that owns its
 * MeterProvider: the app passes `reader` to `new NodeSDK({ metricReaders })`
 * or `new MeterProvider({ readers })` and mounts `handler()` on its own
 * server (or calls `listen()`). Builds no provider and registers no views,
 * so whatever readers the app registers beside it keep storages of their
 * own. Invalid options throw an InvalidOptionError naming the option.
 */
export function createTelemetryReader(options?: TelemetryReaderOptions): TelemetryReader {
  return buildTelemetryReader(checkObject('options', options) as TelemetryReaderOptions, {});
}

/** {@link createTelemetryReader} with what createTelemetry adds. */
export function buildTelemetryReader(o: TelemetryReaderOptions, extras: TelemetryReaderExtras): TelemetryReader {
  const env = resolveEnv(o.env);
  const token = resolveToken(o.token, env);
  if (o.meter !== undefined && (o.meter === null || typeof (o.meter as Partial<Meter>).createCounter !== 'function')) {
    throw new InvalidArgumentError('meter', 'an OpenTelemetry Meter', o.meter);
  }
  const keepHistory = o.history ?? true;
  if (typeof keepHistory !== 'boolean') throw new InvalidOptionError('history', 'a boolean', keepHistory);
  const ownOnSample = o.onSample === undefined ? undefined : checkFunction<() => void>('onSample', o.onSample);
  const extraOnSample = extras.onSample;
  const meter = o.meter;
  const selfMeter = extras.selfMeter ?? (() => meter ?? metrics.getMeter('parsec-telemetry', VERSION));
  // The self-gauges register once their meter is a real one: at once, or after a later sample.
  const registerGauges = selfGauges(selfMeter, () => startTimeS, () => health().status === 'ok');
  // The history is fed after the caller's own callbacks; it is built over the reader, after it.
  let historyOnSample: (() => void) | undefined;
  const reader = new WindowedReader({
    ...o,
    onSample: () => {
      registerGauges();
      ownOnSample?.();
      extraOnSample?.();
      historyOnSample?.();
    },
  });
  const clock = reader.options.clock;
  const startedAt = clock();
  const sourceDiag = new ThrottledDiag({ clock });
  const sourceErrors = selfCounter(selfMeter);
  const aggregator = new Aggregator({
    sources: o.sources ?? readerSources(reader),
    sourceTimeoutMs: o.sourceTimeoutMs,
    wallClock: o.wallClock,
    onSourceError: (e) => {
      sourceErrors()?.add(1, { [ATTR_SOURCE]: e.source });
      sourceDiag.warn(`source:${e.source}`, () => `snapshot source "${e.source}" failed: ${e.message} (logged at most once a minute per source)`);
    },
  });
  // Without a history of its own the reader keeps none, and custom sources may answer it (a PrometheusSource does).
  const historyProvider = !keepHistory ? sourcesHistory([])
    : o.sources === undefined ? new ReaderHistory(reader, { wallClock: o.wallClock }) : sourcesHistory(o.sources);
  if (historyProvider instanceof ReaderHistory) historyOnSample = historyProvider.onSample;
  const history = async (range: HistoryRange = DEFAULT_HISTORY_RANGE): Promise<MetricsHistory> => {
    try {
      return await historyProvider.metricsHistory(range);
    } catch (err) {
      sourceDiag.warn('history', () => `metrics history failed: ${describeError(err)} (logged at most once a minute)`);
      throw err;
    }
  };
  const health = () => healthStatus(reader.health(), startedAt, clock());
  // The telemetry's start on the wall clock: its instruments cannot have counted before it.
  const startTimeS = (o.wallClock ?? Date.now)() / 1000;
  if (extras.deferSelfGauges === undefined) registerGauges();
  else extras.deferSelfGauges(registerGauges);
  const routes: Route[] = [
    { path: '/parsec/metrics', methods: SNAPSHOT_METHODS, protected: true, handler: serveSnapshot(() => aggregator.snapshot()) },
    { path: HISTORY_PATH, methods: HISTORY_METHODS, protected: true, handler: serveHistory(history) },
    { path: '/healthz', methods: ['GET', 'HEAD'], protected: false, handler: createHealthHandler(health) },
    ...createDashboardRoutes(),
    ...(extras.routes ?? []),
  ];
  const authorize = token === undefined ? undefined : bearerAuthorizer(token);
  const router = createRouter(routes, authorize);
  const servers = new Set<TelemetryServer>();
  let stopped: Promise<void> | undefined;

  return {
    reader,
    aggregator,
    snapshot: () => aggregator.snapshot(),
    history,
    health,
    handler: (handlerOptions?: HandlerOptions): Handler => {
      const h = checkObject('options', handlerOptions) as HandlerOptions;
      if (h.pathPrefix === undefined) return router;
      return createRouter(routes, authorize, checkPathPrefix(h.pathPrefix));
    },
    async listen(listenOptions) {
      if (stopped !== undefined) throw new ShutDownError('telemetry');
      const server = await listen(router, listenOptions);
      servers.add(server);
      return server;
    },
    shutdown: () =>
      (stopped ??= (async () => {
        // A last sample, so the final snapshot holds every event recorded before shutdown began.
        if (reader.registered) await reader.sample();
        await Promise.all([...servers].map((s) => s.close()));
        await reader.shutdown();
      })()),
  };
}

/** `/ops` or `/ops/a`: starts with `/`, does not end with one. */
function checkPathPrefix(value: unknown): string {
  const prefix = checkString('pathPrefix', value);
  if (!/^(\/[^/?#]+)+$/.test(prefix)) {
    throw new InvalidArgumentError('pathPrefix', 'a path like "/ops" (starting with "/", without a trailing "/", "?" or "#")', value);
  }
  return prefix;
}

