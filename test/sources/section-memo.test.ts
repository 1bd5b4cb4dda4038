import t from 'tap';
import { WindowedReader } from '../../src/reader/windowed-reader.ts';
import { entriesOf, nonZeroRecord } from '../../src/sources/records.ts';
import { recall, remember, sectionSequence } from '../../src/sources/section-memo.ts';

t.test('a remembered section is recalled only when computed after the given number, as a copy its caller cannot change', async (t) => {
  const reader = new WindowedReader({ sampleIntervalMs: 0 });
  const before = sectionSequence();
  t.equal(recall(reader, 'envelopes', before), undefined, 'nothing remembered yet');
  const stats = { rate_per_second: 2, by_aspect: nonZeroRecord(new Map([['chat', 3]])) as Record<string, number> };
  remember(reader, 'envelopes', stats);
  const recalled = recall(reader, 'envelopes', before);
  t.ok(recalled !== undefined);
  const value = recalled?.value as { rate_per_second: number; by_aspect: Record<string, number> };
  t.equal(value.rate_per_second, 2);
  t.same(entriesOf(value.by_aspect), { keys: ['chat'], values: [3] }, 'the map shares its entries');
  stats.rate_per_second = 99;
  t.equal(value.rate_per_second, 2, 'a change to what the caller got does not reach the copy');
  t.equal(recall(reader, 'envelopes', sectionSequence()), undefined, 'computed before the number given: not recalled');
  t.equal(recall(new WindowedReader({ sampleIntervalMs: 0 }), 'envelopes', before), undefined, 'per reader');
});

t.test('a section not reported is remembered as such; one with other than numbers and built maps is not remembered', async (t) => {
  const reader = new WindowedReader({ sampleIntervalMs: 0 });
  const since = sectionSequence();
  remember(reader, 'presence', undefined);
  t.same(recall(reader, 'presence', since)?.value, undefined);
  t.ok(recall(reader, 'presence', since) !== undefined, 'recalled: not reported');
  remember(reader, 'cache', { hit_rate_pct: 1, unavailable: ['redis'] });
  t.equal(recall(reader, 'cache', since), undefined, 'a list is not copied, so the section is computed again');
  remember(reader, 'channels', { total_active: 1, by_pattern: { a: 1 } });
  t.equal(recall(reader, 'channels', since), undefined, 'a map not built by src/sources/records.ts neither');
});
