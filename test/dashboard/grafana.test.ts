import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTelemetry, EnvelopeCounters, observeCache, observeChannels, observeHistory, observePresence, observeTokens, TokenCounters } from '../../src/index.ts';
import { INSTRUMENTS, TELEMETRY_SOURCE_ERRORS } from '../../src/instruments.ts';
import { fetchText } from '../helpers/http.ts';
import { requireProgram } from '../helpers/system-program.ts';
import { collectorName, directName, toCollectorForm } from './collector-exposition.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD_FILE = resolve(ROOT, 'dashboards/parsec-telemetry.grafana.json');

interface Target {
  expr?: string;
  refId?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}
interface Variable {
  type: string;
  name: string;
  query: string | { query: string };
  datasource?: { type?: string; uid?: string };
}

const dashboard = JSON.parse(await readFile(DASHBOARD_FILE, 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
};
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const exprs = panels.flatMap((p) => (p.targets ?? []).map((target) => ({ panel: p.title, expr: String(target.expr) })));

// ---- a small PromQL reader: metric names and label names ---------------------

const NOT_METRICS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'atan2']);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;

/**
 * The metric names a PromQL expression selects (not functions, keywords,
 * labels or variables), including the alternatives of a
 * `{__name__=~"a|b"}` selector.
 */
function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const [, alternatives] of expr.matchAll(/__name__=~?"([\w:|]+)"/g)) for (const name of (alternatives as string).split('|')) names.add(name);
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ');
  for (const m of s.matchAll(/(?<![\w:$.])([a-zA-Z_:][\w:]*)(?![\w:])(\s*\()?/g)) {
    const name = m[1] as string;
    if (m[2] === undefined && !NOT_METRICS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/** The label names an expression mentions: in matchers and in by/without/on/ignoring/group_* lists. */
function labelNames(expr: string): string[] {
  const s = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const [, body] of s.matchAll(/\{([^}]*)\}/g)) {
    for (const [, name] of (body as string).matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) names.add(name as string);
  }
  for (const [, , list] of s.matchAll(GROUPING)) {
    for (const name of (list as string).split(',').map((n) => n.trim()).filter((n) => n !== '')) names.add(name);
  }
  return [...names];
}

t.test('the PromQL reader', async (t) => {
  t.same(metricNames('sum by (parsec_aspect) (rate(parsec_envelopes_published_total{job=~"$job"}[$__rate_interval]))'), ['parsec_envelopes_published_total']);
  t.same(metricNames('clamp_min(sum(a_total) - (sum(b_total) or vector(0)), 0)'), ['a_total', 'b_total']);
  t.same(metricNames('100 * sum(x{r="hit"}) / (sum(y) > 0) offset 5m'), ['x', 'y']);
  t.same(metricNames('sum(rate(m[1m])) by (lbl) / on(instance) group_left(job) n bool 1e3'), ['m', 'n']);
  t.same(metricNames('label_values({__name__=~"parsec_.+"}, job)'), ['job'], 'label_values takes a label, not a metric: read it on its own');
  t.same(metricNames('min by (b) ({__name__=~"m|m_ratio", job=~"$job"})'), ['m', 'm_ratio'], 'the alternatives of a __name__ matcher');
  t.same(labelNames('sum by (a, b) (m{c="1", d=~"x,y", e!="}"}) / on(f) n'), ['c', 'd', 'e', 'a', 'b', 'f']);
});

// ---- the names the exporter really produces ----------------------------------

interface Exposition {
  types: Map<string, string>;
  labels: Map<string, Set<string>>;
}

/** The metric types and label names of a Prometheus text exposition. */
function parseExposition(body: string): Exposition {
  const types = new Map<string, string>();
  const labels = new Map<string, Set<string>>();
  for (const line of body.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type !== null) types.set(type[1] as string, type[2] as string);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+/.exec(line);
    if (sample !== null) {
      const set = labels.get(sample[1] as string) ?? new Set<string>();
      for (const [, name] of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="(?:[^"\\]|\\.)*"/g)) set.add(name as string);
      labels.set(sample[1] as string, set);
    }
  }
  return { types, labels };
}

