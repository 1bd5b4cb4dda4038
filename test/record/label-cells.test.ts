import t from 'tap';
import { LabelCells } from '../../src/record/label-cells.ts';
import { INVALID_LABEL, MAX_LABEL_LENGTH } from '../../src/record/sanitize.ts';
import { captureDiag } from '../helpers/diag.ts';

const KEY = 'parsec.aspect';

t.test('one cell per value, found again by the raw value', async (t) => {
  const cells = new LabelCells(KEY, 'aspect', 10);
  const chat = cells.cellFor('chat');
  t.same(chat, { value: 0, reported: -1, read: -1, row: -1, attributes: { [KEY]: 'chat' } });
  t.ok(Object.isFrozen(chat.attributes));
  t.equal(cells.cellFor('chat'), chat);
  t.equal(cells.byRaw.get('chat'), chat, 'the hot path finds it without sanitising');
  t.equal(cells.byLabel.get('chat'), chat);
  t.not(cells.cellFor('typing'), chat);
});

t.test('raw values that sanitise to the same label share its cell', async (t) => {
  captureDiag(t);
  const cells = new LabelCells(KEY, 'aspect', 10);
  const a = cells.cellFor('a\u0000b');
  t.equal(a.attributes[KEY], 'a_b');
  t.equal(cells.cellFor('a_b'), a);
  t.equal(cells.cellFor(''), cells.cellFor(42), 'non-strings and empty strings share the invalid cell');
  t.equal(cells.cellFor(42).attributes[KEY], INVALID_LABEL);
  t.equal(cells.byRaw.has(42), false, 'a non-string is never kept as a key');
});

t.test('beyond the cap new values share _other; known ones keep their cell', async (t) => {
  const cells = new LabelCells(KEY, 'aspect', 2);
  const a = cells.cellFor('a');
  cells.cellFor('b');
  const other = cells.cellFor('c');
  t.same(other.attributes, { [KEY]: '_other' });
  t.equal(cells.cellFor('d'), other, 'every further value shares it');
  t.equal(cells.overflow(), other);
  t.equal(cells.cellFor('a'), a, 'a value seen before the cap still has its own cell');
  t.same([...cells.byLabel.keys()], ['a', 'b', '_other']);
  t.equal(cells.byRaw.size, 2, 'the raw lookup map is capped too: values beyond the cap are looked up the slow way');
});

t.test('the raw lookup map has its own cap: many raw values of one label cannot grow it', async (t) => {
  captureDiag(t);
  const cells = new LabelCells(KEY, 'aspect', 2);
  cells.cellFor('a\u0000b');
  cells.cellFor('a\u0001b'); // the same label a_b, a second raw key
  t.same([cells.byLabel.size, cells.byRaw.size], [1, 2]);
  const c = cells.cellFor('c');
  t.equal(c.attributes[KEY], 'c', 'a label below its cap still gets its own cell');
  t.equal(cells.byRaw.has('c'), false, 'but no raw key');
  t.equal(cells.cellFor('c'), c, 'and is found through its label');
});

t.test('a component that used _other itself shares the overflow cell', async (t) => {
  const cells = new LabelCells(KEY, 'aspect', 2);
  const own = cells.cellFor('_other');
  cells.cellFor('a');
  t.equal(cells.cellFor('b'), own);
  t.equal(cells.byLabel.size, 2);
});

t.test('a long value costs its truncated label, never itself', async (t) => {
  captureDiag(t);
  const cells = new LabelCells(KEY, 'aspect', 10);
  const long = 'x'.repeat(MAX_LABEL_LENGTH * 10);
  const cell = cells.cellFor(long);
  t.equal(cell.attributes[KEY], 'x'.repeat(MAX_LABEL_LENGTH));
  t.equal(cells.byRaw.has(long), false, 'the long raw value is not a key');
  t.equal(cells.cellFor(long), cell, 'it finds its cell again through the label');
  t.equal(cells.cellFor('x'.repeat(MAX_LABEL_LENGTH)), cell);
});
