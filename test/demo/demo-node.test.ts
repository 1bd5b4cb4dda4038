import t, { type Test } from 'tap';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { DemoNode, MAX_CATCH_UP_MS, startDemoNode } from '../../src/demo/demo-node.ts';
import { DEMO_ASPECTS } from '../../src/demo/demo-aspects.ts';
import { LruCache } from '../../src/demo/lru-cache.ts';
import type { DemoCache, DemoNodeOptions, DemoScheduler } from '../../src/demo/types.ts';
import { InvalidArgumentError, InvalidOptionError, ShutDownError, type Snapshot } from '../../src/index.ts';
import { clocked, type Clocked } from '../helpers/clocked.ts';
import type { TelemetryOptions } from '../../src/index.ts';
import { thrown } from '../helpers/expect-throw.ts';

/** Runs a node for `seconds` of simulated time, ticking every 100 ms and sampling every second, and returns the snapshot. */
async function run(
  t: Test,
  options: DemoNodeOptions,
  seconds: number,
  telemetryOptions?: TelemetryOptions,
): Promise<{ c: Clocked; node: DemoNode; snap: Snapshot }> {
  const c = clocked(telemetryOptions);
  t.teardown(() => c.telemetry.shutdown());
  const node = new DemoNode(c.telemetry.meter, options);
  t.teardown(() => node.close());
  await c.advance(seconds * 1000, 1000, () => {
    for (let i = 0; i < 10; i++) node.tick(100);
  });
  return { c, node, snap: await c.telemetry.snapshot() };
}

const near = (actual: number, expected: number, tolerance: number) => Math.abs(actual - expected) <= tolerance * expected;

// [envelopes per second, simulated seconds, rate window]: the fastest runs a shorter window to keep the test quick.
const RATES: [number, number, number][] = [[50, 90, 60_000], [200, 90, 60_000], [2.5, 90, 60_000], [50_000, 15, 12_000]];
for (const [rate, seconds, rateWindowMs] of RATES) {
  t.test(`holds ${rate} envelopes per second over the rate window`, async (t) => {
    const { snap } = await run(t, { ratePerSecond: rate }, seconds, { rateWindowMs });
    t.ok(near(snap.envelopes.rate_per_second, rate, 0.01), `rate_per_second ${snap.envelopes.rate_per_second}`);
    const covered = snap.window?.rate_covered_seconds ?? 0;
    t.ok(covered >= (rateWindowMs / 1000) * 0.9, `over the rate window (${covered} s)`);
    const byAspect = snap.envelopes.by_aspect ?? {};
    const total = Object.values(byAspect).reduce((a, b) => a + b, 0);
    t.ok(near(total, rate * covered, 0.01), `the window holds ${total} envelopes`);
    if (rate < 50) return;
    t.same(Object.keys(byAspect).sort(), DEMO_ASPECTS.map((a) => a.aspect).sort(), 'every aspect is published');
    for (const { aspect, share } of DEMO_ASPECTS) {
      t.ok(near(byAspect[aspect] ?? 0, share * total, 0.25), `${aspect}: ${byAspect[aspect]} of ${total} (about ${share * 100}%)`);
    }
  });
}

t.test('the rate holds whatever the tick length', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const node = new DemoNode(c.telemetry.meter, { ratePerSecond: 333 });
  // Uneven ticks: 7 ms, 1 ms, 992 ms (one second), over and over.
  await c.advance(60_000, 1000, () => [7, 1, 992].forEach((ms) => node.tick(ms)));
  const snap = await c.telemetry.snapshot();
  t.ok(near(snap.envelopes.rate_per_second, 333, 0.01), `rate_per_second ${snap.envelopes.rate_per_second}`);
  t.equal(node.simulatedMs, 60_000);
});