/** Starts a telemetry with every instrument recorded and reads its `/metrics` through the server. */
async function exposition(): Promise<string> {
  const telemetry = createTelemetry({
    sampleIntervalMs: 0,
    env: {},
    // One failing source, so the source_errors self-metric has a sample too.
    sources: [{ name: 'broken', envelopes: () => { throw new Error('down'); } }],
  });
  try {
    const { meter } = telemetry;
    new EnvelopeCounters(meter).observe('chat', 3);
    const tokens = new TokenCounters(meter);
    tokens.issued(3);
    tokens.revoked();
    tokens.expired();
    observeTokens(meter, () => ({ active: 7 }));
    let hits = 0;
    observeCache(meter, () => ({ hits: (hits += 5), misses: 1, evictions: 2, sizeBytes: 4096, entries: 12 }), { backend: 'memory' });
    observeChannels(meter, { list: () => [{ name: 'room:lobby', pattern: 'room:*' }] });
    observePresence(meter, () => ({ users: 3, agents: 1, channels: 1 }));
    observeHistory(meter, () => ({ buffered: 40, capacity: 100 }));
    const snapshot = await telemetry.snapshot();
    if (snapshot.errors?.[0]?.source !== 'broken') throw new Error('the failing source was not reported');
    const server = await telemetry.listen({ port: 0 });
    const reply = await fetchText(`${server.url}/metrics`);
    if (reply.status !== 200) throw new Error(`/metrics answered ${reply.status}`);
    return reply.body;
  } finally {
    await telemetry.shutdown();
  }
}

const body = await exposition();
/** Our exporter's names (a direct scrape) and the Collector's unit-suffixed ones (test/dashboard/collector-exposition.ts). */
const real = parseExposition(body);
const collector = parseExposition(toCollectorForm(body));

t.test('the exposition used as the reference has every instrument', async (t) => {
  for (const spec of [...INSTRUMENTS, TELEMETRY_SOURCE_ERRORS]) {
    const name = directName(spec);
    t.equal(real.types.get(name), spec.kind, `# TYPE ${name} ${spec.kind}`);
    t.ok(real.labels.has(name), `${name} has a sample`);
    t.equal(collector.types.get(collectorName(spec)), spec.kind, `behind a Collector: # TYPE ${collectorName(spec)} ${spec.kind}`);
  }
  t.equal(real.types.has('parsec_cache_size'), true, 'parsec_cache_size has no unit suffix');
  t.ok(collector.types.has('parsec_cache_size_bytes') && collector.types.has('parsec_cache_up_ratio') && collector.types.has('parsec_cache_entries'), 'the Collector adds _bytes and _ratio, nothing for {entry}');
  t.equal(real.types.get('target_info'), 'gauge', 'target_info, which the job and instance variables read');
});

t.test('every query names a metric the exporter really produces, with labels it really has, under both namings', async (t) => {
  t.ok(exprs.length >= 20, `${exprs.length} queries`);
  const used = new Set<string>();
  // Prometheus adds these at scrape time (the collector's prometheus exporter too).
  const scrapeLabels = ['job', 'instance', '__name__'];
  for (const { panel, expr } of exprs) {
    const names = metricNames(expr);
    t.ok(names.length > 0, `${panel}: ${expr} selects a metric`);
    for (const name of names) {
      used.add(name);
      t.ok(real.types.has(name) || collector.types.has(name), `${panel}: ${name} is exported`);
    }
    for (const form of [real, collector]) {
      const selected = names.filter((n) => form.types.has(n));
      const wanted = names.filter((n) => real.types.has(n)).length;
      t.equal(selected.length, wanted, `${panel}: each metric under the ${form === real ? 'direct' : 'Collector'} naming`);
      const known = new Set([...scrapeLabels, ...selected.flatMap((n) => [...(form.labels.get(n) ?? [])])]);
      for (const label of labelNames(expr)) t.ok(known.has(label), `${panel}: label ${label} exists on ${selected.join(', ')}`);
    }
  }
  const exported = [...real.types.keys(), ...collector.types.keys()].filter((n) => n.startsWith('parsec_'));
  t.same(exported.filter((n) => !used.has(n)), [], 'every parsec metric has a panel, under both namings');
});

