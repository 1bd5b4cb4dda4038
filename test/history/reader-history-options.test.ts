import t from 'tap';
import fc from 'fast-check';
import { createTelemetry, createTelemetryReader, EnvelopeCounters, InvalidArgumentError, InvalidOptionError, ParsecTelemetryError, WindowedReader } from '../../src/index.ts';
import { ReaderHistory } from '../../src/history/reader-history.ts';
import { captureDiag } from '../helpers/diag.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { hostileValues } from '../helpers/hostile.ts';

t.test('invalid arguments throw a typed error naming them', async (t) => {
  const reader = new WindowedReader({ sampleIntervalMs: 0 });
  t.type(thrown(() => new ReaderHistory({} as WindowedReader)), InvalidArgumentError);
  t.match(thrown(() => new ReaderHistory({} as WindowedReader)), { message: /reader/ });
  t.match(thrown(() => new ReaderHistory(reader, { wallClock: 5 as never })), { option: 'wallClock' });
  t.type(thrown(() => new ReaderHistory(reader, { maxKeysPerMap: 0 })), InvalidOptionError);
  t.equal(new ReaderHistory(reader, { maxKeysPerMap: 5 }).seriesCount(), 0, 'nothing recorded before a sample');
});

t.test('any options either build a ReaderHistory or throw a ParsecTelemetryError', async (t) => {
  const reader = new WindowedReader({ sampleIntervalMs: 0 });
  const check = (options: unknown): boolean => {
    try {
      new ReaderHistory(reader, options as never);
      return true;
    } catch (err) {
      return err instanceof ParsecTelemetryError;
    }
  };
  fc.assert(fc.property(fc.anything(), check));
  fc.assert(fc.property(fc.record({ wallClock: fc.anything(), maxKeysPerMap: fc.anything() }, { requiredKeys: [] }), check));
  for (const { name, value } of hostileValues()) t.ok(check(value), name);
});

t.test('a failing step is logged and the history goes on', async (t) => {
  const messages = captureDiag(t);
  let wall = 1_000;
  let broken = true;
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false });
  t.teardown(() => telemetry.shutdown());
  const history = new ReaderHistory(telemetry.reader, {
    wallClock: () => {
      if (broken) throw new Error('no clock');
      return wall;
    },
  });
  clock.now = 5_000;
  await telemetry.reader.sample();
  history.record();
  t.match(messages, [/recording the metrics history failed: .*no clock/]);
  broken = false;
  wall = 2_000;
  history.record();
  t.same(history.metricsHistory('5m').series['tokens.active_count'], [[2_000, 0]], 'the next step is recorded');
  t.ok(history.seriesCount() > 0);
});

t.test('a map at its most keys refuses further ones, with one diagnostic', async (t) => {
  const messages = captureDiag(t);
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false });
  t.teardown(() => telemetry.shutdown());
  const history = new ReaderHistory(telemetry.reader, { maxKeysPerMap: 1 });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  envelopes.observe('chat');
  envelopes.observe('typing');
  clock.now = 5_000;
  await telemetry.reader.sample();
  history.record();
  const keys = Object.keys(history.metricsHistory('5m').series).filter((k) => k.startsWith('envelopes.by_aspect.'));
  t.same(keys, ['envelopes.by_aspect.chat'], 'the first key only');
  t.match(messages, [/history of "envelopes.by_aspect" holds its most keys/]);
});

t.test('a failing history is logged and answers a rejection', async (t) => {
  const messages = captureDiag(t);
  const telemetry = createTelemetryReader({ env: {}, sources: [{ name: 'x', metricsHistory: () => Promise.reject(new Error('down')) } as never] });
  t.match(await telemetry.history('1h').catch((e: unknown) => e), { message: 'down' });
  t.match(messages, [/metrics history failed: .*down/]);
});