t.test('tokens: issued, revoked before expiry, the rest expire; active is what is left', async (t) => {
  const { snap } = await run(t, { tokenTtlMs: 20_000, userCount: 100, agentCount: 10 }, 120);
  const { issued_last_hour: issued, revoked_last_hour: revoked, active_count: active } = snap.tokens;
  t.ok(revoked > 0, `some tokens are revoked (${revoked})`);
  t.ok(issued > revoked + active, `the rest expired (issued ${issued}, revoked ${revoked}, active ${active})`);
  t.ok(active > 0 && active <= 110, 'at most one live token per member');
  t.ok(issued >= 110 * (120 / 20) * 0.5, 'members present renew their token at each expiry');
});

t.test('with a long TTL, nothing expires: active = issued − revoked', async (t) => {
  const { snap } = await run(t, { tokenTtlMs: 3_600_000 }, 120);
  t.ok(snap.tokens.revoked_last_hour > 0);
  t.equal(snap.tokens.active_count, snap.tokens.issued_last_hour - snap.tokens.revoked_last_hour);
});

t.test('cache: a realistic hit rate, evictions once the cache is full', async (t) => {
  const { snap } = await run(t, { ratePerSecond: 200 }, 120);
  const cache = snap.cache;
  t.ok(cache.hit_rate_pct >= 60 && cache.hit_rate_pct <= 90, `hit rate ${cache.hit_rate_pct}%`);
  t.ok(cache.evictions_last_hour > 0, `evictions ${cache.evictions_last_hour}`);
  t.ok(cache.size_bytes <= 4 * 1024 * 1024 && cache.size_bytes > 0.9 * 4 * 1024 * 1024, `full: ${cache.size_bytes} bytes`);
  t.ok((cache.size_entries ?? 0) > 1000);
  t.ok(near(cache.hit_rate_pct, ((cache.hits ?? 0) / ((cache.hits ?? 0) + (cache.misses ?? 0))) * 100, 0.001));
  t.same(Object.keys(cache.by_backend ?? {}), ['memory']);
});

t.test('cache: at the default rate and size, the hit rate is in range too', async (t) => {
  const { snap } = await run(t, {}, 120);
  t.ok(snap.cache.hit_rate_pct >= 60 && snap.cache.hit_rate_pct <= 90, `hit rate ${snap.cache.hit_rate_pct}%`);
});

t.test('cache: a small cache evicts and stays within maxBytes', async (t) => {
  const { snap } = await run(t, { cacheMaxBytes: 64 * 1024 }, 60);
  t.ok(snap.cache.evictions_last_hour > 1000, `evictions ${snap.cache.evictions_last_hour}`);
  t.ok(snap.cache.size_bytes <= 64 * 1024 && snap.cache.size_bytes > 60 * 1024, `size ${snap.cache.size_bytes}`);
  t.ok(snap.cache.hit_rate_pct < 60, `a cache too small misses more (${snap.cache.hit_rate_pct}%)`);
});

t.test('history: buffered up to the rings capacity, utilization at most 100%', async (t) => {
  const slow = await run(t, { ratePerSecond: 20 }, 30);
  const h = slow.snap.history;
  t.ok(h.total_envelopes_buffered > 0 && h.buffer_utilization_pct > 0 && h.buffer_utilization_pct < 100, `${h.buffer_utilization_pct}%`);
  t.equal(h.capacity, slow.snap.channels.total_active * 100, 'a ring of 100 per open channel');
  const fast = await run(t, { ratePerSecond: 50_000, historyCapacity: 50 }, 5);
  t.equal(fast.snap.history.buffer_utilization_pct, 100, 'a fast node fills every ring, no more');
  t.equal(fast.snap.history.total_envelopes_buffered, fast.snap.history.capacity);
});

