import t, { type Test } from 'tap';
import { connect } from 'node:net';
import { createTelemetry, EnvelopeCounters, ErrorCode, InvalidOptionError, TokenCounters } from '../../src/index.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { SERVER_DEFAULTS } from '../../src/http/listen.ts';
import { createPrometheusHandler } from '../../src/http/prometheus-handler.ts';
import { fetchText } from '../helpers/http.ts';
import { thrown } from '../helpers/expect-throw.ts';

async function started(t: Test, options: Parameters<typeof createTelemetry>[0] = {}) {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, ...options });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  return { telemetry, server, url: server.url };
}

t.test('binds 127.0.0.1 by default and serves the three endpoints', async (t) => {
  const { telemetry, server, url } = await started(t);
  t.equal(server.host, '127.0.0.1');
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  new EnvelopeCounters(telemetry.meter).observe('chat', 7);
  new TokenCounters(telemetry.meter).issued(2);

  const snap = await fetchText(`${url}/parsec/metrics`);
  t.equal(snap.status, 200);
  t.equal(snap.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(snap.headers['cache-control'], 'no-store');
  const body = JSON.parse(snap.body);
  t.same(body.envelopes.by_aspect, { chat: 7 });

  const prom = await fetchText(`${url}/metrics`);
  t.equal(prom.status, 200);
  t.equal(prom.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  t.match(prom.body, '# HELP parsec_envelopes_published_total Envelopes published on Parsec channels, by aspect.');
  t.match(prom.body, /parsec_envelopes_published_total\{[^}]*parsec_aspect="chat"[^}]*\} 7/);
  t.match(prom.body, /parsec_tokens_issued_total\{[^}]*\} 2/);
  t.notMatch(prom.body, 'description missing', 'every metric has a real description');

  const health = await fetchText(`${url}/healthz`);
  t.equal(health.status, 200);
  t.equal(JSON.parse(health.body).status, 'ok');
  t.type(JSON.parse(health.body).uptime_s, 'number');
});

t.test('a plain-API instrument without a description still gets the contract HELP text', async (t) => {
  const { telemetry, url } = await started(t);
  telemetry.meter.createCounter('parsec.tokens.revoked').add(1);
  const prom = await fetchText(`${url}/metrics`);
  t.match(prom.body, '# HELP parsec_tokens_revoked_total Auth tokens revoked before their expiry.');
});

t.test('routing: 404, 405 with Allow, HEAD without a body, query strings ignored', async (t) => {
  const { url } = await started(t);
  const missing = await fetchText(`${url}/nope`);
  t.equal(missing.status, 404);
  t.same(JSON.parse(missing.body), { error: 'not found' });
  for (const path of ['/parsec/metrics', '/metrics', '/healthz']) {
    const post = await fetchText(`${url}${path}`, { method: 'POST' });
    t.equal(post.status, 405, `POST ${path}`);
    t.equal(post.headers.allow, 'GET, HEAD');
    const head = await fetchText(`${url}${path}`, { method: 'HEAD' });
    t.equal(head.status, 200, `HEAD ${path}`);
    t.equal(head.body, '', `HEAD ${path} has no body`);
    t.ok(Number(head.headers['content-length']) > 0, `HEAD ${path} announces a length`);
  }
  const query = await fetchText(`${url}/parsec/metrics?pretty=1#x`);
  t.equal(query.status, 200);
});

t.test('a failing Prometheus collection answers 500, not 200', async (t) => {
  const { telemetry, url } = await started(t);
  // Shut the provider down under the server: every collection now fails.
  await telemetry.meterProvider.shutdown();
  const prom = await fetchText(`${url}/metrics`);
  t.equal(prom.status, 500);
  t.equal(prom.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  t.notMatch(prom.body, /at .*\.ts:\d+/, 'no stack trace');
  const health = await fetchText(`${url}/healthz`);
  t.equal(health.status, 503, 'healthz says the provider is shut down');
  t.equal(JSON.parse(health.body).status, 'shutdown');
});

t.test('/metrics still answers 200 with the rest when one callback fails', async (t) => {
  const { telemetry, url } = await started(t);
  telemetry.meter.createObservableGauge('parsec.history.buffered').addCallback(() => {
    throw new Error('component broke');
  });
  new TokenCounters(telemetry.meter).issued(4);
  const prom = await fetchText(`${url}/metrics`);
  t.equal(prom.status, 200);
  t.match(prom.body, /parsec_tokens_issued_total\{[^}]*\} 4/);
});

t.test('a collection rejected with a non-Error still answers 500', async (t) => {
  const handler = createPrometheusHandler({ collect: () => Promise.reject('plain string') } as unknown as PrometheusExporter);
  const server = createServer(handler).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => server.close());
  const res = await fetchText(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
  t.equal(res.status, 500);
  t.equal(res.body, '# metrics collection failed\n');
});

