// Case 8: parsec-telemetry beside prom-client 15 and beside the bare
// OpenTelemetry SDK, on the same work.
//
// The three are measured in one process each per size (so one's heap never
// slows another's GC), set up first, then taking turns for ROUNDS rounds:
//   parsec   the full configuration (WindowedReader, Prometheus exporter,
//            OTLP reader), N aspects through EnvelopeCounters
//   prom     prom-client: one Counter with one label, N label values, in a
//            Registry of its own
//   sdk      the bare OpenTelemetry SDK, one MetricReader per provider (the
//            WindowedReader's temporality and cardinality selectors, no
//            views): an OTel counter with one attribute, N attribute sets,
//            for the event and the bytes; and, on a provider of its own, the
//            same instrument as parsec's (EnvelopeCounters' observable
//            counter, N aspects) for the collection
// Per size (1 000 and 10 000 series) each process reports:
//   event    ns per recorded event with one attribute (cycling the N values)
//   expose   ms of one exposition of all N series, every series touched
//            (untimed) before: parsec `snapshot()` and `GET /parsec/metrics`
//            (and `GET /healthz`, the HTTP round trip alone, for scale),
//            prom `registry.metrics()`, sdk `reader.collect()` of the
//            observable counter
//   block    the longest single block of the event loop during one
//            exposition (the longest gap between setImmediate heartbeats):
//            parsec one `reader.sample()` and one `snapshot()`, sdk one
//            `collect()` of the same instruments; the heartbeats go on for
//            5 ms after the operation resolved (work it left running, such
//            as the co-readers' drain, counts). Each operation's blocks are
//            measured in a run of their own that starts from a collected
//            heap, and the expositions back to back (prom-client's have no
//            blocks between them either)
//   bytes    bytes retained per series (heap + ArrayBuffers after GC, the
//            label strings subtracted), after the expositions
// Targets: parsec snapshot() and GET /parsec/metrics ≤ prom's
// registry.metrics() at 1 000 and 10 000 series; at 10 000 series the
// longest block ≤ 1.3 × one bare SDK collection, and its p99 ≤ 2 × its
// median. Bytes per series are printed beside the peers; parsec's here is
// the default configuration, the metrics history included: the target of
// ≤ 1 024 B for the layers that keep a series is the memory case's.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Counter, Registry } from 'prom-client';
import { EnvelopeCounters } from '../../src/index.ts';
import { cardinalityLimit, temporalityFor } from '../../src/reader/sdk-selectors.ts';
import { closeClient, fig, fullTelemetry, gc, get, log, median, nextMessage, nowNs, percentile, report, settledHeap, target, type Row } from '../harness.ts';

const SIZES = [1_000, 10_000] as const;
const PEERS = ['parsec', 'prom', 'sdk'] as const;
type Peer = (typeof PEERS)[number];
const ROUNDS = 8;
/** Per size, operations per round: at least 100 in all per operation, so that a p99 is not simply the largest. */
const PER_ROUND: Record<number, number> = { 1_000: 40, 10_000: 26 };
const EVENTS = 2_000_000;
/**
 * Heartbeats go on this long after an operation resolved, to see the work it left running (the
 * history step and the co-readers' drain run on the next turns). Not longer: each heartbeat makes
 * an Immediate, and 20 ms of them made garbage enough for a young-generation collection every
 * few blocks, measured as the operation's block.
 */
const SETTLE_MS = 5;

interface PeerResult {
  peer: Peer;
  size: number;
  eventNs: number[];
  ms: Record<string, number[]>;
  blockMs: Record<string, number[]>;
  bytesPerSeries: number;
}

/** Runs `op` while setImmediate heartbeats measure the longest stretch the loop was blocked, in ms. */
async function longestBlock(op: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = nowNs();
  let running = true;
  const beat = (): void => {
    const t = nowNs();
    if (t - last > longest) longest = t - last;
    last = t;
    if (running) setImmediate(beat);
  };
  setImmediate(beat);
  await op();
  // What the operation leaves running (the co-readers' drain after a sample) blocks the loop too.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  running = false;
  const t = nowNs();
  if (t - last > longest) longest = t - last;
  return longest / 1e6;
}

