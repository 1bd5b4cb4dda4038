// Case 2: snapshot latency at 100, 1 000 and 10 000 series, full configuration.
//
// Each size runs in a process of its own (so one size's heap never slows
// another's GC), with the same options (maxSeriesPerInstrument and
// maxAspects 10 000). The processes are set up and warmed up first, then take
// turns for ROUNDS rounds (one measures while the others wait), so slow
// drifts of the shared machine's load hit every size alike; the figures are
// the medians and p99s of all iterations of a size. The series are
// `parsec.envelopes.published` with N distinct aspects, recorded through
// EnvelopeCounters (the recommended path: one observable counter whose
// callback reports every aspect at every collection).
//
// Every measured operation is preceded (untimed) by one event on every
// series, so each collection has a non-zero increase for all N series: the
// worst case, where every ring is written. The three operations are timed
// in an order that rotates per iteration:
//   snapshot()              telemetry.snapshot(): sample + six sources + merge
//   GET /parsec/metrics     the same through a real server on 127.0.0.1:0 (+ JSON)
//   GET /metrics            Prometheus text on the same provider
// HTTP requests go one at a time over one keep-alive connection.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EnvelopeCounters } from '../../src/index.ts';
import type { AspectCounter } from '../../src/index.ts';
import { closeClient, fig, fullTelemetry, get, log, median, nextMessage, nowNs, percentile, report, target, type CaseResult, type Row } from '../harness.ts';

const SIZES = [100, 1_000, 10_000] as const;
const ITERATIONS: Record<number, number> = { 100: 400, 1_000: 300, 10_000: 100 };
const WARMUP: Record<number, number> = { 100: 60, 1_000: 40, 10_000: 10 };
const CAP = 10_000;
const ROUNDS = 10;
const OPS = ['snapshot', 'parsec', 'prometheus'] as const;
type Op = (typeof OPS)[number];
const OP_NAMES: Record<Op, string> = { snapshot: 'snapshot()', parsec: 'GET /parsec/metrics', prometheus: 'GET /metrics' };

interface SizeResult {
  size: number;
  ms: Record<Op, number[]>;
  bytes: Record<'parsec' | 'prometheus', number>;
  aspectsInSnapshot: number;
  seriesInReader: number;
}

