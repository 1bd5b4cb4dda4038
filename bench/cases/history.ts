// Case 8: the metrics history (GET /parsec/metrics/history), 10 000 series.
//
// One process, an injected clock, sampling driven explicitly: 10 000 aspects
// (maxAspects and maxSeriesPerInstrument 10 000), each active at every
// sample, one sample per 60 s step for 70 steps, so the reader's rings and
// both history rings (60 steps of 5 s, 60 steps of 60 s) are full and the
// built-in history holds a path per aspect (`envelopes.by_aspect.<aspect>`).
//
// Bytes per history series: the rings of a history (src/history/history-rings.ts)
// alone, fed 70 steps of the same paths (10 000 `envelopes.by_aspect.*` and
// the 30 fixed fields, path strings made afresh as the history makes them):
// heap after full GCs minus heap before, ÷ the paths kept.
// Bytes per series with history on: heap after the 70 steps minus heap
// before the telemetry was built (aspect names excluded) ÷ 10 000.
// History step time: ReaderHistory.record() (the figures of every section
// and one write per path in both rings), beside reader.sample() at the same
// 10 000 series, both timed per step.

import { createTelemetry, EnvelopeCounters } from '../../src/index.ts';
import { HISTORY_RANGES } from '../../src/history/ranges.ts';
import { ReaderHistory } from '../../src/history/reader-history.ts';
import type { Field } from '../../src/history/flatten.ts';
import { HistoryRings } from '../../src/history/history-rings.ts';
import { fig, log, median, nowNs, percentile, report, settledHeap, target, turn, type Row } from '../harness.ts';

const SERIES = 10_000;
const STEPS = 70;
const STEP_MS = 60_000;

/** The Snapshot's 30 numeric fields outside maps, as paths (the history keeps one series each). */
const FIXED = Array.from({ length: 30 }, (_, i) => `section.field_${i}`);

/** Heap and array-buffer backing stores after full GCs (the harness counts both: the rings' pages of values live outside the JS heap). */
const settledMemory = settledHeap;

const names = Array.from({ length: SERIES }, (_, i) => `aspect-${String(i).padStart(5, '0')}`);
log('the rings alone…');
const ringsBefore = await settledMemory();
const rings = new HistoryRings([HISTORY_RANGES['5m'], HISTORY_RANGES['1h']], SERIES + 1);
for (let i = 0; i < STEPS; i++) {
  const fields: Field[] = [
    ...FIXED.map((p, k) => ({ path: `${p.slice(0, 1)}${p.slice(1)}`, value: k + i, map: undefined, key: undefined })),
    ...names.map((n, k) => ({ path: `envelopes.by_aspect.${n}`, value: k + i, map: 'envelopes.by_aspect', key: n })),
  ];
  rings.record(i * STEP_MS, i * STEP_MS, fields);
}
const ringsAfter = await settledMemory();
const paths = rings.size;
const perPath = (ringsAfter - ringsBefore) / paths;

const before = await settledMemory();
const clock = { now: 0 };
const telemetry = createTelemetry({ clock: () => clock.now, sampleIntervalMs: 0, maxSeriesPerInstrument: SERIES, env: {}, otlp: false, global: false });
const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: SERIES });

const sampleMs: number[] = [];
const recordMs: number[] = [];
async function step(extra?: ReaderHistory): Promise<void> {
  for (const n of names) envelopes.observe(n);
  clock.now += STEP_MS;
  const t0 = nowNs();
  await telemetry.reader.sample();
  sampleMs.push((nowNs() - t0) / 1e6);
  await turn(); // the built-in history's step
  if (extra !== undefined) {
    const t1 = nowNs();
    extra.record();
    recordMs.push((nowNs() - t1) / 1e6);
  }
}

log(`${STEPS} steps of ${SERIES} series…`);
for (let i = 0; i < STEPS; i++) await step();
const warm = await settledMemory();
const builtIn = Object.keys((await telemetry.history('1h')).series).length;
const perSeriesWithHistory = (warm - before) / SERIES;

log('a second history over the same reader, timed…');
const extra = new ReaderHistory(telemetry.reader);
sampleMs.length = 0;
for (let i = 0; i < STEPS; i++) await step(extra);
const history5m = JSON.stringify(await telemetry.history('5m')).length;
await telemetry.shutdown();


const rows: Row[] = [
  { id: 'history-bytes-per-series', name: 'history bytes per series (both ranges, 120 points)', unit: 'B', median: fig(perPath), n: paths, note: `${paths} paths, a row of 120 values in shared pages each, its map entries included` },
  { id: 'bytes-per-series-with-history', name: `heap per reader series with history on (${SERIES} series, ${STEPS} steps)`, unit: 'B', median: fig(perSeriesWithHistory), note: `the built-in history holds ${builtIn} paths` },
  { id: 'history-step', name: `history step (ReaderHistory.record) at ${SERIES} series`, unit: 'ms', median: fig(median(recordMs)), p99: fig(percentile(recordMs, 99)), n: recordMs.length },
  { id: 'sample', name: `reader.sample() at ${SERIES} series (for comparison)`, unit: 'ms', median: fig(median(sampleMs)), p99: fig(percentile(sampleMs, 99)), n: sampleMs.length },
  { id: 'history-5m-json', name: 'GET /parsec/metrics/history?range=5m body', unit: 'B', median: history5m, note: 'uncompressed' },
];

report({
  case: 'history',
  title: '8. Metrics history (10 000 series)',
  rows,
  ratios: [{ name: 'history step / sample', value: fig(median(recordMs) / median(sampleMs)) }],
  targets: [
    target('history bytes per series ≤ 1.5 × its 120 values of 8 B', fig(perPath), '<=', 1_440, 'B: the values are 960 B; the rest is the map entries and the row bookkeeping'),
    target('history step ≤ reader.sample() at the same series (one step per sample, on the next turn)', fig(median(recordMs) / median(sampleMs)), '<=', 1, 'ratio of medians, same run'),
  ],
  params: { series: SERIES, steps: STEPS, stepMs: STEP_MS },
  details: { before, warm, ringsBefore, ringsAfter, paths, ringSize: rings.size, builtIn, recordMs, sampleMs },
});
