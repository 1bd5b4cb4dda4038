import t from 'tap';
import { resolvePrometheusSourceOptions } from '../../src/cluster/options.ts';
import { clusterQueries, coverageStepMs, labelName, prometheusNames, promDuration } from '../../src/cluster/promql.ts';
import { CACHE_SIZE, CACHE_UP, CHANNELS_ACTIVE, ENVELOPES_PUBLISHED, INSTRUMENTS } from '../../src/instruments.ts';

t.test('durations are written in the largest unit that divides them', async (t) => {
  t.equal(promDuration(3_600_000), '1h');
  t.equal(promDuration(7_200_000), '2h');
  t.equal(promDuration(60_000), '1m');
  t.equal(promDuration(90_000), '90s');
  t.equal(promDuration(3_660_000), '61m');
  t.equal(promDuration(10_000), '10s');
  t.equal(promDuration(1_500), '1500ms');
});

t.test('coverage subqueries step 1/60 of the window, at least 1 s, in whole seconds', async (t) => {
  t.equal(coverageStepMs(3_600_000), 60_000);
  t.equal(coverageStepMs(60_000), 1_000);
  t.equal(coverageStepMs(10_000), 1_000);
  t.equal(coverageStepMs(100_000), 2_000);
});

t.test('Prometheus names: dots become underscores, counters end in _total, Collector unit suffixes are matched too', async (t) => {
  t.equal(labelName('parsec.cache.backend'), 'parsec_cache_backend');
  t.same(prometheusNames(ENVELOPES_PUBLISHED), ['parsec_envelopes_published_total']);
  t.same(prometheusNames(CHANNELS_ACTIVE), ['parsec_channels_active']);
  t.same(prometheusNames(CACHE_SIZE), ['parsec_cache_size', 'parsec_cache_size_bytes']);
  t.same(prometheusNames(CACHE_UP), ['parsec_cache_up', 'parsec_cache_up_ratio']);
  const counterWithUnit = { ...ENVELOPES_PUBLISHED, unit: 'By' };
  t.same(prometheusNames(counterWithUnit), ['parsec_envelopes_published_total', 'parsec_envelopes_published_bytes_total']);
});

