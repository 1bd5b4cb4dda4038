// Bug: the per-source timeout timer was unref()'d, so a snapshot whose only
// pending work was a hanging source never finished: the process exited
// with the snapshot unresolved instead of reporting the timeout.
import t from 'tap';
import { Aggregator } from '../../src/index.ts';

t.test('a hanging source times out even when nothing else keeps the process alive', async (t) => {
  const hangs = { name: 'hangs', refresh: () => new Promise<void>(() => undefined) };
  const snap = await new Aggregator({ sources: [hangs], sourceTimeoutMs: 5 }).snapshot();
  t.same(snap.errors, [{ source: 'hangs', message: 'source "hangs" did not answer within 5 ms' }]);
});
