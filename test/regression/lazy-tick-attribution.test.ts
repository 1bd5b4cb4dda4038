// Bug: the first version of lazy sampling collected at the first tick of a
// new slot, so everything recorded in a slot landed in the next one: the
// rate window covered up to 65 s instead of 60, and events left it 5 s late.
// Ticks now collect at the last tick of a slot. (The window's oldest slot
// counts with the part of its time inside the window, src/reader/timeline.ts:
// slot 0, which covers 0–5 s, has wholly left the window after 65 s.)
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
  time.now = 60_000; // the rate window is 0–60 s: it still holds the event of 2 s
  await time.ticks(5);
  t.equal(reader.increase('c', 'rate'), 100, 'in the window while it was recorded less than 60 s ago');
  time.now = 69_999; // the last tick of slot 13: the window is 10–70 s, slot 0 has left it
  await time.ticks(5);
  t.equal(reader.increase('c', 'count'), 100, 'collected');
  t.equal(reader.increase('c', 'rate'), 0, 'and gone from the rate window on time');
  t.ok(reader.coverage('rate').coveredSeconds <= 61, `covers ${reader.coverage('rate').coveredSeconds} s`);
});
