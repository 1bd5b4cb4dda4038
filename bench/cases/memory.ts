// Case 3: memory, full configuration, heap measured after full GCs
// (`--expose-gc`; four gc() calls with the event loop turned between them).
//
// Flat in the event count: 100 aspects; heap after 10 million events minus
// heap after 10 000 events. Events are recorded as a busy node would, with
// sampling driven explicitly at one sample per 100 000 events (100 000
// events/s with the default 1 s interval), so the 10 million events span 100
// samples: what sampling retains per sample (the SDK's per-reader stash of
// the co-readers, Prometheus and OTLP, which nobody scrapes or exports here)
// is part of the figure. A further 10 million events show whether the heap
// keeps growing. Measured for EnvelopeCounters.observe and, separately, for
// a plain OTel counter.add on the same instrument name.
//
// Bytes retained (heap used + ArrayBuffers) per series: 10 000 aspects (maxAspects and
// maxSeriesPerInstrument 10 000) with one event each, heap after one sample
// minus heap before, ÷ 10 000; and the peak over 30 further samples with
// every series active (the co-readers' stash fills until it is drained).
// The target counts what a series costs in the layers that keep it (the
// recorder cell, every reader's SDK storage, the reader's series and
// windows): the full configuration with `history: false`; the metrics
// history, on by default, is measured the same way beside it (its points
// per field are docs/history.md's subject). Then layer by layer: the
// recorder cells alone, + the WindowedReader, + the co-readers, + the history.

import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { createTelemetry, createTelemetryReader, EnvelopeCounters } from '../../src/index.ts';
import type { Telemetry } from '../../src/index.ts';
import { contractViews } from '../../src/telemetry/contract-views.ts';
import { fig, fullTelemetry, gc, log, report, retainedBytes, settledHeap, target, type Row } from '../harness.ts';

const ASPECTS = Array.from({ length: 100 }, (_, i) => `aspect-${i}`);
const EVENTS_PER_SAMPLE = 100_000;
const MB = 1024 * 1024;
/** More than one drain period of the co-readers' stash (DRAIN_EVERY_SAMPLES = 20 today). */
const PEAK_SAMPLES = 30;

async function record(telemetry: Telemetry, events: number, add: (i: number) => void): Promise<void> {
  let sinceSample = 0;
  for (let i = 0; i < events; i++) {
    add(i);
    if (++sinceSample === EVENTS_PER_SAMPLE) {
      sinceSample = 0;
      await telemetry.reader.sample();
    }
  }
  if (sinceSample > 0) await telemetry.reader.sample();
}

interface Flatness {
  after10k: number;
  after10M: number;
  after20M: number;
  total: number;
}

async function flatness(kind: 'observe' | 'otel'): Promise<Flatness> {
  const telemetry = await fullTelemetry({ sampleIntervalMs: 0 });
  let add: (i: number) => void;
  if (kind === 'observe') {
    const envelopes = new EnvelopeCounters(telemetry.meter);
    add = (i) => envelopes.observe(ASPECTS[i % 100] as string);
  } else {
    const counter = telemetry.meterProvider.getMeter('bench-plain-component').createCounter('parsec.envelopes.published');
    const attrs = ASPECTS.map((a) => ({ 'parsec.aspect': a }));
    add = (i) => counter.add(1, attrs[i % 100]);
  }
  // Every aspect seen once and a few samples, so the series exist before the baseline.
  await record(telemetry, 100, add);
  for (let i = 0; i < 3; i++) await telemetry.reader.sample();
  await record(telemetry, 10_000, add);
  const after10k = await settledHeap();
  await record(telemetry, 10_000_000, add);
  const after10M = await settledHeap();
  await record(telemetry, 10_000_000, add);
  const after20M = await settledHeap();
  const total = telemetry.reader.total('parsec.envelopes.published');
  if (total !== 100 + 10_000 + 20_000_000) throw new Error(`${kind}: reader total ${total}, expected ${20_010_100}`);
  await telemetry.reader.shutdown();
  return { after10k, after10M, after20M, total };
}

log('EnvelopeCounters.observe: 10 000, then 10 000 000 twice…');
const observe = await flatness('observe');
log('OTel counter.add: 10 000, then 10 000 000 twice…');
const otel = await flatness('otel');

log('bytes per series: 10 000 aspects…');
const SERIES = 10_000;
const names = Array.from({ length: SERIES }, (_, i) => `series-${String(i).padStart(5, '0')}`);
/** A fresh copy of the names (new strings), made after a baseline so that the names' own heap is in the difference. */
const copyNames = (): string[] => names.map((n) => `${n.slice(0, 3)}${n.slice(3)}`);
// The names themselves are the component's, not the library's: subtract them.
const namesHeap = await (async () => {
  const h0 = await settledHeap();
  const copy = copyNames();
  const h1 = await settledHeap();
  return copy.length === SERIES ? h1 - h0 : 0;
})();