t.test('prometheus: false serves no /metrics', async (t) => {
  const { url } = await started(t, { prometheus: false });
  t.equal((await fetchText(`${url}/metrics`)).status, 404);
});

t.test('bearer token: 401 with WWW-Authenticate without it, never echoed', async (t) => {
  const token = 's3cret-token-value';
  const { url } = await started(t, { token });
  for (const path of ['/parsec/metrics', '/metrics']) {
    const none = await fetchText(`${url}${path}`);
    t.equal(none.status, 401, `${path} without a token`);
    t.equal(none.headers['www-authenticate'], 'Bearer realm="parsec-telemetry"');
    const wrong = await fetchText(`${url}${path}`, { headers: { authorization: `Bearer ${token}x` } });
    t.equal(wrong.status, 401, `${path} with a wrong token`);
    t.notMatch(wrong.body + JSON.stringify(wrong.headers), token, 'the token is not echoed');
    const basic = await fetchText(`${url}${path}`, { headers: { authorization: `Basic ${token}` } });
    t.equal(basic.status, 401, `${path} with another scheme`);
    const ok = await fetchText(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(ok.status, 200, `${path} with the token`);
  }
  t.equal((await fetchText(`${url}/healthz`)).status, 200, 'healthz stays open');
});

t.test('the token comes from PARSEC_TELEMETRY_TOKEN too; a bad one is a typed error that does not show it', async (t) => {
  const { url } = await started(t, { env: { PARSEC_TELEMETRY_TOKEN: 'from-env' } });
  t.equal((await fetchText(`${url}/parsec/metrics`)).status, 401);
  t.equal((await fetchText(`${url}/parsec/metrics`, { headers: { authorization: 'Bearer from-env' } })).status, 200);
  const err = thrown(() => createTelemetry({ env: { PARSEC_TELEMETRY_TOKEN: 'has space secret' } })) as InvalidOptionError;
  t.equal(err.option, 'PARSEC_TELEMETRY_TOKEN');
  t.notMatch(err.message, 'secret');
  t.equal((thrown(() => createTelemetry({ token: '' })) as InvalidOptionError).option, 'token');
});

t.test('healthz: 503 once sampling has stalled', async (t) => {
  let now = 0;
  const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 1000, env: {} });
  t.teardown(() => telemetry.shutdown());
  const handler = telemetry.handler();
  const server = await telemetry.listen({ port: 0 });
  t.ok(typeof handler === 'function');
  // Ticks sample once per 5 s slot: two slots and two ticks (12 s) without a sample is a stall.
  now = 12_000;
  t.equal(telemetry.health().status, 'ok', '12 s without a sample is still fine');
  now = 12_001;
  t.same(telemetry.health(), { status: 'stalled', uptime_s: 12, since_last_sample_s: 12 });
  const res = await fetchText(`${server.url}/healthz`);
  t.equal(res.status, 503);
  await telemetry.reader.sample();
  t.equal(telemetry.health().status, 'ok', 'back once a sample lands');
});

t.test('listen: options are validated; after shutdown it refuses', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  const invalid = [
    [{ port: 70_000 }, 'port'], [{ port: -1 }, 'port'], [{ host: '' }, 'host'], [5, 'options'],
    [{ headersTimeoutMs: 0 }, 'headersTimeoutMs'], [{ requestTimeoutMs: 'x' }, 'requestTimeoutMs'],
    [{ headersTimeoutMs: 2000, requestTimeoutMs: 1000 }, 'requestTimeoutMs'], [{ keepAliveTimeoutMs: -5 }, 'keepAliveTimeoutMs'],
  ] as const;
  for (const [opts, option] of invalid) {
    const err = await telemetry.listen(opts as never).catch((e: unknown) => e);
    t.ok(err instanceof InvalidOptionError && err.option === option, `${JSON.stringify(opts)} → ${option}`);
  }
  const busy = await telemetry.listen({ port: 0 });
  const clash = await telemetry.listen({ port: busy.port }).catch((e: unknown) => e);
  t.match(clash, { code: 'EADDRINUSE' }, 'a port in use rejects');
  await telemetry.shutdown();
  const after = await telemetry.listen({ port: 0 }).catch((e: unknown) => e);
  t.match(after, { code: ErrorCode.SHUT_DOWN });
  t.equal(busy.server.listening, false, 'shutdown closed the server');
});

t.test('server timeouts are set; an idle half-sent request is cut off, not kept', async (t) => {
  const { server } = await started(t);
  t.equal(server.server.headersTimeout, SERVER_DEFAULTS.headersTimeoutMs);
  t.equal(server.server.requestTimeout, SERVER_DEFAULTS.requestTimeoutMs);
  t.equal(server.server.keepAliveTimeout, SERVER_DEFAULTS.keepAliveTimeoutMs);
  // A header block over SERVER_DEFAULTS.maxHeaderSizeBytes gets 431 and the connection is closed.
  const big = await new Promise<string>((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`GET /parsec/metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
  t.match(big, /^HTTP\/1\.1 431/);
});
