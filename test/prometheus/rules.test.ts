// The shipped rules (prometheus/parsec-telemetry.rules.yml) under the real
// `promtool` (Debian package `prometheus`): `check rules` accepts them and
// `test rules` passes every unit test in prometheus/tests/. promtool's own
// report is parsed, so a failing expectation shows its exp/got here.
import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { requireProgram } from '../helpers/system-program.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RULES = join(root, 'prometheus', 'parsec-telemetry.rules.yml');
const TESTS_DIR = join(root, 'prometheus', 'tests');
const TEST_FILES = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yml')).sort().map((f) => join(TESTS_DIR, f));

interface Run {
  code: number;
  output: string;
}

function run(program: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err !== null && typeof err.code !== 'number') reject(err);
      else resolve({ code: err === null ? 0 : (err.code as number), output: `${stdout}${stderr}` });
    });
  });
}

/** promtool test rules' report, per test file: SUCCESS, or FAILED with what follows. */
function parseTestReport(output: string): Map<string, { ok: boolean; detail: string }> {
  const results = new Map<string, { ok: boolean; detail: string }>();
  const parts = output.split(/^Unit Testing:\s+/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const file = (newline === -1 ? part : part.slice(0, newline)).trim();
    const body = newline === -1 ? '' : part.slice(newline + 1);
    results.set(file, { ok: /^\s*SUCCESS\s*$/m.test(body) && !/FAILED/.test(body), detail: body.trim() });
  }
  return results;
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert !== undefined);

t.test('promtool check rules accepts the rules file', async (t) => {
  const promtool = requireProgram(t, 'promtool');
  if (promtool === undefined) return;
  const { code, output } = await run(promtool, ['check', 'rules', RULES]);
  t.equal(code, 0, output);
  t.match(output, `SUCCESS: ${rules.length} rules found`);
});

t.test('promtool test rules: every unit test in prometheus/tests passes', async (t) => {
  const promtool = requireProgram(t, 'promtool');
  if (promtool === undefined) return;
  const { code, output } = await run(promtool, ['test', 'rules', ...TEST_FILES]);
  const report = parseTestReport(output);
  t.equal(report.size, TEST_FILES.length, `a result for each of the ${TEST_FILES.length} files`);
  for (const file of TEST_FILES) {
    const result = report.get(file);
    t.ok(result?.ok, `${file.slice(root.length)}: ${result?.ok === true ? 'SUCCESS' : `\n${result?.detail ?? output}`}`);
  }
  t.equal(code, 0, 'promtool exits 0');
});

