// Case 7: compression. 10 000 active series (full configuration); GET
// /metrics and GET /parsec/metrics over one keep-alive connection, with and
// without `Accept-Encoding: gzip`, the four variants taking turns, every
// series touched before each request (each one collects and serialises
// afresh). Reported: bytes sent and latency, plain and gzip.

import { EnvelopeCounters } from '../../src/index.ts';
import { closeClient, fig, fullTelemetry, get, log, median, percentile, report, target, type Row } from '../harness.ts';

const SERIES = 10_000;
const ITERATIONS = 40;
const WARMUP = 5;

const telemetry = await fullTelemetry({ maxSeriesPerInstrument: SERIES });
const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: SERIES });
const handles = Array.from({ length: SERIES }, (_, i) => envelopes.bind(`aspect-${String(i).padStart(5, '0')}`));
const server = await telemetry.listen({ port: 0 });

const variants = [
  { id: 'metrics-plain', path: '/metrics', gzip: false },
  { id: 'metrics-gzip', path: '/metrics', gzip: true },
  { id: 'parsec-plain', path: '/parsec/metrics', gzip: false },
  { id: 'parsec-gzip', path: '/parsec/metrics', gzip: true },
] as const;
const ms = new Map<string, number[]>(variants.map((v) => [v.id, []]));
const bytes = new Map<string, number>();

log(`${SERIES} series, ${ITERATIONS} requests per variant…`);
for (let i = 0; i < WARMUP + ITERATIONS; i++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(i + k) % variants.length] as (typeof variants)[number];
    for (const h of handles) h.add();
    const r = await get(`${server.url}${v.path}`, v.gzip ? { 'accept-encoding': 'gzip' } : {});
    if (r.status !== 200 || (r.encoding === 'gzip') !== v.gzip) throw new Error(`${v.id}: status ${r.status}, encoding ${r.encoding}`);
    bytes.set(v.id, r.bytes);
    if (i >= WARMUP) (ms.get(v.id) as number[]).push(r.ms);
  }
}
closeClient();
await telemetry.shutdown();

const rows: Row[] = variants.map((v) => {
  const xs = ms.get(v.id) as number[];
  return { id: v.id, name: `GET ${v.path}, ${SERIES} series, ${v.gzip ? 'gzip' : 'plain'}`, unit: 'ms', median: fig(median(xs)), p99: fig(percentile(xs, 99)), n: xs.length, note: `${bytes.get(v.id)} B sent` };
});
const ratio = (a: string, b: string): number => fig((bytes.get(a) as number) / (bytes.get(b) as number));
const timeRatio = (a: string, b: string): number => fig(median(ms.get(a) as number[]) / median(ms.get(b) as number[]));

report({
  case: 'compression',
  title: '7. Compression (10 000 series, full configuration)',
  rows,
  ratios: [
    { name: '/metrics bytes: gzip ÷ plain', value: ratio('metrics-gzip', 'metrics-plain') },
    { name: '/parsec/metrics bytes: gzip ÷ plain', value: ratio('parsec-gzip', 'parsec-plain') },
    { name: '/metrics time: gzip ÷ plain', value: timeRatio('metrics-gzip', 'metrics-plain') },
    { name: '/parsec/metrics time: gzip ÷ plain', value: timeRatio('parsec-gzip', 'parsec-plain') },
  ],
  targets: [
    target('/metrics gzip ≤ 0.2 × the plain bytes', ratio('metrics-gzip', 'metrics-plain'), '<=', 0.2, 'bytes sent'),
    target('/parsec/metrics gzip ≤ 0.2 × the plain bytes', ratio('parsec-gzip', 'parsec-plain'), '<=', 0.2, 'bytes sent'),
  ],
  params: { series: SERIES, iterations: ITERATIONS, warmup: WARMUP },
  details: { bytes: Object.fromEntries(bytes), ms: Object.fromEntries(ms) },
});
