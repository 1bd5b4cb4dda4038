import t from 'tap';
import { PrometheusSource } from '../../src/cluster/prometheus-source.ts';
import type { QueryName } from '../../src/cluster/promql.ts';
import { Aggregator, ErrorCode, InvalidOptionError } from '../../src/index.ts';
import { deadUrl, fakePrometheus, vector, type FakeAnswer } from './fake-prometheus.ts';

const EMPTY = vector();

/** A fake Prometheus answering each of the source's queries by name (EMPTY for the rest). */
async function serving(answers: Partial<Record<QueryName, FakeAnswer>>, options: { rateWindowMs?: number; queryTimeoutMs?: number } = {}) {
  let source: PrometheusSource | undefined;
  const fake = await fakePrometheus((query) => {
    const name = Object.entries((source as PrometheusSource).queries).find(([, q]) => q === query)?.[0] as QueryName | undefined;
    return name === undefined ? { status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'unknown query' }) } : (answers[name] ?? EMPTY);
  });
  source = new PrometheusSource({ url: fake.url, ...options });
  return { fake, source };
}

const FULL: Partial<Record<QueryName, FakeAnswer>> = {
  nodes: vector([{}, 3]),
  rateCoverage: vector([{}, 61.2]),
  countCoverage: vector([{}, 3_600.5]),
  channelsByPattern: vector(
    [{ parsec_channel_pattern: 'room:*' }, 5],
    [{ parsec_channel_pattern: 'dm:*' }, 2],
    [{ parsec_channel_pattern: 'empty:*' }, 0],
    [{ otel_metric_overflow: 'true' }, 1],
    [{}, 1],
  ),
  envelopesByAspect: vector([{ parsec_aspect: 'chat' }, 400.4], [{ parsec_aspect: 'typing' }, 199.6], [{ parsec_aspect: 'rare' }, 0.3]),
  presenceByKind: vector([{ parsec_presence_kind: 'user' }, 9], [{ parsec_presence_kind: 'agent' }, 3], [{ parsec_presence_kind: 'bot' }, 100]),
  presenceChannels: vector([{}, 4]),
  historyBuffered: vector([{}, 250]),
  historyCapacity: vector([{}, 1_000]),
  tokensIssued: vector([{}, 3_600.4]),
  tokensRevoked: vector([{}, 359.6]),
  tokensIssuedTotal: vector([{}, 5_000]),
  tokensRevokedTotal: vector([{}, 100]),
  tokensExpiredTotal: vector([{}, 40]),
  cacheLookups: vector(
    [{ parsec_cache_backend: 'memory', parsec_cache_result: 'hit' }, 89.6],
    [{ parsec_cache_backend: 'memory', parsec_cache_result: 'miss' }, 30.2],
    [{ parsec_cache_backend: 'redis', parsec_cache_result: 'hit' }, 10],
    [{ otel_metric_overflow: 'true' }, 7],
  ),
  cacheEvictions: vector([{ parsec_cache_backend: 'memory' }, 30]),
  cacheSize: vector([{ parsec_cache_backend: 'memory' }, 2048], [{ parsec_cache_backend: 'redis' }, 1024]),
  cacheEntries: vector([{ parsec_cache_backend: 'memory' }, 16]),
  cacheUp: vector([{ parsec_cache_backend: 'memory' }, 1], [{ parsec_cache_backend: 'redis' }, 0]),
};

t.test('every section from PromQL: sums, ratios of sums, whole counts, rate over the covered window, nodes', async (t) => {
  const { fake, source } = await serving(FULL);
  t.teardown(fake.close);
  t.equal(source.name, 'prometheus');
  t.equal(source.endpoint, `${fake.url}/api/v1/query`);
  const snap = await new Aggregator({ sources: [source], sourceTimeoutMs: 5_000, wallClock: () => 0 }).snapshot();
  t.same(snap, {
    channels: { total_active: 9, by_pattern: { _invalid: 1, _other: 1, 'dm:*': 2, 'room:*': 5 } },
    envelopes: { rate_per_second: 10.005, by_aspect: { chat: 400, typing: 200 } }, // (400.4 + 199.6 + 0.3) / 60 s
    presence: { total_users: 9, total_agents: 3, average_per_channel: 3, channels: 4 },
    history: { total_envelopes_buffered: 250, buffer_utilization_pct: 25, capacity: 1_000 },
    tokens: { issued_last_hour: 3_600, revoked_last_hour: 360, active_count: 4_860 },
    cache: {
      hit_rate_pct: 76.923, // 100 / 130
      size_bytes: 3_072,
      size_entries: 16,
      evictions_last_hour: 30,
      hits: 100,
      misses: 30,
      by_backend: {
        memory: { hit_rate_pct: 75, hits: 90, misses: 30, size_bytes: 2_048, size_entries: 16, evictions_last_hour: 30 },
        redis: { hit_rate_pct: 100, hits: 10, misses: 0, size_bytes: 1_024, size_entries: 0, evictions_last_hour: 0 },
      },
      unavailable: ['redis'],
    },
    at: '1970-01-01T00:00:00.000Z',
    nodes: 3,
    window: { rate_window_seconds: 60, rate_covered_seconds: 60, count_window_seconds: 3_600, count_covered_seconds: 3_600, partial: false },
  });
  const coverageQueries = fake.requests.filter((r) => r.params.get('query') === source.queries.rateCoverage);
  t.equal(coverageQueries.length, 1, 'window() and envelopes() share one coverage query per snapshot');
  t.equal(fake.requests.length, Object.keys(source.queries).length, 'each query runs once per snapshot');
});

