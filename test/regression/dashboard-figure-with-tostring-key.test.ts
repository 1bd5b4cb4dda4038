// Found by the property test of test/dashboard/app/format.test.ts: a snapshot
// reply whose figure is an object with a key named `toString` (`{"toString": 0}`,
// valid JSON) made the dashboard's `show` throw while formatting it, because
// `String(v)` calls the object's own `toString`. Now an object shows as its JSON.
import t from 'tap';
import { decimal, show } from '../../src/dashboard/app/format.ts';

t.test('a figure that is an object with a toString key shows as its JSON', async (t) => {
  t.equal(show({ toString: 0 }, decimal), '{"toString":0}');
  t.equal(show([{ valueOf: 'x' }], decimal), '[{"valueOf":"x"}]');
  t.equal(show(12.5, decimal), decimal(12.5), 'numbers are formatted as before');
  t.equal(show('n/a', decimal), 'n/a', 'strings as sent');
});