class BareReader extends MetricReader {
  constructor(cap: number) {
    super({ aggregationTemporalitySelector: temporalityFor, cardinalitySelector: (type) => cardinalityLimit(type, cap) });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

async function child(peer: Peer, size: number): Promise<void> {
  // The baseline before the names, which are subtracted below (namesHeap).
  const before = await settledHeap();
  const names = Array.from({ length: size }, (_, i) => `aspect-${String(i).padStart(5, '0')}`);
  let touch: () => void;
  /** The bare SDK: bytes per series of the counter alone, before the observable provider exists. */
  let syncBytes: number | undefined;
  let event: (i: number) => void;
  const ops: Record<string, () => Promise<unknown>> = {};
  const blocks: Record<string, () => Promise<unknown>> = {};
  if (peer === 'parsec') {
    const telemetry = await fullTelemetry({ sampleIntervalMs: 0, maxSeriesPerInstrument: size });
    const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: size });
    const server = await telemetry.listen({ port: 0 });
    // The processes take turns: keep the idle keep-alive connection open between them.
    server.server.keepAliveTimeout = 600_000;
    touch = () => { for (const n of names) envelopes.observe(n); };
    event = (i) => envelopes.observe(names[i % size] as string);
    ops['snapshot()'] = () => telemetry.snapshot();
    ops['GET /parsec/metrics'] = async () => {
      const r = await get(`${server.url}/parsec/metrics`);
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    };
    // The HTTP round trip alone (a request that computes nothing), for scale: what GET /parsec/metrics adds to snapshot().
    ops['GET /healthz'] = async () => {
      const r = await get(`${server.url}/healthz`);
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    };
    blocks['reader.sample()'] = () => telemetry.reader.sample();
    blocks['snapshot()'] = () => telemetry.snapshot();
  } else if (peer === 'prom') {
    const registry = new Registry();
    const counter = new Counter({ name: 'parsec_envelopes_published', help: 'envelopes', labelNames: ['aspect'], registers: [registry] });
    touch = () => { for (const n of names) counter.inc({ aspect: n }); };
    event = (i) => counter.inc({ aspect: names[i % size] as string });
    ops['registry.metrics()'] = () => registry.metrics();
  } else {
    const reader = new BareReader(size);
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('bare').createCounter('parsec.envelopes.published');
    const attrs = names.map((n) => ({ 'parsec.aspect': n }));
    for (let i = 0; i < 3; i++) {
      for (const a of attrs) counter.add(1, a);
      await reader.collect();
    }
    syncBytes = (await settledHeap() - before) / size;
    const observableReader = new BareReader(size);
    const observableProvider = new MeterProvider({ readers: [observableReader] });
    const envelopes = new EnvelopeCounters(observableProvider.getMeter('bare'), { maxAspects: size });
    touch = () => { for (const n of names) envelopes.observe(n); };
    event = (i) => counter.add(1, attrs[i % size]);
    ops['collect()'] = () => observableReader.collect();
    blocks['collect()'] = () => observableReader.collect();
  }
  touch();
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(ops).map((k) => [k, []]));
  const blockMs: Record<string, number[]> = Object.fromEntries(Object.keys(blocks).map((k) => [k, []]));
  const eventNs: number[] = [];
  const batch = async (n: number, keep: boolean): Promise<void> => {
    // The expositions run back to back, as prom-client's (which has no blocks to measure) do: one
    // that followed a block's idle SETTLE_MS would start on a cold core, and measure that.
    for (let b = 0; b < n; b++) {
      for (const [k, op] of Object.entries(ops)) {
        touch();
        const t0 = nowNs();
        await op();
        if (keep) (ms[k] as number[]).push((nowNs() - t0) / 1e6);
      }
    }
    // Each operation's blocks are measured in a run of their own, from a collected heap (and
    // after one operation more, unmeasured, once the collections moved the objects): a
    // block then holds the collections of the garbage its own operation made, not of what the
    // expositions or the other operation left (a snapshot of 10 000 aspects makes some 0.8 MB,
    // a GET /parsec/metrics some 3 MB, a sample some 80 KB).
    for (const [k, op] of Object.entries(blocks)) {
      await settledHeap();
      // The first operation after the collections (which moved the objects) is not measured.
      touch();
      await longestBlock(op);
      for (let b = 0; b < n; b++) {
        touch();
        const worst = await longestBlock(op);
        if (keep) (blockMs[k] as number[]).push(worst);
      }
    }
    const t0 = nowNs();
    for (let i = 0; i < EVENTS; i++) event(i);
    if (keep) eventNs.push((nowNs() - t0) / EVENTS);
  };
  await batch(5, false);
  const after = await settledHeap();
  const namesHeap = await (async () => {
    const h0 = await settledHeap();
    const copy = names.map((n) => `${n.slice(0, 3)}${n.slice(3)}`);
    const h1 = await settledHeap();
    return copy.length === size ? h1 - h0 : 0;
  })();
  const bytesPerSeries = syncBytes === undefined ? (after - before - namesHeap) / size : syncBytes - namesHeap / size;
  gc();
  process.on('message', (m: { batch?: number; done?: boolean }) => {
    if (m.batch !== undefined) void batch(m.batch, true).then(() => process.send?.({ batchDone: true }));
    else if (m.done === true) {
      closeClient();
      const result: PeerResult = { peer, size, eventNs, ms, blockMs, bytesPerSeries };
      process.send?.({ result }, () => process.exit(0));
    }
  });
  process.send?.({ ready: true });
}

