import t from 'tap';
import { parseVector, PrometheusClient, reasonOf } from '../../src/cluster/prometheus-client.ts';
import { PrometheusQueryError } from '../../src/cluster/prometheus-query-error.ts';
import { ErrorCode } from '../../src/errors/errors.ts';
import { deadUrl, fakePrometheus, vector } from './fake-prometheus.ts';

t.test('an instant query is a form-encoded POST to <url>/api/v1/query with the timeout and the headers', async (t) => {
  const fake = await fakePrometheus(() => vector([{ parsec_aspect: 'chat' }, '12.5'], [{}, 3]));
  t.teardown(fake.close);
  const client = new PrometheusClient(`${fake.url}/prefix/`, 1_500, { authorization: 'Bearer tok', 'x-scope-orgid': 't1' });
  t.equal(client.endpoint, `${fake.url}/prefix/api/v1/query`);
  t.same(await client.query('q', 'sum(x)'), [{ labels: { parsec_aspect: 'chat' }, value: 12.5 }, { labels: {}, value: 3 }]);
  const [req] = fake.requests;
  t.equal(req?.method, 'POST');
  t.equal(req?.path, '/prefix/api/v1/query');
  t.equal(req?.params.get('query'), 'sum(x)');
  t.equal(req?.params.get('timeout'), '1500ms', 'Prometheus stops evaluating when we stop waiting');
  t.equal(req?.headers.authorization, 'Bearer tok');
  t.equal(req?.headers['x-scope-orgid'], 't1');
  t.equal(req?.headers['content-type'], 'application/x-www-form-urlencoded');
});

t.test('an error answer names the query, the status and Prometheus’ message', async (t) => {
  const fake = await fakePrometheus((q) => {
    if (q === 'bad') return { status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unexpected <EOF>' }) };
    if (q === 'long') return { status: 422, body: JSON.stringify({ status: 'error', errorType: 'execution', error: 'x'.repeat(500) }) };
    if (q === 'proxy') return { status: 502, body: '<html>Bad Gateway</html>' };
    return { body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) };
  });
  t.teardown(fake.close);
  const client = new PrometheusClient(`${fake.url}/`, 2_000);
  const bad = await client.query('envelopesByAspect', 'bad').catch((e: unknown) => e);
  t.type(bad, PrometheusQueryError);
  t.equal((bad as PrometheusQueryError).code, ErrorCode.PROMETHEUS_QUERY);
  t.equal((bad as PrometheusQueryError).query, 'envelopesByAspect');
  t.equal((bad as PrometheusQueryError).status, 400);
  t.equal((bad as Error).message, 'Prometheus query envelopesByAspect failed with 400: bad_data: parse error: unexpected <EOF>');
  const long = (await client.query('q', 'long').catch((e: unknown) => e)) as Error;
  t.ok(long.message.length < 300, 'a long Prometheus message is clipped');
  t.match(long.message, /x…$/);
  const proxy = (await client.query('q', 'proxy').catch((e: unknown) => e)) as PrometheusQueryError;
  t.equal(proxy.message, `Prometheus query q: ${client.endpoint} answered 502 with a body that is not Prometheus JSON`);
  t.equal(proxy.status, 502);
  const matrix = (await client.query('q', 'matrix').catch((e: unknown) => e)) as Error;
  t.equal(matrix.message, 'Prometheus query q: expected a vector, got matrix');
});

t.test('unreachable: a clear message with the reason', async (t) => {
  const url = await deadUrl();
  const err = (await new PrometheusClient(`${url}/`, 2_000).query('nodes', 'x').catch((e: unknown) => e)) as PrometheusQueryError;
  t.type(err, PrometheusQueryError);
  t.equal(err.message, `Prometheus query nodes cannot reach ${url}/api/v1/query: ECONNREFUSED`);
  t.equal(err.status, undefined);
  t.ok(err.cause, 'the fetch error is kept as the cause');
});

t.test('a query that takes longer than the timeout fails with a timeout error', async (t) => {
  const fake = await fakePrometheus(() => 'hang');
  t.teardown(fake.close);
  const started = performance.now();
  const err = (await new PrometheusClient(`${fake.url}/`, 50).query('cacheSize', 'x').catch((e: unknown) => e)) as PrometheusQueryError;
  t.equal(err.message, `Prometheus query cacheSize got no answer from ${fake.url}/api/v1/query within 50 ms`);
  t.ok(performance.now() - started < 5_000, 'gave up at the timeout, not later');
});

