// Bug: the diagnostic path formatted bad values with String(x), so a count
// or a thrown value without a usable toString (Object.create(null), an
// object whose toString throws, a revoked proxy) made the recorder throw a
// TypeError at run time, and observeCache throw at setup.
import t from 'tap';
import { EnvelopeCounters, InvalidOptionError, observeCache, observePresence, TokenCounters } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';
import { thrown } from '../helpers/expect-throw.ts';

t.test('hostile counts and thrown values are dropped, never thrown back', async (t) => {
  const messages = captureDiag(t);
  const c = clocked({ env: {} });
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const tokens = new TokenCounters(c.telemetry.meter);
  envelopes.observe('chat', 2);
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const noString = Object.create(null) as number;
  const throwing = { toString(): string { throw new Error('no'); } } as unknown as number;

  t.equal(thrown(() => envelopes.observe('chat', noString)), undefined, 'observe(aspect, Object.create(null))');
  t.equal(thrown(() => envelopes.bind('x').add(throwing)), undefined, 'bind(x).add(throwing toString)');
  t.equal(thrown(() => tokens.issued(noString)), undefined, 'tokens.issued(Object.create(null))');
  t.equal(thrown(() => tokens.revoked(revoked.proxy as unknown as number)), undefined, 'tokens.revoked(revoked proxy)');
  t.equal(thrown(() => observeCache(c.telemetry.meter, () => { throw Object.create(null); })), undefined, 'observeCache with a statter that throws Object.create(null)');
  t.equal(thrown(() => observePresence(c.telemetry.meter, () => { throw revoked.proxy; })), undefined);
  t.type(thrown(() => new EnvelopeCounters(c.telemetry.meter, revoked.proxy)), InvalidOptionError, 'revoked proxy as options: a typed error');

  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 2 }, 'the count recorded before is intact');
  t.ok(messages.some((m) => m.includes('envelope count: dropped count a object')), 'the drop is described without calling the value');
  t.ok(messages.some((m) => m.includes('cache statter') && m.includes('threw a object')));
  t.ok(messages.some((m) => m.includes('presence reader') && m.includes('threw a proxy')));
});
