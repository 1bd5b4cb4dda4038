import t from 'tap';
import { createTelemetry, EnvelopeCounters, InvalidOptionError, TokenCounters } from '../../src/index.ts';
import { resolveTelemetryOptions } from '../../src/telemetry/options.ts';
import { hasMetric, startOtlpReceiver } from '../fixtures/otlp-receiver.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { checkRecordedEvents, pushRecordedEvents } from '../helpers/otlp-round-trip.ts';

t.test('pushed OTLP values equal the snapshot and /metrics', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test,team=parsec%20core' },
    serviceName: 'node-a',
    otlp: { endpoint: receiver.metricsUrl, exportIntervalMs: 60_000, exportTimeoutMs: 2_000 },
  });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.otlpEndpoint, receiver.metricsUrl);
  const roundTrip = await pushRecordedEvents(telemetry, receiver);
  const { snap, prom } = roundTrip;
  checkRecordedEvents(t, receiver, roundTrip);
  t.match(prom, /parsec_tokens_issued_total\{[^}]*\} 3/);

  t.equal(receiver.latestGauge('parsec.cache.size', { 'parsec.cache.backend': 'memory' }), 4096);
  t.equal(snap.cache.size_bytes, 4096);
  t.match(prom, /parsec_cache_size\{[^}]*parsec_cache_backend="memory"[^}]*\} 4096/);

  const resource = receiver.resourceAttributes();
  t.equal(resource?.['service.name'], 'node-a');
  t.equal(resource?.['deployment.environment'], 'test');
  t.equal(resource?.team, 'parsec core', 'percent-decoded');
  const point = receiver.points('parsec.envelopes.published')[0];
  t.equal(point?.description, 'Envelopes published on Parsec channels, by aspect.');
  t.equal(point?.unit, '{envelope}');
});

t.test('shutdown flushes: the final export carries the events recorded just before it', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, otlp: { endpoint: receiver.metricsUrl, exportIntervalMs: 60_000 } });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 1000; i++) envelopes.observe('chat');
  const final = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  await telemetry.shutdown();
  await final;
  t.equal(receiver.latestSum('parsec.envelopes.published'), 1000);
  const snap = await telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 1000 }, 'the last snapshot has them too');
});

t.test('nothing is pushed when no endpoint is set', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.otlpEndpoint, undefined);
  t.equal(resolveTelemetryOptions({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, otlp: false }).otlp, undefined, 'otlp: false wins over the environment');
});

