import t from 'tap';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createTelemetry, InvalidOptionError } from '../../src/index.ts';
import { captureDiag } from '../helpers/diag.ts';
import { thrown } from '../helpers/expect-throw.ts';

const opts = { sampleIntervalMs: 0, env: {} };

t.afterEach(() => metrics.disable());

t.test('a component on the global API is read like one given telemetry.meter', async (t) => {
  const telemetry = createTelemetry(opts);
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.global, true);
  metrics.getMeter('hub').createCounter('parsec.envelopes.published').add(7, { 'parsec.aspect': 'chat' });
  const snap = await telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 7 });
  t.ok(snap.envelopes.rate_per_second > 0);
});

t.test('instruments created before registration stay no-op; created after, they count', async (t) => {
  const early = metrics.getMeter('hub').createCounter('parsec.envelopes.published');
  const telemetry = createTelemetry(opts);
  t.teardown(() => telemetry.shutdown());
  early.add(5, { 'parsec.aspect': 'early' });
  metrics.getMeter('hub').createCounter('parsec.envelopes.published').add(3, { 'parsec.aspect': 'late' });
  t.same((await telemetry.snapshot()).envelopes.by_aspect, { late: 3 }, 'the OTel JS metrics API has no proxy meter');
});

t.test('global: false leaves the global provider alone', async (t) => {
  const telemetry = createTelemetry({ ...opts, global: false });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.global, false);
  t.equal(metrics.getMeter('hub'), createNoopMeter());
});

t.test('another registered provider is not replaced: one diagnostic names the way out', async (t) => {
  const messages = captureDiag(t);
  const app = new MeterProvider();
  metrics.setGlobalMeterProvider(app);
  const telemetry = createTelemetry(opts);
  t.equal(telemetry.global, false);
  t.equal(metrics.getMeterProvider(), app, 'the app\'s provider stays');
  t.equal(messages.length, 1, 'one diagnostic');
  t.match(messages[0], /already the OpenTelemetry API's global one.*createTelemetryReader\(\).*global: false/);
  await telemetry.shutdown();
  t.equal(metrics.getMeterProvider(), app, 'shutdown leaves a provider that was not ours');
});

t.test('shutdown unregisters the global provider that was ours', async (t) => {
  const telemetry = createTelemetry(opts);
  t.equal(metrics.getMeterProvider(), telemetry.meterProvider);
  await telemetry.shutdown();
  t.equal(metrics.getMeter('hub'), createNoopMeter());
  const next = createTelemetry(opts);
  t.teardown(() => next.shutdown());
  t.equal(next.global, true, 'so a telemetry created after it registers again');
});

t.test('an invalid global option throws naming it', async (t) => {
  const err = thrown(() => createTelemetry({ ...opts, global: 'yes' as never }));
  t.ok(err instanceof InvalidOptionError);
  t.equal((err as InvalidOptionError).option, 'global');
});
