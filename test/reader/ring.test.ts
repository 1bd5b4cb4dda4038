import t from 'tap';
import { Ring } from '../../src/reader/ring.ts';

t.test('ring slots are independent objects', async (t) => {
  const ring = new Ring(12);
  t.equal(new Set(ring.slots).size, 12, 'twelve distinct slot objects');
  ring.add(3, 5);
  t.equal(ring.slots[3]?.value, 5);
  for (const [i, slot] of ring.slots.entries()) if (i !== 3) t.equal(slot.value, 0, `slot ${i} untouched`);
});

t.test('a ring rotates lazily and sums a range', async (t) => {
  const ring = new Ring(4);
  ring.add(0, 1);
  ring.add(1, 2);
  ring.add(1, 3);
  t.equal(ring.sum(0, 1), 6);
  ring.add(4, 10); // reuses position 0, clears index 0
  t.equal(ring.sum(0, 0), 0, 'the old index is gone');
  t.equal(ring.sum(1, 4), 15);
  t.equal(ring.sum(5, 9), 0, 'future indexes are empty');
});
