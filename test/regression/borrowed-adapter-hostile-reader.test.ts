// A built-in adapter's section method is trusted by the Aggregator (its map
// is not copied), so it must not trust its reader: called on an object of
// the user's whose `reader` answers with values that only convert to
// numbers, it once built a record the Aggregator took as checked, and the
// snapshot served `{"chat":{}}`.
import t from 'tap';
import { Aggregator, readerSources, type Source } from '../../src/index.ts';
import { WindowedReader } from '../../src/reader/windowed-reader.ts';
import { snapshotTypeProblems } from '../helpers/snapshot-types.ts';

t.test('a built-in section method over a hostile reader still yields a checked map', async (t) => {
  const builtIn = readerSources(new WindowedReader({ sampleIntervalMs: 0 }))[0] as Source;
  const sly = { valueOf: () => 5 };
  const reader = {
    has: () => true,
    gaugeBy: () => new Map<string, unknown>([['room:*', sly], ['ok', 2]]),
  };
  const source = { name: 'borrowed', channels: builtIn.channels, reader } as unknown as Source;
  const snapshot = await new Aggregator({ sources: [source] }).snapshot();
  t.same(snapshot.errors, undefined);
  t.same(snapshotTypeProblems(JSON.parse(JSON.stringify(snapshot))), []);
  t.strictSame(snapshot.channels.by_pattern, { ok: 2 }, 'only the numbers are kept');
});
