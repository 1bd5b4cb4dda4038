import t from 'tap';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRouter } from '../../src/http/router.ts';
import { resolveListenOptions } from '../../src/http/listen.ts';
import { createSnapshotHandler } from '../../src/http/snapshot-handler.ts';
import { createTelemetry, type Snapshot } from '../../src/index.ts';
import { fetchText } from '../helpers/http.ts';
import { captureDiag } from '../helpers/diag.ts';

t.test('a handler that throws answers 500 with a short error and no stack', async (t) => {
  const logged = captureDiag(t);
  const router = createRouter([
    { path: '/boom', methods: ['GET'], protected: false, handler: () => { throw new Error('internal detail'); } },
    { path: '/boom2', methods: ['GET'], protected: false, handler: () => { throw 'a string'; } },
  ]);
  const server = createServer(router).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetchText(`${url}/boom`);
  t.equal(res.status, 500);
  t.same(JSON.parse(res.body), { error: 'internal error' });
  t.notMatch(res.body, 'internal detail');
  t.equal((await fetchText(`${url}/boom2`)).status, 500);
  t.ok(logged.some((m) => m.includes('internal detail')), 'the detail goes to diag, not to the client');
  // A request target that is not a path (OPTIONS *) is simply not found.
  const star = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'OPTIONS', path: '*' }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  t.equal(star, 404);
});

t.test('a client that leaves before a slow snapshot is done gets nothing written, and nothing breaks', async (t) => {
  let release: (s: Snapshot) => void = () => {};
  const slow = new Promise<Snapshot>((resolve) => (release = resolve));
  const server = createServer(createSnapshotHandler(() => slow)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const arrived = new Promise<import('node:http').ServerResponse>((resolve) => server.once('request', (_req, res) => resolve(res)));
  const req = request({ host: '127.0.0.1', port, path: '/' });
  req.on('error', () => undefined);
  req.end();
  const res = await arrived;
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  req.destroy();
  await closed;
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => telemetry.shutdown());
  release(await telemetry.snapshot());
  await slow;
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(res.headersSent, false, 'no write after the client left');
});

t.test('listen defaults: loopback and port 9464', async (t) => {
  t.same(resolveListenOptions(undefined), { host: '127.0.0.1', port: 9464, headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 });
});

t.test('listens on IPv6 loopback when asked', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ host: '::1', port: 0 }).catch(() => undefined);
  if (server === undefined) {
    t.comment('no IPv6 loopback on this machine');
    return;
  }
  t.match(server.url, /^http:\/\/\[::1\]:\d+$/);
  t.equal((await fetchText(`${server.url}/healthz`)).status, 200);
});
