import t from 'tap';
import fc from 'fast-check';
import { barList, meterWidth } from '../../../src/dashboard/app/bars.ts';

t.test('bars: largest first, ties by label, widths relative to the largest', async (t) => {
  const { shown, hidden } = barList({ b: 10, a: 10, c: 40, d: 20 }, 12);
  t.same(shown.map((b) => b.key), ['c', 'd', 'a', 'b']);
  t.same(shown.map((b) => b.width), ['100.00%', '50.00%', '25.00%', '25.00%']);
  t.same(shown.map((b) => b.value), [40, 20, 10, 10]);
  t.equal(hidden, 0);
});

t.test('bars: at most the limit, the rest counted', async (t) => {
  const map = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`p${String(i).padStart(2, '0')}:*`, 1]));
  const { shown, hidden } = barList(map, 12);
  t.equal(shown.length, 12, 'the Chromium test sees 12 bars');
  t.equal(hidden, 3, 'and "… and 3 more"');
  t.equal(shown[0]?.key, 'p00:*');
});

t.test('bars: odd counts read as 0; no map, no bars', async (t) => {
  const { shown } = barList({ x: 'many', y: 4, z: -2 }, 12);
  t.same(shown.map((b) => [b.key, b.value, b.width]), [['y', 4, '100.00%'], ['x', 0, '0.00%'], ['z', -2, '0.00%']]);
  t.same(barList(undefined, 12), { shown: [], hidden: 0 });
  t.same(barList([1, 2], 12), { shown: [], hidden: 0 });
  t.same(barList({ only: 0 }, 12).shown[0]?.width, '0.00%', 'all zero: empty tracks');
});

t.test('meters: the share of the maximum, clamped to 0–100 %', async (t) => {
  t.equal(meterWidth(30, 120), '25.00%');
  t.equal(meterWidth(150, 100), '100.00%');
  t.equal(meterWidth(-5, 100), '0.00%');
  t.equal(meterWidth(5, 0), '0.00%', 'no window length: empty');
  t.equal(meterWidth(undefined, 100), '0.00%');
  t.equal(meterWidth(5, '10'), '0.00%');
});

t.test('any JSON map gives bars no wider than their track', async () => {
  fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 20 }), (map, limit) => {
    const { shown, hidden } = barList(map, limit);
    if (shown.length > limit || hidden < 0) return false;
    return shown.every((b) => Number.isFinite(b.value) && parseFloat(b.width) >= 0 && parseFloat(b.width) <= 100);
  }));
});
