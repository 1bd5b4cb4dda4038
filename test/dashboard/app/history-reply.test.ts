import t from 'tap';
import fc from 'fast-check';
import { historyPoints, historyUrl, readHistory } from '../../../src/dashboard/app/history-reply.ts';
import type { HistoryPoint } from '../../../src/dashboard/app/types.ts';
import { hostileValues } from '../../helpers/hostile.ts';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Points a sparkline can draw: finite figures, strictly increasing times, from the history. */
function drawable(points: readonly HistoryPoint[]): boolean {
  return points.every((p, i) => Number.isFinite(p.t) && Number.isFinite(p.rate) && Number.isFinite(p.hit) && Number.isFinite(p.active)
    && p.polled === false && (i === 0 || p.t > (points[i - 1] as HistoryPoint).t));
}

t.test('the URL is relative to /parsec/dashboard, like the snapshot', async (t) => {
  t.equal(historyUrl('5m'), 'metrics/history?range=5m');
  t.equal(new URL(historyUrl('1h'), 'http://h/prefix/parsec/dashboard').href, 'http://h/prefix/parsec/metrics/history?range=1h', 'under a path prefix too');
});

t.test('a history: one point per timestamp of the three series, oldest first, a figure missing there as 0', async (t) => {
  const body = {
    range_seconds: 300, step_seconds: 5,
    series: {
      'envelopes.rate_per_second': [[2000, 1.5], [1000, 1.25], [3000, 2]],
      'cache.hit_rate_pct': [[1000, 90], [2000, 91]],
      'tokens.active_count': [[3000, 4]],
      'envelopes.by_aspect.chat': [[1000, 55]],
    },
  };
  t.same(await readHistory(json(body)), {
    kind: 'points',
    points: [
      { t: 1000, rate: 1.25, hit: 90, active: 0, polled: false },
      { t: 2000, rate: 1.5, hit: 91, active: 0, polled: false },
      { t: 3000, rate: 2, hit: 0, active: 4, polled: false },
    ],
  });
});

t.test('odd pairs are skipped, not drawn', async (t) => {
  const points = historyPoints({
    series: {
      'envelopes.rate_per_second': [[1000, 1], [2000, 'x'], ['3000', 3], [4000], null, 5, [Infinity, 1], [5000, NaN], [6000, 6, 'extra']],
      'cache.hit_rate_pct': { 1000: 5 },
      'tokens.active_count': 'nope',
    },
  });
  t.same(points, [{ t: 1000, rate: 1, hit: 0, active: 0, polled: false }, { t: 6000, rate: 6, hit: 0, active: 0, polled: false }]);
  t.same(historyPoints({ series: {} }), [], 'an empty history: no points');
  t.same(historyPoints(JSON.parse('{"series":{"__proto__":[[1,1]]}}')), [], 'only the three series are read');
});

t.test('no history: 401 asks for the token, anything else leaves the polls alone', async (t) => {
  t.same(await readHistory(new Response('', { status: 401 })), { kind: 'unauthorized' });
  t.same(await readHistory(new Response('Not Found', { status: 404 })), { kind: 'unavailable', reason: 'HTTP 404' }, 'an older node without the route');
  t.same(await readHistory(json({ error: 'history failed' }, 500)), { kind: 'unavailable', reason: 'HTTP 500' });
  t.same(await readHistory(new Response('not json')), { kind: 'unavailable', reason: 'the response is not JSON' });
  for (const body of [null, [], { series: [] }, { series: null }, { envelopes: {} }]) {
    t.same(await readHistory(json(body)), { kind: 'unavailable', reason: 'the response is not a metrics history' }, JSON.stringify(body));
  }
});

t.test('hostile values: no points, no throw', async (t) => {
  for (const { name, value } of hostileValues()) {
    const points = historyPoints(value);
    t.ok(points === undefined || drawable(points), name);
    const nested = historyPoints({ series: { 'envelopes.rate_per_second': value } });
    t.ok(nested === undefined || drawable(nested), `${name} as a series`);
  }
});

t.test('any reply: never throws, never draws garbage', async () => {
  const pair = fc.tuple(fc.oneof(fc.integer(), fc.double(), fc.anything()), fc.oneof(fc.double(), fc.anything()));
  const series = fc.dictionary(fc.constantFrom('envelopes.rate_per_second', 'cache.hit_rate_pct', 'tokens.active_count', 'x'), fc.oneof(fc.array(pair), fc.anything()));
  const body = fc.oneof(fc.anything(), fc.record({ series: fc.oneof(series, fc.anything()) }, { requiredKeys: [] }));
  await fc.assert(fc.asyncProperty(body, fc.constantFrom(200, 401, 404, 500), async (value, status) => {
    const direct = historyPoints(value);
    if (direct !== undefined && !drawable(direct)) return false;
    let text: string;
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = 'not json';
    }
    const outcome = await readHistory(new Response(text, { status }));
    if (status === 401) return outcome.kind === 'unauthorized';
    if (status !== 200) return outcome.kind === 'unavailable';
    return outcome.kind === 'unavailable' || (outcome.kind === 'points' && drawable(outcome.points));
  }));
});
