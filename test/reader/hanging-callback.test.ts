import t from 'tap';
import { EnvelopeCounters } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';

t.test('a component callback that hangs: the rest of the collection goes on, logged once a minute', async (t) => {
  const messages = captureDiag(t);
  const c = clocked({ collectTimeoutMs: 20 });
  t.teardown(() => c.telemetry.shutdown());
  c.telemetry.meter.createObservableGauge('parsec.history.buffered').addCallback(() => new Promise<void>(() => undefined));
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  await c.advance(5_000, 1000, () => envelopes.observe('chat', 2));
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 10 }, 'the envelopes were still read');
  t.notOk(snap.errors, 'the snapshot itself did not fail');
  t.equal(messages.filter((m) => m.includes('metric callback failed')).length, 1, 'one diagnostic for six hanging samples');
});
