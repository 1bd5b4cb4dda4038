import t from 'tap';
import { RowPages } from '../../src/history/row-pages.ts';

t.test('rows keep their values apart across pages; a released row comes back all NaN', async (t) => {
  const pages = new RowPages(3);
  const rows = Array.from({ length: 600 }, () => pages.allocate());
  t.same([rows[0], rows[599], pages.size], [0, 599, 600], 'three pages of rows');
  rows.forEach((row) => pages.write(row, row, [0, 2], 5_000));
  t.same([pages.value(0, 0), pages.value(300, 2), pages.value(599, 0)], [0, 300, 599], 'each row its own value');
  t.ok(Number.isNaN(pages.value(300, 1)), 'a column not written has no value');
  t.equal(pages.lastAt(599), 5_000);
  pages.clear([2]);
  t.same([pages.value(300, 0), Number.isNaN(pages.value(300, 2))], [300, true], 'a cleared column is NaN in every row, the others stay');
  pages.release(300);
  t.equal(pages.size, 599);
  t.ok(Number.isNaN(pages.lastAt(300)), 'a free row was written in no step');
  const again = pages.allocate();
  t.equal(again, 300, 'the released row is reused');
  t.ok([0, 1, 2].every((c) => Number.isNaN(pages.value(again, c))), 'with none of its old values');
  t.equal(pages.value(301, 0), 301, 'its neighbours untouched');
});
