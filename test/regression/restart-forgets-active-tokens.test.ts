// Bug: after a process restart tokens.active_count started again from 0
// (issued − revoked − expired since the reader started), although the
// tokens issued before the restart were still live: 1 000 live, restart,
// 500 of the old ones revoked and 100 issued gave 0 instead of 600. A token
// broker that knows its live count now reports it with observeTokens.
import t from 'tap';
import { observeTokens, TokenCounters } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

t.test('a broker that reports its live tokens is right across a restart', async (t) => {
  const live = new Set<number>();
  // Before the restart: 1 000 tokens issued and live, in a store that outlives the process.
  for (let id = 0; id < 1000; id++) live.add(id);

  // The restarted process.
  const c = clocked({ env: {} });
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  observeTokens(c.telemetry.meter, () => ({ active: live.size }));
  for (let id = 0; id < 500; id++) {
    live.delete(id);
    tokens.revoked();
  }
  for (let id = 1000; id < 1100; id++) {
    live.add(id);
    tokens.issued();
  }
  await c.advance(1000);
  const snap = await c.telemetry.snapshot();
  t.same(snap.tokens, { issued_last_hour: 100, revoked_last_hour: 500, active_count: 600 });
});

t.test('without it, active_count counts only since the reader started', async (t) => {
  const c = clocked({ env: {} });
  t.teardown(() => c.telemetry.shutdown());
  const tokens = new TokenCounters(c.telemetry.meter);
  tokens.revoked(500);
  tokens.issued(100);
  await c.advance(1000);
  t.equal((await c.telemetry.snapshot()).tokens.active_count, 0, 'the documented limit of the fallback');
});
