// `npm run bench`: runs the benchmark cases, each in a child process of
// its own (`--expose-gc`), prints one table per case (medians, p99 where the
// case measures it, the ratios measured side by side in this invocation,
// PASS/FAIL per target) and a summary, and writes bench/results/<case>.json
// plus bench/results/SUMMARY.md. Exit code 1 when a target is missed.
//
//   npm run bench                    all cases (~3 minutes)
//   npm run bench -- memory sampling only the cases named
//
// See bench/README.md for how to read the results.

import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Row } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CASES = ['recording', 'snapshot-latency', 'memory', 'sampling', 'http-load', 'event-loop', 'compression', 'history', 'peer', 'windows'] as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(CASES as readonly string[]).includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown case(s): ${unknown.join(', ')}; cases: ${CASES.join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? CASES.filter((c) => wanted.includes(c)) : [...CASES];

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const cpu = cpus();
const dirtySrc = git(['status', '--porcelain', '--', '../src']).split('\n').filter((l) => l.trim() !== '').length;
const machine = {
  node: process.version,
  cpu: cpu[0]?.model ?? 'unknown',
  cores: cpu.length,
  platform: `${process.platform} ${process.arch}`,
  commit: git(['rev-parse', '--short', 'HEAD']),
  srcChangesUncommitted: dirtySrc,
  date: new Date().toISOString(),
};
const machineLine = `node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.platform} · commit ${machine.commit}${dirtySrc > 0 ? ` (+${dirtySrc} uncommitted src changes)` : ''}`;
process.stdout.write(`parsec-telemetry benchmarks\n${machineLine}\n`);

function runCase(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    let result: CaseResult | undefined;
    const child = fork(join(here, 'cases', `${name}.ts`), [], { execArgv: ['--expose-gc'], execPath: process.execPath });
    child.on('message', (m) => {
      result = m as CaseResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`case ${name} ended (${signal ?? `exit code ${code}`}) without a result`));
    });
  });
}

// ---------------------------------------------------------------- formatting

function num(x: number | undefined): string {
  if (x === undefined) return '';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(x);
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function printCase(r: CaseResult): void {
  const out: string[] = [`\n${r.title}  (${((r.durationMs ?? 0) / 1000).toFixed(1)} s)`];
  out.push(
    table(
      ['id', 'measured', 'median', 'p99', 'unit', 'n', 'note'],
      r.rows.map((x: Row) => [x.id, x.name, num(x.median), num(x.p99), x.unit, x.n === undefined ? '' : String(x.n), x.note ?? '']),
      ['l', 'l', 'r', 'r', 'l', 'r', 'l'],
    ),
  );
  if (r.ratios.length > 0) {
    out.push('');
    out.push(table(['ratio (same run)', 'value'], r.ratios.map((x) => [x.name, num(x.value)]), ['l', 'r']));
  }
  out.push('');
  out.push(
    table(
      ['target', 'measured', 'limit', 'result'],
      r.targets.map((t) => [t.target, num(t.value), `${t.op === '<=' ? '≤' : '≥'} ${t.limit}`, t.pass ? 'PASS' : 'FAIL']),
      ['l', 'r', 'r', 'l'],
    ),
  );
  process.stdout.write(out.join('\n') + '\n');
}

function markdown(results: CaseResult[]): string {
  const lines = [
    `Measured on: ${machineLine}, ${machine.date.slice(0, 10)}.`,
    '',
    '| case | measured | median | p99 | unit |',
    '|---|---|---:|---:|---|',
  ];
  for (const r of results) {
    for (const x of r.rows) lines.push(`| ${r.case} | ${x.name} | ${num(x.median)} | ${num(x.p99)} | ${x.unit} |`);
  }
  lines.push('', '| case | target | measured | limit | result |', '|---|---|---:|---:|---|');
  for (const r of results) {
    for (const t of r.targets) lines.push(`| ${r.case} | ${t.target} | ${num(t.value)} | ${t.op === '<=' ? '≤' : '≥'} ${t.limit} | ${t.pass ? 'PASS' : '**FAIL**'} |`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- run

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const started = performance.now();
const results: CaseResult[] = [];
let failedToRun = 0;
for (const name of selected) {
  process.stderr.write(`\n▸ ${name}\n`);
  const t0 = performance.now();
  try {
    const r = await runCase(name);
    r.durationMs = Math.round(performance.now() - t0);
    results.push(r);
    writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify({ machine, ...r }, null, 2) + '\n');
    printCase(r);
  } catch (err) {
    failedToRun++;
    process.stdout.write(`\n${name}: did not complete: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

const targets = results.flatMap((r) => r.targets.map((t) => ({ case: r.case, ...t })));
const passed = targets.filter((t) => t.pass).length;
process.stdout.write(`\nSummary  (${((performance.now() - started) / 1000).toFixed(0)} s)\n${machineLine}\n`);
process.stdout.write(
  table(
    ['case', 'target', 'measured', 'limit', 'result'],
    targets.map((t) => [t.case, t.target, num(t.value), `${t.op === '<=' ? '≤' : '≥'} ${t.limit}`, t.pass ? 'PASS' : 'FAIL']),
    ['l', 'l', 'r', 'r', 'l'],
  ) + '\n',
);
process.stdout.write(`${passed} of ${targets.length} targets met${failedToRun > 0 ? `; ${failedToRun} case(s) did not complete` : ''}.\n`);
if (selected.length === CASES.length) writeFileSync(join(resultsDir, 'SUMMARY.md'), markdown(results));
process.exit(passed === targets.length && failedToRun === 0 ? 0 : 1);