if (process.argv[2] === 'peer') {
  await child(process.argv[3] as Peer, Number(process.argv[4]));
} else {
  const self = fileURLToPath(import.meta.url);
  const results: PeerResult[] = [];
  for (const size of SIZES) {
    const children = new Map<Peer, ChildProcess>();
    for (const peer of PEERS) {
      log(`${peer}, ${size} series: setting up…`);
      const c = fork(self, ['peer', peer, String(size)], { execArgv: process.execArgv });
      await nextMessage(c, 'ready');
      children.set(peer, c);
    }
    for (let r = 0; r < ROUNDS; r++) {
      log(`${size} series: round ${r + 1}/${ROUNDS}`);
      for (const peer of PEERS) {
        const c = children.get(peer) as ChildProcess;
        c.send({ batch: Math.ceil((PER_ROUND[size] ?? 10) / 2) });
        await nextMessage(c, 'batchDone');
      }
    }
    for (const peer of PEERS) {
      const c = children.get(peer) as ChildProcess;
      c.send({ done: true });
      results.push((await nextMessage(c, 'result')).result as PeerResult);
    }
  }
  const of = (peer: Peer, size: number): PeerResult => results.find((r) => r.peer === peer && r.size === size) as PeerResult;
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const peer of PEERS) {
      const r = of(peer, size);
      rows.push({ id: `event-${peer}@${size}`, name: `${peer}: one event with one attribute, ${size} series`, unit: 'ns', median: fig(median(r.eventNs)), n: r.eventNs.length });
      for (const [k, xs] of Object.entries(r.ms)) rows.push({ id: `${peer}:${k}@${size}`, name: `${peer}: ${k}, ${size} series`, unit: 'ms', median: fig(median(xs)), p99: fig(percentile(xs, 99)), n: xs.length });
      for (const [k, xs] of Object.entries(r.blockMs)) rows.push({ id: `block-${peer}:${k}@${size}`, name: `${peer}: longest event-loop block of one ${k}, ${size} series`, unit: 'ms', median: fig(median(xs)), p99: fig(percentile(xs, 99)), n: xs.length });
      rows.push({ id: `bytes-${peer}@${size}`, name: `${peer}: bytes retained per series, ${size} series${peer === 'parsec' ? ' (default configuration, the metrics history included)' : ''}`, unit: 'B', median: fig(r.bytesPerSeries) });
    }
  }
  const med = (peer: Peer, size: number, k: string, blocks = false): number => median((blocks ? of(peer, size).blockMs : of(peer, size).ms)[k] as number[]);
  const p99 = (peer: Peer, size: number, k: string): number => percentile(of(peer, size).blockMs[k] as number[], 99);
  const targets = [];
  for (const size of SIZES) {
    for (const op of ['snapshot()', 'GET /parsec/metrics']) {
      targets.push(target(`${op} ≤ prom-client registry.metrics() (${size} series)`, fig(med('parsec', size, op) / med('prom', size, 'registry.metrics()')), '<=', 1, 'ratio of medians, same run'));
    }
  }
  const big = 10_000;
  const worstOp = (['reader.sample()', 'snapshot()'] as const).reduce((a, b) => (med('parsec', big, a, true) >= med('parsec', big, b, true) ? a : b));
  const bare = med('sdk', big, 'collect()', true);
  targets.push(target('longest block (sample, snapshot) ≤ 1.3 × one bare SDK collection (10 000 series)', fig(med('parsec', big, worstOp, true) / bare), '<=', 1.3, `median longest block of ${worstOp} ÷ median block of the bare collect()`));
  for (const op of ['reader.sample()', 'snapshot()']) {
    targets.push(target(`longest block of ${op}: p99 ≤ 2 × median (10 000 series)`, fig(p99('parsec', big, op) / med('parsec', big, op, true)), '<=', 2, 'p99 ÷ median of the longest block per operation'));
  }
  report({
    case: 'peer',
    title: '8. Beside prom-client 15 and the bare OpenTelemetry SDK (same work)',
    rows,
    ratios: SIZES.flatMap((s) => [
      { name: `snapshot() ÷ prom registry.metrics() at ${s}`, value: fig(med('parsec', s, 'snapshot()') / med('prom', s, 'registry.metrics()')) },
      { name: `snapshot() ÷ bare SDK collect() at ${s}`, value: fig(med('parsec', s, 'snapshot()') / med('sdk', s, 'collect()')) },
      { name: `prom event ÷ parsec event at ${s}`, value: fig(median(of('prom', s).eventNs) / median(of('parsec', s).eventNs)) },
    ]),
    targets,
    params: { sizes: SIZES, rounds: ROUNDS, perRound: PER_ROUND, events: EVENTS },
    details: { results },
  });
}
