import t from 'tap';
import { SeriesTable } from '../../src/reader/series-table.ts';

const plan = (index: number) => ({ rate: index, count: 0, fine: [{ index, share: 1 }], coarse: [{ index: 0, share: 1 }] });
const all = (positions: number, indexes: number[]) => {
  const idx = new Float64Array(positions).fill(-1);
  for (const i of indexes) idx[i % positions] = i;
  return { indexes: idx, weights: new Float64Array(positions).fill(1), coveredFrom: 0 };
};

t.test('a counter table: rows in first-seen order, totals and slots per row, rows reused after a delete', async (t) => {
  const table = new SeriesTable('c', 'counter', 13, 61);
  const rows = Array.from({ length: 20 }, (_, i) => table.add(`k${i}`, { n: i }));
  t.same(rows, Array.from({ length: 20 }, (_, i) => i), 'grows past its first 8 rows');
  for (const row of rows) table.addIncrease(row, row + 1, plan(3));
  t.equal(table.total[19], 20);
  const w = all(13, [3]);
  t.equal(table.fine?.sum(7, w), 8);
  table.delete('k7');
  table.delete('absent');
  t.equal(table.size, 19);
  const reused = table.add('k-new', { n: 'new' });
  t.equal(reused, 7, 'the freed row is reused');
  t.same([table.total[7], table.fine?.sum(7, w)], [0, 0], 'and starts empty');
  t.same([...table.rows.keys()].slice(-2), ['k19', 'k-new'], 'order is first-seen, not row order');
});

t.test('a gauge table: set, add within a sample, levels; a reused row forgets its value', async (t) => {
  const table = new SeriesTable('g', 'gauge', 13, 61);
  t.equal(table.fine, undefined, 'no slots for gauges');
  const a = table.add('a', {});
  table.setValue(a, 5, 1);
  table.setValue(a, 3, 1);
  t.equal(table.value[a], 8, 'a second stream in the same sample adds');
  table.setValue(a, 2, 2);
  t.equal(table.value[a], 2, 'a new sample starts over');
  const b = table.add('b', {});
  table.addToLevel(b, 5, 1);
  table.addToLevel(b, -2, 2);
  t.same([table.level[b], table.value[b], table.valueSample[b]], [3, 3, 2]);
  for (let i = 0; i < 10; i++) table.add(`x${i}`, {});
  t.equal(table.valueSample[11], -1, 'grown rows start unset');
  table.delete('b');
  const c = table.add('c', {});
  t.same([c, table.value[c], table.valueSample[c], table.level[c]], [b, 0, -1, 0]);
});
