// Case 1: recording cost per event in the FULL configuration (WindowedReader,
// Prometheus exporter and OTLP reader registered on one provider).
//
// Envelopes, 1 attribute cycling over 4 aspects:
//   a  plain OTel `counter.add(1, attrs)` on `parsec.envelopes.published`
//      (a1 with 4 cached attribute objects, a2 with a fresh object literal
//      per call, a3 the same as a1 on a name without a contract view, i.e.
//      one SDK storage per reader, for reference)
//   b  `EnvelopeCounters.observe(aspect)`
//   c  `envelopes.bind(aspect).add()`
//   d  a bare `Map<string, number>` increment (the baseline)
//   bx `EnvelopeCounters.observe(aspect, -1)`: a bad count, dropped (its
//      diagnostic throttled: logged at most once a minute)
//   by `EnvelopeCounters.observe(aspect, array)` with a 1 000 000-element array
// Tokens, no attribute:
//   ta plain OTel `counter.add(1)` on `parsec.tokens.issued`
//   tb `TokenCounters.issued()`
//   td a bare `Map<string, number>` increment of one key
//   tx `TokenCounters.issued(-1)`: a bad count, dropped
//
// Method: every variant is a loop of its own (monomorphic, as a real call
// site), calibrated to ~25 ms, warmed up, then timed in ROUNDS rounds whose
// order rotates; the figure is the median ns per call. Between rounds the
// event loop turns, so the reader's 1 s sampling timer runs as in
// production. Results are made observable: at the end the reader's totals
// (and the maps' sums) must equal the number of calls made, so no loop can
// have been optimised away and no event was lost.

import { EnvelopeCounters, TokenCounters } from '../../src/index.ts';
import { fig, fullTelemetry, log, median, nowNs, report, target, turn, type Row } from '../harness.ts';

const ROUNDS = 15;
const TARGET_RUN_MS = 25;
const WARMUP_MS = 400;

const ASPECTS = ['chat', 'typing', 'receipt', 'reaction'] as const;
const ATTRS = ASPECTS.map((a) => ({ 'parsec.aspect': a }));

const telemetry = await fullTelemetry();
const meter = telemetry.meter;
// A plain-API component uses its own meter (scope) with the contract names.
const plain = telemetry.meterProvider.getMeter('bench-plain-component');
const plainEnvelopes = plain.createCounter('parsec.envelopes.published');
const unviewed = plain.createCounter('bench.unviewed.envelopes');
const plainTokens = plain.createCounter('parsec.tokens.issued');
const envelopes = new EnvelopeCounters(meter);
const handles = ASPECTS.map((a) => envelopes.bind(a));
const tokens = new TokenCounters(meter);
const map = new Map<string, number>();
const tokenMap = new Map<string, number>();
const HUGE = new Array<number>(1_000_000).fill(1) as unknown as number;

/** Calls made per variant, to check the totals at the end. */
const calls: Record<string, number> = {};

