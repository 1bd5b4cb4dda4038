// A password in the OTLP URL (flag or environment) was printed on stdout.
import t from 'tap';
import { main } from '../../src/cli.ts';
import { redactText, redactUrl } from '../../src/http/redact-url.ts';
import { recordingIo, type RecordingIo } from '../helpers/cli-io.ts';

const SECRET = 's3cret-pw';
const HEADER_SECRET = 'h3ader-secret';

/** Runs the demo until it has printed its URLs, then stops it; resolves with the exit code. */
async function runDemo(argv: string[], x: RecordingIo): Promise<number> {
  const run = main(['demo', '--port', '0', ...argv], x);
  for (let i = 0; i < 400 && !x.out.includes('Ctrl-C'); i++) await new Promise((resolve) => setImmediate(resolve));
  x.signal('SIGTERM');
  return run;
}

t.test('--otlp with credentials: the password is hidden', async (t) => {
  const x = recordingIo({ OTEL_METRIC_EXPORT_TIMEOUT: '300' }); // nothing listens on port 9: fail fast
  t.equal(await runDemo(['--otlp', `http://user:${SECRET}@127.0.0.1:9/v1/metrics`], x), 0);
  t.match(x.out, 'otlp push   http://user:***@127.0.0.1:9/v1/metrics');
  t.notMatch(x.out + x.err, SECRET);
});

t.test('OTEL_EXPORTER_OTLP_ENDPOINT with credentials, and OTEL_EXPORTER_OTLP_HEADERS: neither secret is printed', async (t) => {
  const x = recordingIo({
    OTEL_METRIC_EXPORT_TIMEOUT: '300',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://user:${SECRET}@127.0.0.1:9`,
    OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${HEADER_SECRET}`,
  });
  t.equal(await runDemo([], x), 0);
  t.match(x.out, 'otlp push   http://user:***@127.0.0.1:9/v1/metrics');
  t.notMatch(x.out + x.err, SECRET);
  t.notMatch(x.out + x.err, HEADER_SECRET);
});

t.test('an invalid endpoint with credentials is refused without echoing the password', async (t) => {
  for (const endpoint of [`ftp://user:${SECRET}@example.com/x`, `http://user:${SECRET}@[bad`]) {
    const x = recordingIo({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    t.equal(await main(['demo', '--port', '0'], x), 2, endpoint);
    t.match(x.err, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    t.notMatch(x.err, SECRET);
  }
});

t.test('redactText hides every URL password in a text and leaves the rest alone', async (t) => {
  t.equal(redactText('got "http://u:p@ss@h:1/x" and https://a:b@c'), 'got "http://u:***@h:1/x" and https://a:***@c');
  t.equal(redactText('http://host:4318/v1/metrics, redis://h:6379'), 'http://host:4318/v1/metrics, redis://h:6379');
  t.equal(redactText('http://user@host'), 'http://user@host');
  t.equal(redactUrl('http://u:p@h/'), 'http://u:***@h/');
});
