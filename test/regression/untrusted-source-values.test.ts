// Sources were trusted too much: a 1 MB error message made every snapshot
// 1 MB, `null`, strings or 1e9 reached the JSON as figures, and a Source that
// threw Object.create(null) made snapshot() reject and /parsec/metrics 500.
import t from 'tap';
import { Aggregator, type Source } from '../../src/index.ts';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../src/aggregate/describe-error.ts';
import { listen } from '../../src/http/listen.ts';
import { captureDiag } from '../helpers/diag.ts';
import { fetchText } from '../helpers/http.ts';
import { snapshotTypeProblems } from '../helpers/snapshot-types.ts';

t.test('a 1 MB error message is cut to 512 characters', async (t) => {
  const huge: Source = { name: 'huge', envelopes: () => Promise.reject(new Error('x'.repeat(1_000_000))) };
  const snapshot = await new Aggregator({ sources: [huge] }).snapshot();
  const message = snapshot.errors?.[0]?.message as string;
  t.equal(message.length, MAX_ERROR_MESSAGE_LENGTH);
  t.equal(MAX_ERROR_MESSAGE_LENGTH, 512);
  t.ok(message.endsWith('…'));
  t.ok(JSON.stringify(snapshot).length < 2_000, 'the snapshot stays small');
  const named: Source = { name: 'n'.repeat(10_000), envelopes: () => Promise.reject(new Error('down')) };
  t.equal((await new Aggregator({ sources: [named] }).snapshot()).errors?.[0]?.source.length, 128, 'a huge source name is cut too');
});

t.test('null, strings, 1e9 and negative figures never reach the snapshot; each kind logs once', async (t) => {
  const logged = captureDiag(t);
  const liar = {
    name: 'liar',
    envelopes: () => ({ rate_per_second: 'fast', by_aspect: { chat: 5, typing: null, bad: -1, worse: 'x', inf: Infinity } }),
    history: () => ({ total_envelopes_buffered: null, buffer_utilization_pct: 1e9, capacity: -4 }),
    cache: () => ({
      hit_rate_pct: -3, size_bytes: Number.NaN, evictions_last_hour: 2, hits: '1', unavailable: ['redis', 5],
      by_backend: { memory: { hit_rate_pct: 400, hits: 1, misses: 'no' }, broken: 'x' },
    }),
    presence: () => 'nobody',
    tokens: () => null,
    channels: () => [1, 2],
    window: () => ({ rate_window_seconds: 60, rate_covered_seconds: -1, count_window_seconds: 'h', partial: 'yes' }),
    nodes: () => Number.POSITIVE_INFINITY,
  } as unknown as Source;
  const aggregator = new Aggregator({ sources: [liar] });
  const snapshot = JSON.parse(JSON.stringify(await aggregator.snapshot()));
  t.same(snapshotTypeProblems(snapshot), []);
  t.same(snapshot.envelopes, { rate_per_second: 0, by_aspect: { chat: 5 } });
  t.same(snapshot.history, { total_envelopes_buffered: 0, buffer_utilization_pct: 100 }, 'a percentage is clamped to 0-100');
  t.equal(snapshot.cache.hit_rate_pct, 0);
  t.same(snapshot.cache.unavailable, ['redis']);
  t.same(Object.keys(snapshot.cache.by_backend), ['memory']);
  t.same(snapshot.cache.by_backend.memory, { hit_rate_pct: 100, hits: 1, misses: 0, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 });
  t.equal(snapshot.nodes, undefined);
  t.same(snapshot.window, { rate_window_seconds: 60, rate_covered_seconds: 0, count_window_seconds: 0, count_covered_seconds: 0, partial: false });
  t.ok(logged.some((m) => m.includes('"liar"') && m.includes('envelopes.rate_per_second')), 'the diagnostic names the source and the field');
  const count = logged.length;
  await aggregator.snapshot();
  t.equal(logged.length, count, 'the same trouble again logs nothing more (throttled)');
  const notAList = { cache: () => ({ hit_rate_pct: 1, size_bytes: 1, evictions_last_hour: 0, unavailable: 'redis' }) } as unknown as Source;
  t.notOk('unavailable' in (await new Aggregator({ sources: [notAList] }).snapshot()).cache, 'an unavailable that is not a list is dropped');
});

t.test('a Source that throws Object.create(null) is listed in errors, and /parsec/metrics answers 200', async (t) => {
  const sources: Source[] = [
    { name: 'null-proto', channels: () => { throw Object.create(null); } },
    { name: 'fine', channels: () => ({ total_active: 2 }) },
  ];
  const aggregator = new Aggregator({ sources });
  const server = await listen(aggregator.handler(), { port: 0 });
  t.teardown(() => server.close());
  const reply = await fetchText(`${server.url}/parsec/metrics`);
  t.equal(reply.status, 200);
  const body = JSON.parse(reply.body);
  t.equal(body.channels.total_active, 2);
  t.same(body.errors, [{ source: 'null-proto', message: 'threw a object' }]);
});

t.test('a source whose name getter throws, or whose methods cannot even be read, is a failed source', async (t) => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const nameThrows = { get name(): string { throw new Error('no name'); }, channels: () => ({ total_active: 1 }) } as Source;
  const snapshot = await new Aggregator({ sources: [nameThrows, revoked.proxy as Source] }).snapshot();
  t.equal(snapshot.channels.total_active, 1);
  t.same(snapshot.errors?.map((e) => e.source), ['source #2'], 'the revoked proxy fails; the source with a throwing name is served');
});