t.test('template variables: a datasource variable, job and instance from target_info', async (t) => {
  const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
  const ds = vars.get('datasource');
  t.equal(ds?.type, 'datasource');
  t.equal(ds?.query, 'prometheus');
  const queries: Record<string, string> = {
    job: 'label_values(target_info, job)',
    instance: 'label_values(target_info{job=~"$job"}, instance)',
  };
  for (const [name, wanted] of Object.entries(queries)) {
    const v = vars.get(name);
    t.equal(v?.type, 'query', name);
    t.same(v?.datasource, { type: 'prometheus', uid: '${datasource}' });
    t.equal(typeof v?.query === 'string' ? v.query : v?.query.query, wanted, `${name}: one series per node, no regex over metric names`);
  }
  for (const { expr } of exprs) {
    t.match(expr, /job=~"\$job", instance=~"\$instance"/, 'every selector is filtered by job and instance');
  }
});

t.test('panels: the data source variable everywhere, unique ids and refIds, no overlap', async (t) => {
  t.equal(dashboard.uid, 'parsec-telemetry');
  t.equal(dashboard.title, 'Parsec telemetry');
  t.ok(dashboard.schemaVersion >= 36);
  const ids = dashboard.panels.map((p) => p.id);
  t.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  for (const p of panels) {
    t.same(p.datasource, { type: 'prometheus', uid: '${datasource}' }, `${p.title}: datasource`);
    const refIds = (p.targets ?? []).map((target) => target.refId);
    t.equal(new Set(refIds).size, refIds.length, `${p.title}: refIds are unique`);
    for (const target of p.targets ?? []) t.same(target.datasource, p.datasource, `${p.title} ${target.refId}: datasource`);
    t.ok(p.gridPos.x >= 0 && p.gridPos.x + p.gridPos.w <= 24, `${p.title}: within the 24 columns`);
  }
  const boxes = dashboard.panels.map((p) => p.gridPos);
  const overlaps = boxes.flatMap((a, i) =>
    boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => [a, b]),
  );
  t.same(overlaps, [], 'no two panels overlap');
  const titles = panels.map((p) => p.title.toLowerCase()).join(' | ');
  for (const word of ['envelope rate', 'by aspect', 'channels by pattern', 'members', 'history buffer utilization', 'tokens issued', 'tokens revoked', 'active tokens', 'cache hit rate', 'cache size', 'cache evictions']) {
    t.match(titles, word, `a panel for ${word}`);
  }
});

t.test('every query parses (promtool check rules)', async (t) => {
  const promtool = requireProgram(t, 'promtool');
  if (promtool === undefined) return;
  const dir = await mkdtemp(join(tmpdir(), 'parsec-grafana-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // Grafana's variables, as Grafana would interpolate them.
  const interpolate = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*').replaceAll('$instance', '.*');
  const rules = exprs.map(({ expr }, i) => `      - record: parsec:check_${i}\n        expr: ${JSON.stringify(interpolate(expr))}`).join('\n');
  const file = join(dir, 'rules.yaml');
  await writeFile(file, `groups:\n  - name: grafana\n    rules:\n${rules}\n`);
  const check = await promisify(execFile)(promtool, ['check', 'rules', file]).then(
    ({ stdout }) => ({ ok: true, output: stdout }),
    (err: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
  );
  t.ok(check.ok, 'promtool accepts every query', { output: check.output });
  t.match(check.output, `SUCCESS: ${exprs.length} rules found`);
});
