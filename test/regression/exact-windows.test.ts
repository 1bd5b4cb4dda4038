import t from 'tap';
import { EnvelopeCounters, TokenCounters, observeCache } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

// At a steady rate the windows read the exact count of the last 60 s and the
// last 3 600 s: the oldest slot, which the window's start cuts, counts with
// the part of its time inside the window (src/reader/timeline.ts). Before,
// the rate window summed the 12 slots present (55–60 s and a bit), so at a
// steady 6 envelopes/s by_aspect.chat read 336 where the last 60 s held 360.

/** Times (clock ms) and counts of what was recorded, to count a window exactly. */
function log(): { add(at: number, n: number): void; since(from: number): number } {
  const entries: [number, number][] = [];
  return {
    add: (at, n) => void entries.push([at, n]),
    since: (from) => entries.reduce((s, [at, n]) => (at >= from ? s + n : s), 0),
  };
}

const within1pct = (measured: number, exact: number): boolean => Math.abs(measured - exact) <= 0.01 * exact;

t.test('by_aspect and rate_per_second at a steady rate: within 1 % of the last 60 s, wherever the snapshot falls in a slot', async (t) => {
  // A sample every 500 ms, and snapshots at 0 to 4.5 s into a 5 s slot.
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const envelopes = new EnvelopeCounters(c.telemetry.meter);
  const recorded = log();
  const RATE = 6; // envelopes/s: 3 every 500 ms
  let last = 0;
  for (const offsetMs of [0, 500, 1_500, 2_500, 3_500, 4_500]) {
    const until = 180_000 + last * 5_000 + offsetMs;
    while (c.now < until) {
      envelopes.observe('chat', RATE / 2);
      recorded.add(c.now, RATE / 2);
      await c.advance(500, 500);
    }
    last++;
    const snap = await c.telemetry.snapshot();
    const exact = recorded.since(c.now - 60_000);
    const chat = snap.envelopes.by_aspect?.chat ?? 0;
    t.ok(within1pct(chat, exact), `offset ${offsetMs} ms into a slot: by_aspect.chat ${chat}, exact ${exact}`);
    t.ok(within1pct(snap.envelopes.rate_per_second, RATE), `rate_per_second ${snap.envelopes.rate_per_second}, exact ${RATE}`);
    t.equal(snap.window?.rate_covered_seconds, 60, 'the window covers exactly 60 s');
  }
});

t.test('tokens.*_last_hour and cache.evictions_last_hour: within 1 % of the last 3 600 s', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  const recorded = log();
  let evictions = 0;
  observeCache(c.telemetry.meter, () => ({ hits: 0, misses: 0, evictions, sizeBytes: 0, entries: 0 }));
  for (const untilS of [5_000, 5_437, 5_821]) {
    while (c.now < untilS * 1000) {
      tokens.issued(2);
      tokens.revoked(1);
      evictions += 3;
      recorded.add(c.now, 1);
      await c.advance(1000, 1000);
    }
    const snap = await c.telemetry.snapshot();
    const exact = recorded.since(c.now - 3_600_000);
    t.ok(within1pct(snap.tokens.issued_last_hour, 2 * exact), `at ${untilS} s: issued_last_hour ${snap.tokens.issued_last_hour}, exact ${2 * exact}`);
    t.ok(within1pct(snap.tokens.revoked_last_hour, exact), `revoked_last_hour ${snap.tokens.revoked_last_hour}, exact ${exact}`);
    t.ok(within1pct(snap.cache.evictions_last_hour, 3 * exact), `evictions_last_hour ${snap.cache.evictions_last_hour}, exact ${3 * exact}`);
    t.equal(snap.window?.count_covered_seconds, 3600, 'the window covers exactly the hour');
  }
});

t.test('while the window fills, the count is everything recorded, exactly', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  await c.advance(1_234_000, 1000, () => tokens.issued());
  t.equal((await c.telemetry.snapshot()).tokens.issued_last_hour, 1234);
});
