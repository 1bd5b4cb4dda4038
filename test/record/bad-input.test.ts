import t from 'tap';
import { EnvelopeCounters, InvalidArgumentError, InvalidOptionError, observeCache, observeChannels, observeHistory, observePresence, TokenCounters } from '../../src/index.ts';
import { INVALID_LABEL, MAX_LABEL_LENGTH } from '../../src/record/sanitize.ts';
import { clocked } from '../helpers/clocked.ts';
import { captureDiag } from '../helpers/diag.ts';
import { thrown } from '../helpers/expect-throw.ts';


t.test('bad counts are dropped with one diagnostic; totals recorded before stay intact', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const tokens = new TokenCounters(c.telemetry.meter);
  envelopes.observe('chat', 5);
  tokens.issued(4);
  const bound = envelopes.bind('chat');
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1.5, '3' as unknown as number, 2 ** 60]) {
    envelopes.observe('chat', bad);
    envelopes.observe('new-aspect', bad);
    bound.add(bad);
    tokens.issued(bad);
    tokens.revoked(bad);
    tokens.expired(bad);
  }
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 5 }, 'no bad count reached the envelopes');
  t.same(snap.tokens, { issued_last_hour: 4, revoked_last_hour: 0, active_count: 4 });
  for (const what of ['envelope count', 'tokens issued', 'tokens revoked', 'tokens expired']) {
    t.equal(messages.filter((m) => m.includes(`${what}: dropped count`)).length, 1, `one diagnostic for ${what}`);
  }
});

t.test('odd aspect names are sanitised as documented, and still counted', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const long = 'x'.repeat(10_000);
  envelopes.observe('', 1);
  envelopes.observe(42 as unknown as string, 1);
  envelopes.observe(undefined as unknown as string);
  envelopes.observe(long, 2);
  envelopes.observe('line\nbreak\u0000', 3);
  envelopes.observe('line\nbreak\u0000', 3);
  envelopes.observe('ok', 1);
  envelopes.bind('').add(1);
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, {
    [INVALID_LABEL]: 4,
    line_break_: 6,
    ok: 1,
    ['x'.repeat(MAX_LABEL_LENGTH)]: 2,
  });
  t.ok(messages.some((m) => m.includes('aspect must be a non-empty string')));
  t.ok(messages.some((m) => m.includes('truncated')));
  t.ok(messages.some((m) => m.includes('control characters')));
});

t.test('the recorders cap aspects themselves: beyond maxAspects, _other', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter, { maxAspects: 2 });
  envelopes.observe('_other'); // a component that happens to use the reserved name shares the overflow cell
  envelopes.observe('a');
  envelopes.observe('b');
  envelopes.observe('c');
  envelopes.observe('d');
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).envelopes.by_aspect, { _other: 4, a: 1 }, 'the reserved name, b, c and d');
});

t.test('two recorders on one meter share cells and add up', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const a = new EnvelopeCounters(c.telemetry.meter);
  const b = new EnvelopeCounters(c.telemetry.meter);
  const ta = new TokenCounters(c.telemetry.meter);
  const tb = new TokenCounters(c.telemetry.meter);
  a.observe('chat');
  b.observe('chat', 2);
  ta.issued();
  tb.issued();
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 0, evictions: 0, sizeBytes: 10, entries: 1 }));
  observeCache(c.telemetry.meter, () => ({ hits: 1, misses: 0, evictions: 0, sizeBytes: 20, entries: 2 }));
  observePresence(c.telemetry.meter, () => ({ users: 1, agents: 1, channels: 1 }));
  observePresence(c.telemetry.meter, () => ({ users: 2, agents: 0, channels: 1 }));
  observeHistory(c.telemetry.meter, () => ({ buffered: 1, capacity: 10 }));
  observeHistory(c.telemetry.meter, () => ({ buffered: 4, capacity: 10 }));
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 3 });
  t.equal(snap.tokens.issued_last_hour, 2);
  t.equal(snap.cache.size_bytes, 30);
  t.equal(snap.cache.size_entries, 3);
  t.same(snap.presence, { total_users: 3, total_agents: 1, average_per_channel: 2, channels: 2 });
  t.same(snap.history, { total_envelopes_buffered: 5, buffer_utilization_pct: 25, capacity: 20 });
});

