import t from 'tap';
import { HistoryRing } from '../../src/demo/history-ring.ts';

t.test('grows to its capacity, then overwrites the oldest', async (t) => {
  const ring = new HistoryRing(3);
  t.equal(ring.length, 0);
  t.equal(ring.recent(0), undefined, 'nothing held yet');
  t.equal(ring.push(10), true);
  t.equal(ring.push(11), true);
  t.equal(ring.push(12), true);
  t.equal(ring.length, 3);
  t.same([ring.recent(0), ring.recent(1), ring.recent(2)], [12, 11, 10]);
  t.equal(ring.push(13), false, 'full: the ring does not grow');
  t.equal(ring.length, 3);
  t.same([ring.recent(0), ring.recent(1), ring.recent(2)], [13, 12, 11]);
  t.equal(ring.recent(3), undefined, 'beyond the capacity');
  t.equal(ring.recent(-1), undefined);
});
