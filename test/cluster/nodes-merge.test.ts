import t from 'tap';
import { mergeNodes } from '../../src/aggregate/merge.ts';
import { Aggregator, type Source } from '../../src/index.ts';

t.test('mergeNodes sums the sources that count nodes; undefined when none does', async (t) => {
  t.equal(mergeNodes([]), undefined);
  t.equal(mergeNodes([0]), 0);
  t.equal(mergeNodes([2, 3]), 5);
});

t.test('the aggregator reports nodes only when a source counts them', async (t) => {
  const eu: Source = { name: 'eu', nodes: () => 2 };
  const us: Source = { name: 'us', nodes: async () => 3 };
  const silent: Source = { name: 'silent', nodes: () => undefined };
  const local: Source = { name: 'local', tokens: () => ({ issued_last_hour: 1, revoked_last_hour: 0, active_count: 1 }) };
  t.equal((await new Aggregator({ sources: [eu, us, silent, local] }).snapshot()).nodes, 5);
  const none = await new Aggregator({ sources: [local, silent] }).snapshot();
  t.equal(none.nodes, undefined);
  t.notOk('nodes' in none, 'omitted, not undefined-valued');
  const failing: Source = { name: 'down', nodes: () => Promise.reject(new Error('unreachable')) };
  const snap = await new Aggregator({ sources: [eu, failing] }).snapshot();
  t.equal(snap.nodes, 2, 'a failing source counts no nodes');
  t.same(snap.errors, [{ source: 'down', message: 'unreachable' }]);
  t.same(Object.keys(snap), ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache', 'at', 'nodes', 'errors']);
});
