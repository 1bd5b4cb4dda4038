// After the event loop was blocked for 65 s, the rate window covered up to
// 115 s for a minute and the rate read about half of what was recorded: the
// sample after the stall put the whole gap's increase in one slot that then
// "covered" the whole gap.
import t, { type Test } from 'tap';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { WindowedReader } from '../../src/index.ts';

const RATE = 100; // events per second outside the stall
const STALL_MS = 65_000;

async function run(t: Test, stallRate: number) {
  let now = 0;
  const reader = new WindowedReader({ clock: () => now, sampleIntervalMs: 0 });
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('x').createCounter('c');
  const second = async () => {
    now += 1_000;
    counter.add(RATE);
    await reader.sample();
  };
  for (let i = 0; i < 120; i++) await second();
  const stallStart = now;
  now += STALL_MS;
  counter.add((stallRate * STALL_MS) / 1_000); // recorded during the stall, seen by the first sample after it
  await reader.sample();
  const stallEnd = now;
  const truth = (from: number, to: number): number => {
    const overlap = (a: number, b: number) => Math.max(0, Math.min(to, b) - Math.max(from, a)) / 1_000;
    return RATE * (overlap(0, stallStart) + overlap(stallEnd, Number.POSITIVE_INFINITY)) + stallRate * overlap(stallStart, stallEnd);
  };
  let worstCovered = 0;
  const misread: string[] = [];
  for (let i = 0; i < 120; i++) {
    await second();
    const covered = reader.coverage('rate').coveredSeconds;
    worstCovered = Math.max(worstCovered, covered);
    if (now - stallEnd < 5_000) continue; // within one slot of the stall's end
    const rate = reader.increase('c', 'rate') / covered;
    const expected = truth(now - covered * 1_000, now) / covered;
    // One slot's events may sit on either side of the window's edge.
    if (Math.abs(rate - expected) > (5 * RATE) / covered) misread.push(`${(now - stallEnd) / 1000} s after: ${rate.toFixed(1)}/s, true ${expected.toFixed(1)}/s`);
  }
  return { worstCovered, misread, reader };
}

t.test('a 65 s stall with nothing recorded during it (a paused VM)', async (t) => {
  const { worstCovered, misread } = await run(t, 0);
  t.ok(worstCovered <= 65, `the rate window covers at most its length plus one slot (covered ${worstCovered} s)`);
  t.same(misread, [], 'from one slot after the stall, the rate is right');
});

t.test('a 65 s stall with events recorded at a quarter of the rate (a blocked event loop)', async (t) => {
  const { worstCovered, misread, reader } = await run(t, RATE / 4);
  t.ok(worstCovered <= 65, `covered at most 65 s (${worstCovered} s)`);
  t.same(misread, []);
  t.equal(reader.total('c'), 240 * RATE + (RATE / 4) * 65, 'the totals hold every event');
});
