import t from 'tap';
import { describeError, describeValue } from '../../src/diag/describe-value.ts';
import { hostileValues } from '../helpers/hostile.ts';

t.test('describeValue shows small values and names the kind of the rest', async (t) => {
  t.same(
    [describeValue('ok'), describeValue('y'.repeat(41)), describeValue(3), describeValue(false), describeValue(undefined), describeValue(null)],
    ['"ok"', `"${'y'.repeat(40)}…"`, '3', 'false', 'undefined', 'null'],
  );
  t.same([describeValue(12n), describeValue(-(2n ** 64n)), describeValue(2n ** 64n + 1n)], ['12', '-18446744073709551616', 'a bigint']);
  t.same([describeValue(() => 1), describeValue([1]), describeValue({}), describeValue(Symbol('s')), describeValue(new Proxy([], {}))], [
    'a function',
    'an array',
    'a object',
    'a symbol',
    'a proxy',
  ]);
});

t.test('describeValue and describeError never throw and stay short, whatever the value', async (t) => {
  for (const { name, value } of hostileValues()) {
    t.ok(describeValue(value).length <= 50, `describeValue: ${name}`);
    t.ok(describeError(value).length <= 210, `describeError: ${name}`);
  }
});

t.test('describeError gives the message of a real Error, and never runs its code', async (t) => {
  t.equal(describeError(new TypeError('cache gone')), 'cache gone');
  t.equal(describeError(new Error('m'.repeat(300))), `${'m'.repeat(200)}…`);
  t.equal(describeError(new Error()), 'an error without a message');
  const getter = new Error('hidden');
  Object.defineProperty(getter, 'message', { get: () => 'from a getter' });
  t.equal(describeError(getter), 'an error without a message', 'a getter is not called');
  t.equal(describeError(new Proxy(new Error('x'), {})), 'threw a proxy');
  t.equal(describeError('plain'), 'threw "plain"');
  t.equal(describeError(Object.create(null)), 'threw a object');
});
