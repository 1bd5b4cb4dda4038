// Case 6: event-loop impact. A demo node publishes 50 000 envelopes/s
// through the recorders (`new DemoNode(meter, { ratePerSecond: 50_000 })`,
// started: a tick every 100 ms) beside 10 000 further active series (10 000
// aspects of EnvelopeCounters, a tenth of them touched every 100 ms, so
// each gets an event per second and every sample folds 10 000 increases),
// with
//   on   the full configuration (WindowedReader sampling every 1 s,
//        Prometheus exporter, OTLP reader), and
//   off  a no-op meter: `metrics.getMeter()` from @opentelemetry/api with no
//        global provider registered (the API's NoopMeter).
// Each configuration runs in a process of its own, and the two run at the
// same time, ROUNDS times: each uses ~3 % of a core, so on 2 cores they do
// not compete, and whatever else loads the (shared, noisy) machine hits
// both in the same window. In each, after WARMUP_MS,
// `perf_hooks.monitorEventLoopDelay` (resolution 10 ms, so the figures
// include the 10 ms timer period itself) records for MEASURE_MS. The figure
// per configuration is the median over rounds of the per-round p99; the
// target figure is the median over rounds of p99(on) ÷ p99(off) of the same
// round (paired: both saw the same load), ≤ 1.2.

import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { metrics } from '@opentelemetry/api';
import type { Meter } from '@opentelemetry/api';
import { DemoNode } from '../../src/demo/demo-node.ts';
import { EnvelopeCounters, type AspectCounter } from '../../src/index.ts';
import { fig, fullTelemetry, log, median, report, sleep, target, type Row } from '../harness.ts';

const RATE = 50_000;
const ROUNDS = 5;
const WARMUP_MS = 2_000;
const MEASURE_MS = 8_000;
const RESOLUTION_MS = 10;
/** Active series beside the demo's own. */
const SERIES = 10_000;

type Mode = 'on' | 'off';

interface RoundResult {
  mode: Mode;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  cpuShare: number;
  /** Envelope rate the snapshot reports (on only), to show the load is real. */
  snapshotRate: number | undefined;
  published: number;
}

if (process.argv[2] === 'run') {
  const mode = process.argv[3] as Mode;
  let meter: Meter;
  let snapshotRate: () => Promise<number | undefined> = async () => undefined;
  if (mode === 'on') {
    const telemetry = await fullTelemetry({ maxSeriesPerInstrument: SERIES + 100 });
    meter = telemetry.meter;
    snapshotRate = async () => (await telemetry.snapshot()).envelopes.rate_per_second;
  } else {
    meter = metrics.getMeter('parsec-bench');
  }
  // Created first: the first EnvelopeCounters on a meter sets its cap (the demo's aspects fit beside).
  const envelopes = new EnvelopeCounters(meter, { maxAspects: SERIES + 100 });
  const handles = Array.from({ length: SERIES }, (_, i) => envelopes.bind(`series-${i}`));
  let next = 0;
  const toucher = setInterval(() => {
    for (let k = 0; k < SERIES / 10; k++) (handles[next++ % SERIES] as AspectCounter).add();
  }, 100);
  const demo = new DemoNode(meter, { ratePerSecond: RATE }).start();
  await sleep(WARMUP_MS);
  const simulated0 = demo.simulatedMs;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  histogram.enable();
  await sleep(MEASURE_MS);
  histogram.disable();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const published = Math.round(((demo.simulatedMs - simulated0) / 1000) * RATE);
  const ms = (ns: number): number => ns / 1e6;
  const result: RoundResult = {
    mode,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    mean: ms(histogram.mean),
    cpuShare: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    snapshotRate: await snapshotRate(),
    published,
  };
  demo.close();
  clearInterval(toucher);
  process.send?.(result, () => process.exit(0));
} else {
  const self = fileURLToPath(import.meta.url);
  const runOne = (mode: Mode): Promise<RoundResult> =>
    new Promise<RoundResult>((resolve, reject) => {
      const child = fork(self, ['run', mode], { execArgv: process.execArgv });
      child.once('message', (m) => resolve(m as RoundResult));
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`${mode} exited with ${code}`))));
    });
  const rounds: RoundResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    log(`round ${r + 1}/${ROUNDS}: telemetry on and off side by side…`);
    rounds.push(...(await Promise.all([runOne('on'), runOne('off')])));
  }
  const of = (mode: Mode, k: keyof RoundResult): number[] => rounds.filter((x) => x.mode === mode).map((x) => x[k] as number);
  const rows: Row[] = [];
  for (const mode of ['on', 'off'] as Mode[]) {
    const label = mode === 'on' ? 'telemetry on (full configuration)' : 'telemetry off (API NoopMeter)';
    rows.push({
      id: `p99-${mode}`,
      name: `event-loop delay p99, ${label}`,
      unit: 'ms',
      median: fig(median(of(mode, 'p99'))),
      n: ROUNDS,
      note: `per round ${of(mode, 'p99').map(fig).join(', ')}; p50 ${fig(median(of(mode, 'p50')))}, max ${fig(Math.max(...of(mode, 'max')))}`,
    });
    rows.push({
      id: `cpu-${mode}`,
      name: `CPU share of the process, ${label}`,
      unit: '% of a core',
      median: fig(median(of(mode, 'cpuShare'))),
      n: ROUNDS,
    });
  }
  // Rounds are pairs measured in the same window: the target is the median of the per-round ratios.
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const on = rounds.find((x, i) => x.mode === 'on' && Math.floor(i / 2) === r) as RoundResult;
    const off = rounds.find((x, i) => x.mode === 'off' && Math.floor(i / 2) === r) as RoundResult;
    perRound.push(on.p99 / off.p99);
  }
  const ratio = median(perRound);
  const rates = of('on', 'snapshotRate');
  report({
    case: 'event-loop',
    title: '6. Event-loop impact (demo node at 50 000 envelopes/s, 10 000 active series)',
    rows,
    ratios: [
      { name: 'p99 on ÷ off, median of the per-round ratios', value: fig(ratio) },
      { name: 'p99 on ÷ off, worst round', value: fig(Math.max(...perRound)) },
      { name: 'p99 on ÷ off, ratio of the medians', value: fig(median(of('on', 'p99')) / median(of('off', 'p99'))) },
      { name: `p99 excess over the ${RESOLUTION_MS} ms timer period, on ÷ off`, value: fig((median(of('on', 'p99')) - RESOLUTION_MS) / (median(of('off', 'p99')) - RESOLUTION_MS)) },
      { name: 'CPU on ÷ off', value: fig(median(of('on', 'cpuShare')) / median(of('off', 'cpuShare'))) },
    ],
    targets: [target('event-loop delay p99: on ÷ off ≤ 1.2', fig(ratio), '<=', 1.2, `median over ${ROUNDS} rounds of p99(on) ÷ p99(off), both measured in the same window; monitorEventLoopDelay resolution ${RESOLUTION_MS} ms`)],
    params: { ratePerSecond: RATE, activeSeries: SERIES, rounds: ROUNDS, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, resolutionMs: RESOLUTION_MS },
    details: { rounds, p99RatioPerRound: perRound.map(fig), snapshotRatePerSecond: rates },
  });
}
