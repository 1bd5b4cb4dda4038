import t from 'tap';
import { observeTokens, TokenCounters } from '../../src/index.ts';
import { TOKENS_ISSUED, TOKENS_REVOKED } from '../../src/instruments.ts';
import { captureDiag } from '../helpers/diag.ts';
import { clocked } from '../helpers/clocked.ts';

t.test('issued and revoked over the last hour are exact to within one coarse slot', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  // 90 minutes: 1 issued every second, 1 revoked every 10 s.
  let s = 0;
  await c.advance(90 * 60_000, 1000, () => {
    tokens.issued();
    if (s++ % 10 === 0) tokens.revoked();
  });
  const snap = await c.telemetry.snapshot();
  const slot = 60; // one coarse slot is 60 s of a 1 h window
  t.ok(Math.abs(snap.tokens.issued_last_hour - 3600) <= slot, `issued_last_hour ${snap.tokens.issued_last_hour} ≈ 3600`);
  t.ok(Math.abs(snap.tokens.revoked_last_hour - 360) <= slot / 10, `revoked_last_hour ${snap.tokens.revoked_last_hour} ≈ 360`);
  t.equal(snap.tokens.issued_last_hour, snap.window?.count_covered_seconds, 'exactly one per covered second');
  t.equal(snap.tokens.active_count, 5400 - 540, 'active = all issued − all revoked, over the whole life');
  t.equal(snap.window?.partial, false, 'both windows are full after 90 min');
});

t.test('active_count never goes below 0', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  tokens.issued(2);
  tokens.revoked(2);
  tokens.expired(5); // more ended than issued (e.g. tokens issued before this process)
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.equal(snap.tokens.active_count, 0);
  t.equal(snap.tokens.issued_last_hour, 2);
  t.equal(snap.tokens.revoked_last_hour, 2);
});

t.test('a counter that goes down (a reset) never gives a negative count', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  // A component reporting its own cumulative totals through the plain OTel API.
  let issued = 0;
  let revoked = 0;
  c.telemetry.meter.createObservableCounter(TOKENS_ISSUED.name).addCallback((r) => r.observe(issued));
  c.telemetry.meter.createObservableCounter(TOKENS_REVOKED.name).addCallback((r) => r.observe(revoked));
  await c.advance(60_000, 1000, () => {
    issued += 10;
    revoked += 1;
  });
  let snap = await c.telemetry.snapshot();
  t.equal(snap.tokens.issued_last_hour, 600);
  t.equal(snap.tokens.revoked_last_hour, 60);
  // The component restarts: its totals fall back to small numbers.
  issued = 5;
  revoked = 0;
  await c.advance(1000);
  snap = await c.telemetry.snapshot();
  t.equal(snap.tokens.issued_last_hour, 605, 'the new run counts from 0: +5, never −595');
  t.equal(snap.tokens.revoked_last_hour, 60, 'a counter reset to 0 adds nothing');
  t.ok(snap.tokens.active_count >= 0);
  await c.advance(10_000, 1000, () => {
    issued += 1;
  });
  snap = await c.telemetry.snapshot();
  t.equal(snap.tokens.issued_last_hour, 615, 'counting goes on from the new run');
});

t.test('no token instruments: the section is zero and no source reports it', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.tokens, { issued_last_hour: 0, revoked_last_hour: 0, active_count: 0 });
});

t.test('a reported live count wins over the arithmetic; when it cannot be read, the arithmetic is back', async (t) => {
  const messages = captureDiag(t);
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  tokens.issued(10);
  tokens.revoked(2);
  let active: unknown = 42;
  observeTokens(c.telemetry.meter, () => {
    if (active instanceof Error) throw active;
    return { active } as { active: number };
  });
  observeTokens(c.telemetry.meter, () => ({ active: 8 }));
  await c.advance(1000);
  t.equal((await c.telemetry.snapshot()).tokens.active_count, 50, 'several brokers add up');
  active = new Error('broker store down');
  await c.advance(1000);
  t.equal((await c.telemetry.snapshot()).tokens.active_count, 8, 'a broker that throws is skipped');
  active = -1;
  await c.advance(1000);
  t.equal((await c.telemetry.snapshot()).tokens.active_count, 8, 'an invalid reading is ignored');
  t.ok(messages.some((m) => m.includes('broker store down')));
  t.ok(messages.some((m) => m.includes('ignored invalid active')));
});

t.test('a live count alone makes the token section', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const o = observeTokens(c.telemetry.meter, () => ({ active: 5 }));
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).tokens, { issued_last_hour: 0, revoked_last_hour: 0, active_count: 5 });
  o.unregister();
  await c.advance(1000);
  t.same((await c.telemetry.snapshot()).tokens, { issued_last_hour: 0, revoked_last_hour: 0, active_count: 0 }, 'unregistered: nothing reported any more');
});