interface PerSeries {
  steady: number;
  peak: number;
  before: number;
  afterOne: number;
  perSampleHeap: number[];
}

/**
 * Bytes per series of the full configuration: heap after one sample of
 * 10 000 new series minus before, and the peak over PEAK_SAMPLES further
 * samples with every series active (after two gc() each).
 */
async function perSeriesOf(history: boolean): Promise<PerSeries> {
  const telemetry = await fullTelemetry({ sampleIntervalMs: 0, maxSeriesPerInstrument: SERIES, history });
  const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: SERIES });
  envelopes.observe('warm-up');
  for (let i = 0; i < 3; i++) await telemetry.reader.sample();
  const before = await settledHeap();
  const own = copyNames();
  for (const n of own) envelopes.observe(n);
  await telemetry.reader.sample();
  const afterOne = await settledHeap();
  let peak = afterOne;
  const perSampleHeap: number[] = [];
  for (let s = 0; s < PEAK_SAMPLES; s++) {
    for (const n of own) envelopes.observe(n);
    await telemetry.reader.sample();
    await new Promise((resolve) => setImmediate(resolve)); // the history records the sample on the next turn
    gc();
    gc();
    const h = retainedBytes();
    perSampleHeap.push(h);
    if (h > peak) peak = h;
  }
  if (telemetry.reader.series('parsec.envelopes.published').length !== SERIES + 1) throw new Error('series count mismatch');
  await telemetry.shutdown();
  return { steady: (afterOne - before - namesHeap) / SERIES, peak: (peak - before - namesHeap) / SERIES, before, afterOne, perSampleHeap };
}
const withoutHistory = await perSeriesOf(false);
const withHistory = await perSeriesOf(true);

// Inside an app's own provider (createTelemetryReader) beside co-readers
// that never collect: 300 snapshots of 1 000 active series. And, for
// comparison, the same with the contract views registered on the app's
// provider (one shared SDK storage that stashes each collection for the
// readers that did not collect, with nobody to drain them).
async function beside(withViews: boolean): Promise<number> {
  const parsec = createTelemetryReader({ sampleIntervalMs: 0, env: {} });
  const coReaders: IMetricReader[] = [
    new PrometheusExporter({ preventServerStart: true }),
    new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 }),
  ];
  const provider = new MeterProvider({ readers: [parsec.reader, ...coReaders], views: withViews ? contractViews(1000) : [] });
  const app = new EnvelopeCounters(provider.getMeter('app'));
  const aspects = Array.from({ length: 1000 }, (_, i) => `app-aspect-${i}`);
  const touch = () => {
    for (const a of aspects) app.observe(a);
  };
  for (let i = 0; i < 20; i++) {
    touch();
    await parsec.snapshot();
  }
  const h0 = await settledHeap();
  for (let i = 0; i < 300; i++) {
    touch();
    await parsec.snapshot();
  }
  const growth = (await settledHeap()) - h0;
  await parsec.shutdown();
  await provider.shutdown();
  return growth / MB;
}
log('inside an app\'s provider beside co-readers that never collect: 300 snapshots of 1 000 series…');
const besideNoViews = await beside(false);
const besideViews = await beside(true);

// Where the bytes of a series go: the same 10 000 aspects, one layer more
// each time, each configuration alone (the previous one released), after
// three samples (collections) with every series active.
type Layer = 'cells' | 'reader' | 'full' | 'history';
async function layer(kind: Layer): Promise<number> {
  const h0 = await settledHeap();
  let keep: { shutdown: () => Promise<void> };
  let cycle: () => Promise<void>;
  let meter;
  if (kind === 'cells') {
    const provider = new MeterProvider({ readers: [] });
    meter = provider.getMeter('layers');
    keep = provider;
    cycle = async () => undefined;
  } else {
    const history = kind === 'history';
    const t = kind === 'reader'
      ? createTelemetry({ sampleIntervalMs: 0, maxSeriesPerInstrument: SERIES, env: {}, prometheus: false, history })
      : await fullTelemetry({ sampleIntervalMs: 0, maxSeriesPerInstrument: SERIES, history });
    meter = t.meter;
    keep = t;
    cycle = async () => {
      await t.reader.sample();
      await new Promise((resolve) => setImmediate(resolve));
    };
  }
  const counters = new EnvelopeCounters(meter, { maxAspects: SERIES });
  const own = copyNames();
  for (let i = 0; i < 3; i++) {
    for (const n of own) counters.observe(n);
    await cycle();
  }
  const bytes = ((await settledHeap()) - h0 - namesHeap) / SERIES;
  await keep.shutdown();
  return bytes;
}
log('where the bytes go: layer by layer…');
const layers: Record<Layer, number> = { cells: 0, reader: 0, full: 0, history: 0 };
for (const k of ['cells', 'reader', 'full', 'history'] as Layer[]) layers[k] = await layer(k);