t.test('readings: invalid fields are ignored with one diagnostic, throwing providers are skipped', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const meter = c.telemetry.meter;
  observeCache(meter, () => ({ hits: -1, misses: Number.NaN, evictions: Number.POSITIVE_INFINITY, sizeBytes: 'x' as never, entries: 3 }));
  observeCache(meter, () => null as never);
  observeCache(meter, () => { throw new Error('cache gone'); });
  observePresence(meter, () => ({ users: 2, agents: -1, channels: 1 }));
  observePresence(meter, () => 'nope' as never);
  observePresence(meter, () => { throw new Error('presence gone'); });
  observeHistory(meter, () => ({ buffered: 3, capacity: Number.NaN }));
  observeChannels(meter, { list: () => 'not an array' as never });
  observeChannels(meter, { list: () => { throw new Error('lister gone'); } });
  observeChannels(meter, { list: () => [null as never, { name: 'x', pattern: 7 as never }, { name: 'y', pattern: 'room:*' }] });
  await c.advance(2000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.cache.size_entries, 3, 'the valid field of a partly bad reading is kept');
  t.equal(snap.cache.hits, 0);
  t.same(snap.presence, { total_users: 2, total_agents: 0, average_per_channel: 2, channels: 1 });
  t.same(snap.history, { total_envelopes_buffered: 3, buffer_utilization_pct: 0 });
  t.same(snap.channels, { total_active: 3, by_pattern: { _invalid: 2, 'room:*': 1 } });
  for (const text of ['ignored invalid hits, misses, evictions, sizeBytes', 'stats() did not return an object', 'reader did not return an object', 'cache gone', 'presence gone', 'lister gone', 'did not return an array', 'ignored invalid agents', 'ignored invalid capacity']) {
    t.equal(messages.filter((m) => m.includes(text)).length, 1, `once: ${text}`);
  }
});

t.test('channel patterns are capped', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  observeChannels(c.telemetry.meter, { list: () => ['a', 'b', 'c', 'a'].map((p) => ({ name: p, pattern: p })) }, { maxPatterns: 2 });
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).channels, { total_active: 4, by_pattern: { _other: 1, a: 2, b: 1 } });
});

t.test('an async statter is awaited; one that hangs is skipped after its timeout', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let hits = 0;
  observeCache(c.telemetry.meter, async () => ({ hits: (hits += 5), misses: 0, evictions: 0, sizeBytes: 1, entries: 1 }), { backend: 'redis' });
  observeCache(c.telemetry.meter, async () => { throw new Error('redis down'); }, { backend: 'redis' });
  await c.advance(3000);
  const snap = await c.telemetry.snapshot();
  t.ok((snap.cache.by_backend?.redis?.hits ?? 0) >= 15, `hits counted (${snap.cache.by_backend?.redis?.hits})`);
  t.ok(messages.some((m) => m.includes('redis down')));
});

t.test('setup mistakes throw typed errors', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const m = c.telemetry.meter;
  const cases: [string, () => unknown, typeof InvalidArgumentError | typeof InvalidOptionError, string][] = [
    ['meter', () => new EnvelopeCounters(null as never), InvalidArgumentError, 'meter'],
    ['meter object', () => new TokenCounters({} as never), InvalidArgumentError, 'meter'],
    ['maxAspects', () => new EnvelopeCounters(m, { maxAspects: 0 }), InvalidOptionError, 'maxAspects'],
    ['options', () => new EnvelopeCounters(m, 5 as never), InvalidOptionError, 'options'],
    ['stats', () => observeCache(m, 5 as never), InvalidArgumentError, 'stats'],
    ['stats null', () => observeCache(m, null as never), InvalidArgumentError, 'stats'],
    ['lister', () => observeChannels(m, {} as never), InvalidArgumentError, 'lister'],
    ['lister null', () => observeChannels(m, null as never), InvalidArgumentError, 'lister'],
    ['maxPatterns', () => observeChannels(m, { list: () => [] }, { maxPatterns: -1 }), InvalidOptionError, 'maxPatterns'],
    ['presence read', () => observePresence(m, 'x' as never), InvalidArgumentError, 'read'],
    ['history read', () => observeHistory(m, undefined as never), InvalidArgumentError, 'read'],
    ['backend', () => observeCache(m, () => ({ hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0 }), [] as never), InvalidOptionError, 'options'],
  ];
  for (const [what, fn, type, name] of cases) {
    const err = thrown(fn);
    t.ok(err instanceof type && (err as Error).message.includes(`"${name}"`), `${what}: ${String(err)}`);
  }
});

t.test('providers that all fail report nothing; non-Error throws are logged too', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const meter = c.telemetry.meter;
  observePresence(meter, () => { throw 'presence string'; });
  observeHistory(meter, () => { throw new Error('history gone'); });
  observeCache(meter, () => ({ hits: 1, misses: 1, evictions: 0, sizeBytes: 5, entries: -2 }));
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.presence, { total_users: 0, total_agents: 0, average_per_channel: 0 }, 'no provider answered: no presence reported');
  t.same(snap.history, { total_envelopes_buffered: 0, buffer_utilization_pct: 0 });
  t.notOk('size_entries' in snap.cache, 'the invalid entries field was skipped');
  t.equal(snap.cache.size_bytes, 5);
  t.ok(messages.some((m) => m.includes('presence string')));
  t.ok(messages.some((m) => m.includes('ignored invalid entries')));
});

t.test('once the raw lookup map is full, values that sanitise to a known aspect still count there', async (t) => {
  captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter, { maxAspects: 2 });
  envelopes.observe('a\u0000'); // aspect a_
  envelopes.observe('b');
  envelopes.observe('a\u0001'); // a_ again, not remembered: the raw map is full
  envelopes.observe('a\u0001');
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).envelopes.by_aspect, { a_: 3, b: 1 });
});
