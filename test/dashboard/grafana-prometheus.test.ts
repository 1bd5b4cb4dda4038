// Every panel query of the Grafana dashboard returns data on a real
// Prometheus (Debian package `prometheus`) under both namings of our metrics:
// - direct: Prometheus scrapes the node's own /metrics (`parsec_cache_size`);
// - behind an OpenTelemetry Collector, whose Prometheus exporter adds unit
//   suffixes (`parsec_cache_size_bytes`, `parsec_cache_up_ratio`). Running a
//   Collector here would need its binary; instead a second target serves the
//   text that Collector would serve, derived on each scrape from the same
//   node's /metrics by the Collector's documented naming rules
//   (test/dashboard/collector-exposition.ts).
// Each form is one scrape target (one `instance`), and each query is run
// with `$instance` set to it, as a Grafana user picking that node would.
// PrometheusSource is checked the same way: its snapshot over either form is
// the same.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { PrometheusSource } from '../../src/cluster/prometheus-source.ts';
import { Aggregator } from '../../src/index.ts';
import { startPrometheus } from '../cluster/prometheus-server.ts';
import { nodeInBothNamings } from '../helpers/both-namings.ts';
import { requireProgram } from '../helpers/system-program.ts';

/** Bound on waiting for Prometheus to hold enough scrapes for every query (its first scrape comes within seconds). */
const FILL_LIMIT_MS = 15_000;

const dashboard = JSON.parse(await readFile(new URL('../../dashboards/parsec-telemetry.grafana.json', import.meta.url), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr?: string }[] }[];
  templating: { list: { name: string; query: string | { query: string } }[] };
};
const exprs = dashboard.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((target) => ({ panel: p.title, expr: String(target.expr) })));

/** A panel query as Grafana sends it for one node: `$__rate_interval` is 4 scrape intervals (4 s here). */
function interpolate(expr: string, instance: string): string {
  return expr.replaceAll('$__rate_interval', '4s').replaceAll('$job', 'parsec').replaceAll('$instance', instance.replaceAll('.', '\\\\.'));
}

t.test('every panel query returns data on the direct names and on the Collector\'s unit-suffixed names', async (t) => {
  const prometheus = requireProgram(t, 'prometheus');
  if (prometheus === undefined) return;
  const { demo, targets } = await nodeInBothNamings(t, { seed: 7 });
  const server = await startPrometheus(t, prometheus, Object.values(targets));

  const empty = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const [naming, instance] of Object.entries(targets)) {
      const results = await Promise.all(exprs.map(({ expr }) => server.query(interpolate(expr, instance))));
      results.forEach((r, i) => r.length === 0 && out.push(`${naming}: ${exprs[i]!.panel}: ${exprs[i]!.expr}`));
    }
    return out;
  };
  const deadline = performance.now() + FILL_LIMIT_MS;
  let missing = await empty();
  while (missing.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    missing = await empty();
  }
  t.same(missing, [], `all ${exprs.length} panel queries return data for both namings`, { output: server.output() });
  t.ok(exprs.length >= 20);
  const suffixed = await server.query(`{__name__="parsec_cache_size_bytes", instance="${targets.collector}"}`);
  t.equal(suffixed.length, 1, 'the Collector form really has the suffixed name');
  t.same(await server.query(`parsec_cache_size{instance="${targets.collector}"}`), [], 'and not the bare one a bare query would need');

  // The variables, as Grafana resolves label_values(metric, label): the label API with a match[] selector.
  const labelValues = async (label: string, match: string): Promise<string[]> => {
    const res = await fetch(`${server.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`);
    return ((await res.json()) as { data: string[] }).data;
  };
  const variables = new Map(dashboard.templating.list.map((v) => [v.name, typeof v.query === 'string' ? v.query : v.query.query]));
  const selector = (name: string): string => /^label_values\((.*), \w+\)$/.exec(variables.get(name) ?? '')?.[1] ?? '';
  t.same(await labelValues('job', selector('job')), ['parsec'], 'job: from target_info');
  t.same((await labelValues('instance', selector('instance').replace('$job', 'parsec'))).sort(), Object.values(targets).sort(), 'instance: both nodes, from target_info');

  // PrometheusSource over either naming: freeze the node, wait (bounded) for a scrape of both after that, compare.
  demo.stop();
  const frozenAt = Date.now() / 1000;
  const scraped = async (): Promise<boolean> => {
    const stamps = await server.query('timestamp(up{job="parsec"})');
    return stamps.length === 2 && stamps.every((s) => Number(s.value[1]) > frozenAt + 0.5);
  };
  const freezeDeadline = performance.now() + 5_000;
  while (!(await scraped()) && performance.now() < freezeDeadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const [direct, behind] = await Promise.all(Object.values(targets).map((instance) =>
    new Aggregator({ sources: [new PrometheusSource({ url: server.url, matchers: `instance="${instance}"` })], sourceTimeoutMs: 3_000 }).snapshot()));
  t.equal(direct?.errors, undefined);
  t.equal(behind?.errors, undefined);
  t.ok((direct?.cache.size_bytes ?? 0) > 0, `cache.size_bytes ${direct?.cache.size_bytes}`);
  t.equal(behind?.cache.size_bytes, direct?.cache.size_bytes, 'cache.size_bytes read through parsec_cache_size_bytes');
  t.equal(behind?.cache.size_entries, direct?.cache.size_entries);
  t.equal(behind?.cache.unavailable, undefined, 'cache up read through parsec_cache_up_ratio');
  t.same(behind?.channels, direct?.channels);
  t.same(behind?.presence, direct?.presence);
  t.same(behind?.history, direct?.history);
  t.equal(behind?.tokens.active_count, direct?.tokens.active_count);
  t.equal(behind?.nodes, 1);
});
