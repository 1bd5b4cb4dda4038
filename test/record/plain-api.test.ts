import t from 'tap';
import { EnvelopeCounters, observeCache, observeChannels, observeHistory, observePresence, TokenCounters, type Snapshot } from '../../src/index.ts';
import { ATTR_ASPECT, ATTR_CACHE_BACKEND, ATTR_CACHE_RESULT, ATTR_CHANNEL_PATTERN, ATTR_PRESENCE_KIND, CACHE_ENTRIES, CACHE_EVICTIONS, CACHE_LOOKUPS, CACHE_SIZE, CHANNELS_ACTIVE, ENVELOPES_PUBLISHED, HISTORY_BUFFERED, HISTORY_CAPACITY, PRESENCE_CHANNELS, PRESENCE_MEMBERS, TOKENS_EXPIRED, TOKENS_ISSUED, TOKENS_REVOKED } from '../../src/instruments.ts';
import { clocked, type Clocked } from '../helpers/clocked.ts';

/** A little Parsec node's state, advanced by the same script for both components. */
interface World {
  published: { aspect: string; n: number }[];
  issued: number;
  revoked: number;
  expired: number;
  hits: number;
  misses: number;
  evictions: number;
  sizeBytes: number;
  entries: number;
  channels: { name: string; pattern: string }[];
  users: number;
  agents: number;
  presenceChannels: number;
  buffered: number;
  capacity: number;
}

function step(w: World, s: number): void {
  w.published = [
    { aspect: 'chat', n: 3 + (s % 3) },
    { aspect: 'typing', n: s % 5 },
    { aspect: 'receipt', n: 1 },
  ];
  w.issued += 2;
  if (s % 3 === 0) w.revoked += 1;
  if (s % 4 === 0) w.expired += 1;
  w.hits += 4;
  w.misses += s % 2;
  if (s % 7 === 0) w.evictions += 1;
  w.sizeBytes = 1000 + s * 10;
  w.entries = 10 + s;
  w.channels = s % 2 === 0
    ? [{ name: 'room:a', pattern: 'room:*' }, { name: 'dm:x', pattern: 'dm:*' }]
    : [{ name: 'room:a', pattern: 'room:*' }, { name: 'room:b', pattern: 'room:*' }, { name: 'dm:x', pattern: 'dm:*' }];
  w.users = 5 + (s % 4);
  w.agents = 1;
  w.presenceChannels = 2;
  w.buffered = Math.min(100, s * 3);
  w.capacity = 200;
}

function newWorld(): World {
  return {
    published: [], issued: 0, revoked: 0, expired: 0, hits: 0, misses: 0, evictions: 0, sizeBytes: 0, entries: 0,
    channels: [], users: 0, agents: 0, presenceChannels: 0, buffered: 0, capacity: 0,
  };
}

/** The component as written with parsec-telemetry's recorders. */
function withRecorders(c: Clocked, w: World): () => void {
  const meter = c.telemetry.meter;
  const envelopes = new EnvelopeCounters(meter);
  const tokens = new TokenCounters(meter);
  const last = { issued: 0, revoked: 0, expired: 0 };
  observeCache(meter, () => w);
  observeChannels(meter, { list: () => w.channels });
  observePresence(meter, () => ({ users: w.users, agents: w.agents, channels: w.presenceChannels }));
  observeHistory(meter, () => w);
  return () => {
    for (const p of w.published) envelopes.observe(p.aspect, p.n);
    tokens.issued(w.issued - last.issued);
    tokens.revoked(w.revoked - last.revoked);
    tokens.expired(w.expired - last.expired);
    Object.assign(last, { issued: w.issued, revoked: w.revoked, expired: w.expired });
  };
}

