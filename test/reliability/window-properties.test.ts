import t from 'tap';
import fc from 'fast-check';
import { createTelemetry } from '../../src/index.ts';

// One step of a run: a component's cumulative counter moves (or restarts from
// a small value), then the clock advances and the reader samples.
const step = fc.record({
  add: fc.nat(50),
  reset: fc.nat(9).map((n) => n === 0),
  restartAt: fc.nat(5),
  stepMs: fc.integer({ min: 1, max: 180_000 }),
});

t.test('property: a window increase is the exact count inside the window to within one coarse slot, never negative', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 120 }), async (steps) => {
      let now = 0;
      const telemetry = createTelemetry({ clock: () => now, sampleIntervalMs: 0, env: {}, prometheus: false });
      let cumulative = 0;
      telemetry.meter.createObservableCounter('parsec.tokens.issued').addCallback((r) => r.observe(cumulative));
      // `from`: the previous sample. What a sample sees after a gap longer than a slot is
      // spread over the gap (docs/reader.md): its time is known only that far.
      const events: { at: number; n: number; from: number }[] = [];
      for (const s of steps) {
        // A restart shows only as a value that went down (as in Prometheus): to one below the last.
        if (s.reset && s.restartAt < cumulative) {
          cumulative = s.restartAt; // the component restarted: a new run counted from 0
          events.push({ at: now + s.stepMs, n: s.restartAt, from: now });
        } else {
          cumulative += s.add;
          events.push({ at: now + s.stepMs, n: s.add, from: now });
        }
        now += s.stepMs;
        await telemetry.reader.sample();
      }
      for (const [window, lengthMs, slotMs] of [['count', 3_600_000, 60_000], ['rate', 60_000, 5_000]] as const) {
        const inc = telemetry.reader.increase('parsec.tokens.issued', window);
        const inside = (from: number, to: number) => events.filter((e) => e.at > from && e.at <= to).reduce((a, e) => a + e.n, 0);
        const exact = inside(now - lengthMs, now);
        const start = now - lengthMs;
        // Events near the window's start, or seen after a gap that spans it, may fall either side.
        const seenFrom = (e: { at: number; from: number }) => (e.at - e.from > slotMs ? e.from : e.at);
        const edge = events.filter((e) => e.at > start - slotMs && seenFrom(e) <= start + slotMs).reduce((a, e) => a + e.n, 0);
        if (inc < 0 || Math.abs(inc - exact) > edge + 1e-6) {
          throw new Error(`${window}: increase ${inc}, exact ${exact}, edge allowance ${edge}`);
        }
      }
      await telemetry.shutdown();
    }),
    { numRuns: 150 },
  );
  t.pass('held for 150 random runs');
});
