import t from 'tap';
import { CappedValuesProcessor } from '../../src/telemetry/capped-values-processor.ts';

t.test('values are kept up to the cap, sanitised like the recorders, then _other', async (t) => {
  const p = new CappedValuesProcessor(['parsec.aspect'], 2);
  const chat = { 'parsec.aspect': 'chat', region: 'eu' };
  t.equal(p.process(chat), chat, 'a new value under the cap: the same object back');
  t.equal(p.process(chat), chat, 'a known value: the same object back');
  t.same(p.process({ 'parsec.aspect': 'bad\nname' }), { 'parsec.aspect': 'bad_name' }, 'sanitised');
  t.same(p.process({ 'parsec.aspect': 'bad\rname' }), { 'parsec.aspect': 'bad_name' }, 'a raw value that sanitises to a kept label maps to it, even at the cap');
  t.same(p.process({ 'parsec.aspect': 'typing', region: 'us' }), { 'parsec.aspect': '_other', region: 'us' }, 'beyond the cap: _other, other keys kept');
  const none = { region: 'eu' };
  t.equal(p.process(none), none, 'attributes without the key pass through');
});
