import t from 'tap';
import { createTelemetry, EnvelopeCounters, TokenCounters, type Snapshot } from '../../src/index.ts';

/** Runs one scripted hour; `wall` is called before each step to move the wall clock (or not). */
async function run(wall: (step: number) => void): Promise<Snapshot> {
  let now = 0;
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, env: {}, prometheus: false });
  const envelopes = new EnvelopeCounters(telemetry.meter);
  const tokens = new TokenCounters(telemetry.meter);
  for (let step = 0; step < 90; step++) {
    wall(step);
    envelopes.observe('chat', 1 + (step % 5));
    if (step % 3 === 0) tokens.issued(2);
    if (step % 7 === 0) tokens.revoked();
    now += 30_000;
    await telemetry.reader.sample();
  }
  const snap = await telemetry.snapshot();
  await telemetry.shutdown();
  return { ...snap, at: '' };
}

t.test('wall-clock jumps (the system time set forward or back) change no rate and no window count', async (t) => {
  const realNow = Date.now;
  t.teardown(() => {
    Date.now = realNow;
  });
  const steady = await run(() => undefined);
  let offset = 0;
  const jumpy = await run((step) => {
    if (step === 20) offset += 3_600_000; // an hour forward
    if (step === 50) offset -= 2 * 86_400_000; // two days back
    if (step === 70) offset += 86_400_000;
    Date.now = () => realNow() + offset;
  });
  t.same(jumpy, steady);
  t.ok(steady.envelopes.rate_per_second > 0 && steady.tokens.issued_last_hour > 0, 'the script did record');
});
