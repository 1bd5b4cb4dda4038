import t from 'tap';
import { observeChannels, observeHistory, observePresence } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

t.test('channels: total_active and by_pattern from the lister', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let channels = [
    { name: 'room:a', pattern: 'room:*' },
    { name: 'room:b', pattern: 'room:*' },
    { name: 'dm:1', pattern: 'dm:*' },
  ];
  const sub = observeChannels(c.telemetry.meter, { list: () => channels });
  await c.advance(1000);
  let snap = await c.telemetry.snapshot();
  t.same(snap.channels, { total_active: 3, by_pattern: { 'dm:*': 1, 'room:*': 2 } });
  channels = [{ name: 'dm:1', pattern: 'dm:*' }];
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.channels, { total_active: 1, by_pattern: { 'dm:*': 1 } }, 'a pattern with no channel left disappears');
  sub.unregister();
  sub.unregister();
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.channels, { total_active: 0 }, 'by_pattern omitted when empty');
});

t.test('two listers on one meter add up', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  observeChannels(c.telemetry.meter, { list: () => [{ name: 'room:a', pattern: 'room:*' }] });
  observeChannels(c.telemetry.meter, { list: () => [{ name: 'room:b', pattern: 'room:*' }] });
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).channels, { total_active: 2, by_pattern: { 'room:*': 2 } });
});

t.test('presence: totals and average per channel, 0 when no channel has presence', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let reading = { users: 0, agents: 0, channels: 0 };
  observePresence(c.telemetry.meter, () => reading);
  await c.advance(1000);
  let snap = await c.telemetry.snapshot();
  t.same(snap.presence, { total_users: 0, total_agents: 0, average_per_channel: 0 });
  reading = { users: 7, agents: 2, channels: 4 };
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.presence, { total_users: 7, total_agents: 2, average_per_channel: 2.25, channels: 4 });
});

t.test('history: buffered and utilisation, 0 when capacity is 0', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let reading = { buffered: 0, capacity: 0 };
  observeHistory(c.telemetry.meter, () => reading);
  await c.advance(1000);
  let snap = await c.telemetry.snapshot();
  t.same(snap.history, { total_envelopes_buffered: 0, buffer_utilization_pct: 0 });
  reading = { buffered: 250, capacity: 1000 };
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.same(snap.history, { total_envelopes_buffered: 250, buffer_utilization_pct: 25, capacity: 1000 });
});

t.test('the same gauge from two components (two scopes) adds up', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const a = c.telemetry.meterProvider.getMeter('component-a');
  const b = c.telemetry.meterProvider.getMeter('component-b');
  a.createObservableGauge('parsec.history.buffered').addCallback((r) => r.observe(10));
  b.createObservableGauge('parsec.history.buffered').addCallback((r) => r.observe(5));
  a.createObservableGauge('parsec.history.capacity').addCallback((r) => r.observe(100));
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).history, { total_envelopes_buffered: 15, buffer_utilization_pct: 15, capacity: 100 });
});

t.test('a cache backend that reports only its size still shows, with zero lookups', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  c.telemetry.meter.createObservableGauge('parsec.cache.size').addCallback((r) => r.observe(512, { 'parsec.cache.backend': 'disk' }));
  c.telemetry.meter.createCounter('parsec.cache.lookups').add(4, { 'parsec.cache.backend': 'remote', 'parsec.cache.result': 'hit' });
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.cache.by_backend, {
    disk: { hit_rate_pct: 0, hits: 0, misses: 0, size_bytes: 512, size_entries: 0, evictions_last_hour: 0 },
    remote: { hit_rate_pct: 100, hits: 4, misses: 0, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 },
  });
});

t.test('forceFlush on the provider takes a sample', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  c.telemetry.meter.createObservableGauge('parsec.history.buffered').addCallback((r) => r.observe(3));
  await c.telemetry.meterProvider.forceFlush();
  t.equal(c.telemetry.reader.gauge('parsec.history.buffered'), 3);
});