t.test('the queries of the default options', async (t) => {
  const q = clusterQueries(resolvePrometheusSourceOptions({ url: 'http://127.0.0.1:9090' }));
  t.equal(q.nodes, 'count(count by (job, instance) ({__name__=~"parsec_.+"}))');
  const began = (w: string, s: number) => `(min by (job, instance) (min_over_time({__name__=~"parsec_telemetry_start_time|parsec_telemetry_start_time_seconds"}[${w}])) > time() - ${s})`;
  const counted = (c: string, w: string, s: number) => {
    const st = '{__name__=~"parsec_telemetry_start_time|parsec_telemetry_start_time_seconds"}';
    const restarted = `max by (job, instance) (${st}) != max by (job, instance) (last_over_time(${st}[5m] offset 1s))`;
    const ended = `sum_over_time(((last_over_time(${c}[5m] offset 1s) and ${c}) and on(job, instance) (${restarted}))[${w}:1s])`;
    const last = `last_over_time(${c}[${w}])`;
    return `(increase(${c}[${w}]) unless on(job, instance) ${began(w, s)}) or (((${last} + ${ended}) or ${last}) and on(job, instance) ${began(w, s)})`;
  };
  t.equal(q.envelopesByAspect, `sum by (parsec_aspect, otel_metric_overflow) (${counted('parsec_envelopes_published_total', '1m', 60)})`);
  t.equal(q.channelsByPattern, 'sum by (parsec_channel_pattern, otel_metric_overflow) (parsec_channels_active)');
  t.equal(q.presenceByKind, 'sum by (parsec_presence_kind) (parsec_presence_members)');
  t.equal(q.presenceChannels, 'sum(parsec_presence_channels)');
  t.equal(q.historyBuffered, 'sum(parsec_history_buffered)');
  t.equal(q.historyCapacity, 'sum(parsec_history_capacity)');
  t.equal(q.tokensIssued, `sum(${counted('parsec_tokens_issued_total', '1h', 3600)})`);
  t.equal(q.tokensRevoked, `sum(${counted('parsec_tokens_revoked_total', '1h', 3600)})`);
  t.equal(q.tokensIssuedTotal, 'sum(parsec_tokens_issued_total)');
  t.equal(q.tokensRevokedTotal, 'sum(parsec_tokens_revoked_total)');
  t.equal(q.tokensExpiredTotal, 'sum(parsec_tokens_expired_total)');
  t.equal(q.cacheLookups, `sum by (parsec_cache_backend, parsec_cache_result, otel_metric_overflow) (${counted('parsec_cache_lookups_total', '1m', 60)})`);
  t.equal(q.cacheEvictions, `sum by (parsec_cache_backend, otel_metric_overflow) (${counted('parsec_cache_evictions_total', '1h', 3600)})`);
  t.equal(q.cacheSize, 'sum by (parsec_cache_backend, otel_metric_overflow) ({__name__=~"parsec_cache_size|parsec_cache_size_bytes"})');
  t.equal(q.cacheEntries, 'sum by (parsec_cache_backend, otel_metric_overflow) (parsec_cache_entries)');
  t.equal(q.cacheUp, 'min by (parsec_cache_backend, otel_metric_overflow) ({__name__=~"parsec_cache_up|parsec_cache_up_ratio"})');
  t.match(q.rateCoverage, /^time\(\) - min\(min_over_time\(\(timestamp\(parsec_envelopes_published_total\) or .*\)\[61s:1s\]\) or \(timestamp\(/);
  t.match(q.countCoverage, /\)\[61m:1m\]\) or \(/);
  t.ok(q.rateCoverage.endsWith(` or ${began('1m', 60)})`), 'the start of nodes that started inside the window counts as data');
  for (const i of INSTRUMENTS) t.match(q.rateCoverage, prometheusNames(i)[0] as string, `coverage looks at ${i.name}`);
});

t.test('matchers go into every selector', async (t) => {
  const q = clusterQueries(resolvePrometheusSourceOptions({
    url: 'http://127.0.0.1:9090',
    matchers: 'job="parsec"',
    nodeLabels: ['service_instance_id'],
    rateWindowMs: 10_000,
    countWindowMs: 600_000,
  }));
  t.equal(q.nodes, 'count(count by (service_instance_id) ({__name__=~"parsec_.+",job="parsec"}))');
  t.match(q.envelopesByAspect, 'sum by (parsec_aspect, otel_metric_overflow) ((increase(parsec_envelopes_published_total{job="parsec"}[10s])');
  t.match(q.envelopesByAspect, 'unless on(service_instance_id) (min by (service_instance_id) (min_over_time({__name__=~"parsec_telemetry_start_time|parsec_telemetry_start_time_seconds",job="parsec"}[10s])) > time() - 10)');
  t.equal(q.cacheSize, 'sum by (parsec_cache_backend, otel_metric_overflow) ({__name__=~"parsec_cache_size|parsec_cache_size_bytes",job="parsec"})');
  t.match(q.tokensIssued, 'sum((increase(parsec_tokens_issued_total{job="parsec"}[10m])');
  t.match(q.tokensIssued, '[10m:1s]');
  t.match(q.rateCoverage, '[11s:1s]');
  t.match(q.countCoverage, '[610s:10s]');
  for (const [name, expr] of Object.entries(q)) {
    // Every selector carries the matchers: as many as there are selectors (a regex name counts once).
    const selectors = expr.replace(/by \([^)]*\)/g, '').replace(/\{__name__=~"[^"]*"/g, '{SEL').match(/parsec_[a-z_]+(?=[{[)])|\{SEL/g) ?? [];
    t.equal(expr.split('job="parsec"').length - 1, selectors.length, `${name}: every selector is matched`);
  }
});