t.test('presence and channels agree with each other', async (t) => {
  const { snap } = await run(t, { userCount: 200, agentCount: 20, channelsPerMember: 2 }, 120);
  const p = snap.presence;
  t.ok(near(p.total_users + p.total_agents, 440, 0.15), `about 2 channels per member: ${p.total_users} users, ${p.total_agents} agents`);
  t.ok(p.total_agents > 0 && p.total_users > 5 * p.total_agents);
  t.ok((p.channels ?? 0) > 0 && (p.channels ?? 0) <= snap.channels.total_active, 'channels with presence are open channels');
  t.ok(near(p.average_per_channel, (p.total_users + p.total_agents) / (p.channels ?? 1), 0.001));
  const byPattern = snap.channels.by_pattern ?? {};
  t.same(Object.keys(byPattern).sort(), ['agent:*', 'broadcast:*', 'dm:*', 'room:*']);
  t.equal(byPattern['broadcast:*'], 4, 'the broadcast channels are always open');
  t.equal(Object.values(byPattern).reduce((a, b) => a + b, 0), snap.channels.total_active);
});

t.test('a node without members still publishes, on its broadcast channels', async (t) => {
  const { snap } = await run(t, { userCount: 0, agentCount: 0 }, 10);
  t.same(snap.envelopes.by_aspect, { system: 500 });
  t.same(snap.channels, { total_active: 4, by_pattern: { 'broadcast:*': 4 } });
  t.equal(snap.presence.total_users + snap.presence.total_agents, 0);
  t.equal(snap.tokens.issued_last_hour, 0);
});

t.test('presence settles as close to the target as the channels allow', async (t) => {
  // One agent can be in at most its own channel, 4 rooms and 4 broadcast channels: 9, not 16.
  const { snap } = await run(t, { userCount: 0, agentCount: 1, channelsPerMember: 16 }, 10);
  t.ok(snap.presence.total_agents > 0 && snap.presence.total_agents <= 9, `${snap.presence.total_agents} channels`);
});

t.test('the same seed replays the same simulation; another seed differs', async (t) => {
  const strip = (s: Snapshot) => ({ ...s, at: '' });
  const a = await run(t, { seed: 7 }, 20);
  const b = await run(t, { seed: 7 }, 20);
  const other = await run(t, { seed: 8 }, 20);
  t.same(strip(a.snap), strip(b.snap));
  t.notSame(strip(a.snap).presence, strip(other.snap).presence);
});

t.test('tick rejects a negative or non-finite elapsed time', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const node = new DemoNode(c.telemetry.meter);
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '100']) {
    const err = thrown(() => node.tick(bad as number));
    t.type(err, InvalidArgumentError);
    t.equal((err as InvalidArgumentError).argument, 'elapsedMs');
  }
  node.tick(0);
  t.equal(node.simulatedMs, 0);
});

t.test('invalid options throw before anything is registered', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const err = thrown(() => new DemoNode(c.telemetry.meter, { ratePerSecond: 0 }));
  t.equal((err as InvalidOptionError).option, 'ratePerSecond');
  const snap = await c.telemetry.snapshot();
  t.equal(snap.channels.total_active, 0);
});

/** A scheduler that runs nothing by itself: the test fires the interval. */
function manualScheduler(): DemoScheduler & { fire(): void; intervals: { fn: () => void; ms: number; cleared: boolean }[] } {
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    intervals,
    setInterval(fn, ms) {
      intervals.push({ fn, ms, cleared: false });
      return intervals.length - 1;
    },
    clearInterval(handle) {
      intervals[handle as number]!.cleared = true;
    },
    fire() {
      for (const i of intervals) if (!i.cleared) i.fn();
    },
  };
}

