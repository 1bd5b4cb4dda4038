import t from 'tap';
import { setGlobalErrorHandler, loggingErrorHandler } from '@opentelemetry/core';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';
import { hasMetric, startOtlpReceiver } from '../fixtures/otlp-receiver.ts';
import { fetchText } from '../helpers/http.ts';

t.test('collector down, then back: the service keeps serving, errors are not a flood, and the next export carries the full totals', async (t) => {
  const exportErrors: unknown[] = [];
  setGlobalErrorHandler((err) => exportErrors.push(err));
  t.teardown(() => setGlobalErrorHandler(loggingErrorHandler()));
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({
    sampleIntervalMs: 0, env: {},
    otlp: { endpoint: receiver.metricsUrl, exportIntervalMs: 60_000, exportTimeoutMs: 300 },
  });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  const envelopes = new EnvelopeCounters(telemetry.meter);

  envelopes.observe('chat', 10);
  const first = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  await telemetry.meterProvider.forceFlush();
  await first;
  t.equal(receiver.latestSum('parsec.envelopes.published'), 10);

  // The collector answers 503 for a while, then goes away entirely.
  receiver.setMode('unavailable');
  envelopes.observe('chat', 5);
  await telemetry.meterProvider.forceFlush();
  await receiver.stop();
  envelopes.observe('chat', 7);
  for (let i = 0; i < 3; i++) await telemetry.meterProvider.forceFlush();
  t.ok(exportErrors.length >= 1 && exportErrors.length <= 4, `${exportErrors.length} export errors for 4 failed exports: one each, no flood`);
  const snap = await fetchText(`${server.url}/parsec/metrics`);
  t.equal(snap.status, 200, 'the service keeps serving while the collector is down');
  t.same(JSON.parse(snap.body).envelopes.by_aspect, { chat: 22 });
  t.equal((await fetchText(`${server.url}/metrics`)).status, 200);

  // Back: the next export carries every envelope, the ones recorded while it was down included.
  receiver.setMode('ok');
  await receiver.restart();
  envelopes.observe('chat', 1);
  const back = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  await telemetry.meterProvider.forceFlush();
  await back;
  t.equal(receiver.latestSum('parsec.envelopes.published'), 23, 'cumulative: 10 + 5 + 7 + 1');
});

t.test('SIGTERM in the middle of a burst: the final export and the last snapshot hold every event recorded before shutdown began', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, otlp: { endpoint: receiver.metricsUrl, exportIntervalMs: 60_000 } });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  let recorded = 0;
  let stop = false;
  const burst = (async () => {
    while (!stop) {
      for (let i = 0; i < 1000; i++) envelopes.observe('chat');
      recorded += 1000;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  while (recorded < 50_000) await new Promise((resolve) => setImmediate(resolve));
  const atShutdown = recorded;
  const final = receiver.waitForExport(hasMetric('parsec.envelopes.published'));
  const shutdown = telemetry.shutdown(); // what the CLI does on SIGTERM
  await final;
  stop = true;
  await Promise.all([shutdown, burst]);
  const exported = receiver.latestSum('parsec.envelopes.published') ?? 0;
  t.ok(exported >= atShutdown, `final export ${exported} ≥ ${atShutdown} recorded before shutdown began`);
  const snap = await telemetry.snapshot();
  const inSnapshot = snap.envelopes.by_aspect?.chat ?? 0;
  t.ok(inSnapshot >= atShutdown, `last snapshot ${inSnapshot} ≥ ${atShutdown}`);
  t.equal(inSnapshot, exported, 'the snapshot and the export agree');
});
