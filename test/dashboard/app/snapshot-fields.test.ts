import t from 'tap';
import fc from 'fast-check';
import { asSnapshot, isObject, numberOr, section } from '../../../src/dashboard/app/snapshot-fields.ts';
import type { Snapshot } from '../../../src/index.ts';

t.test('isObject: plain objects only', async (t) => {
  t.equal(isObject({}), true);
  t.equal(isObject(Object.create(null)), true);
  for (const v of [null, undefined, [], 'x', 1, true]) t.equal(isObject(v), false, String(v));
});

t.test('a section that the reply lacks, or sends as a non-object, reads as empty', async (t) => {
  const s = { envelopes: { rate_per_second: 3 }, channels: [1], cache: null } as unknown as Snapshot;
  t.same(section(s, 'envelopes'), { rate_per_second: 3 });
  t.same(section(s, 'channels'), {});
  t.same(section(s, 'cache'), {});
  t.same(section(s, 'tokens'), {});
});

t.test('numberOr: finite numbers only', async (t) => {
  t.equal(numberOr(2.5, 0), 2.5);
  t.equal(numberOr(-1, 0), -1);
  for (const v of [NaN, Infinity, '3', null, undefined]) t.equal(numberOr(v, 7), 7, String(v));
});

t.test('asSnapshot: an object with an envelopes object, else the banner message', async (t) => {
  const s = { envelopes: {} };
  t.equal(asSnapshot(s), s);
  for (const v of [{ hello: 'world' }, { envelopes: 1 }, { envelopes: [] }, [], null, 'x']) {
    t.throws(() => asSnapshot(v), { message: 'the response is not a parsec snapshot' }, JSON.stringify(v));
  }
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    const accepted = isObject(v) && isObject(v.envelopes);
    try {
      asSnapshot(v);
      return accepted;
    } catch (err) {
      return !accepted && (err as Error).message === 'the response is not a parsec snapshot';
    }
  }));
});
