import t from 'tap';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSnapshotHandler } from '../../src/http/snapshot-handler.ts';
import { acceptsGzip, CompressibleBody, MIN_COMPRESSED_BYTES } from '../../src/http/compressible-body.ts';
import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('/metrics and /parsec/metrics answer gzip to clients that take it, the same bytes decompressed', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, global: false });
  t.teardown(() => telemetry.shutdown());
  const envelopes = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 200; i++) envelopes.observe(`aspect-${i}`);
  await telemetry.reader.sample();
  const server = await telemetry.listen({ port: 0 });
  for (const path of ['/metrics', '/parsec/metrics']) {
    const plain = await get(`${server.url}${path}`);
    const zipped = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
    t.equal(plain.headers['content-encoding'], undefined, `${path}: plain without Accept-Encoding`);
    t.equal(plain.headers.vary, 'Accept-Encoding');
    t.equal(zipped.headers['content-encoding'], 'gzip', `${path}: gzip when accepted`);
    t.equal(zipped.headers.vary, 'Accept-Encoding');
    t.equal(Number(zipped.headers['content-length']), zipped.body.length);
    const text = gunzipSync(zipped.body).toString('utf8');
    if (path === '/metrics') t.equal(text, plain.body.toString('utf8'), `${path}: decompressed equals the plain body`);
    else t.same(JSON.parse(text).envelopes, JSON.parse(plain.body.toString('utf8')).envelopes, `${path}: decompressed equals the plain body`);
    t.ok(zipped.body.length < plain.body.length / 3, `${path}: ${plain.body.length} B plain, ${zipped.body.length} B gzip`);
    const head = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip' }, 'HEAD');
    t.equal(head.headers['content-encoding'], 'gzip');
    t.equal(head.body.length, 0, 'HEAD: headers only');
  }
});

t.test('a shared body is compressed once, whatever number of requests take it', async (t) => {
  const body = new CompressibleBody('x'.repeat(5000));
  const first = body.gzip();
  t.equal(body.gzip(), first, 'one compression per body');
  t.equal(gunzipSync(await first).toString(), body.text);
  // Requests that share a snapshot share its body (src/http/snapshot-handler.ts keeps one per snapshot).
  const snap = { channels: { total_active: 1 }, envelopes: { rate_per_second: 0, by_aspect: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i])) } } as never;
  const server = createServer(createSnapshotHandler(() => Promise.resolve(snap)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const replies = await Promise.all(Array.from({ length: 4 }, () => get(url, { 'accept-encoding': 'gzip' })));
  t.equal(new Set(replies.map((r) => r.body.toString('base64'))).size, 1, 'the same bytes for every request');
});

t.test('a small body is sent as it is', async (t) => {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, global: false, prometheus: false });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  const reply = await get(`${server.url}/parsec/metrics`, { 'accept-encoding': 'gzip' });
  t.ok(reply.body.length < MIN_COMPRESSED_BYTES);
  t.equal(reply.headers['content-encoding'], undefined);
  t.equal(reply.headers.vary, 'Accept-Encoding');
});

t.test('Accept-Encoding is read as RFC 9110 says', async (t) => {
  const req = (value?: string) => ({ headers: value === undefined ? {} : { 'accept-encoding': value } }) as IncomingMessage;
  const cases: [string | undefined, boolean][] = [
    [undefined, false], ['', false], ['identity', false], ['gzip', true], ['GZip;q=0.5', true], ['gzip;q=0', false],
    ['br, gzip;q=0.1', true], ['*', true], ['*;q=0', false], ['gzip;q=0, *', false], ['deflate, *;q=0.2', true], ['gzip;q=x', false],
  ];
  for (const [value, expected] of cases) t.equal(acceptsGzip(req(value)), expected, JSON.stringify(value));
});
