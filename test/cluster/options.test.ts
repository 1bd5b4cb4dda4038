import t from 'tap';
import { PROMETHEUS_SOURCE_DEFAULTS, resolvePrometheusSourceOptions } from '../../src/cluster/options.ts';
import type { PrometheusSourceOptions } from '../../src/cluster/types.ts';
import { ErrorCode, InvalidOptionError } from '../../src/errors/errors.ts';
import { thrown } from '../helpers/expect-throw.ts';

const URL_ = 'http://127.0.0.1:9090';

t.test('defaults', async (t) => {
  t.same(resolvePrometheusSourceOptions({ url: URL_ }), {
    url: 'http://127.0.0.1:9090/',
    name: 'prometheus',
    queryTimeoutMs: 2_000,
    rateWindowMs: 60_000,
    countWindowMs: 3_600_000,
    matchers: '',
    nodeLabels: ['job', 'instance'],
    headers: {},
    maxSeriesPerInstrument: 1_000,
  });
  t.equal(PROMETHEUS_SOURCE_DEFAULTS.queryTimeoutMs, 2_000);
  t.ok(Object.isFrozen(resolvePrometheusSourceOptions({ url: URL_ })));
});

t.test('every option is taken as given when valid', async (t) => {
  const o = resolvePrometheusSourceOptions({
    url: 'https://mimir.example:8080/prometheus',
    name: 'cluster-eu',
    queryTimeoutMs: 500,
    rateWindowMs: 30_000,
    countWindowMs: 30_000,
    matchers: ' job="parsec", env=~"prod|staging", region!="x\\"y", k!~"a", ',
    nodeLabels: ['service_name', 'service_instance_id'],
    headers: { Authorization: 'Bearer s3cret', 'X-Scope-OrgID': 'tenant-1' },
  });
  t.equal(o.url, 'https://mimir.example:8080/prometheus/', 'the path prefix is kept, with a trailing slash');
  t.equal(o.name, 'cluster-eu');
  t.equal(o.queryTimeoutMs, 500);
  t.equal(o.rateWindowMs, 30_000);
  t.equal(o.countWindowMs, 30_000, 'the count window may equal the rate window');
  t.equal(o.matchers, 'job="parsec", env=~"prod|staging", region!="x\\"y", k!~"a"', 'trimmed, trailing comma dropped');
  t.same(o.nodeLabels, ['service_name', 'service_instance_id']);
  t.same(o.headers, { authorization: 'Bearer s3cret', 'x-scope-orgid': 'tenant-1' }, 'header names lower-cased');
});

t.test('an invalid option throws an InvalidOptionError naming it, without echoing secrets', async (t) => {
  const cases: [Partial<PrometheusSourceOptions> | undefined | null, string][] = [
    [undefined, 'url'],
    [null, 'options'],
    [{}, 'url'],
    [{ url: '' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://127.0.0.1/' }, 'url'],
    [{ url: 'http://127.0.0.1:9090/?x=1' }, 'url'],
    [{ url: 'http://127.0.0.1:9090/#top' }, 'url'],
    [{ url: URL_, name: '' }, 'name'],
    [{ url: URL_, queryTimeoutMs: 0 }, 'queryTimeoutMs'],
    [{ url: URL_, queryTimeoutMs: 1.5 }, 'queryTimeoutMs'],
    [{ url: URL_, rateWindowMs: 999 }, 'rateWindowMs'],
    [{ url: URL_, countWindowMs: Number.NaN }, 'countWindowMs'],
    [{ url: URL_, rateWindowMs: 120_000, countWindowMs: 60_000 }, 'countWindowMs'],
    [{ url: URL_, matchers: '' }, 'matchers'],
    [{ url: URL_, matchers: 'job=parsec' }, 'matchers'],
    [{ url: URL_, matchers: '{job="parsec"}' }, 'matchers'],
    [{ url: URL_, matchers: 'job="a" or vector(1)' }, 'matchers'],
    [{ url: URL_, matchers: 7 as unknown as string }, 'matchers'],
    [{ url: URL_, nodeLabels: [] }, 'nodeLabels'],
    [{ url: URL_, nodeLabels: ['ok', 'not-a-label'] }, 'nodeLabels'],
    [{ url: URL_, nodeLabels: 'instance' as unknown as string[] }, 'nodeLabels'],
    [{ url: URL_, headers: [] as unknown as Record<string, string> }, 'headers'],
    [{ url: URL_, headers: { 'bad name': 'x' } }, 'headers'],
  ];
  for (const [options, option] of cases) {
    const err = thrown(() => resolvePrometheusSourceOptions(options as PrometheusSourceOptions));
    t.type(err, InvalidOptionError, JSON.stringify(options));
    t.equal((err as InvalidOptionError).option, option, JSON.stringify(options));
    t.equal((err as InvalidOptionError).code, ErrorCode.INVALID_OPTION);
  }
  const creds = thrown(() => resolvePrometheusSourceOptions({ url: 'http://admin:hunter2@127.0.0.1:9090' })) as InvalidOptionError;
  t.equal(creds.option, 'url');
  t.notMatch(creds.message, 'hunter2', 'the password is not echoed');
  t.match(creds.message, 'headers.authorization');
  const user = thrown(() => resolvePrometheusSourceOptions({ url: 'http://admin@127.0.0.1:9090' })) as InvalidOptionError;
  t.equal(user.option, 'url', 'a user name alone is refused too');
  const header = thrown(() => resolvePrometheusSourceOptions({ url: URL_, headers: { authorization: 'Bearer hunter2\r\nx: y' } })) as InvalidOptionError;
  t.equal(header.option, 'headers.authorization');
  t.notMatch(header.message, 'hunter2', 'a header value is not echoed');
  const notString = thrown(() => resolvePrometheusSourceOptions({ url: URL_, headers: { authorization: 1 as unknown as string } })) as InvalidOptionError;
  t.equal(notString.option, 'headers.authorization');
});