if (process.argv[2] === 'size') {
  const size = Number(process.argv[3]);
  const telemetry = await fullTelemetry({ maxSeriesPerInstrument: CAP });
  const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: CAP });
  const handles: AspectCounter[] = [];
  for (let i = 0; i < size; i++) handles.push(envelopes.bind(`aspect-${String(i).padStart(5, '0')}`));
  const touchAll = (): void => {
    for (const h of handles) h.add();
  };
  const server = await telemetry.listen({ port: 0 });
  const bytes = { parsec: 0, prometheus: 0 };
  const run: Record<Op, () => Promise<number>> = {
    snapshot: async () => {
      const t0 = nowNs();
      await telemetry.snapshot();
      return (nowNs() - t0) / 1e6;
    },
    parsec: async () => {
      const r = await get(`${server.url}/parsec/metrics`);
      if (r.status !== 200) throw new Error(`/parsec/metrics answered ${r.status}`);
      bytes.parsec = r.bytes;
      return r.ms;
    },
    prometheus: async () => {
      const r = await get(`${server.url}/metrics`);
      if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
      bytes.prometheus = r.bytes;
      return r.ms;
    },
  };
  const ms: Record<Op, number[]> = { snapshot: [], parsec: [], prometheus: [] };
  let it = 0;
  /** Runs `count` iterations of the three operations (order rotating); `keep` false for the warm-up. */
  const batch = async (count: number, keep: boolean): Promise<void> => {
    for (let b = 0; b < count; b++, it++) {
      for (let k = 0; k < OPS.length; k++) {
        const op = OPS[(k + it) % OPS.length] as Op;
        touchAll();
        const t = await run[op]();
        if (keep) ms[op].push(t);
      }
    }
  };
  await batch(WARMUP[size] ?? 10, false);
  process.on('message', (m: { batch?: number; done?: boolean }) => {
    if (m.batch !== undefined) {
      void batch(m.batch, true).then(() => process.send?.({ batchDone: true }));
    } else if (m.done === true) {
      void (async () => {
        const snap = await telemetry.snapshot();
        const result: SizeResult = {
          size,
          ms,
          bytes,
          aspectsInSnapshot: Object.keys(snap.envelopes.by_aspect ?? {}).length,
          seriesInReader: telemetry.reader.series('parsec.envelopes.published').length,
        };
        closeClient();
        process.send?.({ result }, () => process.exit(0));
      })();
    }
  });
  process.send?.({ ready: true });
} else {
  const self = fileURLToPath(import.meta.url);
  // One process per size, all set up and warmed up first; then the sizes take
  // turns, ROUNDS times, so every size sees the same stretches of machine load.
  const children = new Map<number, ChildProcess>();
  for (const size of SIZES) {
    log(`${size} series: setting up and warming up…`);
    const child = fork(self, ['size', String(size)], { execArgv: process.execArgv });
    await nextMessage(child, 'ready');
    children.set(size, child);
  }
  for (let r = 0; r < ROUNDS; r++) {
    log(`round ${r + 1}/${ROUNDS}`);
    for (const size of SIZES) {
      const child = children.get(size) as ChildProcess;
      child.send({ batch: Math.ceil((ITERATIONS[size] ?? 100) / ROUNDS) });
      await nextMessage(child, 'batchDone');
    }
  }
  const bySize = new Map<number, SizeResult>();
  for (const size of SIZES) {
    const child = children.get(size) as ChildProcess;
    child.send({ done: true });
    const r = (await nextMessage(child, 'result')).result as SizeResult;
    if (r.aspectsInSnapshot !== size || r.seriesInReader !== size) {
      throw new Error(`size ${size}: snapshot has ${r.aspectsInSnapshot} aspects, reader ${r.seriesInReader} series`);
    }
    bySize.set(size, r);
  }
  const rows: Row[] = [];
  const med = (size: number, op: Op): number => median((bySize.get(size) as SizeResult).ms[op]);
  for (const size of SIZES) {
    const r = bySize.get(size) as SizeResult;
    for (const op of OPS) {
      const xs = r.ms[op];
      const note = op === 'snapshot' ? '' : `${r.bytes[op]} B body`;
      rows.push({ id: `${op}@${size}`, name: `${OP_NAMES[op]}, ${size} series`, unit: 'ms', median: fig(median(xs)), p99: fig(percentile(xs, 99)), n: xs.length, note });
    }
  }
  const growth = (op: Op): number => fig(med(10_000, op) / med(1_000, op));
  const result: CaseResult = {
    case: 'snapshot-latency',
    title: '2. Snapshot latency (full configuration, all series active)',
    rows,
    ratios: [
      ...OPS.map((op) => ({ name: `${OP_NAMES[op]}: 10 000 / 1 000 series`, value: growth(op) })),
      ...OPS.map((op) => ({ name: `${OP_NAMES[op]}: 1 000 / 100 series`, value: fig(med(1_000, op) / med(100, op)) })),
      ...SIZES.map((s) => ({ name: `GET /parsec/metrics ÷ GET /metrics at ${s} series`, value: fig(med(s, 'parsec') / med(s, 'prometheus')) })),
    ],
    targets: [
      target('snapshot(): 10 000 ≤ 12 × 1 000', growth('snapshot'), '<=', 12, 'median at 10 000 series ÷ median at 1 000'),
      target('GET /parsec/metrics: 10 000 ≤ 12 × 1 000', growth('parsec'), '<=', 12, 'median at 10 000 series ÷ median at 1 000'),
      ...SIZES.map((s) =>
        target(`GET /parsec/metrics ≤ GET /metrics (${s} series)`, fig(med(s, 'parsec') / med(s, 'prometheus')), '<=', 1, 'ratio of medians, same provider, same server'),
      ),
    ],
    params: { sizes: SIZES, rounds: ROUNDS, iterations: ITERATIONS, warmup: WARMUP, maxSeriesPerInstrument: CAP, maxAspects: CAP },
    details: Object.fromEntries([...bySize].map(([s, r]) => [String(s), { bytes: r.bytes, ms: r.ms }])),
  };
  report(result);
}
