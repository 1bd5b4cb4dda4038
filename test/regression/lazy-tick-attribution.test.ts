// Bug: the first version of lazy sampling collected at the first tick of a
// new slot, so everything recorded in a slot landed in the next one: the
// rate window covered up to 65 s instead of 60, and events left it 5 s late.
// Ticks now collect at the last tick of a slot.
import t from 'tap';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { WindowedReader } from '../../src/index.ts';
import { tickClock } from '../helpers/tick-clock.ts';

t.test('what timer ticks collect during a slot lands in that slot', async (t) => {
  const time = tickClock();
  const reader = new WindowedReader({ clock: time.clock, sampleIntervalMs: 1 });
  const provider = new MeterProvider({ readers: [reader] });
  t.teardown(() => provider.shutdown());
  const counter = provider.getMeter('x').createCounter('c');
  await time.ticks(5);
  time.now = 2_000;
  counter.add(100); // recorded in slot 0 (0–5 s)
  time.now = 4_999; // the last tick of slot 0
  await time.ticks(5);
  time.now = 60_000; // the rate window is now slots 1–12: slot 0 has left it
  await time.ticks(5);
  t.equal(reader.increase('c', 'count'), 100, 'collected');
  t.equal(reader.increase('c', 'rate'), 0, 'and gone from the rate window on time');
  t.ok(reader.coverage('rate').coveredSeconds <= 61, `covers ${reader.coverage('rate').coveredSeconds} s`);
});
