import t from 'tap';
import { mulberry32 } from '../../src/demo/mulberry32.ts';

t.test('the same seed gives the same sequence; another seed another', async (t) => {
  const take = (seed: number) => {
    const r = mulberry32(seed);
    return Array.from({ length: 5 }, () => r());
  };
  t.same(take(42), take(42));
  t.not(take(42)[0], take(43)[0]);
});

t.test('numbers are in [0, 1) and spread evenly', async (t) => {
  const r = mulberry32(7);
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const x = r();
    if (!(x >= 0 && x < 1)) t.fail(`out of range: ${x}`);
    buckets[Math.floor(x * 10)]!++;
  }
  for (const [i, n] of buckets.entries()) t.ok(n > 9_500 && n < 10_500, `bucket ${i} holds about a tenth (${n})`);
});
