import t from 'tap';
import { PAGE_ROWS, SlotColumns } from '../../src/reader/slot-columns.ts';

const whole = (indexes: number[], weights: number[]) => ({ indexes: Float64Array.from(indexes), weights: Float64Array.from(weights), coveredFrom: 0 });

t.test('rows hold their slots apart; a position moved to a later index forgets the old one, for every row', async (t) => {
  const c = new SlotColumns(4, 2);
  c.add(0, 10, [{ index: 1, share: 1 }]);
  c.add(1, 4, [{ index: 1, share: 0.5 }, { index: 2, share: 0.5 }]);
  const w = whole([0, 1, 2, 3], [1, 1, 1, 1]);
  t.same([c.sum(0, w), c.sum(1, w)], [10, 4]);
  c.add(1, 7, [{ index: 5, share: 1 }]); // position 1 again
  const later = whole([4, 5, 2, 3], [1, 1, 1, 1]);
  t.same([c.sum(0, later), c.sum(1, later)], [0, 9], 'row 0 lost index 1 too; row 1 keeps index 2');
  t.same([c.sum(0, w), c.sum(1, w)], [0, 2], 'a window asking for index 1 at position 1 gets nothing there: it holds 5');
});

t.test('weights scale each slot; rows grow and clear', async (t) => {
  const c = new SlotColumns(3, 1);
  c.add(0, 8, [{ index: 0, share: 1 }]);
  c.add(0, 2, [{ index: 1, share: 1 }]);
  const w = whole([0, 1, -1], [0.25, 1, 1]);
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

t.test('pages move to a new slot on their own, and every row reads as if the whole column had: sum and sumInto match a model of one ring per row', async (t) => {
  const fc = (await import('fast-check')).default;
  const positions = 4;
  const rowCount = 3 * PAGE_ROWS;
  // Rows at the edges of three pages, and some inside.
  const rowArb = fc.constantFrom(0, 1, PAGE_ROWS - 1, PAGE_ROWS, PAGE_ROWS + 7, 2 * PAGE_ROWS, rowCount - 1);
  const addArb = fc.record({ row: rowArb, delta: fc.integer({ min: 1, max: 9 }), advance: fc.integer({ min: 0, max: 6 }), spread: fc.boolean() });
  await fc.assert(fc.property(fc.array(addArb, { maxLength: 60 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: positions, maxLength: positions }), (adds, weightList) => {
    const c = new SlotColumns(positions, rowCount);
    // The model: per row its own ring of (index, value) per position; the newest index written at each position, as the timeline knows it.
    const model = new Map<number, { index: number; value: number }[]>();
    const newest = new Array<number>(positions).fill(-1);
    let index = 0;
    for (const a of adds) {
      index += a.advance;
      const shares = a.spread && index > 0 ? [{ index: index - 1, share: 0.25 }, { index, share: 0.75 }] : [{ index, share: 1 }];
      c.add(a.row, a.delta, shares);
      const ring = model.get(a.row) ?? Array.from({ length: positions }, () => ({ index: -1, value: 0 }));
      model.set(a.row, ring);
      for (const { index: i, share } of shares) {
        const slot = ring[i % positions] as { index: number; value: number };
        if (slot.index !== i) Object.assign(slot, { index: i, value: 0 });
        slot.value += a.delta * share;
        newest[i % positions] = Math.max(newest[i % positions] as number, i);
      }
    }
    // A window asks, at each position, for the newest index written there.
    const w = whole(newest, weightList);
    const expected = (row: number): number => {
      let total = 0;
      (model.get(row) ?? []).forEach((slot, pos) => {
        const weight = w.weights[pos] as number;
        if (weight !== 0 && slot.index === newest[pos] && slot.index >= 0) total += weight * slot.value;
      });
      return total;
    };
    const rows = Int32Array.from([0, 1, PAGE_ROWS - 1, PAGE_ROWS, PAGE_ROWS + 7, 2 * PAGE_ROWS, rowCount - 1]);
    const out = new Float64Array(rows.length);
    c.sumInto(rows, Int32Array.from(rows.keys()), w, out);
    return [...rows].every((row, i) => c.sum(row, w) === expected(row) && out[i] === expected(row));
  }), { numRuns: 300 });
  t.pass('as the model, for every row and window');
});
