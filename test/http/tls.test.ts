import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { createTelemetryReader, InvalidOptionError } from '../../src/index.ts';
import { listen } from '../../src/http/listen.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { httpsGet, testCa } from '../helpers/tls.ts';



const fingerprintOf = (cert: string) => new X509Certificate(cert).fingerprint256;

t.test('HTTPS with a certificate, and a rotated certificate without a restart', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const first = ca.issue('parsec-1');
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => parsec.shutdown());
  const server = await parsec.listen({ port: 0, tls: first });
  t.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const a = await httpsGet(`${server.url}/healthz`, ca.cert);
  t.equal(a.status, 200);
  t.equal(a.fingerprint, fingerprintOf(first.cert));
  const second = ca.issue('parsec-2');
  server.reloadTls(second);
  const b = await httpsGet(`${server.url}/healthz`, ca.cert);
  t.equal(b.fingerprint, fingerprintOf(second.cert), 'the next connection gets the new certificate');
  t.throws(() => server.reloadTls({ cert: second.cert, key: first.key }), InvalidOptionError, 'a mismatched pair is refused, the old one stays');
  t.equal((await httpsGet(`${server.url}/healthz`, ca.cert)).fingerprint, fingerprintOf(second.cert));
});

t.test('with a client CA, a client without a valid certificate is refused during the handshake', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const stranger = testCa(openssl).issue('stranger');
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => parsec.shutdown());
  const server = await parsec.listen({ port: 0, tls: { ...ca.issue('parsec'), ca: ca.cert } });
  const ok = await httpsGet(`${server.url}/parsec/metrics`, ca.cert, ca.issue('prometheus'));
  t.equal(ok.status, 200, 'a client certificate from the CA is let in');
  await t.rejects(httpsGet(`${server.url}/parsec/metrics`, ca.cert), 'no client certificate: no HTTP at all');
  await t.rejects(httpsGet(`${server.url}/parsec/metrics`, ca.cert, stranger), 'a certificate from another CA: refused');
});

t.test('bad TLS options are setup errors naming the option', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const good = ca.issue('parsec');
  const other = ca.issue('other');
  const handler = () => undefined;
  const cases: [unknown, string][] = [
    ['yes', 'tls'],
    [{ key: good.key }, 'tls.cert'],
    [{ cert: good.cert }, 'tls.key'],
    [{ cert: '', key: good.key }, 'tls.cert'],
    [{ cert: good.cert, key: good.key, ca: 7 }, 'tls.ca'],
    [{ cert: good.cert, key: good.key, requestClientCert: true }, 'tls.ca'],
    [{ cert: good.cert, key: good.key, ca: ca.cert, requestClientCert: 'yes' }, 'tls.requestClientCert'],
    [{ cert: good.cert, key: other.key }, 'tls.key'],
    [{ cert: 'not pem', key: good.key }, 'tls.cert'],
  ];
  for (const [tls, option] of cases) {
    const err = await listen(handler, { port: 0, tls: tls as never }).then(() => undefined, (e: unknown) => e);
    t.ok(err instanceof InvalidOptionError, `${option}: InvalidOptionError`);
    t.equal((err as InvalidOptionError).option, option, JSON.stringify(tls).slice(0, 60));
  }
  const plain = await listen(handler, { port: 0 });
  t.teardown(() => plain.close());
  t.equal((thrown(() => plain.reloadTls(good)) as InvalidOptionError).option, 'tls', 'reloadTls on a plain server');
});

t.test('pipelining is bounded behind TLS too: 16 unanswered requests per connection, then 503', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const { connect } = await import('node:tls');
  const ca = testCa(openssl);
  // A handler that answers only when told: the requests stay unanswered.
  const held: (() => void)[] = [];
  const server = await listen((_req, res) => void held.push(() => res.end('ok')), { port: 0, tls: ca.issue('parsec') });
  t.teardown(() => server.close());
  const socket = connect({ host: '127.0.0.1', port: server.port, ca: ca.cert });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (text += d));
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(40));
  for (let i = 0; i < 500 && held.length < 16; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  t.equal(held.length, 16, 'the handler saw 16 requests; the rest was not parsed yet');
  for (const answer of held.splice(0)) answer();
  for (let i = 0; i < 500 && !/503/.test(text); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.equal((text.match(/HTTP\/1\.1 200/g) ?? []).length, 16, 'the 16 are answered');
  t.match(text, /HTTP\/1\.1 503/, 'the 17th is refused');
  socket.destroy();
});
