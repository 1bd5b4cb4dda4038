// The shipped rules loaded into a real Prometheus (Debian package
// `prometheus`) that scrapes a demo node twice: at its own /metrics (direct
// names) and as the OpenTelemetry Collector's Prometheus exporter would serve
// it (unit-suffixed names, test/dashboard/collector-exposition.ts). Every
// recording rule gives a series for each form, and an alert goes pending on
// the real metrics of each form.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startPrometheus } from '../cluster/prometheus-server.ts';
import { nodeInBothNamings } from '../helpers/both-namings.ts';
import { requireProgram } from '../helpers/system-program.ts';

const RULES = fileURLToPath(new URL('../../prometheus/parsec-telemetry.rules.yml', import.meta.url));
const records = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { record?: string }[] }[] }).groups
  .flatMap((g) => g.rules.flatMap((r) => (r.record === undefined ? [] : [r.record])));
/** Bound on waiting for every record over both forms (rates need two scrapes, the first comes within seconds). */
const FILL_LIMIT_MS = 20_000;

t.test('every recording rule and an alert work on both namings of a real node\'s metrics', async (t) => {
  const prometheus = requireProgram(t, 'prometheus');
  if (prometheus === undefined) return;
  const { targets } = await nodeInBothNamings(t, { seed: 5, snapshotPerScrape: true });
  const server = await startPrometheus(t, prometheus, Object.values(targets), 1, { ruleFiles: [RULES] });

  const missing = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const record of records.filter((r) => r !== 'parsec:nodes:count')) {
      const instances = new Set((await server.query(record)).map((s) => s.metric.instance));
      for (const [naming, instance] of Object.entries(targets)) if (!instances.has(instance)) out.push(`${naming}: ${record}`);
    }
    const [nodes] = await server.query('parsec:nodes:count{job="parsec"}');
    if (nodes?.value[1] !== '2') out.push(`parsec:nodes:count is ${nodes?.value[1]}`);
    const pending = new Set((await server.query('ALERTS{alertname="ParsecSnapshotSourceFailing",alertstate="pending"}')).map((s) => s.metric.instance));
    for (const [naming, instance] of Object.entries(targets)) if (!pending.has(instance)) out.push(`${naming}: ParsecSnapshotSourceFailing not pending`);
    return out;
  };
  const deadline = performance.now() + FILL_LIMIT_MS;
  let left = await missing();
  while (left.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    left = await missing();
  }
  t.same(left, [], `all ${records.length} records for both namings, and the source-failure alert pending for each`, { output: server.output() });
  const ratio = await server.query('parsec:history_utilization:ratio');
  t.ok(ratio.length === 2 && ratio.every((s) => Number(s.value[1]) >= 0 && Number(s.value[1]) <= 1), 'history utilization is a ratio');
  const firing = await server.query('ALERTS{alertstate="firing"}');
  t.same(firing, [], 'nothing fires within seconds: every alert waits its for:');
});