t.test('the standard environment variables', async (t) => {
  const r = (env: Record<string, string>, otlp?: object) => resolveTelemetryOptions({ env, otlp }).otlp;
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })?.url, 'http://collector:4318/v1/metrics');
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base/' })?.url, 'http://collector:4318/base/v1/metrics');
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base' })?.url, 'http://collector:4318/base/v1/metrics');
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://b:9999/custom' })?.url, 'http://b:9999/custom', 'the metrics endpoint is used as is');
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' }, { endpoint: 'https://c/v1/metrics' })?.url, 'https://c/v1/metrics', 'the option wins');
  t.same(
    r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_METRIC_EXPORT_INTERVAL: '5000' }),
    { url: 'http://a:4318/v1/metrics', protocol: 'http/protobuf', temporality: 'cumulative', exportIntervalMs: 5000, exportTimeoutMs: 5000, headers: undefined },
    'the export timeout is clamped to the interval',
  );
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_METRIC_EXPORT_TIMEOUT: '700' })?.exportTimeoutMs, 700);
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })?.protocol, 'http/json');
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, { protocol: 'http/protobuf' })?.protocol, 'http/protobuf', 'the option wins');
  t.same(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317/', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' }), {
    url: 'http://c:4317', protocol: 'grpc', temporality: 'cumulative', exportIntervalMs: 60_000, exportTimeoutMs: 30_000, headers: undefined,
  }, 'grpc: OTEL_EXPORTER_OTLP_ENDPOINT as is (host and port, no /v1/metrics); the metrics protocol wins');
  t.equal(r({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })?.url, 'https://c:4317', 'https: TLS');
  t.equal(r({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), undefined, 'no endpoint, no push, whatever the protocol');
  for (const [raw, want] of [['delta', 'delta'], [' DELTA ', 'delta'], ['LowMemory', 'lowmemory'], ['Cumulative', 'cumulative']] as const) {
    t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: raw })?.temporality, want, `temporality ${JSON.stringify(raw)}`);
  }
  t.equal(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' }, { temporality: 'cumulative' })?.temporality, 'cumulative', 'the option wins');
  t.same(r({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a' }, { headers: { 'x-team': 'parsec' }, exportIntervalMs: 100, exportTimeoutMs: 50 }),
    { url: 'http://a/v1/metrics', protocol: 'http/protobuf', temporality: 'cumulative', exportIntervalMs: 100, exportTimeoutMs: 50, headers: { 'x-team': 'parsec' } });
  const named = (env: Record<string, string>, otlp?: object) => (thrown(() => resolveTelemetryOptions({ env, otlp })) as InvalidOptionError).option;
  t.equal(named({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'thrift' }), 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL');
  t.equal(named({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON' }), 'OTEL_EXPORTER_OTLP_PROTOCOL', 'protocol names are exact');
  t.equal(named({}, { endpoint: 'http://a', protocol: 'udp' }), 'otlp.protocol');
  t.equal(named({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' }), 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE');
  t.equal(named({}, { endpoint: 'http://a', temporality: 'delta-ish' }), 'otlp.temporality');
  t.equal(named({}, { endpoint: 'http://a', temporality: 1 }), 'otlp.temporality', 'not a string');
  t.equal(named({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317/v1/metrics' }), 'OTEL_EXPORTER_OTLP_ENDPOINT', 'a gRPC endpoint has no path');
  t.equal(named({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:4317?x=1' }), 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  t.equal(named({}, { protocol: 'grpc', endpoint: 'http://c:4317/#x' }), 'otlp.endpoint');
  t.equal(named({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a', OTEL_METRIC_EXPORT_INTERVAL: 'soon' }), 'OTEL_METRIC_EXPORT_INTERVAL');
  t.equal(named({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://a' }), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  t.equal(named({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'not a url' }), 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  t.equal(named({}, { endpoint: 'http://a', exportIntervalMs: 100, exportTimeoutMs: 200 }), 'otlp.exportTimeoutMs');
  t.equal(named({}, { endpoint: 'http://a', exportIntervalMs: 0 }), 'otlp.exportIntervalMs');
  t.equal(named({}, { endpoint: 'http://a', headers: { a: 5 } }), 'otlp.headers.a');
  t.equal(named({}, 'yes' as never), 'otlp');
  t.equal(named({ OTEL_RESOURCE_ATTRIBUTES: 'novalue' }), 'OTEL_RESOURCE_ATTRIBUTES');
  t.equal(named({ OTEL_RESOURCE_ATTRIBUTES: 'a=%E0%A4%A' }), 'OTEL_RESOURCE_ATTRIBUTES');
  t.equal((thrown(() => resolveTelemetryOptions({ prometheus: 'yes' as never })) as InvalidOptionError).option, 'prometheus');
  t.equal((thrown(() => resolveTelemetryOptions({ shutdownTimeoutMs: 0 })) as InvalidOptionError).option, 'shutdownTimeoutMs');
  t.equal((thrown(() => resolveTelemetryOptions({ env: 'x' as never })) as InvalidOptionError).option, 'env');
  t.equal(resolveTelemetryOptions({ env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,,' } }).serviceName, 'from-attrs');
  t.equal(resolveTelemetryOptions({ env: { OTEL_SERVICE_NAME: ' ' } }).serviceName, 'parsec', 'blank variables count as unset');
});

t.test('OTLP http/json is selected by OTEL_EXPORTER_OTLP_PROTOCOL', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.metricsUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    otlp: { exportTimeoutMs: 500 },
  });
  t.teardown(() => telemetry.shutdown());
  new TokenCounters(telemetry.meter).issued();
  const attempt = receiver.waitForAttempt();
  await telemetry.meterProvider.forceFlush();
  t.equal((await attempt).contentType, 'application/json', 'sent as JSON (this receiver decodes protobuf only)');
});

t.test('shutdown completes within its timeout even when the collector hangs', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  receiver.setMode('hang');
  const telemetry = createTelemetry({
    sampleIntervalMs: 0, env: {}, shutdownTimeoutMs: 300,
    otlp: { endpoint: receiver.metricsUrl, exportIntervalMs: 60_000, exportTimeoutMs: 1_000 },
  });
  new TokenCounters(telemetry.meter).issued();
  const started = performance.now();
  await telemetry.shutdown();
  const took = performance.now() - started;
  t.ok(took < 2_000, `shutdown returned (${Math.round(took)} ms) instead of waiting on the collector`);
  t.equal(receiver.attempts.at(-1)?.status, 'hung', 'the final export was attempted');
});