const rows: Row[] = [
  { id: 'observe-10M', name: 'EnvelopeCounters.observe: heap after 10 M events − after 10 k (100 aspects)', unit: 'MB', median: fig((observe.after10M - observe.after10k) / MB) },
  { id: 'observe-20M', name: 'EnvelopeCounters.observe: heap after 20 M events − after 10 M', unit: 'MB', median: fig((observe.after20M - observe.after10M) / MB) },
  { id: 'otel-10M', name: 'OTel counter.add: heap after 10 M events − after 10 k (100 aspects)', unit: 'MB', median: fig((otel.after10M - otel.after10k) / MB) },
  { id: 'otel-20M', name: 'OTel counter.add: heap after 20 M events − after 10 M', unit: 'MB', median: fig((otel.after20M - otel.after10M) / MB) },
  { id: 'per-series', name: 'bytes retained per series (10 000 series, after 1 sample), full configuration without the history', unit: 'B', median: fig(withoutHistory.steady), note: 'recorder cells, every reader\'s SDK storage, the reader\'s series and windows' },
  { id: 'app-provider-300-snapshots', name: 'createTelemetryReader in an app\'s provider beside an unscraped Prometheus exporter and a 1 h cumulative reader: heap growth over 300 snapshots of 1 000 active series', unit: 'MB', median: fig(besideNoViews), note: 'no views: each reader keeps a storage of its own' },
  { id: 'app-provider-300-snapshots-views', name: 'the same with the contract views on the app\'s provider (for comparison)', unit: 'MB', median: fig(besideViews), note: 'one shared storage stashes every collection for the readers that did not collect' },
  { id: 'per-series-peak', name: `bytes retained per series, peak over ${PEAK_SAMPLES} samples, all series active, full configuration without the history`, unit: 'B', median: fig(withoutHistory.peak), note: 'includes the co-readers\' stash between drains' },
  { id: 'per-series-history', name: 'the same with the metrics history on (option history, the default): bytes per series (steady; peak)', unit: 'B', median: fig(withHistory.steady), p99: fig(withHistory.peak), note: 'p99 column: the peak; docs/history.md' },
  { id: 'layer-cells', name: 'per series, layer 1: the recorder cell (EnvelopeCounters on a provider without readers)', unit: 'B', median: fig(layers.cells) },
  { id: 'layer-reader', name: 'per series, layer 2: + the WindowedReader\'s series and windows (createTelemetry without co-readers, no history)', unit: 'B', median: fig(layers.reader - layers.cells), note: `${fig(layers.reader)} B in all` },
  { id: 'layer-coreaders', name: 'per series, layer 3: + the Prometheus and OTLP co-readers (the full configuration, drained; the cells reach them through their cell producers)', unit: 'B', median: fig(layers.full - layers.reader), note: `${fig(layers.full)} B in all` },
  { id: 'layer-history', name: 'per series, layer 4: + the metrics history (option history, the default)', unit: 'B', median: fig(layers.history - layers.full), note: `${fig(layers.history)} B in all` },
];

report({
  case: 'memory',
  title: '3. Memory (full configuration, heap after GC)',
  rows,
  ratios: [],
  targets: [
    target('observe: heap(10 M) − heap(10 k) ≤ 1 MB', fig((observe.after10M - observe.after10k) / MB), '<=', 1, 'MB, 100 aspects, 1 sample per 100 000 events'),
    target('in an app\'s provider beside co-readers that never collect: heap growth over 300 snapshots of 1 000 series ≤ 16 MB', fig(besideNoViews), '<=', 16, 'MB'),
    target('OTel add: heap(10 M) − heap(10 k) ≤ 1 MB', fig((otel.after10M - otel.after10k) / MB), '<=', 1, 'MB, 100 aspects, 1 sample per 100 000 events'),
    target('bytes per series, all layers, 10 000 series, full configuration ≤ 1 024 (steady)', fig(withoutHistory.steady), '<=', 1024, 'B, heap + ArrayBuffers, after one sample; the history apart (its own row)'),
    target('bytes per series, all layers, 10 000 series, full configuration ≤ 1 024 (peak)', fig(withoutHistory.peak), '<=', 1024, `B, heap + ArrayBuffers, peak over ${PEAK_SAMPLES} samples; the history apart`),
  ],
  params: { aspects: 100, eventsPerSample: EVENTS_PER_SAMPLE, series: SERIES, peakSamples: PEAK_SAMPLES },
  details: {
    observe,
    otel,
    bytesPerSeries: { namesHeap, withoutHistory, withHistory },
    appProvider: { growthMbNoViews: besideNoViews, growthMbWithViews: besideViews },
    layers,
  },
});