t.test('while Prometheus holds less than a window, the rate is over the seconds covered and the window is partial', async (t) => {
  const { fake, source } = await serving({
    rateCoverage: vector([{}, 20]),
    countCoverage: vector([{}, 0.5]), // a coarse step not reached yet: the rate window's coverage stands in
    envelopesByAspect: vector([{ parsec_aspect: 'chat' }, 200]),
  });
  t.teardown(fake.close);
  t.same(await source.window(), { rate_window_seconds: 60, rate_covered_seconds: 20, count_window_seconds: 3_600, count_covered_seconds: 20, partial: true });
  t.same(await source.envelopes(), { rate_per_second: 10, by_aspect: { chat: 200 } });
});

t.test('a full rate window but a young count window; the rate is over at least one second', async (t) => {
  const { fake, source } = await serving({
    rateCoverage: vector([{}, 75]),
    countCoverage: vector([{}, 600]),
    envelopesByAspect: vector([{ parsec_aspect: 'chat' }, 5]),
  });
  t.teardown(fake.close);
  t.same(await source.window(), { rate_window_seconds: 60, rate_covered_seconds: 60, count_window_seconds: 3_600, count_covered_seconds: 600, partial: true });
  const young = await serving({ rateCoverage: vector([{}, 0.2]), envelopesByAspect: vector([{ parsec_aspect: 'chat' }, 5]) });
  t.teardown(young.fake.close);
  t.same(await young.source.envelopes(), { rate_per_second: 5, by_aspect: { chat: 5 } });
  const negative = await serving({ rateCoverage: vector([{}, -3]), countCoverage: vector([{}, -3]) });
  t.teardown(negative.fake.close);
  t.same(await negative.source.window(), { rate_window_seconds: 60, rate_covered_seconds: 0, count_window_seconds: 3_600, count_covered_seconds: 0, partial: true }, 'clock skew never gives negative coverage');
});

t.test('no parsec metrics at all: no section is reported, nodes is 0, the snapshot keeps its shape', async (t) => {
  const { fake, source } = await serving({});
  t.teardown(fake.close);
  for (const section of ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache'] as const) {
    t.equal(await source[section](), undefined, section);
  }
  t.equal(await source.nodes(), 0);
  const snap = await new Aggregator({ sources: [source] }).snapshot();
  t.equal(snap.nodes, 0);
  t.equal(snap.envelopes.rate_per_second, 0);
  t.same(snap.window, { rate_window_seconds: 60, rate_covered_seconds: 0, count_window_seconds: 3_600, count_covered_seconds: 0, partial: true });
  t.equal(snap.errors, undefined);
});

t.test('partial data: one metric of a section is enough to report it', async (t) => {
  const { fake, source } = await serving({
    presenceChannels: vector([{}, 0]),
    historyCapacity: vector([{}, 0]),
    tokensExpiredTotal: vector([{}, 5]),
    cacheSize: vector([{ parsec_cache_backend: 'memory' }, 10]),
    envelopesByAspect: vector([{ parsec_aspect: 'chat' }, 0.2]),
    channelsByPattern: vector([{ parsec_channel_pattern: 'room:*' }, 0]),
  });
  t.teardown(fake.close);
  t.same(await source.presence(), { total_users: 0, total_agents: 0, average_per_channel: 0 });
  t.same(await source.history(), { total_envelopes_buffered: 0, buffer_utilization_pct: 0 });
  t.same(await source.tokens(), { issued_last_hour: 0, revoked_last_hour: 0, active_count: 0 }, 'active_count is never below 0');
  t.same(await source.cache(), {
    hit_rate_pct: 0, size_bytes: 10, evictions_last_hour: 0, hits: 0, misses: 0,
    by_backend: { memory: { hit_rate_pct: 0, hits: 0, misses: 0, size_bytes: 10, size_entries: 0, evictions_last_hour: 0 } },
  });
  t.same(await source.envelopes(), { rate_per_second: 0.2 }, 'a count that rounds to 0 leaves by_aspect out');
  t.same(await source.channels(), { total_active: 0 });
  const lookupsOnly = await serving({ cacheLookups: vector([{ otel_metric_overflow: 'true' }, 3], [{ parsec_cache_backend: 'disk', parsec_cache_result: 'miss' }, 1]) });
  t.teardown(lookupsOnly.fake.close);
  t.same(await lookupsOnly.source.cache(), {
    hit_rate_pct: 0, size_bytes: 0, evictions_last_hour: 0, hits: 0, misses: 1,
    by_backend: { disk: { hit_rate_pct: 0, hits: 0, misses: 1, size_bytes: 0, size_entries: 0, evictions_last_hour: 0 } },
  }, 'lookups without a result (the overflow series) do not count');
});

