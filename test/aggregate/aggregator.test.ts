import t, { type Test } from 'tap';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aggregator, ErrorCode, InvalidArgumentError, InvalidOptionError, type Source, type SourceError } from '../../src/index.ts';

t.test('a source that throws or never answers does not break the snapshot', async (t) => {
  const seen: SourceError[] = [];
  const good: Source = { name: 'good', tokens: () => ({ issued_last_hour: 3, revoked_last_hour: 1, active_count: 2 }) };
  const throws: Source = { name: 'throws', envelopes: () => { throw new Error('boom'); } };
  const hangs: Source = { name: 'hangs', refresh: () => new Promise(() => undefined) };
  const rejectsString: Source = { cache: () => Promise.reject('plain string') };
  const aggregator = new Aggregator({ sources: [good, throws, hangs, rejectsString], sourceTimeoutMs: 20, onSourceError: (e) => seen.push(e) });
  const snap = await aggregator.snapshot();
  t.same(snap.tokens, { issued_last_hour: 3, revoked_last_hour: 1, active_count: 2 }, 'the good source is still served');
  t.same(snap.errors, [
    { source: 'throws', message: 'boom' },
    { source: 'source #4', message: 'plain string' },
    { source: 'hangs', message: 'source "hangs" did not answer within 20 ms' },
  ]);
  t.equal(seen.length, 3, 'onSourceError is called once per failure');
  t.notOk(JSON.stringify(snap).includes('at Object'), 'no stack in the snapshot');
});

t.test('the abort signal fires when a source runs out of time', async (t) => {
  let aborted: unknown;
  const slow: Source = {
    name: 'slow',
    channels: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => { aborted = signal.reason; resolve(undefined); })),
  };
  const snap = await new Aggregator({ sources: [slow], sourceTimeoutMs: 10 }).snapshot();
  t.equal((snap.errors ?? [])[0]?.source, 'slow');
  t.match(aborted, { code: ErrorCode.SOURCE_TIMEOUT });
});

t.test('concurrent snapshots share one computation', async (t) => {
  let calls = 0;
  const counting: Source = { refresh: () => { calls++; } };
  const aggregator = new Aggregator({ sources: [counting] });
  const snaps = await Promise.all([aggregator.snapshot(), aggregator.snapshot(), aggregator.snapshot()]);
  t.equal(calls, 1);
  t.equal(snaps[0], snaps[2], 'the same snapshot object');
  await aggregator.snapshot();
  t.equal(calls, 2, 'a later call computes afresh');
});

t.test('the wall clock sets `at`', async (t) => {
  const snap = await new Aggregator({ sources: [], wallClock: () => Date.UTC(2026, 10, 24, 14) }).snapshot();
  t.equal(snap.at, '2026-11-24T14:00:00.000Z');
});

t.test('setup mistakes throw typed errors naming the option', async (t) => {
  const cases: [string, () => unknown, string][] = [
    ['sources', () => new Aggregator({} as never), 'sources'],
    ['source', () => new Aggregator({ sources: [null as never] }), 'sources[0]'],
    ['sourceTimeoutMs', () => new Aggregator({ sources: [], sourceTimeoutMs: 0 }), 'sourceTimeoutMs'],
    ['wallClock', () => new Aggregator({ sources: [], wallClock: 5 as never }), 'wallClock'],
    ['onSourceError', () => new Aggregator({ sources: [], onSourceError: 'x' as never }), 'onSourceError'],
    ['options', () => new Aggregator(5 as never), 'options'],
  ];
  for (const [what, fn, name] of cases) {
    try {
      fn();
      t.fail(`${what} should throw`);
    } catch (err) {
      t.ok(err instanceof InvalidOptionError || err instanceof InvalidArgumentError, `${what}: typed error`);
      t.match((err as Error).message, name, `${what}: message names ${name}`);
    }
  }
});

async function serve(t: Test, handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

function get(port: number, method: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/parsec/metrics' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('handler(): a plain (req, res) function serving the snapshot JSON', async (t) => {
  const aggregator = new Aggregator({ sources: [{ tokens: () => ({ issued_last_hour: 1, revoked_last_hour: 0, active_count: 1 }) }] });
  const port = await serve(t, aggregator.handler());
  const res = await get(port, 'GET');
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(res.headers['cache-control'], 'no-store');
  t.equal(JSON.parse(res.body).tokens.issued_last_hour, 1);
  const head = await get(port, 'HEAD');
  t.equal(head.status, 200);
  t.equal(head.body, '', 'HEAD has no body');
  t.equal(head.headers['content-length'], res.headers['content-length'], 'HEAD announces the GET length');
  const post = await get(port, 'POST');
  t.equal(post.status, 405);
  t.equal(post.headers.allow, 'GET, HEAD');
});

t.test('handler(): a failed snapshot answers 500 without a stack, status set only after the work', async (t) => {
  const aggregator = new Aggregator({ sources: [] });
  aggregator.snapshot = () => Promise.reject(new Error('secret internals'));
  const port = await serve(t, aggregator.handler());
  const res = await get(port, 'GET');
  t.equal(res.status, 500);
  t.same(JSON.parse(res.body), { error: 'snapshot failed' });
});
