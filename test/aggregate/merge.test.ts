import t from 'tap';
import fc from 'fast-check';
import { Aggregator, type Source } from '../../src/index.ts';
import { type CacheStats } from '../../src/sources/types.ts';
import { mean, mergeCache, mergeChannels, mergeHistory, mergePresence, mergeTokens, sumRecords } from '../../src/aggregate/merge.ts';

t.test('two cache sources with different lookup counts merge weighted by lookups', async (t) => {
  const busy: Source = { name: 'busy', cache: () => ({ hit_rate_pct: 90, size_bytes: 100, evictions_last_hour: 2, hits: 900, misses: 100 }) };
  const quiet: Source = { name: 'quiet', cache: () => ({ hit_rate_pct: 10, size_bytes: 50, size_entries: 3, evictions_last_hour: 1, hits: 1, misses: 9 }) };
  const snap = await new Aggregator({ sources: [busy, quiet] }).snapshot();
  t.equal(snap.cache.hit_rate_pct, 89.208, '(900 + 1) / (1000 + 10), not the plain mean 50');
  t.equal(snap.cache.hits, 901);
  t.equal(snap.cache.misses, 109);
  t.equal(snap.cache.size_bytes, 150);
  t.equal(snap.cache.size_entries, 3);
  t.equal(snap.cache.evictions_last_hour, 3);
});

t.test('sources without lookup counts (the seed shape) average plainly', async (t) => {
  const merged = mergeCache([
    { hit_rate_pct: 80, size_bytes: 1, evictions_last_hour: 0 },
    { hit_rate_pct: 40, size_bytes: 1, evictions_last_hour: 0 },
  ]);
  t.equal(merged.hit_rate_pct, 60);
  t.notOk('hits' in merged);
});

t.test('a source that reports no envelopes does not dilute the rate', async (t) => {
  const node: Source = { envelopes: () => ({ rate_per_second: 10, by_aspect: { chat: 600 } }) };
  const cacheOnly: Source = { cache: () => ({ hit_rate_pct: 50, size_bytes: 0, evictions_last_hour: 0 }) };
  const silent: Source = { envelopes: () => undefined };
  const snap = await new Aggregator({ sources: [node, cacheOnly, silent] }).snapshot();
  t.equal(snap.envelopes.rate_per_second, 10);
  t.same(snap.envelopes.by_aspect, { chat: 600 });
  const two = await new Aggregator({ sources: [node, { envelopes: () => ({ rate_per_second: 20, by_aspect: { chat: 100, typing: 5 } }) }] }).snapshot();
  t.equal(two.envelopes.rate_per_second, 15, 'rates are averaged over the reporting sources');
  t.same(two.envelopes.by_aspect, { chat: 700, typing: 5 }, 'maps are summed key by key');
});

t.test('counts sum, percentages weight by their denominators, 0 when denominators are 0', async (t) => {
  t.same(mergeChannels([{ total_active: 2, by_pattern: { a: 2 } }, { total_active: 1, by_pattern: { a: 1, b: 0 } }]),
    { total_active: 3, by_pattern: { a: 3, b: 0 } });
  t.same(mergeTokens([
    { issued_last_hour: 1, revoked_last_hour: 2, active_count: 3 },
    { issued_last_hour: 10, revoked_last_hour: 20, active_count: 30 },
  ]), { issued_last_hour: 11, revoked_last_hour: 22, active_count: 33 });
  t.same(mergeHistory([
    { total_envelopes_buffered: 90, buffer_utilization_pct: 90, capacity: 100 },
    { total_envelopes_buffered: 0, buffer_utilization_pct: 0, capacity: 900 },
  ]), { total_envelopes_buffered: 90, buffer_utilization_pct: 9, capacity: 1000 });
  t.same(mergeHistory([{ total_envelopes_buffered: 0, buffer_utilization_pct: 0 }]), { total_envelopes_buffered: 0, buffer_utilization_pct: 0 });
  t.same(mergePresence([
    { total_users: 3, total_agents: 1, average_per_channel: 4, channels: 1 },
    { total_users: 2, total_agents: 0, average_per_channel: 1, channels: 2 },
  ]), { total_users: 5, total_agents: 1, average_per_channel: 2, channels: 3 });
  t.same(mergeHistory([
    { total_envelopes_buffered: 0, buffer_utilization_pct: 0, capacity: 0 },
    { total_envelopes_buffered: 0, buffer_utilization_pct: 0 },
  ]).buffer_utilization_pct, 0, 'all denominators 0 → 0');
  t.equal(mean([]), 0);
  t.equal(mergeCache([
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0 },
    { hit_rate_pct: 80, size_bytes: 0, evictions_last_hour: 0, hits: 8, misses: 2 },
  ]).hit_rate_pct, 80, 'a source without lookups and a 0 % rate does not dilute');
  t.same(mergeCache([]), { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0 });
});

