import t from 'tap';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';
import { hasMetric } from '../fixtures/otlp-receiver.ts';
import { startOtlpGrpcReceiver } from '../fixtures/otlp-grpc-receiver.ts';
import { checkRecordedEvents, pushRecordedEvents } from '../helpers/otlp-round-trip.ts';

t.test('OTEL_EXPORTER_OTLP_PROTOCOL=grpc pushes OTLP/gRPC to OTEL_EXPORTER_OTLP_ENDPOINT as is; the values equal the snapshot and /metrics', async (t) => {
  const receiver = await startOtlpGrpcReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` },
    serviceName: 'node-g',
    otlp: { exportIntervalMs: 60_000, exportTimeoutMs: 2_000, headers: { 'x-team': 'parsec' } },
  });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.otlpEndpoint, receiver.url, 'host and port, no /v1/metrics');
  const roundTrip = await pushRecordedEvents(telemetry, receiver);
  const { snap } = roundTrip;
  checkRecordedEvents(t, receiver, roundTrip);
  const size = receiver.points('parsec.cache.size').at(-1);
  t.equal(size?.value, 4096);
  t.equal(size?.unit, 'By');
  t.equal(snap.cache.size_bytes, 4096);
  t.equal(receiver.points('parsec.envelopes.published')[0]?.temporality, 2, 'cumulative by default');
  const resource = receiver.requests.at(-1)?.resourceMetrics[0]?.resource?.attributes.find((kv) => kv.key === 'service.name');
  t.equal(resource?.value?.stringValue, 'node-g');
  t.same(receiver.attempts.at(-1)?.metadata, { 'x-team': 'parsec' }, 'otlp.headers travel as gRPC metadata');
});

t.test('the final export at shutdown goes over gRPC too', async (t) => {
  const receiver = await startOtlpGrpcReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, otlp: { protocol: 'grpc', endpoint: receiver.url, exportIntervalMs: 60_000 } });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 1000; i++) envelopes.observe('chat');
  const final = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  await telemetry.shutdown();
  await final;
  t.equal(receiver.latestSum('parsec.envelopes.published'), 1000);
});
