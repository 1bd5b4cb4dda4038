// The `history` option: on by default, `false` keeps no history at all (the
// rings cost about 1.4 kB per snapshot field), and anything but a boolean is
// a setup error naming the option.
import t, { type Test } from 'tap';
import { createTelemetry, createTelemetryReader, EnvelopeCounters, InvalidOptionError } from '../../src/index.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { hostileValues } from '../helpers/hostile.ts';

async function tenSteps(t: Test, history: boolean | undefined): Promise<Record<string, unknown>> {
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false, history });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 10; i++) {
    envelopes.observe('chat', 5);
    clock.now += 5_000;
    await telemetry.reader.sample();
    await new Promise((resolve) => setImmediate(resolve)); // the history's step runs on the next turn
  }
  const { series } = await telemetry.history('5m');
  const snapshot = await telemetry.snapshot();
  await telemetry.shutdown();
  t.same(snapshot.envelopes.by_aspect, { chat: 50 }, 'the snapshot is the same either way');
  return series;
}

t.test('by default the history has the figures of every step', async (t) => {
  const series = await tenSteps(t, undefined);
  t.ok((series['envelopes.by_aspect.chat'] as unknown[]).length >= 9, 'a point per step');
});

t.test('history: false keeps none: the endpoint answers with no series', async (t) => {
  t.same(await tenSteps(t, false), {});
});

t.test('anything but a boolean is an InvalidOptionError naming history', async (t) => {
  for (const value of ['no', 0, 1, {}, ...hostileValues().map((h) => h.value)]) {
    if (value === undefined || value === null || typeof value === 'boolean') continue;
    t.match(thrown(() => createTelemetryReader({ history: value as never, env: {} })), { option: 'history' });
    t.type(thrown(() => createTelemetryReader({ history: value as never, env: {} })), InvalidOptionError);
  }
});
