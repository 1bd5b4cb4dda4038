// handler() on an app's own server: node:http at the root and under a path
// prefix, node:https, Express and Fastify (the real packages).
import t from 'tap';
import express from 'express';
import Fastify from 'fastify';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { createTelemetryReader, EnvelopeCounters, type TelemetryReader } from '../../src/index.ts';
import { fetchText, type Reply } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { selfSignedCertificate } from '../helpers/tls.ts';

/** A reader on an app provider, with three envelopes recorded. */
function appTelemetry(t: { teardown(fn: () => unknown): void }, token?: string): TelemetryReader {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {}, token });
  const provider = new MeterProvider({ readers: [parsec.reader] });
  t.teardown(async () => {
    await parsec.shutdown();
    await provider.shutdown();
  });
  new EnvelopeCounters(provider.getMeter('app')).observe('chat', 3);
  return parsec;
}

async function serve(t: { teardown(fn: () => unknown): void }, server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function byAspect(reply: Reply): unknown {
  return JSON.parse(reply.body).envelopes.by_aspect;
}

t.test('node:http at the root: the snapshot, health and the dashboard; the app\'s other paths are its own', async (t) => {
  const parsec = appTelemetry(t);
  const handler = parsec.handler();
  const url = await serve(t, createServer((req, res) => {
    if (req.url === '/app') res.end('app');
    else handler(req, res);
  }));
  t.same(byAspect(await fetchText(`${url}/parsec/metrics`)), { chat: 3 });
  t.equal((await fetchText(`${url}/healthz`)).status, 200);
  t.equal((await fetchText(`${url}/parsec/dashboard`)).status, 200);
  t.equal((await fetchText(`${url}/app`)).body, 'app');
  t.equal((await fetchText(`${url}/metrics`)).status, 404, 'no /metrics: the app\'s provider has its own exporters');
});

t.test('node:http under a path prefix, with the token', async (t) => {
  const parsec = appTelemetry(t, 'secret-token');
  const url = await serve(t, createServer(parsec.handler({ pathPrefix: '/ops/telemetry' })));
  t.equal((await fetchText(`${url}/ops/telemetry/parsec/metrics`)).status, 401, 'the token still guards the snapshot');
  const reply = await fetchText(`${url}/ops/telemetry/parsec/metrics?x=1`, { headers: { authorization: 'Bearer secret-token' } });
  t.same(byAspect(reply), { chat: 3 });
  t.equal((await fetchText(`${url}/parsec/metrics`)).status, 404, 'nothing outside the prefix');
  const page = await fetchText(`${url}/ops/telemetry/parsec/dashboard`);
  t.equal(page.status, 200);
  const script = /src="([^"]+)"/.exec(page.body)?.[1] as string;
  t.equal((await fetchText(new URL(script, `${url}/ops/telemetry/parsec/dashboard`).href)).status, 200, 'the page\'s relative asset URLs resolve under the prefix');
});

t.test('node:https', async (t) => {
  const openssl = requireProgram(t, 'openssl');
  if (openssl === undefined) return;
  const { cert, key } = selfSignedCertificate(openssl);
  const parsec = appTelemetry(t);
  const server = createHttpsServer({ cert, key }, parsec.handler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const body = await new Promise<string>((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path: '/parsec/metrics', ca: cert, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
  t.same(JSON.parse(body).envelopes.by_aspect, { chat: 3 });
});

t.test('Express: app.use strips the mount path', async (t) => {
  const parsec = appTelemetry(t);
  const app = express();
  app.get('/app', (_req, res) => {
    res.send('app');
  });
  app.use('/ops', parsec.handler());
  const url = await serve(t, createServer(app));
  t.same(byAspect(await fetchText(`${url}/ops/parsec/metrics`)), { chat: 3 });
  t.equal((await fetchText(`${url}/ops/healthz`)).status, 200);
  t.equal((await fetchText(`${url}/app`)).body, 'app');
  const head = await fetchText(`${url}/ops/parsec/metrics`, { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(head.body, '');
});

t.test('Fastify: a route that hands the raw request to the handler', async (t) => {
  const parsec = appTelemetry(t);
  const handler = parsec.handler({ pathPrefix: '/ops' });
  const app = Fastify();
  app.get('/app', async () => 'app');
  app.all('/ops/*', (req, reply) => {
    reply.hijack();
    handler(req.raw, reply.raw);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  t.same(byAspect(await fetchText(`${url}/ops/parsec/metrics`)), { chat: 3 });
  t.equal((await fetchText(`${url}/ops/parsec/metrics`, { method: 'POST' })).status, 405);
  t.equal((await fetchText(`${url}/app`)).body, 'app');
});
