import t from 'tap';
import { Series } from '../../src/reader/series.ts';

const attributes = Object.freeze({ 'parsec.aspect': 'chat' });

t.test('a new series holds its key and attributes, and no rings until its first increase', async (t) => {
  const s = new Series('k', attributes);
  t.equal(s.key, 'k');
  t.equal(s.attributes, attributes);
  t.same({ total: s.total, value: s.value, valueSample: s.valueSample, level: s.level }, { total: 0, value: 0, valueSample: -1, level: 0 });
  t.equal(s.fine, undefined);
  t.equal(s.coarse, undefined);
});

t.test('an increase adds to the total and to both rings by the shares of its plan', async (t) => {
  const s = new Series('k', attributes);
  s.addIncrease(10, [{ index: 3, share: 1 }], [{ index: 0, share: 1 }], 10, 6);
  s.addIncrease(8, [{ index: 4, share: 0.25 }, { index: 5, share: 0.75 }], [{ index: 0, share: 1 }], 10, 6);
  t.equal(s.total, 18);
  t.equal(s.fine?.slots.length, 10);
  t.equal(s.coarse?.slots.length, 6);
  t.same([3, 4, 5].map((i) => s.fine?.sum(i, i)), [10, 2, 6]);
  t.equal(s.coarse?.sum(0, 0), 18);
});

t.test('shares that sum to less than 1 leave the rest in the total only', async (t) => {
  const s = new Series('k', attributes);
  s.addIncrease(10, [{ index: 20, share: 0.4 }], [{ index: 2, share: 1 }], 10, 6);
  t.equal(s.total, 10, 'the lifetime total keeps all of it');
  t.equal(s.fine?.sum(0, 100), 4, 'the window only what fell inside it');
});

t.test('gauge value: the first stream of a sample sets it, further streams of that sample add', async (t) => {
  const s = new Series('k', attributes);
  s.setValue(5, 1);
  s.setValue(3, 1);
  t.same({ value: s.value, valueSample: s.valueSample }, { value: 8, valueSample: 1 });
  s.setValue(2, 2);
  t.same({ value: s.value, valueSample: s.valueSample }, { value: 2, valueSample: 2 }, 'a new sample starts over');
});

t.test('a gauge read as deltas keeps a running level across samples', async (t) => {
  const s = new Series('k', attributes);
  s.addToLevel(5, 1);
  s.addToLevel(-2, 2);
  t.same({ level: s.level, value: s.value, valueSample: s.valueSample }, { level: 3, value: 3, valueSample: 2 });
  s.addToLevel(4, 2);
  t.equal(s.value, 7, 'deltas in one sample add up');
});
