// Case 4: CPU share of the reader's 1 s sampling with 10 000 series, full
// configuration.
//
// 10 000 aspects through EnvelopeCounters (maxAspects and
// maxSeriesPerInstrument 10 000): the observable callback reports all of
// them at every collection. Every series gets one event per second, so every
// sample writes every ring (the worst case).
//
// a) Real time: the reader's own 1 s timer runs for REAL_SECONDS seconds while
//    a 1 s timer records one event on every series; the process's CPU time
//    (process.cpuUsage: user + system, all threads, so GC helpers count)
//    over that span, minus the measured cost of the recording itself, ÷
//    wall time = the share of one core. This is the target.
// b) Per sample: CPU time of PER_SAMPLE explicit reader.sample() calls, each
//    after one event on every series (untimed): mean CPU ms per sample, and
//    the share it implies at 1 sample/s.

import { EnvelopeCounters } from '../../src/index.ts';
import type { AspectCounter } from '../../src/index.ts';
import { fig, fullTelemetry, log, mean, median, nowNs, percentile, report, sleep, target, type Row } from '../harness.ts';

const SERIES = 10_000;
const REAL_SECONDS = 12;
const PER_SAMPLE = 40;

const telemetry = await fullTelemetry({ maxSeriesPerInstrument: SERIES });
const envelopes = new EnvelopeCounters(telemetry.meter, { maxAspects: SERIES });
const handles: AspectCounter[] = [];
for (let i = 0; i < SERIES; i++) handles.push(envelopes.bind(`aspect-${String(i).padStart(5, '0')}`));
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let touchCpuMs = 0;
const touchAll = (): void => {
  const c0 = cpuMs();
  for (const h of handles) h.add();
  touchCpuMs += cpuMs() - c0;
};

// Warm up: a few samples through the timer path and explicitly.
touchAll();
for (let i = 0; i < 5; i++) {
  touchAll();
  await telemetry.reader.sample();
}

// a) real time
log(`real time, ${REAL_SECONDS} s with the reader's 1 s timer…`);
let samples = 0;
const realSample = telemetry.reader.sample.bind(telemetry.reader);
telemetry.reader.sample = () => {
  samples++;
  return realSample();
};
touchCpuMs = 0;
const toucher = setInterval(touchAll, 1000);
const c0 = cpuMs();
const t0 = nowNs();
await sleep(REAL_SECONDS * 1000);
const wallMs = (nowNs() - t0) / 1e6;
const realCpuMs = cpuMs() - c0 - touchCpuMs;
clearInterval(toucher);
telemetry.reader.sample = realSample;
const realShare = (realCpuMs / wallMs) * 100;

// b) per sample
log(`${PER_SAMPLE} explicit samples…`);
const perCpu: number[] = [];
const perWall: number[] = [];
for (let i = 0; i < PER_SAMPLE; i++) {
  touchAll();
  const c = cpuMs();
  const t = nowNs();
  await telemetry.reader.sample();
  perWall.push((nowNs() - t) / 1e6);
  perCpu.push(cpuMs() - c);
}
const perShare = mean(perCpu) / 1000 * 100;
const seriesKept = telemetry.reader.series('parsec.envelopes.published').length;
if (seriesKept !== SERIES) throw new Error(`reader keeps ${seriesKept} series, expected ${SERIES}`);

const rows: Row[] = [
  { id: 'real', name: `real time: CPU share over ${REAL_SECONDS} s, 1 s sampling, 10 000 active series`, unit: '% of a core', median: fig(realShare), n: samples, note: `${fig(realCpuMs)} ms CPU in ${fig(wallMs)} ms; ${samples} samples` },
  { id: 'sample-cpu', name: 'one reader.sample(), 10 000 active series: CPU time (mean; median)', unit: 'ms', median: fig(mean(perCpu)), p99: fig(percentile(perCpu, 99)), n: PER_SAMPLE, note: `median ${fig(median(perCpu))} ms` },
  { id: 'sample-wall', name: 'one reader.sample(), 10 000 active series: wall time', unit: 'ms', median: fig(median(perWall)), p99: fig(percentile(perWall, 99)), n: PER_SAMPLE },
  { id: 'per-share', name: 'share implied by the mean CPU per sample at 1 sample/s', unit: '% of a core', median: fig(perShare) },
];

report({
  case: 'sampling',
  title: '4. Sampling cost (full configuration, 10 000 series)',
  rows,
  ratios: [{ name: 'real-time share ÷ per-sample share', value: fig(realShare / perShare) }],
  targets: [
    target('1 s sampling of 10 000 series ≤ 2 % of one core', fig(realShare), '<=', 2, `process CPU over ${REAL_SECONDS} s of real time ÷ wall time, recording excluded`),
  ],
  params: { series: SERIES, realSeconds: REAL_SECONDS, perSample: PER_SAMPLE },
  details: { realCpuMs, wallMs, touchCpuMs, samplesInRealTime: samples, perSampleCpuMs: perCpu, perSampleWallMs: perWall },
});
