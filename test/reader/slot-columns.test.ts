import t from 'tap';
import { PAGE_ROWS, SlotColumns } from '../../src/reader/slot-columns.ts';

const whole = (indexes: number[], weights: number[]) => ({ indexes: Float64Array.from(indexes), weights: Float64Array.from(weights), coveredFrom: 0 });

t.test('rows hold their slots apart; a position moved to a later index forgets the old one, for every row', async (t) => {
  const c = new SlotColumns(4, 2);
  c.add(0, 10, [{ index: 1, share: 1 }]);
  c.add(1, 4, [{ index: 1, share: 0.5 }, { index: 2, share: 0.5 }]);
  const w = c.effective(whole([0, 1, 2, 3], [1, 1, 1, 1]), new Float64Array(4));
  t.same([c.sum(0, w), c.sum(1, w)], [10, 4]);
  c.add(1, 7, [{ index: 5, share: 1 }]); // position 1 again
  const later = c.effective(whole([4, 5, 2, 3], [1, 1, 1, 1]), new Float64Array(4));
  t.same([c.sum(0, later), c.sum(1, later)], [0, 9], 'row 0 lost index 1 too; row 1 keeps index 2');
  const stale = c.effective(whole([0, 1, 2, 3], [1, 1, 1, 1]), new Float64Array(4));
  t.equal(stale[1], 0, 'a window asking for index 1 at position 1 gets nothing: it holds 5');
});

t.test('weights scale each slot; rows grow and clear', async (t) => {
  const c = new SlotColumns(3, 1);
  c.add(0, 8, [{ index: 0, share: 1 }]);
  c.add(0, 2, [{ index: 1, share: 1 }]);
  const w = c.effective(whole([0, 1, -1], [0.25, 1, 1]), new Float64Array(3));
  t.equal(c.sum(0, w), 4);
  c.grow(PAGE_ROWS + 1);
  t.equal(c.rows, 2 * PAGE_ROWS);
  c.grow(2);
  t.equal(c.rows, 2 * PAGE_ROWS, 'a page at a time, never shrinks');
  t.equal(c.sum(0, w), 4, 'growing keeps the rows');
  c.add(PAGE_ROWS + 3, 5, [{ index: 1, share: 1 }]);
  t.equal(c.sum(PAGE_ROWS + 3, w), 5, 'a row of the second page');
  c.clearRow(0);
  t.same([c.sum(0, w), c.sum(PAGE_ROWS + 3, w)], [0, 5]);
});
