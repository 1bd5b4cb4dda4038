import fc from 'fast-check';
import t from 'tap';
import { Monotonic } from '../../src/record/monotonic.ts';

function fed(readings: readonly number[]): Monotonic {
  const m = new Monotonic();
  for (const r of readings) m.update(r);
  return m;
}

t.test('counts from the first reading, which is only the baseline', async (t) => {
  t.equal(new Monotonic().total, 0);
  t.equal(fed([1_000_000]).total, 0, 'what the source counted before observation is not counted');
  t.equal(fed([1_000_000, 1_000_007, 1_000_007, 1_000_010]).total, 10);
});

t.test('a reading that goes down starts a new run counted from 0', async (t) => {
  t.equal(fed([100, 150, 20]).total, 50 + 20, 'the source restarted and counted 20 since');
  t.equal(fed([100, 150, 20, 30]).total, 50 + 20 + 10, 'the new run goes on from its own values');
  t.equal(fed([100, 0, 0, 5]).total, 5, 'a reset to 0');
  t.equal(fed([10, 5, 3, 8]).total, 5 + 3 + 5, 'several resets in a row');
});

t.test('property: the total never goes down, and without resets it is last - first', async (t) => {
  fc.assert(fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (readings) => {
    const m = new Monotonic();
    let previous = 0;
    for (const r of readings) {
      m.update(r);
      if (m.total < previous) return false;
      previous = m.total;
    }
    return true;
  }));
  fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 50 }), (steps) => {
    const readings = steps.reduce<number[]>((acc, s) => [...acc, (acc.at(-1) ?? 0) + s], []);
    return fed(readings).total === (readings.at(-1) as number) - (readings[0] as number);
  }));
  t.pass('both properties hold');
});