type Loop = (n: number) => void;
const variants: { id: string; name: string; group: 'envelopes' | 'tokens'; loop: Loop }[] = [
  {
    id: 'a1', group: 'envelopes', name: 'OTel counter.add(1, attrs), cached attribute objects',
    loop: (n) => { for (let i = 0; i < n; i++) plainEnvelopes.add(1, ATTRS[i & 3]); },
  },
  {
    id: 'a2', group: 'envelopes', name: 'OTel counter.add(1, { … }), fresh object literal per call',
    loop: (n) => { for (let i = 0; i < n; i++) plainEnvelopes.add(1, { 'parsec.aspect': ASPECTS[i & 3] as string }); },
  },
  {
    id: 'a3', group: 'envelopes', name: 'OTel counter.add(1, attrs), cached, name without a view (3 storages)',
    loop: (n) => { for (let i = 0; i < n; i++) unviewed.add(1, ATTRS[i & 3]); },
  },
  {
    id: 'b', group: 'envelopes', name: 'EnvelopeCounters.observe(aspect)',
    loop: (n) => { for (let i = 0; i < n; i++) envelopes.observe(ASPECTS[i & 3] as string); },
  },
  {
    id: 'c', group: 'envelopes', name: 'envelopes.bind(aspect).add()',
    loop: (n) => { for (let i = 0; i < n; i++) (handles[i & 3] as { add(): void }).add(); },
  },
  {
    id: 'bx', group: 'envelopes', name: 'EnvelopeCounters.observe(aspect, -1), a bad count (dropped)',
    loop: (n) => { for (let i = 0; i < n; i++) envelopes.observe(ASPECTS[i & 3] as string, -1); },
  },
  {
    id: 'by', group: 'envelopes', name: 'EnvelopeCounters.observe(aspect, a 1 000 000-element array) (dropped)',
    loop: (n) => { for (let i = 0; i < n; i++) envelopes.observe(ASPECTS[i & 3] as string, HUGE); },
  },
  {
    id: 'd', group: 'envelopes', name: 'baseline: Map<string, number> increment (4 keys)',
    loop: (n) => { for (let i = 0; i < n; i++) { const k = ASPECTS[i & 3] as string; map.set(k, (map.get(k) ?? 0) + 1); } },
  },
  {
    id: 'ta', group: 'tokens', name: 'OTel counter.add(1), no attributes',
    loop: (n) => { for (let i = 0; i < n; i++) plainTokens.add(1); },
  },
  {
    id: 'tb', group: 'tokens', name: 'TokenCounters.issued()',
    loop: (n) => { for (let i = 0; i < n; i++) tokens.issued(); },
  },
  {
    id: 'tx', group: 'tokens', name: 'TokenCounters.issued(-1), a bad count (dropped)',
    loop: (n) => { for (let i = 0; i < n; i++) tokens.issued(-1); },
  },
  {
    id: 'td', group: 'tokens', name: 'baseline: Map<string, number> increment (1 key)',
    loop: (n) => { for (let i = 0; i < n; i++) tokenMap.set('issued', (tokenMap.get('issued') ?? 0) + 1); },
  },
];

function run(v: (typeof variants)[number], n: number): number {
  const t0 = nowNs();
  v.loop(n);
  const elapsed = nowNs() - t0;
  calls[v.id] = (calls[v.id] ?? 0) + n;
  return elapsed;
}

// Calibrate: iterations per timed run so that one run takes ~TARGET_RUN_MS.
const iterations: Record<string, number> = {};
for (const v of variants) {
  let n = 1024;
  for (;;) {
    const ns = run(v, n);
    if (ns > 5e6 || n >= 2 ** 28) {
      iterations[v.id] = Math.max(1024, Math.round((n * TARGET_RUN_MS * 1e6) / ns / 1024) * 1024);
      break;
    }
    n *= 4;
  }
}
log(`iterations per run: ${JSON.stringify(iterations)}`);

// Warm up every variant (JIT tiers up), with the event loop turning.
for (const v of variants) {
  const until = nowNs() + WARMUP_MS * 1e6;
  while (nowNs() < until) run(v, Math.max(1024, (iterations[v.id] as number) >> 2));
  await turn();
}

// Timed rounds, order rotating each round.
const samples: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.id, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(k + r) % variants.length] as (typeof variants)[number];
    const n = iterations[v.id] as number;
    (samples[v.id] as number[]).push(run(v, n) / n);
  }
  await turn();
}

