// Bug: the first version of lazy sampling collected at the first tick of a
// new slot, so everything recorded in a slot landed in the next one: the
// rate window covered up to 65 s instead of 60, and events left it 5 s late.
// Ticks now collect at the last tick of a slot.
import t from 'tap';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { WindowedReader } from '../../src/index.ts';

t.test('what timer ticks collect during a slot lands in that slot', async (t) => {
  let now = 0;
  let clockReads = 0; // each tick reads the clock: a way to wait for ticks without timing them
  const reader = new WindowedReader({ clock: () => (clockReads++, now), sampleIntervalMs: 1 });
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('x').createCounter('c');
  const ticks = async (n: number) => {
    const until = clockReads + n;
    for (let i = 0; i < 10_000 && clockReads < until; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  await ticks(5);
  now = 2_000;
  counter.add(100); // recorded in slot 0 (0–5 s)
  now = 4_999; // the last tick of slot 0
  await ticks(5);
  now = 60_000; // the rate window is now slots 1–12: slot 0 has left it
  await ticks(5);
  t.equal(reader.increase('c', 'count'), 100, 'collected');
  t.equal(reader.increase('c', 'rate'), 0, 'and gone from the rate window on time');
  t.ok(reader.coverage('rate').coveredSeconds <= 61, `covers ${reader.coverage('rate').coveredSeconds} s`);
});