t.test('when the caller aborts, its reason is what the query rejects with', async (t) => {
  const fake = await fakePrometheus(() => 'hang');
  t.teardown(fake.close);
  const controller = new AbortController();
  const reason = new Error('the aggregator gave up');
  const pending = new PrometheusClient(`${fake.url}/`, 10_000).query('q', 'x', controller.signal);
  while (fake.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
  controller.abort(reason);
  t.equal(await pending.catch((e: unknown) => e), reason);
});

t.test('parseVector: odd bodies', async (t) => {
  const ok = (result: unknown): string => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
  t.same(parseVector('q', 'e', 200, ok([])), []);
  t.same(
    parseVector('q', 'e', 200, ok([{ metric: { a: '1' }, value: [1, 'NaN'] }, { metric: {}, value: [1, '+Inf'] }, null, { value: 'x' }, { metric: null, value: [1, '2'] }])),
    [{ labels: {}, value: 2 }],
    'NaN, ±Inf and malformed items are skipped; a missing metric reads as no labels',
  );
  for (const body of ['null', '3', '"x"']) {
    t.throws(() => parseVector('q', 'e', 200, body), { message: 'Prometheus query q: e answered 200 with a body that is not Prometheus JSON' }, body);
  }
  t.throws(() => parseVector('q', 'e', 200, JSON.stringify({ status: 'error', error: 'boom' })), { message: 'Prometheus query q failed with 200: boom' });
  t.throws(() => parseVector('q', 'e', 503, JSON.stringify({ status: 'error', error: 5 })), { message: 'Prometheus query q failed with 503' });
  t.throws(() => parseVector('q', 'e', 500, ok([])), { message: 'Prometheus query q failed with 500' }, 'a success body with an error status');
  t.throws(() => parseVector('q', 'e', 200, JSON.stringify({ status: 'success' })), { message: 'Prometheus query q: expected a vector, got undefined' });
  t.throws(() => parseVector('q', 'e', 200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: {} } })), {
    message: 'Prometheus query q: the vector has no result list',
  });
});

t.test('reasonOf: the most telling part of a fetch failure', async (t) => {
  t.equal(reasonOf(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND', message: 'getaddrinfo' } })), 'ENOTFOUND');
  t.equal(reasonOf(Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') })), 'other side closed');
  t.equal(reasonOf(new TypeError('Invalid URL')), 'Invalid URL');
  t.equal(reasonOf('plain'), 'plain');
});

t.test('range queries: the matrix as series of [seconds, value], failures as PrometheusQueryError', async (t) => {
  const matrix = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        { metric: { job: 'a' }, values: [[100, '1'], [105, 'NaN'], 'junk', [110, '+Inf'], [115, '2']] },
        { values: 'not a list' },
      ],
    },
  };
  const fake = await fakePrometheus((query, req) => {
    if (req.path !== '/api/v1/query_range') return { status: 404, body: '{}' };
    if (query === 'bad') return { status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }) };
    if (query === 'vector') return vector([{}, 1]);
    return { body: JSON.stringify(matrix) };
  });
  t.teardown(fake.close);
  const client = new PrometheusClient(`${fake.url}/`, 1_000);
  t.same(await client.queryRange('q', 'up', 100, 115, 5), [{ labels: { job: 'a' }, values: [[100, 1], [115, 2]] }, { labels: {}, values: [] }],
    'non-finite values and malformed pairs are left out');
  const sent = fake.requests.at(-1)?.params;
  t.same([sent?.get('start'), sent?.get('end'), sent?.get('step')], ['100', '115', '5']);
  t.match(await client.queryRange('broken', 'bad', 0, 1, 1).catch((e: unknown) => e), { name: 'PrometheusQueryError', message: /broken failed with 400: bad_data: parse error/ });
  t.match(await client.queryRange('v', 'vector', 0, 1, 1).catch((e: unknown) => e), { message: /expected a matrix, got vector/ });
});
