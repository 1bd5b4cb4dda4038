import t from 'tap';
import fc from 'fast-check';
import { entriesOf, hollowRecord, isKnownRecord, nonZeroRecord, recordOf } from '../../src/sources/records.ts';

t.test('nonZeroRecord: sorted by key, zeros dropped, whole counts when asked; the same as fromEntries', async (t) => {
  const map = new Map([['typing', 2], ['chat', 5], ['idle', 0], ['half', 0.4]]);
  const record = nonZeroRecord(map);
  t.strictSame(record, { chat: 5, half: 0.4, typing: 2 });
  t.same(Object.keys(record ?? {}), ['chat', 'half', 'typing'], 'keys in order');
  t.strictSame(nonZeroRecord(map, true), { chat: 5, typing: 2 }, '0.4 rounds to 0 and is dropped');
  t.equal(nonZeroRecord(new Map([['a', 0]])), undefined, 'nothing left: undefined');
  t.equal(nonZeroRecord(new Map()), undefined);
});

t.test('property: nonZeroRecord equals the spread, filter, sort and fromEntries it replaces', async (t) => {
  const key = fc.oneof(fc.string({ maxLength: 4, unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'toString', '1', '10', '-1'));
  fc.assert(fc.property(fc.array(fc.tuple(key, fc.oneof(fc.constant(0), fc.double({ noNaN: true }))), { maxLength: 20 }), fc.boolean(), (pairs, whole) => {
    const map = new Map(pairs);
    const rounded = [...map].map(([k, v]): [string, number] => [k, whole ? Math.round(v) : v]);
    const kept = rounded.filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
    const expected = kept.length > 0 ? Object.fromEntries(kept) : undefined;
    const actual = nonZeroRecord(map, whole);
    t.strictSame(actual, expected);
    t.equal(JSON.stringify(actual), JSON.stringify(expected));
    if (actual !== undefined) t.equal(Object.getPrototypeOf(actual), Object.prototype);
  }), { numRuns: 300 });
});

t.test('a key named __proto__ is an own key and leaves the prototype alone', async (t) => {
  const record = nonZeroRecord(new Map([['__proto__', 3], ['a', 1]])) as Record<string, number>;
  t.ok(Object.hasOwn(record, '__proto__'));
  t.equal(Object.getPrototypeOf(record), Object.prototype);
  t.equal(JSON.stringify(record), '{"__proto__":3,"a":1}');
});

t.test('known records: non-empty, string keys, values finite >= 0; their entries are the arrays they were built from', async (t) => {
  const record = recordOf(['a', 'b'], [1, 0]);
  t.ok(isKnownRecord(record));
  t.same(entriesOf(record), { keys: ['a', 'b'], values: [1, 0] });
  t.notOk(isKnownRecord(recordOf([], [])), 'empty');
  t.notOk(isKnownRecord(recordOf(['a'], [Number.NaN])), 'NaN');
  t.notOk(isKnownRecord(recordOf(['a'], [-1])), 'negative');
  t.notOk(isKnownRecord(recordOf(['a'], [Number.POSITIVE_INFINITY])), 'infinite');
  t.notOk(isKnownRecord(recordOf([7 as unknown as string], [1])), 'a key that is not a string');
  t.notOk(isKnownRecord(recordOf(['a'], [{ valueOf: () => 5 } as unknown as number])), 'a value that is not a number, even one that converts to one');
  t.notOk(isKnownRecord(nonZeroRecord(new Map([['a', { valueOf: () => 5 } as unknown as number]])) as object), 'the same through nonZeroRecord');
  t.notOk(isKnownRecord({ a: 1 }), 'an object built elsewhere');
  t.equal(entriesOf({ a: 1 }), undefined);
  const sorted = nonZeroRecord(new Map([['b', 2], ['a', 1]])) as Record<string, number>;
  t.same(entriesOf(sorted), { keys: ['a', 'b'], values: [1, 2] }, 'sorted entries');
});

t.test('a hollow record has no keys of its own but is known, with the entries it stands for', async (t) => {
  const entries = { keys: ['chat'], values: [4] };
  const hollow = hollowRecord(entries);
  t.same(Object.keys(hollow), []);
  t.ok(isKnownRecord(hollow));
  t.equal(entriesOf(hollow), entries);
});
