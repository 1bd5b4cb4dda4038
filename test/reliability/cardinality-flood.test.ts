import t from 'tap';
import { EnvelopeCounters, createTelemetry } from '../../src/index.ts';
import { ATTR_ASPECT, ENVELOPES_PUBLISHED } from '../../src/instruments.ts';
import { settledHeap } from '../helpers/gc.ts';
import { fetchText } from '../helpers/http.ts';
import { contractSeriesCount } from '../helpers/self-series.ts';

const EVENTS = 1_000_000;
const CAP = 1000;
/** The bound this test holds the heap growth of a 1 000 000-value flood to. */
const HEAP_BOUND_BYTES = 4 * 1024 * 1024;

for (const via of ['recorders', 'plain OTel API'] as const) {
  t.test(`a flood of ${EVENTS} distinct aspects through the ${via} stays bounded everywhere`, async (t) => {
    let now = 0;
    const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, env: {}, maxSeriesPerInstrument: CAP });
    t.teardown(() => telemetry.shutdown());
    const server = await telemetry.listen({ port: 0 });
    const envelopes = new EnvelopeCounters(telemetry.meter);
    const counter = telemetry.meter.createCounter(ENVELOPES_PUBLISHED.name);
    const record = via === 'recorders'
      ? (i: number) => envelopes.observe(`aspect-${i}`)
      : (i: number) => counter.add(1, { [ATTR_ASPECT]: `aspect-${i}` });
    // Warm up: the first thousands of values are legitimately kept.
    for (let i = 0; i < 10 * CAP; i++) record(i);
    now += 1000;
    await telemetry.reader.sample();
    await fetchText(`${server.url}/metrics`);
    const before = settledHeap();
    for (let i = 10 * CAP; i < EVENTS; i++) {
      record(i);
      if (i % 100_000 === 0) {
        now += 1000;
        await telemetry.reader.sample();
      }
    }
    now += 1000;
    const snap = await telemetry.snapshot();
    const prom = (await fetchText(`${server.url}/metrics`)).body;
    const growth = settledHeap() - before;

    t.ok(contractSeriesCount(telemetry.reader) <= CAP + 1, `reader keeps ${contractSeriesCount(telemetry.reader)} series (cap ${CAP} + 1 overflow)`);
    const byAspect = snap.envelopes.by_aspect ?? {};
    t.ok(Object.keys(byAspect).length <= CAP + 1, `by_aspect has ${Object.keys(byAspect).length} keys`);
    t.ok((byAspect._other ?? 0) > 0, 'the overflow shows as by_aspect["_other"]');
    const series = prom.split('\n').filter((l) => l.startsWith('parsec_envelopes_published_total{'));
    t.ok(series.length <= CAP + 1, `/metrics has ${series.length} envelope series`);
    t.match(prom, /parsec_aspect="_other"/, '/metrics shows the overflow as _other');
    const exported = series.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    t.equal(exported, EVENTS, 'no envelope is lost: /metrics still sums to every event');
    t.ok(growth < HEAP_BOUND_BYTES, `heap grew ${(growth / 1024 / 1024).toFixed(1)} MB (bound ${HEAP_BOUND_BYTES / 1024 / 1024} MB)`);
  });
}
