import t, { type Test } from 'tap';
import type { ListenOptions } from '../../src/http/types.ts';
import { connect, type Socket } from 'node:net';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';

async function server(t: Test, listen: ListenOptions) {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {} });
  t.teardown(() => telemetry.shutdown());
  new EnvelopeCounters(telemetry.meter).observe('chat', 3);
  return telemetry.listen({ port: 0, ...listen });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Everything the server sends until it closes the connection (bounded by the server's own timeouts). */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('close', () => resolve(data));
  });
}

t.test('a slow client that never finishes its headers is cut off after headersTimeoutMs', async (t) => {
  const s = await server(t, { headersTimeoutMs: 200, requestTimeoutMs: 300 });
  const socket = await open(s.port);
  const answer = readAll(socket);
  socket.write('GET /parsec/metrics HTTP/1.1\r\nHost: x\r\n'); // and then nothing
  t.match(await answer, /^HTTP\/1\.1 408/, '408 Request Timeout, then the socket is closed');
  t.equal(await connections(s.server), 0, 'no socket left open');
});

t.test('pipelined requests are answered in order on one connection', async (t) => {
  const s = await server(t, {});
  const socket = await open(s.port);
  const answer = readAll(socket);
  socket.write(
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' +
    'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n' +
    'HEAD /parsec/metrics HTTP/1.1\r\nHost: x\r\n\r\n' +
    'GET /parsec/metrics?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  );
  const text = await answer;
  const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
  t.same(statuses, ['200', '404', '200', '200']);
  t.match(text, /"by_aspect":\{"chat":3\}/);
  t.equal(await connections(s.server), 0, 'closed after Connection: close');
});

t.test('garbage on the wire gets 400 and a closed socket, and the server keeps serving', async (t) => {
  const s = await server(t, {});
  const socket = await open(s.port);
  const answer = readAll(socket);
  socket.write('NOT HTTP AT ALL\r\n\r\n');
  t.match(await answer, /^HTTP\/1\.1 400/);
  const again = await open(s.port);
  const ok = readAll(again);
  again.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.match(await ok, /^HTTP\/1\.1 200/);
});

t.test('clients that vanish mid-request leak no socket', async (t) => {
  const s = await server(t, {});
  for (let i = 0; i < 20; i++) {
    const socket = await open(s.port);
    socket.write('GET /parsec/metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.destroy();
  }
  let n = await connections(s.server);
  for (let i = 0; i < 100 && n > 0; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    n = await connections(s.server);
  }
  t.equal(n, 0);
});

function connections(server: import('node:http').Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}