t.test('a wrong expectation fails, and the report shows what promtool got', async (t) => {
  const promtool = requireProgram(t, 'promtool');
  if (promtool === undefined) return;
  const dir = mkdtempSync(join(tmpdir(), 'parsec-rules-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'wrong.test.yml');
  writeFileSync(file, [
    `rule_files: [${JSON.stringify(RULES)}]`,
    'evaluation_interval: 1m',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    '      - series: \'parsec_cache_up{job="parsec",instance="a",parsec_cache_backend="redis"}\'',
    '        values: \'0x10\'',
    '    alert_rule_test:',
    '      - eval_time: 5m',
    '        alertname: ParsecCacheUnavailable',
    '        exp_alerts: []',
    '',
  ].join('\n'));
  const { code, output } = await run(promtool, ['test', 'rules', file]);
  t.not(code, 0, 'promtool exits non-zero');
  const result = parseTestReport(output).get(file);
  t.equal(result?.ok, false, 'parsed as a failure');
  t.match(result?.detail, 'alertname: ParsecCacheUnavailable', 'names the alert');
  t.match(result?.detail, 'instance="a"', 'shows the alert it got');
});

t.test('every alert has for:, a severity and annotations naming the node and the value', async (t) => {
  t.same(alerts.map((a) => a.alert), [
    'ParsecTelemetryDown',
    'ParsecTelemetrySamplingStalled',
    'ParsecEnvelopeTrafficStopped',
    'ParsecCacheHitRateLow',
    'ParsecCacheUnavailable',
    'ParsecHistoryBuffersFull',
    'ParsecSnapshotSourceFailing',
    'ParsecNodesDropped',
  ]);
  for (const a of alerts) {
    t.match(a.for, /^\d+[smh]$/, `${a.alert}: for`);
    t.match(a.labels?.severity, /^(critical|warning)$/, `${a.alert}: severity`);
    const text = `${a.annotations?.summary ?? ''} ${a.annotations?.description ?? ''}`;
    t.ok(a.annotations?.summary !== undefined && a.annotations.description !== undefined, `${a.alert}: summary and description`);
    // The node count is per job; every other alert is per node (job, instance).
    t.match(text, a.alert === 'ParsecNodesDropped' ? '{{ $labels.job }}' : '{{ $labels.instance }}', `${a.alert}: names the node`);
    t.match(text, '{{ $value', `${a.alert}: gives the value`);
  }
});

t.test('every selector of a metric the Collector renames matches both namings', async (t) => {
  const renamed = ['parsec_cache_size', 'parsec_cache_up', 'parsec_telemetry_healthy', 'parsec_telemetry_start_time'];
  for (const r of rules) {
    for (const name of renamed) {
      // A bare use (not inside {__name__=~"…"} next to its suffixed name) would miss the Collector's series.
      const bare = new RegExp(String.raw`(?<![|"\w])${name}(?![\w|])`);
      t.notOk(bare.test(r.expr), `${r.alert ?? r.record}: ${name} only together with its suffixed name`);
    }
  }
});

t.test('every alert fires in a unit test and is checked silent in the healthy series', async (t) => {
  interface AlertTest {
    alertname: string;
    exp_alerts: unknown[];
  }
  const tests = new Map<string, AlertTest[]>();
  for (const file of TEST_FILES) {
    const doc = parse(readFileSync(file, 'utf8')) as { tests: { alert_rule_test?: AlertTest[] }[] };
    tests.set(file, doc.tests.flatMap((x) => x.alert_rule_test ?? []));
  }
  const all = [...tests.values()].flat();
  const healthy = tests.get(join(TESTS_DIR, 'healthy.test.yml')) ?? [];
  for (const a of alerts) {
    t.ok(all.some((x) => x.alertname === a.alert && x.exp_alerts.length > 0), `${a.alert} fires in a scenario`);
    t.ok(all.some((x) => x.alertname === a.alert && x.exp_alerts.length === 0), `${a.alert} is silent just before it fires`);
    t.ok(healthy.some((x) => x.alertname === a.alert && x.exp_alerts.length === 0), `${a.alert} stays silent in the healthy cluster`);
  }
});

t.test('the rules ship in the package', async (t) => {
  const { code, output } = await new Promise<Run>((resolve) => {
    execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, timeout: 60_000 }, (err, stdout) => {
      resolve({ code: err === null ? 0 : 1, output: stdout });
    });
  });
  t.equal(code, 0, 'npm pack --dry-run');
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
  t.ok(pack?.files.some((f) => f.path === 'prometheus/parsec-telemetry.rules.yml'), 'prometheus/parsec-telemetry.rules.yml is in the tarball');
});

t.test('docs/alerting.md lists every alert with its severity and for:', async (t) => {
  const docs = readFileSync(join(root, 'docs', 'alerting.md'), 'utf8');
  for (const a of alerts) {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${a.alert}\` |`));
    t.ok(row, `${a.alert} has a row`);
    t.match(row, `| ${a.labels?.severity} |`, `${a.alert}: severity`);
    t.ok(row?.endsWith(`| ${a.for} |`), `${a.alert}: for ${a.for}`);
  }
  for (const r of rules.filter((x) => x.record !== undefined)) t.match(docs, `\`${r.record}\``, `${r.record} is described`);
});
