// The cluster history step by step, over a Prometheus stand-in that answers
// range queries with chosen data: a step gets a point only where nodes
// reported, and a query with no sample at a step leaves its field out of
// that step's point (the real-Prometheus test, test/cluster/prometheus-history.test.ts,
// shows the same over live data).
import t from 'tap';
import { PrometheusSource } from '../../src/index.ts';
import { fakePrometheus, vector } from './fake-prometheus.ts';

const NOW_S = 1_700_000_300;

function matrix(...series: [Record<string, string>, [number, string][]][]): { body: string } {
  const result = series.map(([metric, values]) => ({ metric, values }));
  return { body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }) };
}

t.test('a step without nodes has no point; a query without a sample at a step leaves that field out', async (t) => {
  const source = new PrometheusSource({ url: 'http://127.0.0.1:1', maxSeriesPerInstrument: 10 });
  const q = source.queries;
  const fake = await fakePrometheus((query, req) => {
    if (req.path === '/api/v1/query') return vector([{}, NOW_S]);
    // Nodes reported at two steps of the 5 s range; channels only at the later one.
    if (query === q.nodes) return matrix([{}, [[NOW_S - 10, '2'], [NOW_S - 5, '2']]]);
    if (query === q.channelsByPattern) return matrix([{ parsec_channel_pattern: 'room:*' }, [[NOW_S - 5, '3']]]);
    return matrix();
  });
  t.teardown(fake.close);
  const history = await new PrometheusSource({ url: fake.url, maxSeriesPerInstrument: 10 }).metricsHistory('5m');
  t.equal(history.step_seconds, 5);
  t.same(history.series.nodes, [[(NOW_S - 10) * 1000, 2], [(NOW_S - 5) * 1000, 2]], 'a point per step where nodes reported');
  t.same(history.series['channels.by_pattern.room:*'], [[(NOW_S - 5) * 1000, 3]], 'the pattern only where Prometheus had it');
  t.same(history.series['channels.total_active'], [[(NOW_S - 10) * 1000, 0], [(NOW_S - 5) * 1000, 3]], 'a step without channel samples reads 0 channels, as a snapshot would');
  const ranges = fake.requests.filter((r) => r.path === '/api/v1/query_range');
  t.equal(ranges.length, Object.keys(q).length, 'one range query per snapshot query');
  t.same([ranges[0]?.params.get('start'), ranges[0]?.params.get('end'), ranges[0]?.params.get('step')], [String(NOW_S - 59 * 5), String(NOW_S), '5']);
});
