import t from 'tap';
import { EnvelopeCounters } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

const ASPECTS = ['chat', 'typing', 'receipt', 'reaction'];

t.test('600 envelopes spread evenly over 60 s give 10/s', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  let i = 0;
  await c.advance(60_000, 100, () => envelopes.observe(ASPECTS[i++ % 4] as string));
  t.equal(i, 600);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.envelopes.rate_per_second, 10);
  t.equal(snap.window?.rate_window_seconds, 60);
  t.equal(snap.window?.count_covered_seconds, 60, 'the count window has seen 60 s');
  const byAspect = snap.envelopes.by_aspect ?? {};
  t.same(Object.keys(byAspect).sort(), [...ASPECTS].sort());
  const inWindow = Object.values(byAspect).reduce((a, b) => a + b, 0);
  t.equal(inWindow, 10 * (snap.window?.rate_covered_seconds ?? 0), 'by_aspect counts the envelopes of the covered window');
  t.ok(inWindow >= 550 && inWindow <= 600, `window holds most of the 600 (${inWindow})`);
});

t.test('after 30 s only, the rate is over the 30 s covered and the window says partial', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  await c.advance(30_000, 100, () => envelopes.observe('chat'));
  const snap = await c.telemetry.snapshot();
  t.equal(snap.envelopes.rate_per_second, 10, 'not 5/s: divided by the 30 s covered, not by 60');
  t.equal(snap.window?.rate_covered_seconds, 30);
  t.equal(snap.window?.partial, true);
  t.same(snap.envelopes.by_aspect, { chat: 300 });
});

t.test('events older than the window drop out', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  await c.advance(10_000, 100, () => envelopes.observe('chat'));
  let snap = await c.telemetry.snapshot();
  t.equal(snap.envelopes.rate_per_second, 10);
  await c.advance(55_000);
  snap = await c.telemetry.snapshot();
  t.ok(snap.envelopes.rate_per_second > 0 && snap.envelopes.rate_per_second < 2, `the burst is fading (${snap.envelopes.rate_per_second}/s)`);
  await c.advance(10_000);
  snap = await c.telemetry.snapshot();
  t.equal(snap.envelopes.rate_per_second, 0, 'gone once older than the window');
  t.notOk('by_aspect' in snap.envelopes, 'by_aspect is omitted when empty');
  const covered = snap.window?.rate_covered_seconds ?? 0;
  // The rate window is 12 slots of 5 s: it covers the last 55 to 61 s, and says exactly how many.
  t.ok(covered > 55 && covered <= 60, `a full window once the reader is older than it (${covered} s)`);
});

t.test('a bound aspect counter records like observe()', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const chat = envelopes.bind('chat');
  await c.advance(10_000, 1000, () => {
    chat.add();
    chat.add(2);
    envelopes.observe('typing', 3);
  });
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 30, typing: 30 });
  t.equal(snap.envelopes.rate_per_second, 6);
});