const arbRecord = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.nat(1000), { maxKeys: 4 });
const arbCache = fc.record({
  hit_rate_pct: fc.constant(0),
  size_bytes: fc.nat(1e6),
  evictions_last_hour: fc.nat(1e4),
  hits: fc.nat(1e4),
  misses: fc.nat(1e4),
}).map((c): CacheStats => ({ ...c, hit_rate_pct: c.hits + c.misses > 0 ? (c.hits / (c.hits + c.misses)) * 100 : 0 }));

t.test('property: merging counts is commutative and associative', async (t) => {
  fc.assert(fc.property(arbRecord, arbRecord, arbRecord, (a, b, c) => {
    const left = sumRecords([sumRecords([a, b]), c]);
    const right = sumRecords([a, sumRecords([b, c])]);
    const swapped = sumRecords([c, b, a]);
    t.same(left, right);
    t.same(left, swapped);
  }), { numRuns: 200 });
  fc.assert(fc.property(fc.array(arbCache, { minLength: 1, maxLength: 5 }), (items) => {
    const forward = mergeCache(items);
    const backward = mergeCache([...items].reverse());
    t.same(forward, backward);
    const regrouped = mergeCache([mergeCache(items.slice(0, 1)), mergeCache(items.slice(1).length ? items.slice(1) : [])].filter((x) => x.hits !== undefined));
    t.equal(regrouped.hits, forward.hits);
    t.equal(regrouped.misses, forward.misses);
    t.equal(regrouped.size_bytes, forward.size_bytes);
    t.ok(Math.abs(regrouped.hit_rate_pct - forward.hit_rate_pct) < 0.01, 'lookup-weighted rates regroup to the same value');
  }), { numRuns: 200 });
});

t.test('unavailable cache backends are merged as a sorted union', async (t) => {
  const merged = mergeCache([
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0, unavailable: ['redis'] },
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0, unavailable: ['disk', 'redis'] },
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0 },
  ]);
  t.same(merged.unavailable, ['disk', 'redis']);
});

t.test('a single source map is taken as it is; an empty one is omitted', async (t) => {
  const byAspect = { typing: 2, chat: 5 };
  t.equal(sumRecords([undefined, byAspect]), byAspect, 'the same object, not re-sorted or copied');
  t.equal(sumRecords([{}]), undefined);
  t.notOk('by_pattern' in mergeChannels([{ total_active: 0, by_pattern: {} }]));
});

t.test('a source with nothing to divide (denominator omitted as zero) does not dilute a percentage', async (t) => {
  // Our sources omit channels / capacity when 0; their ratio is then 0 too.
  t.equal(mergePresence([
    { total_users: 8, total_agents: 2, average_per_channel: 5, channels: 2 },
    { total_users: 0, total_agents: 0, average_per_channel: 0 },
  ]).average_per_channel, 5);
  t.equal(mergeHistory([
    { total_envelopes_buffered: 50, buffer_utilization_pct: 50, capacity: 100 },
    { total_envelopes_buffered: 0, buffer_utilization_pct: 0 },
  ]).buffer_utilization_pct, 50);
  // A seed-shaped source with a ratio but no denominator: the plain mean is all that can be said.
  t.equal(mergePresence([
    { total_users: 8, total_agents: 2, average_per_channel: 5, channels: 2 },
    { total_users: 3, total_agents: 0, average_per_channel: 3 },
  ]).average_per_channel, 4);
  t.equal(mergePresence([{ total_users: 0, total_agents: 0, average_per_channel: 0 }]).average_per_channel, 0);
});

t.test('merged percentages are the ratio of the sums, not a mean of rounded figures', async (t) => {
  const merged = mergeHistory([
    { total_envelopes_buffered: 1, buffer_utilization_pct: 33.333, capacity: 3 },
    { total_envelopes_buffered: 1, buffer_utilization_pct: 33.333, capacity: 3 },
    { total_envelopes_buffered: 1, buffer_utilization_pct: 16.667, capacity: 6 },
  ]);
  t.equal(merged.buffer_utilization_pct, 25, '3 / 12, exactly');
});

t.test('per-backend cache figures merge by backend, the hit rate as a ratio of sums', async (t) => {
  const backend = (hits: number, misses: number) => ({ hit_rate_pct: 0, hits, misses, size_bytes: 1, size_entries: 1, evictions_last_hour: 1 });
  const merged = mergeCache([
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0, by_backend: { redis: backend(9, 1), memory: backend(0, 0) } },
    { hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0, by_backend: { redis: backend(1, 9) } },
  ]);
  t.same(merged.by_backend, {
    memory: { hit_rate_pct: 0, hits: 0, misses: 0, size_bytes: 1, size_entries: 1, evictions_last_hour: 1 },
    redis: { hit_rate_pct: 50, hits: 10, misses: 10, size_bytes: 2, size_entries: 2, evictions_last_hour: 2 },
  });
});
