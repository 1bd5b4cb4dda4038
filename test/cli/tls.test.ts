// --tls-cert, --tls-key, --tls-client-ca on demo and serve; a real
// Prometheus scraping /metrics over https with tls_config.
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { startPrometheus } from '../cluster/prometheus-server.ts';
import { recordingIo as io, type RecordingIo } from '../helpers/cli-io.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { httpsGet, testCa } from '../helpers/tls.ts';

function files(t: { teardown(fn: () => void): void }): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-cli-tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    // Written beside and renamed into place, as certificate managers rotate files.
    writeFileSync(join(dir, `${name}.new`), text);
    renameSync(join(dir, `${name}.new`), join(dir, name));
    return join(dir, name);
  };
}


async function started(x: RecordingIo): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const m = /health\s+(https:\/\/\S+)\/healthz/.exec(x.out);
    if (m !== null) return m[1] as string;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not started: ${x.out}${x.err}`);
}

t.test('demo over https; a rotated certificate is served without a restart', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const write = files(t);
  const first = ca.issue('node-1');
  const certFile = write('cert.pem', first.cert);
  const keyFile = write('key.pem', first.key);
  const x = io();
  const run = main(['demo', '--port', '0', '--tls-cert', certFile, '--tls-key', keyFile], x);
  const base = await started(x);
  t.match(x.out, /snapshot\s+https:\/\/127\.0\.0\.1:\d+\/parsec\/metrics/);
  const a = await httpsGet(`${base}/healthz`, ca.cert);
  t.equal(a.status, 200);
  t.equal(a.fingerprint, new X509Certificate(first.cert).fingerprint256);
  const second = ca.issue('node-1-renewed');
  write('key.pem', second.key);
  write('cert.pem', second.cert);
  const b = await httpsGet(`${base}/healthz`, ca.cert);
  t.equal(b.fingerprint, new X509Certificate(second.cert).fingerprint256, 'the next connection gets the rotated certificate');
  t.match(x.err, /info parsec-telemetry: TLS certificate reloaded/);
  // A rotation caught half-way: the new certificate is there, its key not yet.
  write('cert.pem', ca.issue('node-1-next').cert);
  const c = await httpsGet(`${base}/healthz`, ca.cert);
  t.equal(c.fingerprint, b.fingerprint, 'a certificate without its key: the one in use stays');
  t.match(x.err, /warn parsec-telemetry: TLS files changed but cannot be loaded \(keeping the certificate in use\): --tls-key /);
  rmSync(keyFile);
  t.equal((await httpsGet(`${base}/healthz`, ca.cert)).fingerprint, b.fingerprint, 'a missing key file: the one in use stays');
  x.signal('SIGTERM');
  t.equal(await run, 0);
});

t.test('serve with --tls-client-ca refuses a client without a certificate during the handshake', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const write = files(t);
  const server = ca.issue('serve');
  const x = io();
  const run = main(['serve', '--prometheus', 'http://127.0.0.1:9', '--port', '0', '--log-level', 'none',
    '--tls-cert', write('cert.pem', server.cert), '--tls-key', write('key.pem', server.key), '--tls-client-ca', write('ca.pem', ca.cert)], x);
  const base = await started(x);
  t.equal((await httpsGet(`${base}/healthz`, ca.cert, ca.issue('operator'))).status, 200, 'a client certificate from the CA');
  await t.rejects(httpsGet(`${base}/healthz`, ca.cert), 'no client certificate');
  x.signal('SIGTERM');
  t.equal(await run, 0);
});

t.test('unreadable or mismatched TLS files are usage errors naming the file', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const ca = testCa(openssl);
  const write = files(t);
  const one = ca.issue('one');
  const other = ca.issue('other');
  const cert = write('cert.pem', one.cert);
  const wrongKey = write('other.key', other.key);
  const garbage = write('garbage.pem', 'not a certificate');
  const cases: [string[], RegExp][] = [
    [['--tls-cert', '/nonexistent/cert.pem', '--tls-key', wrongKey], /cannot read --tls-cert \/nonexistent\/cert\.pem: ENOENT/],
    [['--tls-cert', cert, '--tls-key', wrongKey], new RegExp(`--tls-key ${wrongKey}: invalid option "tls.key"`)],
    [['--tls-cert', garbage, '--tls-key', wrongKey], new RegExp(`--tls-cert ${garbage}: `)],
    [['--tls-cert', cert, '--tls-key', write('key.pem', one.key), '--tls-client-ca', garbage], new RegExp(`--tls-client-ca ${garbage}: `)],
    [['--tls-cert', cert], /--tls-cert needs --tls-key/],
    [['--tls-key', wrongKey], /--tls-key needs --tls-cert/],
    [['--tls-client-ca', cert], /--tls-client-ca needs --tls-cert and --tls-key/],
    [['--tls-cert', 'a\u0001b', '--tls-key', wrongKey], /invalid value for --tls-cert: expected a file path/],
  ];
  for (const [flags, message] of cases) {
    for (const command of [['demo'], ['serve', '--prometheus', 'http://127.0.0.1:9']]) {
      const x = io();
      t.equal(await main([...command, '--port', '0', ...flags], x), 2, `${command[0]} ${flags.join(' ')}: exit 2`);
      t.match(x.err, message);
    }
  }
});

t.test('a real Prometheus scrapes /metrics over https with tls_config and a client certificate', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  const prometheus = requireProgram(t, 'prometheus');
  if (openssl === undefined || prometheus === undefined) return;
  const ca = testCa(openssl);
  const write = files(t);
  const server = ca.issue('127.0.0.1');
  const x = io();
  const run = main(['demo', '--port', '0', '--log-level', 'none',
    '--tls-cert', write('cert.pem', server.cert), '--tls-key', write('key.pem', server.key), '--tls-client-ca', write('ca.pem', ca.cert)], x);
  t.teardown(async () => {
    x.signal('SIGTERM');
    await run;
  });
  const base = await started(x);
  const target = new URL(base).host;
  const prom = await startPrometheus(t, prometheus, [target], 1, { https: { ca: ca.cert, client: ca.issue('prometheus') } });
  let up: string | undefined;
  let envelopes: string | undefined;
  for (let i = 0; i < 300 && (up !== '1' || envelopes === undefined); i++) {
    up = (await prom.query('up{job="parsec"}'))[0]?.value[1];
    envelopes = (await prom.query('sum(parsec_envelopes_published_total)'))[0]?.value[1];
    if (up !== '1' || envelopes === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(up, '1', `the https target is up (${prom.output().slice(-300)})`);
  t.ok(Number(envelopes) > 0, `envelopes scraped over https: ${envelopes}`);
});
