import t from 'tap';
import fc from 'fast-check';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelemetry, createTelemetryReader, EnvelopeCounters, type MetricsHistory } from '../../src/index.ts';
import { HISTORY_PATH } from '../../src/http/history-handler.ts';
import { requestedRange, serveHistory } from '../../src/http/history-handler.ts';
import { fetchText } from '../helpers/http.ts';
import { hostileValues } from '../helpers/hostile.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function clockedServer(t: { teardown(fn: () => unknown): void }, token?: string) {
  const clock = { now: 0 };
  const telemetry = createTelemetry({ clock: () => clock.now, wallClock: () => 1_764_580_000_000 + clock.now, sampleIntervalMs: 0, env: {}, otlp: false, global: false, token });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  return { clock, telemetry, url: `${server.url}${HISTORY_PATH}` };
}

t.test('GET and HEAD, the token, the range parameter', async (t) => {
  const { clock, telemetry, url } = await clockedServer(t, 'sesame');
  const counters = new EnvelopeCounters(telemetry.meter);
  for (let i = 0; i < 20; i++) {
    counters.observe('chat', 2);
    clock.now += 5_000;
    await telemetry.reader.sample();
    await turn();
  }
  const auth = { authorization: 'Bearer sesame' };
  t.equal((await fetchText(url)).status, 401, 'no token: 401');
  t.equal((await fetchText(url, { headers: { authorization: 'Bearer nope' } })).status, 401, 'wrong token: 401');
  const reply = await fetchText(url, { headers: auth });
  t.equal(reply.status, 200);
  t.match(reply.headers['content-type'], /^application\/json/);
  const h = JSON.parse(reply.body) as MetricsHistory;
  t.equal(h.range_seconds, 300, 'no range: the last 5 minutes');
  t.equal(h.step_seconds, 5);
  const chat = h.series['envelopes.by_aspect.chat'] as [number, number][];
  t.equal(chat.length, 20, 'a point per sampled step');
  t.same(chat.at(-1), [1_764_580_000_000 + 100_000, 24], 'the newest point: the snapshot time and the count of the rate window (12 slots × 2)');
  const hour = JSON.parse((await fetchText(`${url}?range=1h`, { headers: auth })).body) as MetricsHistory;
  t.same([hour.range_seconds, hour.step_seconds], [3600, 60]);
  t.equal(hour.series['envelopes.by_aspect.chat']?.length, 2, '100 s of samples: two minute steps');
  const head = await fetchText(`${url}?range=1h`, { method: 'HEAD', headers: auth });
  t.equal(head.status, 200);
  t.equal(head.body, '', 'HEAD: no body');
  for (const bad of ['2h', '', '5M', '5m&range=1h', '1h&range=1h']) {
    const r = await fetchText(`${url}?range=${bad}`, { headers: auth });
    t.equal(r.status, 400, `range=${bad}: 400`);
    t.same(JSON.parse(r.body), { error: 'invalid parameter "range": expected "5m" or "1h"' }, 'the error names the parameter');
  }
  t.equal((await fetchText(`${url}?range=1h&other=x`, { headers: auth })).status, 200, 'other parameters are ignored');
  const post = await fetchText(url, { method: 'POST', headers: auth });
  t.equal(post.status, 405);
  t.equal(post.headers.allow, 'GET, HEAD');
});

t.test('requestedRange: any value of the parameter is 5m, 1h or refused', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.string(), { maxLength: 3 }), (values) => {
      const query = values.map((v) => `range=${encodeURIComponent(v)}`).join('&');
      const range = requestedRange(`/parsec/metrics/history?${query}`);
      if (values.length === 0) return range === '5m';
      if (values.length === 1 && (values[0] === '5m' || values[0] === '1h')) return range === values[0];
      return range === undefined;
    }),
  );
  fc.assert(fc.property(fc.anything(), (junk) => {
    let text: string;
    try {
      text = String(junk); // { toString: 0 } cannot be made a string: no URL to try
    } catch {
      return true;
    }
    const range = requestedRange(`/x?range=${encodeURIComponent(text)}`);
    return range === undefined || range === '5m' || range === '1h';
  }));
  for (const { name, value } of hostileValues()) {
    let text: string;
    try {
      text = String(value);
    } catch {
      continue;
    }
    t.doesNotThrow(() => requestedRange(`/x?range=${encodeURIComponent(text)}`), name);
  }
  t.equal(requestedRange(undefined), '5m', 'no URL: the default');
});

t.test('a history that fails answers 500 with a short error', async (t) => {
  const server = createServer(serveHistory(async () => {
    throw new Error('secret detail');
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const reply = await fetchText(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?range=1h`);
  t.equal(reply.status, 500);
  t.same(JSON.parse(reply.body), { error: 'history failed' });
});

t.test('createTelemetryReader with sources of its own: the first source that answers the history, else no series', async (t) => {
  const plain = createTelemetryReader({ env: {}, sources: [{ name: 'plain' }] });
  t.same(await plain.history('1h'), { range_seconds: 3600, step_seconds: 60, series: {} });
  const answer: MetricsHistory = { range_seconds: 300, step_seconds: 5, series: { 'nodes': [[1, 2]] } };
  const asked: string[] = [];
  const withHistory = createTelemetryReader({ env: {}, sources: [{ name: 'plain' }, { name: 'h', metricsHistory: (range: string) => (asked.push(range), answer) } as never] });
  t.same(await withHistory.history(), answer);
  t.same(asked, ['5m'], 'asked for the default range');
});