t.test('the real driver ticks by the time its clock measured, capped', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  let now = 10_000;
  const scheduler = manualScheduler();
  const node = startDemoNode(c.telemetry.meter, { clock: () => now, scheduler, tickMs: 250, ratePerSecond: 1000 });
  t.equal(node.running, true);
  t.equal(scheduler.intervals.length, 1);
  t.equal(scheduler.intervals[0]!.ms, 250);
  t.equal(node.start(), node, 'start is idempotent');
  t.equal(scheduler.intervals.length, 1);

  now += 250;
  scheduler.fire();
  t.equal(node.simulatedMs, 250);
  now += 60_000; // a stalled event loop
  scheduler.fire();
  t.equal(node.simulatedMs, 250 + MAX_CATCH_UP_MS, 'no burst beyond the cap');
  now -= 5; // a clock that steps back
  scheduler.fire();
  t.equal(node.simulatedMs, 250 + MAX_CATCH_UP_MS);
  now += 100;
  scheduler.fire();
  t.equal(node.simulatedMs, 350 + MAX_CATCH_UP_MS);

  node.stop();
  t.equal(node.running, false);
  t.equal(scheduler.intervals[0]!.cleared, true);
  node.stop(); // idempotent
  now += 1000;
  scheduler.fire();
  t.equal(node.simulatedMs, 350 + MAX_CATCH_UP_MS, 'stopped: no more ticks');

  node.start(); // may run again, measuring from now
  now += 100;
  scheduler.fire();
  t.equal(node.simulatedMs, 450 + MAX_CATCH_UP_MS);
  node.close();
});

t.test('the default driver is an unref\'d timer', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const node = startDemoNode(c.telemetry.meter, { tickMs: 60_000 });
  t.equal(node.running, true);
  node.stop();
  t.equal(node.running, false);
});

t.test('close stops the driver and removes the node from the meter', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const scheduler = manualScheduler();
  const node = startDemoNode(c.telemetry.meter, { scheduler });
  node.tick(1000);
  await c.advance(1000);
  t.ok((await c.telemetry.snapshot()).channels.total_active > 0);
  node.close();
  node.close(); // idempotent
  t.equal(scheduler.intervals[0]!.cleared, true);
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.channels.total_active, 0, 'its channels are gone');
  t.equal(snap.presence.total_users, 0);
  t.equal(snap.history.total_envelopes_buffered, 0);
  t.type(thrown(() => node.start()), ShutDownError);
});

/** An external cache answering asynchronously (like Redis), over an LruCache. */
function asyncCache(inner: LruCache, fail?: 'get' | 'set'): DemoCache {
  return {
    get: async (key) => {
      if (fail === 'get') throw new Error('connection reset');
      return inner.get(key);
    },
    set: async (key, size) => {
      if (fail === 'set') throw 'READONLY';
      inner.set(key, size);
    },
    stats: async () => inner.stats(),
  };
}

t.test('an external synchronous cache is used and reported under its backend', async (t) => {
  const inner = new LruCache(1024 * 1024);
  const { snap } = await run(t, { cache: inner, cacheBackend: 'redis' }, 30);
  t.same(Object.keys(snap.cache.by_backend ?? {}), ['redis']);
  t.ok((snap.cache.hits ?? 0) > 0 && (snap.cache.misses ?? 0) > 0);
  t.equal(snap.cache.size_bytes, inner.stats().sizeBytes);
});

t.test('an external asynchronous cache works the same', async (t) => {
  const inner = new LruCache(1024 * 1024);
  const { snap } = await run(t, { cache: asyncCache(inner) }, 30);
  t.same(Object.keys(snap.cache.by_backend ?? {}), ['external']);
  t.ok(snap.cache.hit_rate_pct >= 60 && snap.cache.hit_rate_pct <= 95, `hit rate ${snap.cache.hit_rate_pct}%`);
  t.ok(inner.stats().entries > 0, 'misses were loaded into the cache');
});

for (const fail of ['get', 'set'] as const) {
  t.test(`a failing external cache (${fail}) is logged once and does not stop the node`, async (t) => {
    const messages: string[] = [];
    const logger: DiagLogger = {
      error: () => undefined,
      warn: (m) => messages.push(m),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    };
    diag.setLogger(logger, DiagLogLevel.WARN);
    t.teardown(() => diag.disable());
    const { snap } = await run(t, { cache: asyncCache(new LruCache(1024), fail) }, 5);
    t.equal(snap.envelopes.rate_per_second, 50, 'envelopes still flow');
    const cacheMessages = messages.filter((m) => m.includes('demo: cache operation failed'));
    t.equal(cacheMessages.length, 1, 'one message');
    t.match(cacheMessages[0], fail === 'get' ? 'connection reset' : 'READONLY');
  });
}
