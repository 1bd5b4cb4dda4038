import t from 'tap';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli.ts';
import { recordingIo as io } from '../helpers/cli-io.ts';
import { fetchText } from '../helpers/http.ts';


t.test('help prints on stdout and exits 0', async (t) => {
  const x = io();
  t.equal(await main(['--help'], x), 0);
  t.match(x.out, 'parsec-telemetry');
  t.equal(x.err, '');
});

t.test('--version prints the version from package.json and exits 0, for the command and each subcommand', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const argv of [['--version'], ['-V'], ['demo', '--version'], ['serve', '-V']]) {
    const x = io();
    t.equal(await main(argv, x), 0, argv.join(' '));
    t.equal(x.out, `parsec-telemetry ${version}\n`);
    t.equal(x.err, '');
  }
});

t.test('usage errors exit 2 with the message and a pointer to --help', async (t) => {
  for (const argv of [[], ['demo', '--rate', '-5'], ['demo', '--bogus'], ['nope']]) {
    const x = io();
    t.equal(await main(argv, x), 2, argv.join(' '));
    t.match(x.err, /^parsec-telemetry: .+\nRun "parsec-telemetry (demo )?--help" for usage\.\n$/);
  }
});

t.test('an invalid environment is a usage error naming the variable', async (t) => {
  const x = io({ OTEL_METRIC_EXPORT_INTERVAL: 'often', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
  t.equal(await main(['demo', '--port', '0'], x), 2);
  t.match(x.err, 'OTEL_METRIC_EXPORT_INTERVAL');
});

t.test('a port in use: a clear message and exit 1', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => blocker.once('listening', resolve));
  t.teardown(() => blocker.close());
  const x = io();
  t.equal(await main(['demo', '--port', String((blocker.address() as AddressInfo).port)], x), 1);
  t.match(x.err, /cannot listen on 127\.0\.0\.1:\d+/);
});

t.test('the demo serves until a signal, prints its URLs, pushes OTLP when asked, and honours --token', async (t) => {
  const x = io({ OTEL_METRIC_EXPORT_TIMEOUT: '300' }); // nothing listens on port 9: fail fast
  const run = main(['demo', '--port', '0', '--rate', '100', '--token', 'tok-123', '--otlp', 'http://127.0.0.1:9/v1/metrics'], x);
  let base: string | undefined;
  for (let i = 0; i < 200 && base === undefined; i++) {
    base = /snapshot\s+(http:\/\/\S+)\/parsec\/metrics/.exec(x.out)?.[1];
    if (base === undefined) await new Promise((resolve) => setImmediate(resolve));
  }
  t.ok(base, 'URLs printed');
  t.match(x.out, 'otlp push   http://127.0.0.1:9/v1/metrics');
  t.equal((await fetchText(`${base}/parsec/metrics`)).status, 401);
  t.equal((await fetchText(`${base}/parsec/metrics`, { headers: { authorization: 'Bearer tok-123' } })).status, 200);
  x.signal('SIGTERM');
  t.equal(await run, 0);
  t.match(x.out, 'SIGTERM: shutting down');
});

t.test('the demo prints the dashboard URL, and it answers', async (t) => {
  const x = io();
  const run = main(['demo', '--port', '0'], x);
  let dashboard: string | undefined;
  for (let i = 0; i < 200 && dashboard === undefined; i++) {
    dashboard = /dashboard\s+(http:\/\/\S+\/parsec\/dashboard)\n/.exec(x.out)?.[1];
    if (dashboard === undefined) await new Promise((resolve) => setImmediate(resolve));
  }
  t.ok(dashboard, 'printed');
  t.equal((await fetchText(dashboard as string)).status, 200);
  x.signal('SIGTERM');
  t.equal(await run, 0);
});