// Observability check: every good call must be in the reader's totals (and no bad one).
await telemetry.reader.sample();
const readerEnvelopes = telemetry.reader.total('parsec.envelopes.published');
const readerUnviewed = telemetry.reader.total('bench.unviewed.envelopes');
const readerTokens = telemetry.reader.total('parsec.tokens.issued');
const expectedEnvelopes = (calls.a1 ?? 0) + (calls.a2 ?? 0) + (calls.b ?? 0) + (calls.c ?? 0);
let mapSum = 0;
for (const v of map.values()) mapSum += v;
const checks = {
  envelopes: { reader: readerEnvelopes, calls: expectedEnvelopes, ok: readerEnvelopes === expectedEnvelopes },
  unviewed: { reader: readerUnviewed, calls: calls.a3 ?? 0, ok: readerUnviewed === calls.a3 },
  tokens: { reader: readerTokens, calls: (calls.ta ?? 0) + (calls.tb ?? 0), ok: readerTokens === (calls.ta ?? 0) + (calls.tb ?? 0) },
  map: { sum: mapSum, calls: calls.d ?? 0, ok: mapSum === calls.d },
  tokenMap: { sum: tokenMap.get('issued') ?? 0, calls: calls.td ?? 0, ok: tokenMap.get('issued') === calls.td },
};
log(`checks: ${JSON.stringify(checks)}`);

const med: Record<string, number> = {};
const rows: Row[] = variants.map((v) => {
  const xs = samples[v.id] as number[];
  med[v.id] = median(xs);
  const range = `rounds ${fig(Math.min(...xs))}–${fig(Math.max(...xs))}`;
  return { id: v.id, name: `${v.group}: ${v.name}`, unit: 'ns/call', median: fig(median(xs)), n: xs.length, note: range };
});
const m = (id: string): number => med[id] as number;

report({
  case: 'recording',
  title: '1. Recording cost per event (full configuration)',
  rows,
  ratios: [
    { name: 'b / d (observe vs Map)', value: fig(m('b') / m('d')) },
    { name: 'c / d (bound handle vs Map)', value: fig(m('c') / m('d')) },
    { name: 'a1 / b (OTel cached attrs vs observe)', value: fig(m('a1') / m('b')) },
    { name: 'a2 / b (OTel fresh attrs vs observe)', value: fig(m('a2') / m('b')) },
    { name: 'a3 / a1 (no view: 3 storages vs 1)', value: fig(m('a3') / m('a1')) },
    { name: 'tb / td (issued vs Map)', value: fig(m('tb') / m('td')) },
    { name: 'ta / tb (OTel add vs issued)', value: fig(m('ta') / m('tb')) },
    { name: 'bx / b (bad count -1 vs good observe)', value: fig(m('bx') / m('b')) },
    { name: 'by / b (bad count 1 M-element array vs good observe)', value: fig(m('by') / m('b')) },
    { name: 'tx / tb (bad issued vs good issued)', value: fig(m('tx') / m('tb')) },
  ],
  targets: [
    target('b ≤ 3 × d', fig(m('b') / m('d')), '<=', 3, 'median ns of observe ÷ median ns of the Map increment'),
    target('a ≥ 20 × b (cached attrs)', fig(m('a1') / m('b')), '>=', 20, 'median ns of counter.add with cached attributes ÷ observe'),
    target('a ≥ 20 × b (fresh attrs)', fig(m('a2') / m('b')), '>=', 20, 'median ns of counter.add with a fresh literal ÷ observe'),
    target('issued ≤ 3 × Map', fig(m('tb') / m('td')), '<=', 3, 'median ns of TokenCounters.issued ÷ Map increment'),
    target('OTel add(1) ≥ 20 × issued', fig(m('ta') / m('tb')), '>=', 20, 'median ns of counter.add(1) ÷ issued'),
    target('bad call ≤ 10 × good call (count -1)', fig(m('bx') / m('b')), '<=', 10, 'median ns of observe(aspect, -1) ÷ observe(aspect)'),
    target('bad call ≤ 10 × good call (1 M-element array)', fig(m('by') / m('b')), '<=', 10, 'median ns of observe(aspect, array) ÷ observe(aspect)'),
  ],
  params: { rounds: ROUNDS, targetRunMs: TARGET_RUN_MS, warmupMs: WARMUP_MS, iterations, aspects: ASPECTS },
  details: { checks, allChecksOk: Object.values(checks).every((c) => c.ok), samplesNsPerCall: samples },
});