/** The same component written against @opentelemetry/api only, mixing every instrument kind. */
function withPlainApi(c: Clocked, w: World): () => void {
  const meter = c.telemetry.meter;
  const published = meter.createCounter(ENVELOPES_PUBLISHED.name);
  const issued = meter.createCounter(TOKENS_ISSUED.name);
  const revoked = meter.createCounter(TOKENS_REVOKED.name);
  meter.createObservableCounter(TOKENS_EXPIRED.name).addCallback((r) => r.observe(w.expired));
  meter.createObservableCounter(CACHE_LOOKUPS.name).addCallback((r) => {
    r.observe(w.hits, { [ATTR_CACHE_RESULT]: 'hit', [ATTR_CACHE_BACKEND]: 'memory' });
    r.observe(w.misses, { [ATTR_CACHE_RESULT]: 'miss', [ATTR_CACHE_BACKEND]: 'memory' });
  });
  const evictions = meter.createCounter(CACHE_EVICTIONS.name);
  meter.createObservableGauge(CACHE_SIZE.name).addCallback((r) => r.observe(w.sizeBytes, { [ATTR_CACHE_BACKEND]: 'memory' }));
  meter.createObservableUpDownCounter(CACHE_ENTRIES.name).addCallback((r) => r.observe(w.entries, { [ATTR_CACHE_BACKEND]: 'memory' }));
  const channels = meter.createUpDownCounter(CHANNELS_ACTIVE.name);
  const members = meter.createGauge(PRESENCE_MEMBERS.name);
  const presenceChannels = meter.createGauge(PRESENCE_CHANNELS.name);
  meter.createObservableGauge(HISTORY_BUFFERED.name).addCallback((r) => r.observe(w.buffered));
  meter.createObservableGauge(HISTORY_CAPACITY.name).addCallback((r) => r.observe(w.capacity));
  const last = { issued: 0, revoked: 0, evictions: 0, byPattern: new Map<string, number>() };
  return () => {
    for (const p of w.published) if (p.n > 0) published.add(p.n, { [ATTR_ASPECT]: p.aspect });
    issued.add(w.issued - last.issued);
    revoked.add(w.revoked - last.revoked);
    if (w.evictions > last.evictions) evictions.add(w.evictions - last.evictions, { [ATTR_CACHE_BACKEND]: 'memory' });
    const now = new Map<string, number>();
    for (const ch of w.channels) now.set(ch.pattern, (now.get(ch.pattern) ?? 0) + 1);
    for (const pattern of new Set([...now.keys(), ...last.byPattern.keys()])) {
      const d = (now.get(pattern) ?? 0) - (last.byPattern.get(pattern) ?? 0);
      if (d !== 0) channels.add(d, { [ATTR_CHANNEL_PATTERN]: pattern });
    }
    members.record(w.users, { [ATTR_PRESENCE_KIND]: 'user' });
    members.record(w.agents, { [ATTR_PRESENCE_KIND]: 'agent' });
    presenceChannels.record(w.presenceChannels);
    Object.assign(last, { issued: w.issued, revoked: w.revoked, evictions: w.evictions, byPattern: now });
  };
}

async function run(make: (c: Clocked, w: World) => () => void): Promise<Snapshot[]> {
  const c = clocked();
  const w = newWorld();
  const record = make(c, w);
  const snaps: Snapshot[] = [];
  let s = 0;
  for (const chunk of [5_000, 30_000, 70_000]) {
    await c.advance(chunk, 1000, () => {
      step(w, ++s);
      record();
    });
    const snap = await c.telemetry.snapshot();
    snap.at = '';
    snaps.push(snap);
  }
  await c.telemetry.shutdown();
  return snaps;
}

t.test('a component that uses only the OTel API gives the same snapshot as one using the recorders', async (t) => {
  const recorded = await run(withRecorders);
  const plain = await run(withPlainApi);
  t.same(plain, recorded);
  t.ok(recorded[2]?.envelopes.rate_per_second, 'the script produced envelopes');
  t.ok(recorded[2]?.tokens.active_count, 'and tokens');
  t.ok(recorded[2]?.cache.hits, 'and cache lookups');
  t.ok(recorded[2]?.channels.by_pattern, 'and channels');
});

t.test('mixing both for the same instrument name adds up and never double counts', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const plain = c.telemetry.meter.createCounter(ENVELOPES_PUBLISHED.name);
  await c.advance(10_000, 1000, () => {
    envelopes.observe('chat', 2);
    plain.add(3, { [ATTR_ASPECT]: 'chat' });
  });
  const snap = await c.telemetry.snapshot();
  t.same(snap.envelopes.by_aspect, { chat: 50 });
  t.equal(snap.envelopes.rate_per_second, 5);
});
