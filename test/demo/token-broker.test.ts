import t from 'tap';
import { TokenBroker } from '../../src/demo/token-broker.ts';
import { TokenCounters } from '../../src/index.ts';
import { clocked } from '../helpers/clocked.ts';

t.test('issues, revokes and expires tokens, recording each on the meter', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const broker = new TokenBroker<string>(new TokenCounters(c.telemetry.meter), 1000);
  const a = broker.issue(0, 'alice');
  const b = broker.issue(100, 'bob');
  const d = broker.issue(500, 'dora');
  t.not(a, b, 'ids are distinct');
  t.equal(broker.activeCount, 3);
  t.equal(broker.revoke(b), true);
  t.equal(broker.revoke(b), false, 'a token is revoked once');
  const expired: [number, string][] = [];
  t.equal(broker.expire(999, (id, owner) => expired.push([id, owner])), 0, 'nothing before its TTL');
  t.equal(broker.expire(1100, (id, owner) => expired.push([id, owner])), 1, 'the revoked token does not expire');
  t.same(expired, [[a, 'alice']]);
  t.equal(broker.revoke(a), false, 'an expired token cannot be revoked');
  t.equal(broker.activeCount, 1);
  await c.advance(1000);
  const { tokens } = await c.telemetry.snapshot();
  t.same(tokens, { issued_last_hour: 3, revoked_last_hour: 1, active_count: 1 });
  t.equal(broker.expire(1500, (id) => expired.push([id, ''])), 1);
  t.equal(expired.at(-1)?.[0], d);
  t.equal(broker.activeCount, 0);
});

t.test('memory stays bounded by the live tokens over a long run', async (t) => {
  const c = clocked();
  t.teardown(() => c.telemetry.shutdown());
  const broker = new TokenBroker<number>(new TokenCounters(c.telemetry.meter), 10);
  let expired = 0;
  for (let now = 0; now < 5000; now++) {
    broker.issue(now, now);
    expired += broker.expire(now, () => undefined);
  }
  t.equal(broker.activeCount, 10, 'only the tokens of the last TTL are alive');
  t.equal(expired, 4990);
  // The expiry queue is compacted as it drains: its backing arrays stay near the live count.
  const queue = (broker as unknown as { _queueIds: number[] })._queueIds;
  t.ok(queue.length <= 2 * 1024 + 10, `queue length ${queue.length}`);
});
