import t from 'tap';
import { ThrottledDiag } from '../../src/diag/throttled-diag.ts';
import { captureDiag } from '../helpers/diag.ts';

t.test('one message per key per interval, with a bounded memory of keys', async (t) => {
  const messages = captureDiag(t);
  let now = 0;
  const d = new ThrottledDiag({ intervalMs: 1000, clock: () => now, maxKeys: 2 });
  t.equal(d.warn('a', 'first a'), true);
  t.equal(d.warn('a', 'again a'), false, 'suppressed within the interval');
  now = 1000;
  t.equal(d.warn('a', 'a after a second'), true);
  t.equal(d.warn('b', 'first b'), true);
  t.equal(d.warn('c', 'first c'), true, 'a third key evicts the oldest');
  t.equal(d.warn('a', 'a forgotten'), true, 'the evicted key logs again');
  t.equal(d.warn('c', 'c remembered'), false);
  t.same(messages, [
    'parsec-telemetry: first a',
    'parsec-telemetry: a after a second',
    'parsec-telemetry: first b',
    'parsec-telemetry: first c',
    'parsec-telemetry: a forgotten',
  ]);
});
