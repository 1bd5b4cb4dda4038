// A Prometheus answering with 100 000 aspects gave 100 000 by_aspect keys
// (a 2.7 MB body), keys of 10 005 characters, some with control characters.
import t, { type Test } from 'tap';
import { PrometheusSource } from '../../src/cluster/prometheus-source.ts';
import { Aggregator, InvalidOptionError } from '../../src/index.ts';
import { fakePrometheus, vector } from '../cluster/fake-prometheus.ts';

const EMPTY = vector();

async function cluster(t: Test, aspects: [Record<string, string>, number][], cacheLookups: [Record<string, string>, number][], options: { maxSeriesPerInstrument?: number } = {}) {
  let source: PrometheusSource | undefined;
  const fake = await fakePrometheus((query) => {
    const q = (source as PrometheusSource).queries;
    if (query === q.envelopesByAspect) return vector(...aspects);
    if (query === q.cacheLookups) return vector(...cacheLookups);
    if (query === q.rateCoverage) return vector([{}, 60]);
    return EMPTY;
  });
  t.teardown(() => fake.close());
  source = new PrometheusSource({ url: fake.url, ...options });
  return new Aggregator({ sources: [source] }).snapshot();
}

t.test('100 000 aspects: at most 1 000 keys, the rest in _other, nothing lost', async (t) => {
  const aspects: [Record<string, string>, number][] = [];
  for (let i = 0; i < 100_000; i++) aspects.push([{ parsec_aspect: `aspect-${i}` }, i < 10 ? 1_000 : 1]);
  const snapshot = await cluster(t, aspects, []);
  const byAspect = snapshot.envelopes.by_aspect as Record<string, number>;
  t.equal(Object.keys(byAspect).length, 1_001, '1 000 aspects and _other');
  t.equal(byAspect['aspect-0'], 1_000, 'the largest are kept');
  let total = 0;
  for (const v of Object.values(byAspect)) total += v;
  t.equal(total, 10 * 1_000 + 99_990, 'every envelope still counted');
  t.equal(byAspect._other, 99_990 - 990);
  t.ok(JSON.stringify(snapshot).length < 40_000, 'the body stays small');
});

t.test('keys are cleaned like the local reader\'s: control characters become _, at most 128 characters', async (t) => {
  const long = `${'x'.repeat(10_000)}tail`;
  const snapshot = await cluster(
    t,
    [[{ parsec_aspect: long }, 1], [{ parsec_aspect: 'a\u0000b\nc' }, 2], [{ parsec_aspect: '' }, 3], [{ parsec_aspect: 5 as unknown as string }, 4], [{ otel_metric_overflow: 'true' }, 5]],
    [[{ parsec_cache_backend: 'r\u0007edis', parsec_cache_result: 'hit' }, 9]],
    { maxSeriesPerInstrument: 10 },
  );
  t.same(snapshot.envelopes.by_aspect, { _invalid: 7, _other: 5, 'a_b_c': 2, ['x'.repeat(128)]: 1 });
  t.same(Object.keys(snapshot.cache.by_backend ?? {}), ['r_edis']);
});

t.test('maxSeriesPerInstrument applies to every map and is validated', async (t) => {
  const snapshot = await cluster(
    t,
    [[{ parsec_aspect: 'a' }, 3], [{ parsec_aspect: 'b' }, 2], [{ parsec_aspect: 'c' }, 1], [{ otel_metric_overflow: 'true' }, 10]],
    [[{ parsec_cache_backend: 'one', parsec_cache_result: 'hit' }, 5], [{ parsec_cache_backend: 'two', parsec_cache_result: 'hit' }, 1], [{ parsec_cache_backend: 'three', parsec_cache_result: 'miss' }, 1]],
    { maxSeriesPerInstrument: 1 },
  );
  t.same(snapshot.envelopes.by_aspect, { _other: 13, a: 3 }, 'the SDK overflow and the cut aspects share _other');
  t.equal(snapshot.cache.hits, 6);
  t.equal(snapshot.cache.misses, 1);
  t.ok(Object.keys(snapshot.cache.by_backend ?? {}).length <= 3);
  for (const bad of [0, 1.5, -1, Number.NaN, '10']) {
    t.throws(() => new PrometheusSource({ url: 'http://127.0.0.1:9090', maxSeriesPerInstrument: bad as number }), InvalidOptionError);
  }
  t.equal(new PrometheusSource({ url: 'http://127.0.0.1:9090' }).options.maxSeriesPerInstrument, 1_000);
});