t.test('Prometheus unreachable: the snapshot names the source in errors and keeps its shape', async (t) => {
  const source = new PrometheusSource({ url: await deadUrl(), name: 'cluster' });
  const snap = await new Aggregator({ sources: [source], sourceTimeoutMs: 5_000 }).snapshot();
  t.equal(snap.errors?.length, 1);
  t.equal(snap.errors?.[0]?.source, 'cluster');
  t.match(snap.errors?.[0]?.message, /^Prometheus query \w+ cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: ECONNREFUSED$/);
  t.same(Object.keys(snap), ['channels', 'envelopes', 'presence', 'history', 'tokens', 'cache', 'at', 'errors']);
  t.same(snap.tokens, { issued_last_hour: 0, revoked_last_hour: 0, active_count: 0 });
  t.equal(snap.nodes, undefined, 'nodes is unknown, not 0');
});

t.test('a query that times out: the error says so, and the aggregator still answers', async (t) => {
  const hang = await serving({ nodes: 'hang' }, { queryTimeoutMs: 100 });
  t.teardown(hang.fake.close);
  const snap = await new Aggregator({ sources: [hang.source], sourceTimeoutMs: 5_000 }).snapshot();
  t.same(snap.errors, [{ source: 'prometheus', message: `Prometheus query nodes got no answer from ${hang.fake.url}/api/v1/query within 100 ms` }]);
  // An aggregator with a shorter timeout gives up first: its own error is reported, and the queries are aborted.
  const slow = await serving({ cacheSize: 'hang' }, { queryTimeoutMs: 10_000 });
  t.teardown(slow.fake.close);
  const early = await new Aggregator({ sources: [slow.source], sourceTimeoutMs: 100 }).snapshot();
  t.same(early.errors, [{ source: 'prometheus', message: 'source "prometheus" did not answer within 100 ms' }]);
});

t.test('an error answer is reported with Prometheus’ message', async (t) => {
  const { fake, source } = await serving({
    tokensIssued: { status: 422, body: JSON.stringify({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples' }) },
  });
  t.teardown(fake.close);
  const snap = await new Aggregator({ sources: [source] }).snapshot();
  t.same(snap.errors, [{ source: 'prometheus', message: 'Prometheus query tokensIssued failed with 422: execution: query processing would load too many samples' }]);
});

t.test('matchers, node labels, windows and headers reach the queries', async (t) => {
  const seen: string[] = [];
  const fake = await fakePrometheus((query, req) => {
    seen.push(`${req.headers.authorization} ${query}`);
    return EMPTY;
  });
  t.teardown(fake.close);
  const source = new PrometheusSource({
    url: fake.url,
    matchers: 'job="parsec"',
    nodeLabels: ['service_instance_id'],
    rateWindowMs: 30_000,
    countWindowMs: 7_200_000,
    headers: { authorization: 'Bearer t' },
  });
  await source.nodes();
  await source.tokens();
  t.equal(seen[0], 'Bearer t count(count by (service_instance_id) ({__name__=~"parsec_.+",job="parsec"}))');
  t.match(seen[1], /^Bearer t sum\(\(increase\(parsec_tokens_issued_total\{job="parsec"\}\[2h\]\) unless on\(service_instance_id\) /);
  t.match(seen[1], '[2h:1s]', 'the count window, stepped for restarts');
});

t.test('invalid options throw at construction', async (t) => {
  t.throws(() => new PrometheusSource({ url: 'redis://127.0.0.1:6379' }), InvalidOptionError);
  t.throws(() => new PrometheusSource({ url: 'http://127.0.0.1:9090', queryTimeoutMs: -1 }), { code: ErrorCode.INVALID_OPTION, option: 'queryTimeoutMs' });
});

t.test('the live tokens the brokers report win over issued − revoked − expired', async (t) => {
  const { fake, source } = await serving({ ...FULL, tokensActive: vector([{}, 1_234]) });
  t.teardown(fake.close);
  t.same(await source.tokens(), { issued_last_hour: 3_600, revoked_last_hour: 360, active_count: 1_234 });
});
